"""Workshop: create one for an assessment, share the code, watch the live board, agree the group's
answers and apply them. URL: /workshop?w=<workshop id>&k=<facilitator secret>."""

from ui.boot import require_app

require_app()

from urllib.parse import parse_qs, urlsplit  # noqa: E402

import streamlit as st  # noqa: E402
from streamlit.delta_generator import DeltaGenerator  # noqa: E402

from mixdecide.details import TITLE_MAX  # noqa: E402
from mixdecide.text import md_escape  # noqa: E402
from mixdecide.wording import question_numbers  # noqa: E402
from mixdecide.workshop import Board, result_changed_since_publishing  # noqa: E402
from mixdecide.workshop.qr import qr_png  # noqa: E402
from ui import (  # noqa: E402
    exports,
    keys,
    messages,  # noqa: E402
    nav,
    theme,
)
from ui import workshop_data as data  # noqa: E402
from ui import workshop_keys as K  # noqa: E402
from ui.auth import principal  # noqa: E402
from ui.clock import local_time  # noqa: E402
from ui.render import clicker_buttons, why_screen  # noqa: E402
from ui.state import get_pack, lang, tr  # noqa: E402
from ui.workshop_board import (  # noqa: E402
    big_result,
    big_risks,
    board_view,
    group_result,
    result_view,
    status_text,
)
from ui.workshop_widgets import consensus_question, forget_if_language_changed  # noqa: E402

REFRESH_S = 3  # the live board redraws itself this often

pack = get_pack()
lg = lang()
ss = st.session_state
qp = st.query_params

if ss.get(keys.PARTICIPANT):
    # Navigation already hides this page from participants; this guards a hand-typed URL.
    st.title(tr("workshop.title"), anchor=False)
    st.error(tr("workshop.participant_blocked"), icon=":material/block:")
    st.stop()


def _create_form() -> None:
    st.title(tr("workshop.title"), anchor=False)
    st.write(tr("workshop.intro"))
    messages.show()
    if not principal().editor:  # r15attack #2: a viewer is told, not offered a form that is refused
        st.info(tr("workshop.create.viewer"), icon=":material/visibility:")
        return
    choices = data.assessment_choices(ss.get(keys.ASSESSMENT_ID))
    if not choices:
        st.info(tr("workshop.create.none"), icon=":material/info:")
        nav.link("assess", tr("workshop.create.go_assess"))
        return
    current = ss.get(keys.ASSESSMENT_ID)
    ids = list(choices)
    untitled = tr("present.untitled")
    if current not in ids or choices[current][0] == untitled:
        # the open assessment, unless it is an untitled blank: then the latest one with a name
        current = next((i for i in ids if choices[i][0] != untitled), current)
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
            max_chars=TITLE_MAX,
            placeholder=tr("workshop.create.title_placeholder"),
        )
        st.multiselect(
            tr("workshop.create.sections"),
            [s.id for s in pack.sections],
            default=[s.id for s in pack.sections],
            key=K.CREATE_SECTIONS,
            placeholder=tr("common.choose"),
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
            qp["w"] = created.workshop.id
            messages.flash("success", "workshop.create.done")
        st.rerun()


def _leave() -> None:
    ss.pop(K.FAC, None)
    qp.clear()


# --- which workshop ----------------------------------------------------------------------------
# The facilitator key arrives once in the link (?w=&k=), then lives in this browser session only:
# it leaves the address bar at once, so a screen-share never shows it.
wid: str = qp.get("w") or ""
secret: str = qp.get("k") or ""
if wid and secret:
    ss[K.FAC] = {"w": wid, "k": secret}
    del qp["k"]
elif ss.get(K.FAC) and (not wid or wid == ss[K.FAC]["w"]):
    wid, secret = str(ss[K.FAC]["w"]), str(ss[K.FAC]["k"])
    qp["w"] = wid


def _link_parts(pasted: str) -> tuple[str, str]:
    """(workshop id, key) from a pasted private facilitator link; ("", "") when it is not one."""
    text = pasted.strip()
    if not text:
        return "", ""
    found = parse_qs(urlsplit(text).query)
    return (found.get("w") or [""])[0].strip(), (found.get("k") or [""])[0].strip()


def _reopen() -> None:
    """The facilitator pasted their private link after a reload: back to the board when it is
    theirs, a clear refusal (and nothing changed) when it is not."""
    link_w, link_k = _link_parts(str(ss.get(K.REOPEN_LINK) or ""))
    ss[K.REOPEN_LINK] = ""  # the key never stays in a widget on screen
    if not (link_w and link_k) or data.board(link_w, link_k) is None:
        messages.flash("error", "workshop.reopen_bad")
        return
    ss[K.FAC] = {"w": link_w, "k": link_k}
    qp.clear()
    qp["w"] = link_w


if not (wid and secret):
    if wid:  # a reload: the workshop is named in the address, its key is not (it never stays there)
        st.title(tr("workshop.reopen_title"), anchor=False)
        messages.show(st.empty())
        st.info(tr("workshop.reopen"), icon=":material/key:")
        with st.form("wk.reopen.form", border=True):
            st.text_input(
                tr("workshop.reopen_label"),
                key=K.REOPEN_LINK,
                type="password",  # the key is never readable on a shared screen
                placeholder=tr("workshop.reopen_placeholder"),
            )
            st.form_submit_button(
                tr("workshop.reopen_button"), type="primary", icon=":material/key:", on_click=_reopen
            )
        st.divider()
    _create_form()
    st.stop()

board = data.board(wid, secret)
if board is None:
    st.title(tr("workshop.title"), anchor=False)
    st.error(tr("workshop.bad_link"), icon=":material/key_off:")
    ss.pop(K.FAC, None)
    st.button(tr("workshop.new"), key="wk.new", on_click=_leave, icon=":material/add:")
    st.stop()
ss[K.FAC] = {"w": wid, "k": secret}
w = board.workshop
forget_if_language_changed()
present = bool(ss.get(keys.PRESENT))
if present:
    ss[K.FAC_LINK_SHOWN] = False  # back from the room screen, the private link is hidden again
join_url = data.app_url("join", code=w.code) if w.code else None


@st.fragment(run_every=REFRESH_S)
def _live_board(big: bool) -> None:
    fresh = data.board(wid, secret)
    if fresh is None:
        st.error(tr("workshop.bad_link"))
        return
    board_view(pack, fresh, big=big)


def _join_box(left: DeltaGenerator, right: DeltaGenerator) -> None:
    """The join code and the participants' link (the only link ever shown on screen)."""
    if w.display_code is None:
        right.info(tr("workshop.code_expired"), icon=":material/event_busy:")
        return
    left.caption(tr("workshop.join_code"))
    left.title(w.display_code, anchor=False)  # generated from a fixed alphabet: safe as Markdown
    right.caption(tr("workshop.join_hint", code=w.display_code))
    right.code(join_url, language=None, wrap_lines=True)


def _join_screen() -> None:
    """Presentation: the code and a QR code of the participants' link, large enough for a room."""
    if w.display_code is None or join_url is None:
        st.info(tr("workshop.code_expired"), icon=":material/event_busy:")
        return
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.markdown(tr("workshop.present.join_how"))
        with st.container(key="wk.present.code"):
            st.title(w.display_code, anchor=False)
        st.markdown(f"`{join_url}`")
    right.image(
        qr_png(join_url),
        width=440,
        caption=tr("workshop.present.qr_caption"),
        output_format="PNG",
        alt=tr("workshop.present.qr_alt", url=join_url),
    )


# --- presentation: join code, board or result, large type, no facilitator controls or secret ---
VIEWS = ("join", "board", "result", "why", "risks")  # one idea per screen: none of them scrolls
if present:
    theme.presentation_css()
    top = st.columns([6, 1], vertical_alignment="center")
    with (
        top[0],
        st.container(key="present-context"),
    ):  # one line, clipped (theme): the screen's height is counted
        theme.clicker_keys()
        # the default workshop title already names the assessment: say it once
        named = [w.title] + ([board.assessment_title] if board.assessment_title not in w.title else [])
        st.text(" · ".join([*named, status_text(board)]))  # typed: plain text

    def _exit() -> None:
        ss[keys.PRESENT] = False

    top[1].button(tr("present.exit"), icon=":material/close:", key="wk.present.exit", on_click=_exit)
    if ss.get(K.VIEW) not in VIEWS:
        ss[K.VIEW] = "join"
    view = str(ss[K.VIEW])

    def _step(delta: int) -> None:
        ss[K.VIEW] = VIEWS[max(0, min(len(VIEWS) - 1, VIEWS.index(view) + delta))]

    if view == "join":
        _join_screen()
    elif view == "board":
        _live_board(True)
    elif view == "result":
        big_result(pack, board, group_result(pack, board))
    elif view == "why":
        why_screen(pack, group_result(pack, board))
    else:
        big_risks(pack, group_result(pack, board))
    views = clicker_buttons(_step, at_start=view == VIEWS[0], at_end=view == VIEWS[-1], rest=3)
    views.segmented_control(
        tr("workshop.present.view"),
        list(VIEWS),
        key=K.VIEW,
        required=True,
        format_func=lambda v: tr(f"workshop.present.{v}"),
        label_visibility="collapsed",
    )
    st.stop()

# --- facilitator view ----------------------------------------------------------------------------
# Compact so the live board starts above the fold at 1280x720: one line of context, the join
# code and link, the main control, everything else folded into "More". Every element above the
# live board exists on every run, message or not: a fragment is known by its position, and a
# board that moved between runs was seen drawn twice in the browser.
st.title(tr("workshop.title"), anchor=False)
st.caption(
    md_escape(w.title, inline=True)
    + " · "
    + tr("workshop.on_assessment", title=md_escape(board.assessment_title, inline=True))
    + " · "
    + status_text(board)
)
messages.show(st.empty())
with st.container(border=True):
    code_col, join_col, lock_col, more_col = st.columns([2, 3.4, 1.8, 1.2], vertical_alignment="center")
    _join_box(code_col, join_col)
    if w.status != "closed":
        action, icon = ("lock", "lock") if w.status == "open" else ("unlock", "lock_open")
        lock_col.button(
            tr(f"workshop.{action}"),
            key=f"wk.{action}",
            icon=f":material/{icon}:",
            type="primary" if action == "lock" else "secondary",
            width="stretch",
            on_click=data.facilitate,
            args=(action, wid, secret),
            help=tr(f"workshop.{action}_help"),
        )
    with more_col.popover(tr("workshop.more"), icon=":material/more_horiz:", width="stretch"):
        if w.status != "closed":

            def _names() -> None:
                data.facilitate("names", wid, secret, show=bool(ss[K.NAMES_TOGGLE]))

            ss[K.NAMES_TOGGLE] = w.show_names
            st.toggle(
                tr("workshop.show_names"),
                key=K.NAMES_TOGGLE,
                on_change=_names,
                help=tr("workshop.show_names_help"),
            )
            st.write(tr("workshop.close_confirm"))
            st.button(
                tr("workshop.close_button"),
                key="wk.close",
                icon=":material/event_busy:",
                on_click=data.facilitate,
                args=("close", wid, secret),
            )
            st.divider()
        st.markdown(f"**{tr('workshop.fac_link')}**")
        st.warning(tr("workshop.fac_link_warning"), icon=":material/warning:")
        # hidden until asked for: the board is often on a shared screen
        if st.toggle(tr("workshop.fac_link_show"), key=K.FAC_LINK_SHOWN):
            st.code(data.app_url("workshop", w=w.id, k=secret), language=None)

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
                    f"{people[i].name} · {local_time(people[i].joined_at, '%H:%M:%S')}"
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


def _consensus(board: Board) -> None:
    """Every section's group answers on one tab, each saved as it is set."""
    visible = set(board.group.covered)
    numbers = question_numbers(pack)
    st.caption(tr("workshop.consensus.intro") + " " + tr("workshop.consensus.autosave"))
    for section in pack.sections:
        if section.id not in w.sections:
            continue
        qs = [q for q in section.questions if q.id in visible]
        if not qs:
            continue
        with st.container(border=True, key=f"wk.csection.{section.id}"):
            st.subheader(section.title.get(lg), anchor=False)
            for q in qs:
                consensus_question(
                    q,
                    numbers[q.id],
                    board.stats.get(q.id),
                    board.consensus.get(q.id),
                    workshop_id=wid,
                    secret=secret,
                    disabled=w.status == "closed",
                )


@st.fragment(run_every=REFRESH_S)
def _consensus_live() -> None:
    """While answers are open the tallies and pre-fills follow the room (review r14 #4: the tab
    read "No answers yet" beside a live board full of answers, until the page ran again)."""
    st.info(tr("workshop.consensus.lock_first"), icon=":material/lock:")
    fresh = data.board(wid, secret) or board
    if fresh is not None:
        _consensus(fresh)


with tab_consensus:
    if w.status == "open":
        _consensus_live()
    else:  # locked: a group answer set here reruns the page, so the Group result follows it
        _consensus(board)

with tab_result:

    def _publish() -> None:
        data.facilitate("publish", wid, secret, published=bool(ss[K.PUBLISH_TOGGLE]))

    if w.status != "closed":
        ss[K.PUBLISH_TOGGLE] = w.published
        st.toggle(
            tr("workshop.publish"), key=K.PUBLISH_TOGGLE, on_change=_publish, help=tr("workshop.publish_help")
        )
    if w.published and w.published_at is not None:
        at = local_time(w.published_at)
        if result_changed_since_publishing(board):
            # participants keep the published snapshot: the facilitator decides when they see the new one
            st.warning(tr("workshop.result.changed", time=at), icon=":material/sync_problem:")
            st.button(
                tr("workshop.result.republish"),
                key="wk.republish",
                icon=":material/publish:",
                disabled=w.status == "closed",
                on_click=data.facilitate,
                args=("publish", wid, secret),
                kwargs={"published": True},
            )
        else:
            st.caption(tr("workshop.result.published_at", time=at))
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
