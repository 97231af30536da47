"""Join: a participant types the code and a name, then answers privately; their link continues."""

from ui.boot import require_app

require_app()

import random  # noqa: E402
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from mixdecide.answers import visible_answers  # noqa: E402
from mixdecide.i18n import tn  # noqa: E402
from mixdecide.text import md_escape  # noqa: E402
from mixdecide.wording import question_numbers  # noqa: E402
from mixdecide.workshop import display_code, normalise_code, section_questions  # noqa: E402
from mixdecide.workshop.models import NAME_MAX  # noqa: E402
from ui import (
    keys,  # noqa: E402
    messages,  # noqa: E402
    remember,  # noqa: E402
    theme,  # noqa: E402
)
from ui import workshop_data as data  # noqa: E402
from ui import workshop_keys as K  # noqa: E402
from ui.state import get_pack, lang, tr  # noqa: E402
from ui.widgets import answer_input  # noqa: E402
from ui.workshop_board import project_about, published_result  # noqa: E402
from ui.workshop_widgets import answer_text, forget_if_language_changed  # noqa: E402

# Seconds between checks for the facilitator locking or closing the round. Each check is one
# indexed query; a random extra per session spreads a room's checks instead of letting them pile up.
STATUS_EVERY = 10.0
STATUS_JITTER = 5.0

pack = get_pack()
lg = lang()
ss = st.session_state
qp = st.query_params


token: str = qp.get("p") or ss.get(K.TOKEN) or ""
view = data.participant(token) if token else None
if token and view is None:
    qp.pop("p", None)
    ss.pop(K.TOKEN, None)
    if ss.get(keys.JOINED_BROWSER) == token:
        # this browser's own participant was removed: it stays on this page (its form is the way
        # back, and the next run must draw it, not the home page) until it joins again or opens
        # the app anew; the browser itself is free next time
        ss[K.PREVIOUS] = token  # kept for the next join: a removed participant's is a rejoin
        remember.remember_participant("")
        ss[keys.JOINED_BROWSER] = ""
        remember.flush()
    else:
        ss.pop(keys.PARTICIPANT, None)  # a dead link does not lock this browser session to this page
    messages.flash("error", "join.bad_link")
elif (
    view is not None
    and not qp.get("p")
    and qp.get("code")
    and normalise_code(qp["code"]) != view.workshop.code
):
    # this browser joined another workshop before and follows a link with a new code: the new
    # workshop's join form, not the old workshop (the same code resumes: no joining twice)
    view = None
    ss.pop(K.TOKEN, None)
    ss.pop(keys.PARTICIPANT, None)

if view is None:
    st.title(tr("join.title"), anchor=False)
    st.write(tr("join.intro"))
    messages.show()
    from_url = qp.get("code")
    if from_url and K.JOIN_CODE not in ss:
        normal = normalise_code(from_url)
        ss[K.JOIN_CODE] = display_code(normal) if normal else from_url[:20]
        if normal is None or data.code_exists(normal) is False:
            st.error(tr("join.bad_code"))
    if K.JOIN_NAME not in ss:  # the name this browser joined with last time, not empty after a reload
        ss[K.JOIN_NAME] = remember.remembered_name()[:NAME_MAX]
    with st.form("wk.join"):
        st.text_input(
            tr("join.code"), key=K.JOIN_CODE, max_chars=20, placeholder="ABC-DEF", help=tr("join.code_help")
        )
        st.text_input(
            tr("join.name"),
            key=K.JOIN_NAME,
            max_chars=NAME_MAX,
            placeholder=tr("join.name_placeholder"),
            help=tr("join.name_help", limit=NAME_MAX),
        )
        submitted = st.form_submit_button(
            tr("join.button"), type="primary", icon=":material/login:", key="wk.join.submit"
        )
    if submitted:
        joined = data.join(ss.get(K.JOIN_CODE) or "", ss.get(K.JOIN_NAME) or "", ss.get(K.PREVIOUS, ""))
        if joined is not None:
            remember.remember_name(ss.get(K.JOIN_NAME) or "")
            ss[K.TOKEN] = joined.token
            ss[keys.PARTICIPANT] = True
            qp.clear()
            qp["p"] = joined.token
            if lg != "en":
                qp["lang"] = lg
        st.rerun()
    st.stop()

# --- joined ---------------------------------------------------------------------------------------
if not ss.get(keys.PARTICIPANT) or ss.get(K.TOKEN) != token or qp.get("p") != token:
    # Back after a refresh, on a new device or in a new tab: from now on this session only sees this page.
    ss[keys.PARTICIPANT] = True
    ss[K.TOKEN] = token
    qp.clear()  # whatever address the tab opened (/portfolio?a=…), it is this participant's page
    qp["p"] = token
    if lg != "en":
        qp["lang"] = lg
    st.rerun()


def _leave() -> None:
    """This browser is no longer the participant: the app's own pages again (a facilitator who
    tried their own join link was otherwise kept on this page for a day). The answers stay."""
    remember.remember_participant("")
    ss[keys.JOINED_BROWSER] = ""
    for key in (keys.PARTICIPANT, keys.PARTICIPANT_TOKEN, K.TOKEN):
        ss.pop(key, None)
    st.query_params.clear()


w, me = view.workshop, view.participant
wanted = "" if w.status == "closed" else token  # the meeting over, this browser is free again
if ss.get(keys.JOINED_BROWSER) != wanted:
    remember.remember_participant(wanted)
    ss[keys.JOINED_BROWSER] = wanted
    remember.flush()  # now: the sidebar (which flushes too) was drawn before this page
before = ss.get(K.SEEN)
stamp = w.published_at.isoformat() if w.published and w.published_at else ""
just_published = w.published and before is not None and (not before[2] or before[4:] != (stamp,))
ss[K.SEEN] = (w.status, w.round, w.published, w.show_names, stamp)
forget_if_language_changed()

st.title(tr("join.title_joined"), anchor=False)
st.subheader(md_escape(w.title, inline=True), anchor=False)
st.markdown(tr("join.you_are", name=md_escape(me.name, inline=True)))
if w.status == "closed":  # said first, before the project and the result (review r18lead #10)
    st.info(tr("join.closed"), icon=":material/event_busy:")


def _personal_link() -> None:
    """The participant's own link, at the end of the page (on a phone the questions come first)."""
    with st.expander(tr("join.personal_link"), icon=":material/link:"):
        st.caption(tr("join.personal_link_help"))
        st.code(data.app_url("join", p=token), language=None)
        st.button(
            tr("join.leave"),
            icon=":material/logout:",
            key="wk.leave",
            on_click=_leave,
            help=tr("join.leave_help"),
        )


# Review r17lead #7: on a phone the questions come first; the project is one folded line above
# them, and the group's published result follows the questions while the round is open (it is the
# point of the page once answers are locked, and comes before the participant's answers then).
details, facts, group, group_at, group_outside, group_round = data.project_context(token)
project_about(details, facts)


def _published() -> None:
    published_result(
        group,
        group_at,
        group_outside,
        group_round,
        current_round=w.round,
        covered=tuple(section_questions(pack, w.sections)),
    )


if just_published:  # take the participant to the result, wherever it is on the page
    theme.focus_heading(".st-key-join-group_result h3", nonce=f"published-{w.round}")


questions = section_questions(pack, w.sections)
# The participant's answers as this session last saved them: a save updates this copy, so a
# question redraws alone (its own fragment) without reading the database again.
ss[K.MINE] = dict(view.answers)


def _visible() -> list[str]:
    return [q for q in visible_answers(pack, ss[K.MINE])[1] if q in questions]


def _pending() -> tuple[str, ...]:
    """Follow-up questions this participant's own answers opened and they have not answered yet
    (review r16lead #2: the prize question appeared far down, after "I'm done", and was never answered)."""
    return tuple(
        q for q in _visible() if pack.questions[q].visible_if is not None and ss[K.MINE].get(q) is None
    )


# question id -> the follow-ups its answer can open, for "your answer opened question 23 further down"
followers: dict[str, list[str]] = {}
for _qid, _cond in pack.visibility.items():
    for _trigger in _cond.questions:
        followers.setdefault(_trigger, []).append(_qid)


if K.STATUS_EVERY not in ss:
    ss[K.STATUS_EVERY] = STATUS_EVERY + random.uniform(0, STATUS_JITTER)


@st.fragment(run_every=ss[K.STATUS_EVERY])
def _watch_round() -> None:
    """Redraw the page when the facilitator locks, unlocks or closes the round (one query)."""
    now = data.round_status(token)
    if now is None or now != ss.get(K.SEEN):
        st.rerun()
    st.caption(tr(f"join.status.{now[0]}", round=now[1]))


_watch_round()
messages.show()

mine = _visible()
shown = visible_answers(pack, ss[K.MINE])[0]


def _names_notice() -> None:
    """Whether the facilitator sees who answered what, on every view of this page (review r14 #8:
    the notice vanished once answers were locked, so nobody learnt that names were turned on)."""
    if w.show_names:
        # said plainly, not in small print: the facilitator can now link answers to people
        st.warning(tr("join.names_shown"), icon=":material/visibility:")
    else:
        st.caption(tr("join.anonymous"))


if w.status != "open":
    # The answer widgets are not drawn here, so the browser forgets them, while Streamlit keeps
    # their values: drawn again in a new round, a radio would then reach the browser without its
    # value, show its first option and send it back as a change, saved as an answer nobody gave
    # (review r17lead #1). Forgotten here too, they are seeded again from the stored answers.
    for _key in [k for k in ss if isinstance(k, str) and k.startswith((K.PQ, K.PUNK))]:
        del ss[_key]
    if w.status != "closed":  # closed: said at the top of the page
        st.warning(tr("join.locked"), icon=":material/lock:")
    _published()
    st.subheader(tr("join.your_answers"), anchor=False)
    _names_notice()
    # pack texts only (labels and option names), so a wrapping table is safe and readable on a phone
    st.table(
        pd.DataFrame(
            {
                tr("join.question"): [pack.questions[q].label.get(lg) for q in mine],
                tr("join.answer"): [answer_text(pack.questions[q], shown.get(q)) for q in mine],
            }
        ),
        hide_index=True,
    )
    _personal_link()
    st.stop()

# Whose answers are whose: the group result above is the facilitator's, set for the group;
# what follows is this person's own.
st.subheader(tr("join.your_answers"), anchor=False)
_names_notice()
if w.round > 1:  # said plainly: the answers below are this person's own, carried from the last round
    st.info(tr("join.carried", round=w.round), icon=":material/history:")


def _save(qid: str, value: Any) -> None:
    """Save one answer; keep the session's copy in step, or have the whole page redrawn to show
    why it was not saved (the round was locked meanwhile, ...)."""
    if data.save_answer(token, qid, value):
        if value is None:
            ss[K.MINE].pop(qid, None)
        else:
            ss[K.MINE][qid] = value
    else:
        ss[K.FULL_RERUN] = True


@st.fragment
def _section(section_id: str, elsewhere: tuple[str, ...]) -> None:
    """One section of the questionnaire: an answer redraws this section alone (a question it
    shows or hides is in the same section), unless it changes which questions show in another
    section or was refused; then the whole page. Questions carry the Assess page's numbers ("7",
    "7a" for a follow-up), so a number read out in the room names the same question everywhere."""
    section = sections[section_id]
    own = {q.id for q in section.questions}
    visible = _visible()
    if (
        ss.pop(K.FULL_RERUN, False)
        or tuple(q for q in visible if q not in own) != elsewhere
        or _pending() != ss.get(K.PENDING)  # the list by "I'm done" must name them
    ):
        st.rerun()
    st.header(section.title.get(lg), divider="gray", anchor=False)
    st.caption(section.intro.get(lg))
    here = [q for q in section.questions if q.id in visible]
    # progress per section: it moves with each answer (a page-wide figure would only move on a full run)
    done = sum(1 for q in here if ss[K.MINE].get(q.id) is not None)
    st.caption(tr("join.progress", answered=done, total=len(here)))
    for q in here:
        with st.container(border=True):
            answer_input(
                q,
                numbers[q.id],
                ss[K.MINE].get(q.id),
                _save,
                key=K.PQ + q.id,
                unknown_key=K.PUNK + q.id,
                placeholder=tr("join.number_placeholder"),
            )
            opened = [f for f in followers.get(q.id, ()) if f in visible and f not in own]
            if opened:  # in another section, further down: said here, where it was opened
                st.caption(
                    ":material/subdirectory_arrow_right: "
                    + tr(
                        "join.opened",
                        questions=", ".join(
                            tr("join.opened_item", number=numbers[f], section=section_of[f].title.get(lg))
                            for f in opened
                        ),
                    )
                )


sections = {x.id: x for x in pack.sections if x.id in w.sections}
section_of = {q.id: x for x in sections.values() for q in x.questions}
numbers = question_numbers(pack)
ss[K.PENDING] = _pending()
for sid, section in sections.items():
    ids = {q.id for q in section.questions}
    _section(sid, tuple(q for q in mine if q not in ids))

st.divider()
if ss[K.PENDING]:  # named before "I'm done", with their numbers: nothing is left for after it
    items = "\n".join(
        f"- {numbers[q]}\\. {md_escape(pack.questions[q].label.get(lg), inline=True)}" for q in ss[K.PENDING]
    )
    st.warning(
        f"{tn('join.follow_ups_left', len(ss[K.PENDING]), lg)}\n\n{items}", icon=":material/pending_actions:"
    )
if me.finished_at:
    st.success(tr("join.finished_already"), icon=":material/check_circle:")
else:
    st.button(
        tr("join.finish"),
        key="wk.finish",
        type="primary",
        icon=":material/done_all:",
        on_click=data.finish,
        args=(token,),
    )
_published()
_personal_link()
