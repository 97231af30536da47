"""Row-level helpers shared by the repository and the demo seeder (Core statements, no ORM state)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ColumnElement, CursorResult, delete, insert, select, update
from sqlmodel import Session

from mixdecide.store.models import ASSESSMENT, ASSESSMENT_RISK, AUDIT_EVENT, new_id, utcnow
from mixdecide.store.records import NotFound, StaleSave

if TYPE_CHECKING:
    from mixdecide.result import Assessment as Result

A, R, E = ASSESSMENT, ASSESSMENT_RISK, AUDIT_EVENT
Event = tuple[str, Any, Any, Any]  # (action, target, old, new)
_ID = re.compile(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")


def is_valid_id(value: object) -> bool:
    """True for a uuid4 in lowercase hex (what the store issues); checks the format only."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def result_columns(result: Result) -> dict[str, Any]:
    """The columns an engine result sets: snapshot, pack, top route and worst risk."""
    worst = max(result.risks, key=lambda r: r.score, default=None)
    return {
        "snapshot": result.to_dict(),
        "pack_id": result.pack_id,
        "pack_version": result.pack_version,
        "top_route": result.top,
        "max_risk_band": worst.band if worst else None,
        "max_risk_score": worst.score if worst else None,
    }


def risk_rows(result: Result) -> list[dict[str, Any]]:
    """The assessment_risk rows of an engine result (without the assessment id)."""
    keys = ("dimension", "likelihood", "impact", "score", "band")
    return [{k: getattr(r, k) for k in keys} for r in result.risks]


def write_risks(session: Session, id: str, risks: list[dict[str, Any]], *, replace: bool) -> None:
    if replace:
        session.execute(delete(R).where(R.c.assessment_id == id))
    if risks:
        session.execute(insert(R), [{**r, "assessment_id": id} for r in risks])


def log_events(session: Session, id: str, actor: str, at: dt.datetime, events: list[Event]) -> None:
    if events:
        rows = [
            {"assessment_id": id, "at": at, "actor": actor, "action": a, "target": t, "old": o, "new": n}
            for a, t, o, n in events
        ]
        session.execute(insert(E), rows)


def read_row(
    session: Session,
    id: str,
    *,
    include_deleted: bool = False,
    skip: tuple[str, ...] = (),
    visible: ColumnElement[bool] | None = None,
) -> dict[str, Any]:
    """The assessment's row (without the ``skip`` columns); NotFound for a malformed, unknown,
    (unless asked) deleted id or one that ``visible`` (an access clause, ``access.readable``)
    leaves out: one query either way."""
    valid = is_valid_id(id)
    query = select(*(c for c in A.c if c.name not in skip)) if skip else select(A)
    query = query.where(A.c.id == (id if valid else ""))  # malformed: the same query, no row
    if visible is not None:
        query = query.where(visible)
    if not include_deleted:
        query = query.where(A.c.deleted_at.is_(None))
    row = session.execute(query).mappings().first()
    if row is None or not valid:
        raise NotFound(str(id)[:64])
    return dict(row)


def update_if_current(session: Session, id: str, expected: int, values: Mapping[str, Any]) -> None:
    """UPDATE ... WHERE id = :id AND version = :expected; StaleSave (or NotFound) if no row matched.

    The version check is in the UPDATE itself, so it holds between app servers too: on PostgreSQL a
    concurrent save blocks on the row lock, then re-checks the condition and matches nothing.
    """
    query = update(A).where(A.c.id == id, A.c.version == expected, A.c.deleted_at.is_(None)).values(**values)
    done = cast(CursorResult[Any], session.execute(query))
    if done.rowcount != 1:
        row = read_row(session, id)  # NotFound if it was deleted meanwhile
        raise StaleSave(id, expected, row["version"], row["updated_by"], row["updated_at"])


def insert_assessment(
    *, session: Session, values: Mapping[str, Any], risks: list[dict[str, Any]], actor: str, event: Event
) -> str:
    """Insert a complete row, its risk rows and one audit event (create, duplicate, demo seed)."""
    now = utcnow()
    row = {
        "id": new_id(),
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "created_by": actor,
        "updated_by": actor,
        "notes": {},
        "checklist": {},
        "status": "draft",
        **values,
    }
    session.execute(insert(A).values(**row))
    write_risks(session, row["id"], risks, replace=False)
    log_events(session, row["id"], actor, row["created_at"], [event])
    return str(row["id"])
