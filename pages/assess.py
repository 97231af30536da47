"""Assess: the questionnaire, one section at a time, with progress and what is still unanswered."""

from ui.boot import require_app

require_app()


import streamlit as st

from mixdecide.answers import visible_answers
from mixdecide.details import ASSESSMENT_STATUSES, Details, max_chars
from mixdecide.i18n import tn
from mixdecide.pack import Question
from mixdecide.text import md_escape
from mixdecide.wording import question_numbers
from ui import auth, history, keys, nav, persist, sharing, theme
from ui.state import answers, get_pack, lang, meta, seed_widget, tr
from ui.widgets import question

pack = get_pack()
lg = lang()
ss = st.session_state

st.title(tr("assess.title"), anchor=False)
theme.radio_settle()
st.caption(tr("assess.intro"))


def _on_meta(field: str) -> None:
    persist.set_detail(field, ss.get(keys.META_FIELD + field) or "")


# Open for an untitled assessment, and it stays as the person leaves it: recomputing "expanded"
# from the title closed the box as soon as the title was saved, and Tab found no next field.
details_open = ss.setdefault(keys.DETAILS_OPEN, not meta().get("title"))
with st.expander(tr("assess.project_details"), expanded=details_open):
    # one row of columns per pair, so Tab follows the reading order (title, municipality,
    # department, owner, status), not down one column and then the other
    for pair in (("title", "municipality"), ("department", "owner")):
        for col, field in zip(st.columns(2), pair, strict=True):
            seed_widget(keys.META_FIELD + field, meta().get(field, ""))
            col.text_input(
                tr(f"meta.{field}"),
                key=keys.META_FIELD + field,
                max_chars=max_chars(Details, field),
                on_change=_on_meta,
                args=(field,),
                placeholder=tr(f"meta.{field}_placeholder"),
                disabled=auth.read_only(),
            )
    seed_widget(keys.META_FIELD + "status", meta().get("status", "draft"))
    st.columns(2)[0].selectbox(
        tr("meta.status"),
        ASSESSMENT_STATUSES,
        format_func=lambda s: tr(f"status.{s}"),
        key=keys.META_FIELD + "status",
        on_change=_on_meta,
        args=("status",),
        disabled=auth.read_only(),
    )
    # said before anyone types (a field stops taking characters at its limit); one line, no extra tab stops
    st.caption(tr("assess.limits", title=max_chars(Details, "title"), name=max_chars(Details, "owner")))
sharing.panel()  # team mode: who may see it, read-only links


def _redraw_after(qid: str) -> None:
    """After a question's change is saved: redraw only the "Saved automatically (version n)" line,
    unless the change shows elsewhere (progress, section marks, "Still unanswered", follow-ups shown
    or hidden, an open history, a failed save, a number's formatted value). The browser already
    shows a radio's new choice and a note's text, so redrawing the question itself added nothing;
    and when only the question was redrawn, the save line kept the previous version."""
    if not st.context.headers:
        # No browser on the other end (AppTest): its test runs draw a rerun's elements only, so
        # a partial redraw would hide the rest of the page from the tests; the default rerun runs it all.
        return
    if ss.get(keys.SAVE_ERROR) or ss.get("w.history") or pack.questions[qid].type != "choice":
        st.rerun(QUESTIONNAIRE)
    shown, visible = visible_answers(pack, answers())
    if visible != ss.get(keys.SEEN_VISIBLE) or [q for q in visible if q in shown] != ss.get(
        keys.SEEN_ANSWERED
    ):
        st.rerun(QUESTIONNAIRE)
    st.rerun(SAVE_STATUS)


def _question_box(q: Question, number: str, new: bool) -> None:
    """One question in its box; drawn as its own fragment (keyed "qfrag-<id>") by the questionnaire."""
    with st.container(border=True, key=f"qbox-{q.id}"):  # key: a stable hook for browser tests
        if new:
            st.badge(tr("assess.new_followup"), icon=":material/subdirectory_arrow_right:")
        question(pack, q, number, after=_redraw_after)


SAVE_STATUS = "save-status"
QUESTIONNAIRE = "questionnaire"


def progress_text(shown: dict[str, object], visible: list[str]) -> tuple[float, str]:
    """The progress bar's fraction and its words. Counted against the questions always asked (a
    number that never changes), with the follow-ups on their own: "12 of 20" turning into
    "12 of 24" as follow-ups appeared read as going backwards."""
    core = [q for q in pack.question_order() if q not in pack.visibility]
    done = sum(1 for q in core if q in shown)
    text = tn("assess.progress", done, lg, total=len(core))
    followups = [q for q in visible if q in pack.visibility]
    if followups:
        n = sum(1 for q in followups if q in shown)
        text += " · " + tn("assess.progress_followups", n, lg, total=len(followups))
    return done / max(len(core), 1), text


# An answer redraws only the questionnaire below, not the page around it nor the sidebar: on each
# click that halved what the browser had to take in and draw (see bench/ui.py). A save that failed
# needs the page's message, so it reruns the whole page.
@st.fragment(key=QUESTIONNAIRE)
def questionnaire() -> None:
    if not ss.pop(keys.FULL_RUN, False) and ss.get(keys.SAVE_ERROR):
        st.rerun(scope="app")  # app.py shows why the save failed
    shown, visible = visible_answers(pack, answers())
    visible_set = set(visible)
    sections = [s for s in pack.sections if any(q.id in visible_set for q in s.questions)]
    ss[keys.SECTION] = min(ss[keys.SECTION], len(sections) - 1)
    answered = [q for q in visible if q in shown]
    fraction, text = progress_text(shown, visible)
    st.progress(fraction, text=text)
    st.fragment(key=SAVE_STATUS)(history.save_status)()

    def _section_label(i: int) -> str:
        s = sections[i]
        qs = [q.id for q in s.questions if q.id in visible_set]
        done = sum(1 for q in qs if q in shown)
        mark = " ✓" if done == len(qs) else f" ({done}/{len(qs)})"
        return f"{i + 1}. {s.title.get(lg)}{mark}"

    def _on_section() -> None:
        if ss.get(keys.SECTION_WIDGET) is not None:
            ss[keys.SECTION] = ss[keys.SECTION_WIDGET]
            ss[keys.SECTION_MOVED] = True

    ss[keys.SECTION_WIDGET] = ss[keys.SECTION]
    st.segmented_control(
        tr("assess.sections"),
        options=list(range(len(sections))),
        format_func=_section_label,
        key=keys.SECTION_WIDGET,
        on_change=_on_section,
        required=True,
    )

    # Follow-up questions an answer has just revealed: marked "New follow-up" until answered, and
    # named above "Next section" so moving on does not skip them unseen.
    before = ss.get(keys.SEEN_VISIBLE)
    fresh = ss.setdefault(keys.NEW_FOLLOWUPS, set())
    if before is not None:
        fresh |= visible_set - set(before)
    fresh &= {q for q in visible if q not in shown}
    ss[keys.SEEN_VISIBLE] = visible
    ss[keys.SEEN_ANSWERED] = answered

    main, side = st.columns([2.3, 1], gap="large")
    section = sections[ss[keys.SECTION]]
    numbers = question_numbers(pack)
    with main:
        with st.container(key="assess.section_head"):
            st.header(section.title.get(lg), divider="gray", anchor=False)
        target = ss.pop(keys.GOTO_QUESTION, None)
        if ss.pop(keys.SECTION_MOVED, False):
            if target:  # from "Still unanswered": to the question itself, not its section's heading
                theme.focus_heading(f".st-key-qbox-{target} h4", nonce=f"{ss[keys.SECTION]}-{target}")
            else:
                theme.focus_heading(".st-key-assess-section_head h2", nonce=ss[keys.SECTION])
        st.write(section.intro.get(lg))
        for q in section.questions:
            if q.id in visible_set:
                st.fragment(key=f"qfrag-{q.id}")(_question_box)(q, numbers[q.id], q.id in fresh)

        open_here = [q.id for q in section.questions if q.id in fresh]
        if open_here:
            st.info(
                tn(
                    "assess.followups_waiting",
                    len(open_here),
                    lg,
                    numbers=", ".join(numbers[q] for q in open_here),
                ),
                icon=":material/subdirectory_arrow_right:",
            )

        def _move(delta: int) -> None:
            ss[keys.SECTION] = max(0, min(len(sections) - 1, ss[keys.SECTION] + delta))
            ss[keys.SECTION_MOVED] = True

        prev_col, next_col = st.columns(2)
        if ss[keys.SECTION] > 0:
            prev_col.button(
                tr("assess.previous"),
                icon=":material/arrow_back:",
                key="assess.prev",
                on_click=_move,
                args=(-1,),
                width="stretch",
            )
        if ss[keys.SECTION] < len(sections) - 1:
            next_col.button(
                tr("assess.next"),
                icon=":material/arrow_forward:",
                key="assess.next",
                on_click=_move,
                args=(1,),
                type="primary",
                width="stretch",
            )
        elif next_col.button(
            tr("assess.see_result"),
            icon=":material/recommend:",
            key="assess.finish",
            type="primary",
            width="stretch",
        ):
            nav.go("recommendation")

    with side:
        missing = [q for q in visible if q not in shown]
        title = md_escape(tr("assess.unanswered_title", n=len(missing)), inline=True)
        if not missing:
            st.markdown(f"### {title}", anchors=False)
            st.success(tr("assess.all_answered"), icon=":material/check_circle:")
        else:
            index = {q.id: i for i, s in enumerate(sections) for q in s.questions}

            def _jump() -> None:
                qid = ss.get("w.goto")
                if qid in index:
                    ss[keys.SECTION] = index[qid]
                    ss[keys.SECTION_MOVED] = True
                    ss[keys.GOTO_QUESTION] = qid
                ss["w.goto"] = None

            def _label(qid: str) -> str:
                new = f" · {tr('assess.new_followup')}" if qid in fresh else ""
                return f"{numbers[qid]}. {pack.questions[qid].label.get(lg)}{new}"

            # A plain vertical list to read and one "Go to" select to jump: each option of the
            # former radio was a widget with its own markdown, about a quarter of the page's
            # elements, and the browser redrew them all on every answer (bench/ui.py).
            st.markdown(f"### {title}", anchors=False)
            st.selectbox(
                tr("assess.goto_label"),
                missing,
                index=None,
                format_func=_label,
                key="w.goto",
                on_change=_jump,
                placeholder=tr("assess.goto_placeholder"),
            )
            items = "\n".join(f"- {md_escape(_label(q), inline=True)}" for q in missing)
            # the count can grow: say why before it does
            st.markdown(f"{items}\n\n{md_escape(tr('assess.unanswered_help'), inline=True)}")
        st.divider()
        nav.link("recommendation", tr("assess.see_result_now" if missing else "assess.see_result"))

    history.audit_expander()


ss[keys.FULL_RUN] = True
questionnaire()
