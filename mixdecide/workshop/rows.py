"""Row-level helpers shared by the workshop repository and the board (Core statements, no ORM state)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from mixdecide.store.models import utcnow
from mixdecide.store.records import InvalidValue
from mixdecide.workshop.codes import looks_like_token, secret_matches
from mixdecide.workshop.models import WORKSHOP
from mixdecide.workshop.records import NotAllowed, ParticipantInfo, WorkshopInfo, split_snapshot

if TYPE_CHECKING:
    from sqlalchemy import Table

    from mixdecide.pack.models import Pack

W = WORKSHOP
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_line(name: str, value: Any, limit: int, *, required: bool = False, multiline: bool = False) -> str:
    """Text a person typed: Unicode-normalised, control and direction characters removed,
    whitespace collapsed (newlines kept when ``multiline``), checked for length."""
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, got {type(value).__name__}")
    text: str = unicodedata.normalize("NFC", value)
    if multiline:
        lines = [_SPACES.sub(" ", _CONTROL.sub("", line)).strip() for line in text.splitlines()]
        text = "\n".join(lines).strip()
    else:
        text = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    if required and not text:
        raise InvalidValue(f"{name} must not be empty")
    if len(text) > limit:
        raise InvalidValue(f"{name} is {len(text)} characters long; the limit is {limit}")
    return text


def section_questions(pack: Pack, sections: Iterable[str]) -> tuple[str, ...]:
    """The questions of ``sections``, in questionnaire order."""
    wanted = set(sections)
    return tuple(q.id for s in pack.sections if s.id in wanted for q in s.questions)


def effective_status(row: Mapping[str, Any], now: dt.datetime) -> str:
    return "closed" if row["status"] == "closed" or row["expires_at"] <= now else str(row["status"])


def info(row: Mapping[str, Any], now: dt.datetime | None = None) -> WorkshopInfo:
    """A workshop row as a record; an expired workshop reads as closed."""
    now = now or utcnow()
    status = effective_status(row, now)
    published_answers, published_outside = split_snapshot(row.get("published_answers"))
    return WorkshopInfo(
        id=row["id"],
        assessment_id=row["assessment_id"],
        title=row["title"],
        sections=tuple(row["sections"] or ()),
        code=row["code"] if status != "closed" else None,
        status=status,
        show_names=bool(row["show_names"]),
        round=int(row["round"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        expires_at=row["expires_at"],
        applied_at=row["applied_at"],
        applied_version=row["applied_version"],
        published=bool(row.get("published")),
        published_at=row.get("published_at"),
        published_answers=published_answers,
        published_outside=published_outside,
    )


def participant(row: Mapping[str, Any]) -> ParticipantInfo:
    return ParticipantInfo(
        id=row["id"],
        workshop_id=row["workshop_id"],
        name=row["name"],
        joined_at=row["joined_at"],
        finished_at=row["finished_at"],
    )


def upsert(session: Session, table: Table, values: Mapping[str, Any], keys: Iterable[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE: one row per key, whatever the concurrency."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    keys = list(keys)
    stmt = module.insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={c: stmt.excluded[c] for c in values if c not in keys}
    )
    session.execute(stmt)


def facilitated(
    session: Session, workshop_id: object, secret: object, *, lock: bool = False
) -> dict[str, Any]:
    """The workshop row if ``secret`` is its facilitator secret; NotAllowed otherwise."""
    if not isinstance(workshop_id, str) or len(workshop_id) != 32 or not looks_like_token(secret):
        raise NotAllowed("not a facilitator link")
    query = select(W).where(W.c.id == workshop_id)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).mappings().first()
    # The digest is compared (in constant time) whether or not the workshop exists.
    if not secret_matches(secret, row["secret_hash"] if row else "0" * 64) or row is None:
        raise NotAllowed("not a facilitator link")
    return dict(row)
