"""Checks and clean copies of what a user typed, and the per-key diff the audit trail records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mixdecide.answers import normalize_answers
from mixdecide.store.models import CHECKLIST_STATUSES, STATUSES
from mixdecide.store.records import InvalidValue

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

META_FIELDS = ("title", "municipality", "department", "owner", "status")
MAX_LEN = {"title": 200, "municipality": 120, "department": 120, "owner": 120, "actor": 120}
MAX_NOTE = 4000
CHECKLIST_KEYS = ("status", "owner", "note")


def clean_text(name: str, value: Any, *, required: bool = False) -> str:
    """``value`` stripped, checked for type and length (and presence when ``required``)."""
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidValue(f"{name} must not be empty")
    limit = MAX_LEN.get(name, MAX_NOTE)
    if len(value) > limit:
        raise InvalidValue(f"{name} is {len(value)} characters long; the limit is {limit}")
    return value


def clean_status(value: Any) -> str:
    if value not in STATUSES:
        raise InvalidValue(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return str(value)


def clean_meta(meta: Mapping[str, Any]) -> dict[str, str]:
    """Title (required), municipality, department, owner and status, checked."""
    unknown = sorted(set(meta) - set(META_FIELDS))
    if unknown:
        raise InvalidValue(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(META_FIELDS)}")
    out = {}
    for key, value in meta.items():
        out[key] = clean_status(value) if key == "status" else clean_text(key, value, required=key == "title")
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
            raise InvalidValue(f"note for unknown question {qid!r}")
        if text is None:
            continue
        text = clean_text(f"note on {qid}", text)
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
            raise InvalidValue(f"unknown checklist item {item!r}")
        if entry is None:
            continue
        if not isinstance(entry, Mapping) or set(entry) - set(CHECKLIST_KEYS):
            raise InvalidValue(f"checklist item {item!r} takes only {', '.join(CHECKLIST_KEYS)}")
        status = entry.get("status") or "not_started"
        if status not in CHECKLIST_STATUSES:
            raise InvalidValue(
                f"checklist item {item!r}: status {status!r} is not one of {', '.join(CHECKLIST_STATUSES)}"
            )
        clean = {
            "status": status,
            "owner": clean_text("owner", entry.get("owner") or ""),
            "note": clean_text(f"note on {item}", entry.get("note") or ""),
        }
        if clean != {"status": "not_started", "owner": "", "note": ""}:  # the default is not stored
            out[item] = clean
    return out


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(key, old value, new value) for every key whose value differs; absent reads as None."""
    return [(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
