"""The name a person typed ("Your name" in the sidebar, or on the join form), kept in this
browser across reloads: a first-party cookie the page sets when the name is saved and the server
reads on the next visit (st.context.cookies). It never goes into a URL or the database, so
nobody else sees it and a participant stays as anonymous as the name they chose."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

import streamlit as st

from mixdecide.details import LINE_CONTROL

COOKIE = "mixdecide_name"
PENDING = "_remember.name"  # a name to write to the cookie on this run
MAX = 120  # the widest "Your name" field (the audit trail's actor)
YEAR_S = 365 * 24 * 3600


def remembered_name() -> str:
    """The name this browser last saved, or "" (unknown, or not a plain one-line name)."""
    try:
        raw = st.context.cookies.get(COOKIE) or ""
    except Exception:  # noqa: BLE001 - no browser behind this session (AppTest, a script)
        return ""
    name = unquote(str(raw)).strip()
    return "" if len(name) > MAX or LINE_CONTROL.search(name) else name


def remember_name(name: str) -> None:
    """Keep ``name`` for this browser's next visit (written by ``flush`` on the next run; "" forgets)."""
    st.session_state[PENDING] = name.strip()[:MAX]


def flush() -> None:
    """Write a name saved since the last run to the cookie (an invisible script element)."""
    name = st.session_state.pop(PENDING, None)
    if name is None:
        return
    age = YEAR_S if name else 0
    js = f"document.cookie = {json.dumps(f'{COOKIE}={quote(name)}')} + '; path=/; max-age={age}; SameSite=Strict';"
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True)
