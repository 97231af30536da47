"""Assess: the questionnaire, one section at a time, with progress and what is still unanswered."""

from ui.boot import require_app

require_app()


from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from mixdecide.answers import visible_answers
from mixdecide.details import ASSESSMENT_STATUSES, Details, max_chars
from mixdecide.i18n import tn
from mixdecide.pack import Section
from mixdecide.text import md_escape
from mixdecide.wording import question_numbers
from ui import auth, history, keys, nav, persist, sharing, theme
from ui.state import answers, get_pack, keep_section, lang, meta, seed_widget, tr
from ui.widgets import question

pack = get_pack()
lg = lang()
ss = st.session_state

st.title(tr("assess.title"), anchor=False)
theme.radio_settle()
st.caption(tr("assess.intro"))


DETAILS_BOX = "assess-details"  # the "Project details" box (its open state, and a CSS hook)


def _on_meta(field: str) -> None:
    persist.set_detail(field, ss.get(keys.META_FIELD + field) or "")


def _details(box: DeltaGenerator) -> None:
    """The project's title, municipality, department, owner and status, in the open box."""
    with box:
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


# Open for an untitled assessment, and it stays as the person leaves it: recomputing "expanded"
# from the title closed the box as soon as the title was saved, and Tab found no next field (so the
# starting state is kept per assessment: a changed "expanded" would make it a new box).
# Its fields are drawn only while it is open: folded, they were 87 hidden elements the browser
# redrew on every answer (bench/ui.py); opening it runs the page again, with the fields.
details_open = ss.setdefault(keys.DETAILS_OPEN, not meta().get("title"))
details = st.expander(tr("assess.project_details"), expanded=details_open, key=DETAILS_BOX, on_change="rerun")
if details.open:
    _details(details)
sharing.panel()  # team mode: who may see it, read-only links
if meta().get("status") == "final" and not auth.read_only():  # said before a change reopens it
    st.info(tr("assess.final_note"), icon=":material/verified:")
elif meta().get("status") == "draft" and (back := history.reopened()) is not None:
    # and after, for as long as it stays a Draft (review: only the folded details box said so)
    st.info(
        tr(
            "assess.was_final",
            when=back.at.strftime("%Y-%m-%d %H:%M"),
            who=md_escape(back.actor or tr("app.guest"), inline=True),
        ),
        icon=":material/edit_note:",
    )


QUESTIONNAIRE = "questionnaire"
PROGRESS = "assess-progress"  # the progress bar, the save line and the section control
WAITING = "assess-waiting"  # "N follow-ups waiting" under the section's questions
SIDE = "assess-side"  # "Still unanswered" and its "Go to"
DRAWN_ID = "assess.drawn_id"  # the assessment id the questionnaire was last drawn for (its history)
SAVED = "assess.saved"  # (assessment id, {question id: the version its last change saved as})
REOPENED_IN = "assess.reopened_in"  # the question whose change made the Final assessment a Draft
SAVED_SEEN = "assess.saved_seen"  # the version last accounted for: a save since is a question's own


class _View(NamedTuple):
    """What the questionnaire's parts show, from the session's answers (computed in a fraction of
    a millisecond, so each fragment computes it afresh rather than keep a copy that could go stale)."""

    shown: dict[str, object]
    visible: list[str]
    visible_set: set[str]
    sections: list[Section]
    fresh: set[str]


def _view() -> _View:
    shown, visible = visible_answers(pack, answers())
    visible_set = set(visible)
    sections = [s for s in pack.sections if any(q.id in visible_set for q in s.questions)]
    fresh = ss.get(keys.NEW_FOLLOWUPS) or set()
    return _View(shown, visible, visible_set, sections, fresh)


def _note_followups(v: _View) -> None:
    """Follow-up questions an answer has just revealed: marked "New follow-up" until answered, and
    named above "Next section" so moving on does not skip them unseen."""
    before = ss.get(keys.SEEN_VISIBLE)
    fresh = ss.setdefault(keys.NEW_FOLLOWUPS, set())
    if before is not None:
        fresh |= v.visible_set - set(before)
    fresh &= {q for q in v.visible if q not in v.shown}
    ss[keys.SEEN_VISIBLE] = v.visible
    ss[keys.SEEN_ANSWERED] = [q for q in v.visible if q in v.shown]


def _slots(v: _View, section: Section, fresh: set[str]) -> dict[str, tuple[bool, bool]]:
    """What each question of the section shows: whether it is there, and marked new."""
    return {q.id: (q.id in v.visible_set, q.id in fresh) for q in section.questions}


def _saved_versions() -> dict[str, int]:
    """Each question's "Saved · version n", for the assessment open now (none for another)."""
    aid, saved = ss.get(SAVED) or (None, {})
    return saved if aid == ss.get(keys.ASSESSMENT_ID) else {}


def _note_saved(qid: str) -> None:
    """The question whose callback this is made the save since the last one accounted for (the
    questionnaire's draw accounts for saves made elsewhere: a title, the sharing panel), or it
    failed and its box no longer says it is saved."""
    version = ss.get(keys.VERSION)
    saved = dict(_saved_versions())
    if ss.get(keys.SAVE_ERROR):
        saved.pop(qid, None)
    elif version is not None and version != ss.get(SAVED_SEEN):
        saved[qid] = version
    ss[SAVED] = (ss.get(keys.ASSESSMENT_ID), saved)
    ss[SAVED_SEEN] = version


def _redraw_after(qid: str) -> None:
    """After a question's change is saved: redraw only what the change shows in.

    Nothing but the question itself for a change that shows nowhere else (a choice, a number, a
    note): the change's own run of the question's fragment draws it with its "Saved · version n"
    and a number's formatted value (one script run; a keyed rerun from here ended that run early
    and made a second, and each run makes the browser redraw the whole page: bench/ui_msgs.py). When a follow-up appears or goes, or the question counts as answered or
    not, also the progress line with the section marks, the follow-ups' own places (each question
    of the section has one, empty while it is hidden), "N follow-ups waiting" and "Still
    unanswered" - not the whole questionnaire, which redrew every question of the section
    (bench/ui.py: the slowest clicks). The whole questionnaire when more changes: a section
    appears or goes, the first save (the history toggle appears), an open history, a failed save.
    The question itself is always among what a keyed rerun redraws (the rerun ends its own run)."""
    _note_saved(qid)
    if ss.pop(persist.REOPENED, False):
        # said in the box of the change (the top of the page may be out of view), and the whole
        # page redrawn: Project details says Draft now
        ss[REOPENED_IN] = qid
        if st.context.headers:
            st.rerun(scope="app")
    if not st.context.headers:
        # No browser on the other end (AppTest): its test runs draw a rerun's elements only, so
        # a partial redraw would hide the rest of the page from the tests; the default rerun runs it all.
        return
    if ss.get(keys.SAVE_ERROR) or ss.get("w.history") or ss.get(DRAWN_ID) != ss.get(keys.ASSESSMENT_ID):
        st.rerun(QUESTIONNAIRE)
    v = _view()
    answered = [q for q in v.visible if q in v.shown]
    if v.visible == ss.get(keys.SEEN_VISIBLE) and answered == ss.get(keys.SEEN_ANSWERED):
        return  # the change's own run of this question's fragment draws all it changes
    before_visible = set(ss.get(keys.SEEN_VISIBLE) or [])
    before_sections = [s.id for s in pack.sections if any(q.id in before_visible for q in s.questions)]
    if before_sections != [s.id for s in v.sections] or ss[keys.SECTION] >= len(v.sections):
        st.rerun(QUESTIONNAIRE)
    section = v.sections[ss[keys.SECTION]]
    old = _slots(v._replace(visible_set=before_visible), section, set(v.fresh))
    _note_followups(v)
    new = _slots(v, section, ss[keys.NEW_FOLLOWUPS])
    redraw = [q for q in new if new[q] != old[q] or q == qid]  # qid: its "Saved · version n"
    st.rerun([PROGRESS, *(f"qfrag-{q}" for q in redraw), WAITING, SIDE])


def _question_slot(qid: str) -> None:
    """One question in its box (keyed "qbox-<id>"), or nothing while it is hidden; drawn as its own
    fragment (keyed "qfrag-<id>"), so a follow-up appears or goes without redrawing the rest."""
    v = _view()
    if qid not in v.visible_set:
        return
    with st.container(border=True, key=f"qbox-{qid}"):  # key: a stable hook for browser tests
        if qid in v.fresh:
            st.badge(tr("assess.new_followup"), icon=":material/subdirectory_arrow_right:")
        question(pack, pack.questions[qid], question_numbers(pack)[qid], after=_redraw_after)
        version = _saved_versions().get(qid)
        if version is not None:  # beside the answer that saved, drawn in the run that saved it
            st.caption(":material/cloud_done: " + tr("assess.saved_version", version=version))
        if ss.get(REOPENED_IN) == qid:  # this change made the Final assessment a Draft again
            ss.pop(REOPENED_IN)
            st.warning(tr("assess.reopened"), icon=":material/edit_note:")


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


def _rerun_questionnaire() -> None:
    """From a callback of a widget in one of the questionnaire's parts: redraw all of it (in a
    browser; under AppTest the interaction's default full run draws it all anyway)."""
    if st.context.headers:
        st.rerun(QUESTIONNAIRE)


def progress_part() -> None:
    """The progress bar, the save line (no version: it went stale on a click that redrew only its
    question) and the section control with each section's marks."""
    v = _view()
    sections = v.sections
    fraction, text = progress_text(v.shown, v.visible)
    st.progress(fraction, text=text)
    history.save_status()  # no version here: each question's box says its own (see _question_slot)

    def _section_label(i: int) -> str:
        s = sections[i]
        qs = [q.id for q in s.questions if q.id in v.visible_set]
        done = sum(1 for q in qs if q in v.shown)
        mark = " ✓" if done == len(qs) else f" ({done}/{len(qs)})"
        return f"{i + 1}. {s.title.get(lg)}{mark}"

    def _on_section() -> None:
        if ss.get(keys.SECTION_WIDGET) is not None:
            ss[keys.SECTION] = ss[keys.SECTION_WIDGET]
            ss[keys.SECTION_MOVED] = True
            _rerun_questionnaire()  # another section: not just this part

    ss[keys.SECTION_WIDGET] = ss[keys.SECTION]
    st.segmented_control(
        tr("assess.sections"),
        options=list(range(len(sections))),
        format_func=_section_label,
        key=keys.SECTION_WIDGET,
        on_change=_on_section,
        required=True,
    )


def waiting_part() -> None:
    """ "N follow-ups waiting" for the follow-ups of this section not answered yet, or nothing."""
    v = _view()
    numbers = question_numbers(pack)
    section = v.sections[ss[keys.SECTION]]
    open_here = [q.id for q in section.questions if q.id in v.fresh]
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


def side_part() -> None:
    """ "Still unanswered": the list to read and a "Go to" select to jump."""
    v = _view()
    numbers = question_numbers(pack)
    missing = [q for q in v.visible if q not in v.shown]
    title = md_escape(tr("assess.unanswered_title", n=len(missing)), inline=True)
    if not missing:
        st.markdown(f"### {title}", anchors=False)
        st.success(tr("assess.all_answered"), icon=":material/check_circle:")
    else:
        index = {q.id: i for i, s in enumerate(v.sections) for q in s.questions}

        def _jump() -> None:
            qid = ss.get("w.goto")
            ss["w.goto"] = None
            if qid in index:
                ss[keys.SECTION] = index[qid]
                ss[keys.SECTION_MOVED] = True
                ss[keys.GOTO_QUESTION] = qid
                _rerun_questionnaire()  # to its section and question: not just this part

        def _label(qid: str) -> str:
            new = f" · {tr('assess.new_followup')}" if qid in v.fresh else ""
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


# An answer redraws only the questionnaire below, not the page around it nor the sidebar: on each
# click that halved what the browser had to take in and draw (see bench/ui.py). Within it, an
# answer redraws only its parts that change (see _redraw_after). A save that failed needs the
# page's message, so it reruns the whole page.
@st.fragment(key=QUESTIONNAIRE)
def questionnaire() -> None:
    if not ss.pop(keys.FULL_RUN, False) and ss.get(keys.SAVE_ERROR):
        st.rerun(scope="app")  # app.py shows why the save failed
    v = _view()
    sections = v.sections
    ss[keys.SECTION] = min(ss[keys.SECTION], len(sections) - 1)
    keep_section()  # ?sec= in the address: a reload comes back here (review r18head #6)
    _note_followups(v)
    ss[DRAWN_ID] = ss.get(keys.ASSESSMENT_ID)
    ss[SAVED_SEEN] = ss.get(keys.VERSION)  # saves made before this draw are no question's own
    st.fragment(key=PROGRESS)(progress_part)()

    main, side = st.columns([2.3, 1], gap="large")
    section = sections[ss[keys.SECTION]]
    with main:
        with st.container(key="assess.section_head"):
            st.header(section.title.get(lg), divider="gray", anchor=False)
            # The focus script goes inside the heading's box, after the heading: drawn in the
            # column itself, it was there on the move and gone on the next full redraw (the first
            # answer of a new assessment), and every question below shifted one place up - the
            # browser drew them anew and the focus on the answered question fell to the page body.
            target = ss.pop(keys.GOTO_QUESTION, None)
            if ss.pop(keys.SECTION_MOVED, False):
                if target:  # from "Still unanswered": to the question itself, not its section's heading
                    theme.focus_heading(f".st-key-qbox-{target} h4", nonce=f"{ss[keys.SECTION]}-{target}")
                else:
                    theme.focus_heading(".st-key-assess-section_head h2", nonce=ss[keys.SECTION])
        st.write(section.intro.get(lg))
        for q in section.questions:
            st.fragment(key=f"qfrag-{q.id}")(_question_slot)(q.id)
        st.fragment(key=WAITING)(waiting_part)()

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
        st.fragment(key=SIDE)(side_part)()

    history.audit_expander()


ss[keys.FULL_RUN] = True
questionnaire()
