"""Autosave: every change the user makes is written to the database at once.

Each hook is called by a widget callback after the session dicts changed. The save names the
version the session loaded, so a save from a stale tab (or a colleague's concurrent edit) is
refused with a message instead of silently overwriting; the user can then reload the latest
version. A new assessment is created in the database on its first change.
"""

from __future__ import annotations

import streamlit as st

from mixdecide.store import NotFound, StaleSave, StoreError, create_assessment, save_assessment, session_scope
from ui import keys
from ui.db import engine
from ui.state import actor, answers, checklist_state, get_pack, meta, notes, tr


def answer_changed(qid: str) -> None:
    """An answer changed (or was cleared)."""
    _save(answers=True)


def note_changed(qid: str) -> None:
    """A question's note changed."""
    _save(notes=True)


def checklist_changed(item: str) -> None:
    """A checklist item's status, owner or note changed."""
    _save(checklist=True)


def meta_changed(field: str) -> None:
    """A project detail (title, municipality, ...) changed."""
    _save(meta=True)


def ensure_saved() -> str:
    """Create the assessment in the database if it is not there yet; return its id."""
    ss = st.session_state
    if ss.get(keys.ASSESSMENT_ID):
        return ss[keys.ASSESSMENT_ID]
    m = meta()
    with session_scope(engine()) as session:
        record = create_assessment(
            session=session,
            title=m.get("title") or tr("home.untitled"),
            municipality=m.get("municipality", ""),
            department=m.get("department", ""),
            owner=m.get("owner", ""),
            pack=get_pack(),
            answers=answers(),
            notes=notes(),
            checklist=checklist_state(),
            actor=actor(),
        )
    ss[keys.ASSESSMENT_ID] = record.id
    ss[keys.VERSION] = record.version
    st.query_params["a"] = record.id
    return record.id


def _save(*, answers: bool = False, notes: bool = False, checklist: bool = False, meta: bool = False) -> None:
    ss = st.session_state
    if not ss.get(keys.ASSESSMENT_ID):
        ensure_saved()
        return
    from ui import state  # the dicts, read at save time

    m = state.meta()
    try:
        with session_scope(engine()) as session:
            ss[keys.VERSION] = save_assessment(
                session=session,
                id=ss[keys.ASSESSMENT_ID],
                expected_version=ss[keys.VERSION],
                actor=actor(),
                pack=get_pack(),
                answers=state.answers() if answers else None,
                notes=state.notes() if notes else None,
                checklist=state.checklist_state() if checklist else None,
                meta={**m, "title": m.get("title") or tr("home.untitled")} if meta else None,
            )
        ss.pop(keys.SAVE_ERROR, None)
    except StaleSave as exc:
        ss[keys.SAVE_ERROR] = ("stale", exc.saved_by or "?", f"{exc.saved_at:%Y-%m-%d %H:%M} UTC")
    except NotFound:
        ss[keys.SAVE_ERROR] = ("gone", "", "")
    except (StoreError, ValueError) as exc:
        ss[keys.SAVE_ERROR] = ("invalid", str(exc), "")
