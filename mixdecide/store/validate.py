"""Checks and clean copies of what a user typed, and the per-key diff the audit trail records.

The limits and status lists are those of ``mixdecide.details`` (the same models the pages and the
JSON import use); a value they refuse raises ``InvalidValue`` with the model's message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mixdecide.answers import normalize_answers
from mixdecide.details import (
    DEFAULT_ENTRY,
    DetailsError,
    check_details,
    check_entry,
    check_name,
    check_note,
    check_what_happened,
)
from mixdecide.happened import used_route_ids
from mixdecide.store.records import InvalidValue
from mixdecide.text import echo

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack


def _invalid(exc: DetailsError) -> InvalidValue:
    return InvalidValue(str(exc))


def clean_actor(value: Any) -> str:
    """The name the audit trail records for a change: stripped, checked, not empty."""
    try:
        name = check_name(value, "actor")
    except DetailsError as exc:
        raise _invalid(exc) from None
    if not name:
        raise InvalidValue("actor must not be empty")
    return name


def clean_status(value: Any) -> str:
    try:
        return check_details({"status": value})["status"]
    except DetailsError as exc:
        raise _invalid(exc) from None


def clean_meta(meta: Mapping[str, Any]) -> dict[str, str]:
    """Some of title (not empty), municipality, department, owner and status, checked against
    the ``Details`` model."""
    try:
        out = check_details(meta)
    except DetailsError as exc:
        raise _invalid(exc) from None
    if "title" in out and not out["title"]:
        raise InvalidValue("title must not be empty")
    return out


def clean_answers(answers: Mapping[str, Any], pack: Pack | None) -> dict[str, Any]:
    """Answers checked against ``pack`` when given (AnswerError); unanswered (None) ones dropped."""
    if pack is not None:
        return normalize_answers(pack, answers)
    if not isinstance(answers, Mapping) or not all(isinstance(k, str) for k in answers):
        raise InvalidValue("answers must map question ids to values")
    return {k: v for k, v in answers.items() if v is not None}


def clean_notes(notes: Mapping[str, Any], pack: Pack | None) -> dict[str, str]:
    """Question id -> note; blank notes are dropped (deleting a note is saving it empty)."""
    if not isinstance(notes, Mapping):
        raise InvalidValue("notes must map question ids to text")
    out = {}
    for qid, text in notes.items():
        if not isinstance(qid, str) or (pack is not None and qid not in pack.questions):
            raise InvalidValue(f"note for unknown question {echo(qid)}")
        if text is None:
            continue
        try:
            text = check_note(text, f"note on {qid}")
        except DetailsError as exc:
            raise _invalid(exc) from None
        if text:
            out[qid] = text
    return out


def clean_checklist(checklist: Mapping[str, Any], pack: Pack | None) -> dict[str, dict[str, str]]:
    """Item id -> {status, owner, note} with defaults filled in; None drops an item's progress."""
    if not isinstance(checklist, Mapping):
        raise InvalidValue("checklist must map item ids to {status, owner, note}")
    known = {i.id for i in pack.checklist.items} if pack is not None else None
    out = {}
    for item, entry in checklist.items():
        if not isinstance(item, str) or (known is not None and item not in known):
            raise InvalidValue(f"unknown checklist item {echo(item)}")
        if entry is None:
            continue
        try:
            clean = check_entry(entry, item)
        except DetailsError as exc:
            raise _invalid(exc) from None
        if clean != DEFAULT_ENTRY:  # the default is not stored
            out[item] = clean
    return out


def clean_outcome(outcome: Mapping[str, Any], pack: Pack | None) -> dict[str, Any]:
    """What happened, checked (``check_what_happened``); an empty mapping clears it. Without
    ``pack`` the route is only checked for its form."""
    if isinstance(outcome, Mapping) and not outcome:
        return {}
    route = outcome.get("route") if isinstance(outcome, Mapping) else None
    routes = used_route_ids(pack) if pack is not None else {route} if isinstance(route, str) else set()
    try:
        return check_what_happened(outcome, routes)
    except DetailsError as exc:
        raise _invalid(exc) from None


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(key, old value, new value) for every key whose value differs; absent reads as None."""
    return [(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
