"""Workshop: create one for an assessment, share the code, watch the live board, agree the group's
answers and apply them. URL: /workshop?w=<workshop id>&k=<facilitator secret>."""

from ui.boot import require_app

require_app()

import streamlit as st  # noqa: E402

from mixdecide.text import md_escape  # noqa: E402
from mixdecide.workshop import Board  # noqa: E402
from ui import (  # noqa: E402
    exports,
    keys,
    messages,  # noqa: E402
    nav,
    theme,
)
from ui import workshop_data as data  # noqa: E402
from ui import workshop_keys as K  # noqa: E402
from ui.state import get_pack, lang, tr  # noqa: E402
from ui.workshop_board import board_view, group_result, result_view, status_text  # noqa: E402
from ui.workshop_widgets import consensus_question, consensus_value, forget_if_language_changed  # noqa: E402

REFRESH_S = 3  # the live board redraws itself this often

pack = get_pack()
lg = lang()
ss = st.session_state
qp = st.query_params

if ss.get(keys.PARTICIPANT):
    # Navigation already hides this page from participants; this guards a hand-typed URL.
    st.title(tr("workshop.title"))
    st.error(tr("workshop.participant_blocked"), icon=":material/block:")
    st.stop()


def _create_form() -> None:
    st.title(tr("workshop.title"))
    st.write(tr("workshop.intro"))
    messages.show()
    choices = data.assessment_choices(ss.get(keys.ASSESSMENT_ID))
    if not choices:
        st.info(tr("workshop.create.none"), icon=":material/info:")
        nav.link("assess", tr("workshop.create.go_assess"))
        return
    current = ss.get(keys.ASSESSMENT_ID)
    ids = list(choices)
    with st.form("wk.create"):
        st.selectbox(
            tr("workshop.create.assessment"),
            ids,
            index=ids.index(current) if current in ids else 0,
            format_func=lambda i: " — ".join(x for x in choices[i] if x),
            key=K.CREATE_ASSESSMENT,
        )
        st.text_input(
            tr("workshop.create.title"),
            key=K.CREATE_TITLE,
            max_chars=200,
            placeholder=tr("workshop.create.title_placeholder"),
        )
        st.multiselect(
            tr("workshop.create.sections"),
            [s.id for s in pack.sections],
            default=[s.id for s in pack.sections],
            key=K.CREATE_SECTIONS,
            format_func=lambda sid: next(s.title.get(lg) for s in pack.sections if s.id == sid),
        )
        st.caption(tr("workshop.create.help"))
        submitted = st.form_submit_button(
            tr("workshop.create.button"), type="primary", icon=":material/groups:", key="wk.create.submit"
        )
    if submitted:
        aid = ss[K.CREATE_ASSESSMENT]
        title = (ss.get(K.CREATE_TITLE) or "").strip() or tr(
            "workshop.create.default_title", title=choices[aid][0]
        )[:200]
        created = data.create(aid, title, list(ss.get(K.CREATE_SECTIONS) or []))
        if created is not None:
            ss[K.FAC] = {"w": created.workshop.id, "k": created.secret}
            qp.clear()
            qp.update({"w": created.workshop.id, "k": created.secret})
            messages.flash("success", "workshop.create.done")
        st.rerun()


def _leave() -> None:
    ss.pop(K.FAC, None)
    qp.clear()


# --- which workshop ----------------------------------------------------------------------------
wid: str = qp.get("w") or ""
secret: str = qp.get("k") or ""
if not (wid and secret) and ss.get(K.FAC):
    wid, secret = str(ss[K.FAC]["w"]), str(ss[K.FAC]["k"])
    qp.update({"w": wid, "k": secret})
if not (wid and secret):
    _create_form()
    st.stop()

board = data.board(wid, secret)
if board is None:
    st.title(tr("workshop.title"))
    st.error(tr("workshop.bad_link"), icon=":material/key_off:")
    ss.pop(K.FAC, None)
    st.button(tr("workshop.new"), key="wk.new", on_click=_leave, icon=":material/add:")
    st.stop()
ss[K.FAC] = {"w": wid, "k": secret}
w = board.workshop
forget_if_language_changed()
present = bool(ss.get(keys.PRESENT))
join_url = data.app_url("join", code=w.code) if w.code else None


@st.fragment(run_every=REFRESH_S)
def _live_board(big: bool) -> None:
    fresh = data.board(wid, secret)
    if fresh is None:
        st.error(tr("workshop.bad_link"))
        return
    board_view(pack, fresh, big=big)


def _join_box(big: bool) -> None:
    with st.container(border=True):
        if w.display_code is None:
            st.info(tr("workshop.code_expired"), icon=":material/event_busy:")
            return
        left, right = st.columns([2, 3], vertical_alignment="center")
        left.caption(tr("workshop.join_code"))
        left.title(w.display_code, anchor=False)  # generated from a fixed alphabet: safe as Markdown
        right.caption(tr("workshop.join_link"))
        right.code(join_url, language=None)
        right.caption(tr("workshop.join_hint", code=w.display_code))


# --- presentation: join code, board or result, large type, no facilitator controls or secret ---
if present:
    theme.presentation_css()
    top = st.columns([4, 1], vertical_alignment="center")
    top[0].title(md_escape(w.title, inline=True), anchor=False)
    top[0].caption(f"{md_escape(board.assessment_title, inline=True)} · {status_text(board)}")

    def _exit() -> None:
        ss[keys.PRESENT] = False

    top[1].button(tr("present.exit"), icon=":material/close:", key="wk.present.exit", on_click=_exit)
    ss.setdefault(K.VIEW, "board")
    st.segmented_control(
        tr("workshop.present.view"),
        ["board", "result"],
        key=K.VIEW,
        required=True,
        format_func=lambda v: tr(f"workshop.present.{v}"),
        label_visibility="collapsed",
    )
    if ss[K.VIEW] == "board":
        _join_box(big=True)
        _live_board(True)
    else:
        result_view(pack, board, group_result(pack, board), big=True)
    st.stop()

# --- facilitator view ----------------------------------------------------------------------------
# Every element above the live board exists on every run, message or not: a fragment is known by
# its position, and a board that moved between runs was seen drawn twice in the browser.
st.title(tr("workshop.title"))
st.subheader(md_escape(w.title, inline=True), anchor=False)
st.caption(
    tr("workshop.on_assessment", title=md_escape(board.assessment_title, inline=True))
    + " · "
    + status_text(board)
)
messages.show(st.empty())
_join_box(big=False)
with st.expander(tr("workshop.fac_link"), icon=":material/key:"):
    st.warning(tr("workshop.fac_link_warning"), icon=":material/warning:")
    st.code(data.app_url("workshop", w=w.id, k=secret), language=None)

controls = st.container()
if w.status != "closed":
    c1, c2, c3 = controls.columns([1.3, 1.3, 1], vertical_alignment="center")
    action, icon = ("lock", "lock") if w.status == "open" else ("unlock", "lock_open")
    c1.button(
        tr(f"workshop.{action}"),
        key=f"wk.{action}",
        icon=f":material/{icon}:",
        type="primary" if action == "lock" else "secondary",
        width="stretch",
        on_click=data.facilitate,
        args=(action, wid, secret),
        help=tr(f"workshop.{action}_help"),
    )

    def _names() -> None:
        data.facilitate("names", wid, secret, show=bool(ss[K.NAMES_TOGGLE]))

    ss[K.NAMES_TOGGLE] = w.show_names
    c2.toggle(
        tr("workshop.show_names"), key=K.NAMES_TOGGLE, on_change=_names, help=tr("workshop.show_names_help")
    )
    with c3.popover(tr("workshop.close"), icon=":material/event_busy:", width="stretch"):
        st.write(tr("workshop.close_confirm"))
        st.button(
            tr("workshop.close_button"),
            key="wk.close",
            type="primary",
            on_click=data.facilitate,
            args=("close", wid, secret),
        )

tab_board, tab_consensus, tab_result = st.tabs(
    [tr("workshop.tab.board"), tr("workshop.tab.consensus"), tr("workshop.tab.result")]
)
with tab_board:
    _live_board(False)
    if board.participants:
        with st.expander(tr("workshop.remove.title"), icon=":material/person_remove:"):
            st.caption(tr("workshop.remove.help"))
            people = {p.id: p for p in board.participants}
            # names go in a selectbox (plain text, never Markdown), with the join time to tell twins apart
            who = st.selectbox(
                tr("workshop.remove.who"),
                list(people),
                key="wk.remove.who",
                format_func=lambda i: (
                    f"{people[i].name} · {people[i].joined_at:%H:%M:%S}"
                    + (
                        f" · {tr('workshop.remove.same', n=people[i].same_client)}"
                        if people[i].same_client > 1
                        else ""
                    )
                ),
            )
            st.button(
                tr("workshop.remove.button"),
                key="wk.remove",
                icon=":material/person_remove:",
                disabled=who is None,
                on_click=data.remove,
                args=(wid, secret, who or ""),
            )


def _consensus_forms(board: Board) -> None:
    visible = set(board.group.covered)
    numbers = {q: i + 1 for i, q in enumerate(board.group.covered)}
    st.caption(tr("workshop.consensus.intro"))
    for section in pack.sections:
        if section.id not in w.sections:
            continue
        qs = [q for q in section.questions if q.id in visible]
        if not qs:
            continue
        with st.form(f"wk.cform.{section.id}", border=True):
            st.subheader(section.title.get(lg), anchor=False)
            for q in qs:
                consensus_question(q, numbers[q.id], board.stats.get(q.id), board.consensus.get(q.id))
            if st.form_submit_button(
                tr("workshop.consensus.save"),
                type="primary",
                icon=":material/save:",
                disabled=w.status == "closed",
                key=f"wk.csave.{section.id}",
            ):
                values = {q.id: consensus_value(q) for q in qs}
                data.set_consensus(wid, secret, {k: v for k, v in values.items() if v[0] is not None})
                st.rerun()  # the message, the "set by" lines and the group result follow


with tab_consensus:
    if w.status == "open":
        st.info(tr("workshop.consensus.lock_first"), icon=":material/lock:")
    _consensus_forms(board)

with tab_result:
    result = group_result(pack, board)
    result_view(pack, board, result)
    exports.report_downloads(
        "wk.dl", exports.workshop_input(w.assessment_id, result, board.group.answers, board.report_summary())
    )
    st.divider()
    if w.applied_version:
        st.success(tr("workshop.apply.applied", version=w.applied_version), icon=":material/check_circle:")
    a1, a2 = st.columns(2)
    a1.button(
        tr("workshop.apply.button"),
        key="wk.apply",
        type="primary",
        icon=":material/save:",
        disabled=w.status == "closed",
        on_click=data.apply,
        args=(wid, secret),
        help=tr("workshop.apply.help"),
    )
    if a2.button(
        tr("workshop.open_assessment"), key="wk.open", icon=":material/open_in_new:"
    ) and data.load_assessment(w.assessment_id):
        nav.go("recommendation")
