"""One-shot messages for the next page drawn ("saved", "this link is not valid", ...).

Most of what sets a message runs in a widget callback, before the page is drawn, so the message
is kept under ``keys.FLASH`` as (kind, catalog key, values) and translated when it is shown (the
language may change in between). Values are what an error or a person supplied: they are escaped,
so a name or a store message cannot turn into Markdown.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from mixdecide.text import md_escape
from ui import keys
from ui.state import tr

ICONS = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def flash(kind: str, key: str, **values: Any) -> None:
    """Show catalog text ``key`` (with ``values``) on the next run; kind: success | info | warning | error."""
    if kind not in ICONS:
        raise ValueError(f"unknown message kind {kind!r}")
    st.session_state[keys.FLASH] = (kind, key, values)


def show(where: Any = st) -> None:
    """Draw the pending message, if any, in ``where`` (the page, or a placeholder)."""
    pending = st.session_state.pop(keys.FLASH, None)
    if not pending:
        return
    kind, key, values = pending
    safe = {k: md_escape(v, inline=True) if isinstance(v, str) else v for k, v in values.items()}
    getattr(where, kind)(tr(key, **safe), icon=ICONS[kind])
