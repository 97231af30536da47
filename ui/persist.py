"""Autosave: every change the user makes is checked, kept in the session and written at once.

Widgets call these from their callbacks. A value is checked against the models of
``mixdecide.details`` before it enters the session, so a value the store would refuse never sits
in the session's dicts (where every later save would carry it and be refused too): the widget
goes back to the kept value and the model's message is shown. The save names the version the
session loaded, so a save from a stale tab (or a colleague's concurrent edit) is refused with a
message instead of silently overwriting. A new assessment is created on its first change.
Nothing raises out of a callback: a refused save becomes the message under ``SAVE_ERROR``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from mixdecide.answers import AnswerError
from mixdecide.details import (
    DEFAULT_ENTRY,
    DetailsError,
    check_details,
    check_entry,
    check_note,
    check_what_happened,
)
from mixdecide.happened import used_route_ids
from mixdecide.store import (
    Forbidden,
    NotFound,
    StaleSave,
    StoreError,
    create_assessment,
    save_assessment,
    session_scope,
)
from mixdecide.workshop.board import REOPENED_STATUS
from ui import keys, state
from ui.auth import principal
from ui.db import engine
from ui.state import actor, get_pack, tr

log = logging.getLogger(__name__)

REOPENED = "persist.reopened"  # set by a change that made a Final assessment a Draft


def answer_changed(qid: str) -> None:
    """An answer changed (or was cleared)."""
    _save_content(answers=True)


def _save_content(*, answers: bool = False, notes: bool = False) -> None:
    """Save a change to the answers or notes. Those are what a Final assessment's sign-off is
    about: a change to them makes it a Draft again, as a workshop's apply does
    (``REOPENED_STATUS``), saved with the change (review: single-user mode
    changed a Final assessment's answers and it still read Final)."""
    m = state.meta()
    reopen = bool(st.session_state.get(keys.ASSESSMENT_ID)) and m.get("status") == "final"
    if reopen:
        m["status"] = REOPENED_STATUS
    if _save(answers=answers, notes=notes, meta=reopen) is not None:
        if reopen:  # nothing was stored: the session goes on saying what is
            m["status"] = "final"
        return
    if reopen:
        st.session_state[keys.META_FIELD + "status"] = REOPENED_STATUS
        st.session_state[REOPENED] = True  # the page says so beside the change (pages/assess.py)


def set_note(qid: str, text: Any) -> None:
    """A question's note was edited in ``keys.NOTE + qid``."""
    kept = state.notes().get(qid, "")
    try:
        text = check_note(text or "", f"note on {qid}")
    except DetailsError as exc:
        _refuse(exc, keys.NOTE + qid, kept)
        return
    if text == kept:
        return
    if text:
        state.notes()[qid] = text
    else:
        state.notes().pop(qid, None)
    _save_content(notes=True)


def set_detail(field: str, value: Any) -> None:
    """A project detail (title, municipality, department, owner, status) was edited."""
    kept = state.meta().get(field, "")
    try:
        value = check_details({field: value})[field]
    except DetailsError as exc:
        _refuse(exc, keys.META_FIELD + field, kept)
        return
    if value != kept:
        state.meta()[field] = value
        _save(meta=True)


def set_checklist(item: str, field: str, value: Any, widget: str) -> None:
    """A checklist item's status, owner or note was edited in ``widget``."""
    entry = state.checklist_state().get(item) or dict(DEFAULT_ENTRY)
    try:
        clean = check_entry({**entry, field: value}, item)
    except DetailsError as exc:
        _refuse(exc, widget, entry.get(field, DEFAULT_ENTRY[field]))
        return
    if clean != entry:
        state.checklist_state()[item] = clean
        _save(checklist=True)


def _refuse(exc: Exception, widget: str, kept: Any) -> None:
    """Show why a value was not kept, and put the widget back to the value that is."""
    st.session_state[widget] = kept
    st.session_state[keys.SAVE_ERROR] = ("invalid", str(exc), "")


def _create() -> None:
    """Store the session's assessment for the first time."""
    ss = st.session_state
    m = state.meta()
    with session_scope(engine()) as session:
        record = create_assessment(
            principal=principal(),
            session=session,
            title=m.get("title") or tr("home.untitled"),
            municipality=m.get("municipality", ""),
            department=m.get("department", ""),
            owner=m.get("owner", ""),
            pack=get_pack(),
            answers=state.answers(),
            notes=state.notes(),
            checklist=state.checklist_state(),
            actor=actor(),
        )
    ss[keys.ASSESSMENT_ID] = record.id
    ss[keys.VERSION] = record.version
    st.query_params["a"] = record.id


def _update(
    *,
    answers: bool = False,
    notes: bool = False,
    checklist: bool = False,
    meta: bool = False,
    outcome: Mapping[str, Any] | None = None,
) -> None:
    """Save the named parts with the version the session loaded (``outcome``: None leaves it)."""
    ss = st.session_state
    m = state.meta()
    with session_scope(engine()) as session:
        ss[keys.VERSION] = save_assessment(
            principal=principal(),
            session=session,
            id=ss[keys.ASSESSMENT_ID],
            expected_version=ss[keys.VERSION],
            actor=actor(),
            pack=get_pack(),
            answers=state.answers() if answers else None,
            notes=state.notes() if notes else None,
            checklist=state.checklist_state() if checklist else None,
            meta={**m, "title": m.get("title") or tr("home.untitled")} if meta else None,
            outcome=outcome,
        )


def _save(
    *,
    answers: bool = False,
    notes: bool = False,
    checklist: bool = False,
    meta: bool = False,
    outcome: Mapping[str, Any] | None = None,
) -> tuple[str, str, str] | None:
    """Store the named parts with the session's version (a first change creates the assessment;
    ``outcome`` then follows with the new version). Returns why it was refused, as the
    ``(kind, who, when)`` kept under ``SAVE_ERROR``, or None."""
    ss = st.session_state
    err: tuple[str, str, str]
    try:
        if ss.get(keys.ASSESSMENT_ID):
            _update(answers=answers, notes=notes, checklist=checklist, meta=meta, outcome=outcome)
        else:
            _create()  # everything the session holds but what happened, which follows
            if outcome is not None:
                _update(outcome=outcome)
    except StaleSave as exc:
        err = ("stale", exc.saved_by or "?", f"{exc.saved_at:%Y-%m-%d %H:%M} UTC")
    except NotFound:
        err = ("gone", "", "")
    except Forbidden:  # a viewer, or a share link's reader: nothing they change is stored
        _back_to_stored()  # nor shown as set, nor counted in the progress
        err = ("forbidden", "", "")
    except (StoreError, AnswerError, ValueError) as exc:
        err = ("invalid", str(exc), "")
    except SQLAlchemyError as exc:  # the database is unreachable or locked: say so, do not crash
        log.exception("save failed")
        err = ("invalid", f"the database did not accept it ({type(exc).__name__})", "")
    else:
        ss.pop(keys.SAVE_ERROR, None)
        return None
    ss[keys.SAVE_ERROR] = err
    return err


def _back_to_stored() -> None:
    """Put the session (answers, notes, checklist, details and every widget) back to what is stored."""
    from ui.session import open_assessment  # session imports this module

    aid = st.session_state.get(keys.ASSESSMENT_ID)
    if aid:
        try:
            open_assessment(aid)
        except (NotFound, SQLAlchemyError):
            log.warning("could not reload %s after a refused change", aid)


def save_outcome(values: Mapping[str, Any]) -> str | None:
    """The "What happened" form was submitted (an empty mapping clears it): check it against the
    pack, store it with the session's version (a stale tab is refused like any other save) and
    keep it in the session. Returns why nothing was saved, or None."""
    ss = st.session_state
    try:
        clean = check_what_happened(values, used_route_ids(get_pack())) if values else {}
    except DetailsError as exc:
        return _field_message(str(exc))
    if clean == (state.outcome() or {}):
        return None
    err = _save(outcome=clean)
    if err is None:
        ss[keys.OUTCOME] = clean or None
        return None
    kind, who, when = err
    if kind == "invalid":  # the form says why, next to the fields: not again at the top of the page
        ss.pop(keys.SAVE_ERROR, None)
        return _field_message(who)
    return tr(f"session.save_{kind}", who=who, when=when)


def _field_message(msg: str) -> str:
    """A check's message with the field named as the form labels it ("Award date: ...")."""
    field, sep, rest = msg.partition(": ")
    key = f"happened.field.{field}"
    if sep and field.isidentifier():
        try:
            return f"{tr(key)}: {rest}"
        except KeyError:
            return msg
    return msg
