"""The name a person typed ("Your name" in the sidebar, or on the join form), kept in this
browser across reloads: a first-party cookie the page sets when the name is saved and the server
reads on the next visit (st.context.cookies). It never goes into a URL or the database, so
nobody else sees it and a participant stays as anonymous as the name they chose."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

import streamlit as st

from mixdecide.details import LINE_CONTROL
from mixdecide.workshop.codes import looks_like_token

COOKIE = "mixdecide_name"
PENDING = "_remember.name"  # a name to write to the cookie on this run
# The personal token of the participant this browser joined as (review r16lead #3, #9): a new tab
# or a reload at any address of the app resumes that participant on the join page, so a browser
# that joined a workshop neither wanders into the assessment's pages nor joins twice.
PARTICIPANT_COOKIE = "mixdecide_participant"
PENDING_PARTICIPANT = "_remember.participant"
MAX = 120  # the widest "Your name" field (the audit trail's actor)
YEAR_S = 365 * 24 * 3600


def _cookie(name: str) -> str:
    try:
        return str(st.context.cookies.get(name) or "")
    except Exception:  # noqa: BLE001 - no browser behind this session (AppTest, a script)
        return ""


def remembered_name() -> str:
    """The name this browser last saved, or "" (unknown, or not a plain one-line name)."""
    name = unquote(_cookie(COOKIE)).strip()
    return "" if len(name) > MAX or LINE_CONTROL.search(name) else name


def remember_name(name: str) -> None:
    """Keep ``name`` for this browser's next visit (written by ``flush`` on the next run; "" forgets)."""
    st.session_state[PENDING] = name.strip()[:MAX]


def remembered_participant() -> str:
    """The personal token of the participant this browser last joined as, or ""."""
    token = _cookie(PARTICIPANT_COOKIE).strip()
    return token if looks_like_token(token) else ""


def remember_participant(token: str) -> None:
    """This browser is now this participant ("" forgets it: the workshop ended, they were removed)."""
    st.session_state[PENDING_PARTICIPANT] = token.strip()[:MAX]


def _js(cookie: str, value: str, age: int) -> str:
    return f"document.cookie = {json.dumps(f'{cookie}={quote(value)}')} + '; path=/; max-age={age}; SameSite=Strict';"


def flush() -> None:
    """Write what was saved since the last run to the cookies (an invisible script element)."""
    ss = st.session_state
    name = ss.pop(PENDING, None)
    token = ss.pop(PENDING_PARTICIPANT, None)
    js = []
    if name is not None:
        js.append(_js(COOKIE, name, YEAR_S if name else 0))
    if token is not None:  # a day: a workshop is a meeting, not a membership
        js.append(_js(PARTICIPANT_COOKIE, token, 24 * 3600 if token else 0))
    if js:
        st.html(f"<script>{' '.join(js)}</script>", unsafe_allow_javascript=True)
