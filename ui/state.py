"""Session state of the current assessment: answers, notes, checklist, language, presentation.

Widgets never own the data: each widget writes through a callback into the dicts kept under the
keys of ``ui.keys``, which the store then saves. When a page is left Streamlit forgets its widget
values; ``seed_widget`` puts them back from these dicts, so nothing is lost between pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

import streamlit as st

from mixdecide.drafts import drafts_spec
from mixdecide.engine import assess
from mixdecide.i18n import LANGS, t
from mixdecide.pack import Pack, load_pack, resolve_pack_path
from mixdecide.plan import plan_spec
from mixdecide.result import Assessment
from ui import keys, remember

DEFAULT_META = {"title": "", "municipality": "", "department": "", "owner": "", "status": "draft"}


@st.cache_resource(show_spinner=False)
def _load(path: str) -> Pack:
    pack = load_pack(path)
    plan_spec(pack)  # a broken plan.yaml or drafts/ folder fails here, at start, naming the file
    drafts_spec(pack)
    return pack


def get_pack() -> Pack:
    """The rule pack (``MIXDECIDE_PACK``, else the default), loaded and compiled once per process."""
    return _load(str(resolve_pack_path(None)))


URL_SLIDE = "present_url_slide"  # the ?slide= a new session arrived with, until its assessment loads
URL_SECTION = "assess_url_section"  # the ?sec= a new session arrived with, until its assessment loads
SECTION_PARAM = "sec"  # the questionnaire section in the address, 1-based (review r18head #6)


def keep_section() -> None:
    """Put the questionnaire's section in the address (``?sec=4``), like ``?lang=``: a reload
    comes back to it. Called by the questionnaire each time it draws."""
    want = str(int(st.session_state.get(keys.SECTION, 0)) + 1)
    if st.query_params.get(SECTION_PARAM) != want:
        st.query_params[SECTION_PARAM] = want


def init() -> None:
    """Defaults for a new session, then what the URL asks for (?lang=fr, ?present=1)."""
    ss = st.session_state
    qp = st.query_params
    if keys.LANG not in ss:
        ss[keys.LANG] = qp.get("lang") if qp.get("lang") in LANGS else "en"
    if keys.ACTOR not in ss:  # the name this browser saved last time, not "Guest" after a reload
        ss[keys.ACTOR] = remember.remembered_name()
    ss.setdefault(keys.ANSWERS, {})
    ss.setdefault(keys.NOTES, {})
    ss.setdefault(keys.CHECKLIST, {})
    ss.setdefault(keys.META, dict(DEFAULT_META))
    if keys.SECTION not in ss:  # a new session (a reload): the section in the address, once
        sec = str(qp.get(SECTION_PARAM) or "")
        ss[keys.SECTION] = ss[URL_SECTION] = int(sec) - 1 if sec.isdigit() and int(sec) > 0 else 0
    ss.setdefault(keys.PRESENT_STEP, 0)
    if keys.PRESENT not in ss:
        ss[keys.PRESENT] = qp.get("present") == "1"
        slide = str(qp.get("slide") or "")
        if ss[keys.PRESENT] and slide.isdigit():  # a reload keeps the screen it was on (pages/present.py)
            ss[keys.PRESENT_STEP] = ss[URL_SLIDE] = int(slide) - 1
    if qp.get("p"):  # a workshop participant's personal link: they only ever see the join page
        ss[keys.PARTICIPANT] = True
    elif keys.JOINED_BROWSER not in ss:
        # once per browser session: a browser that joined a workshop is that participant again,
        # whatever address of the app it opens (the join page drops this if the link is dead)
        ss[keys.JOINED_BROWSER] = remember.remembered_participant()
        if ss[keys.JOINED_BROWSER]:
            ss[keys.PARTICIPANT] = True
            ss[keys.PARTICIPANT_TOKEN] = ss[keys.JOINED_BROWSER]


def actor() -> str:
    """Who is making this session's changes, as the audit trail shows it."""
    name = (st.session_state.get(keys.ACTOR) or "").strip()
    return name or t("app.guest", lang())


def lang() -> str:
    return str(st.session_state.get(keys.LANG, "en"))


def tr(key: str, /, **values: Any) -> str:
    """Catalog text in the session's language."""
    return t(key, lang(), **values)


def answers() -> dict[str, Any]:
    """Question id -> answer (the session's own dict: changing it changes the session)."""
    return cast(dict[str, Any], st.session_state[keys.ANSWERS])


def notes() -> dict[str, str]:
    return cast(dict[str, str], st.session_state[keys.NOTES])


def outcome() -> dict[str, Any] | None:
    """What happened after the advice, as stored (None until someone records it)."""
    value = st.session_state.get(keys.OUTCOME)
    return cast(dict[str, Any], value) if value else None


def checklist_state() -> dict[str, dict[str, str]]:
    return cast(dict[str, dict[str, str]], st.session_state[keys.CHECKLIST])


def meta() -> dict[str, str]:
    return cast(dict[str, str], st.session_state[keys.META])


def result() -> Assessment:
    """The engine's assessment of the current answers (recomputed; it takes about a millisecond)."""
    return assess(get_pack(), answers(), today=dt.date.today())


def seed_widget(key: str, value: Any) -> None:
    """Give a widget its stored value when Streamlit has forgotten it (first run, page switch)."""
    if key not in st.session_state:
        st.session_state[key] = value


def show_stored(key: str, value: Any) -> None:
    """Send a widget its stored value on every draw, not only when Streamlit has forgotten it.

    A widget whose value Streamlit still holds is sent without one, and the browser then shows
    what it has itself: nothing, for a radio it draws anew. After another page and back, a
    section's radios came back empty while their answers were stored and counted (review: "Saved ·
    version 20" above blank questions), and the next click sent them all as cleared. The value is
    the one just saved when the draw follows a change, so nothing a person did is undone."""
    st.session_state[key] = value


def load_into_session(
    *,
    answers: Mapping[str, Any],
    notes: Mapping[str, str],
    checklist: Mapping[str, Mapping[str, str]],
    meta: Mapping[str, str],
    assessment_id: str | None,
    version: int | None,
    outcome: Mapping[str, Any] | None = None,
) -> None:
    """Replace the current assessment in the session and forget every widget value."""
    ss = st.session_state
    for k in list(ss.keys()):
        if isinstance(k, str) and k.startswith(keys.WIDGET_PREFIXES):
            del ss[k]
    ss[keys.ANSWERS] = dict(answers)
    ss[keys.NOTES] = dict(notes)
    ss[keys.CHECKLIST] = {k: dict(v) for k, v in checklist.items()}
    ss[keys.META] = {**DEFAULT_META, **meta}
    ss[keys.ASSESSMENT_ID] = assessment_id
    ss[keys.VERSION] = version
    ss[keys.OUTCOME] = dict(outcome) if outcome else None
    # the ?a= link of a reload loads the assessment after init(): the section in the address holds, once
    ss[keys.SECTION] = ss.pop(URL_SECTION, 0)
    # the ?a= link of a reload loads the assessment after init(): the screen in the address holds, once
    ss[keys.PRESENT_STEP] = ss.pop(URL_SLIDE, 0)
    ss.pop(keys.DETAILS_OPEN, None)
    for k in (keys.SEEN_VISIBLE, keys.NEW_FOLLOWUPS, keys.GOTO_QUESTION):
        ss.pop(k, None)
