"""Join: a participant types the code and a name, then answers privately; their link continues."""

from ui.boot import require_app

require_app()

import random  # noqa: E402
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from mixdecide.answers import visible_answers  # noqa: E402
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
from ui.workshop_board import participant_context  # noqa: E402
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
    ss.pop(keys.PARTICIPANT, None)  # a dead link does not lock this browser session to this page
    messages.flash("error", "join.bad_link")

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
        joined = data.join(ss.get(K.JOIN_CODE) or "", ss.get(K.JOIN_NAME) or "")
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
if not ss.get(keys.PARTICIPANT) or ss.get(K.TOKEN) != token:
    # Back after a refresh or on a new device: from now on this session only sees this page.
    ss[keys.PARTICIPANT] = True
    ss[K.TOKEN] = token
    qp["p"] = token
    st.rerun()

w, me = view.workshop, view.participant
before = ss.get(K.SEEN)
stamp = w.published_at.isoformat() if w.published and w.published_at else ""
just_published = w.published and before is not None and (not before[2] or before[4:] != (stamp,))
ss[K.SEEN] = (w.status, w.round, w.published, w.show_names, stamp)
forget_if_language_changed()

st.title(tr("join.title_joined"), anchor=False)
st.subheader(md_escape(w.title, inline=True), anchor=False)
st.markdown(tr("join.you_are", name=md_escape(me.name, inline=True)))
with st.expander(tr("join.personal_link"), icon=":material/link:"):
    st.caption(tr("join.personal_link_help"))
    st.code(data.app_url("join", p=token), language=None)
participant_context(*data.project_context(token))
if just_published:  # the result appears above the questions: take the participant up to it
    theme.focus_heading(".st-key-join-group_result h3", nonce=f"published-{w.round}")


questions = section_questions(pack, w.sections)
# The participant's answers as this session last saved them: a save updates this copy, so a
# question redraws alone (its own fragment) without reading the database again.
ss[K.MINE] = dict(view.answers)


def _visible() -> list[str]:
    return [q for q in visible_answers(pack, ss[K.MINE])[1] if q in questions]


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
    if w.status == "closed":
        st.info(tr("join.closed"), icon=":material/event_busy:")
    else:
        st.warning(tr("join.locked"), icon=":material/lock:")
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
    st.stop()

# Whose answers are whose: the group result above is the facilitator's, set for the group;
# what follows is this person's own.
st.subheader(tr("join.your_answers"), anchor=False)
_names_notice()


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
    if ss.pop(K.FULL_RERUN, False) or tuple(q for q in visible if q not in own) != elsewhere:
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


sections = {x.id: x for x in pack.sections if x.id in w.sections}
numbers = question_numbers(pack)
for sid, section in sections.items():
    ids = {q.id for q in section.questions}
    _section(sid, tuple(q for q in mine if q not in ids))

st.divider()
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
