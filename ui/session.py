"""Which assessment the session works on: new, demo, or opened from the URL (?a=<id>)."""

from __future__ import annotations

import streamlit as st

from mixdecide.store import NotFound, get_assessment, session_scope
from mixdecide.text import ECHO_MAX, clip, md_escape
from ui import keys, messages
from ui.auth import principal
from ui.db import engine
from ui.state import load_into_session, tr

DEMO_ID = "d1c66fff6a34419495787198de6de36e"  # data/demo/01_guelph_green_bin_plastics.json


def start_new() -> None:
    """An empty assessment; it is stored on its first change."""
    load_into_session(answers={}, notes={}, checklist={}, meta={}, assessment_id=None, version=None)
    st.session_state.pop(keys.SAVE_ERROR, None)
    st.query_params.pop("a", None)


def open_assessment(aid: str) -> None:
    """Load a stored assessment into the session (raises NotFound)."""
    with session_scope(engine(), readonly=True) as session:
        rec = get_assessment(principal=principal(), session=session, id=aid)
    load_into_session(
        answers=rec.answers,
        notes=rec.notes,
        checklist=rec.checklist,
        meta={
            "title": rec.title,
            "municipality": rec.municipality,
            "department": rec.department,
            "owner": rec.owner,
            "status": rec.status,
        },
        assessment_id=rec.id,
        version=rec.version,
        outcome=rec.outcome,
    )
    st.session_state.pop(keys.SAVE_ERROR, None)
    st.query_params["a"] = rec.id


def open_demo() -> None:
    """The Guelph green-bin demo assessment (seeded on first start)."""
    try:
        open_assessment(DEMO_ID)
    except NotFound:  # deleted by someone: start from an empty assessment instead
        start_new()
        messages.flash("warning", "session.demo_gone")


def restore_from_url() -> bool:
    """Open the assessment a bookmark, refresh or shared link names; explain a bad link (False)."""
    aid = st.query_params.get("a")
    if not aid or aid == st.session_state.get(keys.ASSESSMENT_ID):
        return True
    # A malformed id takes the path of an unknown or hidden one (the store runs the same query
    # for it): one message, one timing class; what the link names is never revealed.
    try:
        open_assessment(aid)
    except NotFound:
        st.query_params.pop("a", None)
        messages.flash("error", "session.not_found")
        return False
    return True


# Pages that draw pending messages themselves, at a fixed place (the workshop board is a fragment,
# known by its position: a message drawn above it on some runs only would move it).
OWN_MESSAGES = ("workshop", "join")


def show_messages(page: str) -> None:
    """Pending message (unless ``page`` draws its own) and, after a refused save, what happened
    and how to recover."""
    ss = st.session_state
    if page not in OWN_MESSAGES:
        messages.show()
    err = ss.get(keys.SAVE_ERROR)
    if err:
        kind, who, when = err
        # ``who``: another person's name, or a store message quoting a value: escaped, and capped
        who, when = (md_escape(clip(v, 2 * ECHO_MAX), inline=True) for v in (who, when))
        st.error(tr(f"session.save_{kind}", who=who, when=when), icon=":material/sync_problem:")
        if (
            kind in ("stale", "gone")
            and ss.get(keys.ASSESSMENT_ID)
            and st.button(tr("session.reload"), key="session.reload", icon=":material/refresh:")
        ):
            try:
                open_assessment(ss[keys.ASSESSMENT_ID])
            except NotFound:
                start_new()
            st.rerun()
