"""The local case library: cases shared by other installations and imported here.

The store keeps each case's document as it was checked at import (``mixdecide.sharing``); it does
not re-interpret it. One case id once per pack: a second import of the same case is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select
from sqlmodel import Session

from mixdecide.store.models import LOCAL_CASE, new_id, utcnow
from mixdecide.store.records import InvalidValue, NotFound
from mixdecide.store.rows import is_valid_id
from mixdecide.store.validate import clean_actor

L = LOCAL_CASE
MAX_LOCAL_CASES = 2_000


@dataclass(frozen=True, slots=True)
class LocalCaseRecord:
    id: str
    case_id: str
    imported_at: dt.datetime
    imported_by: str
    data: dict[str, Any]


def add_local_cases(
    *, session: Session, pack_id: str, cases: list[Mapping[str, Any]], actor: str
) -> list[str]:
    """Store checked case documents (each with its ``id``); InvalidValue if one is already there
    (nothing stored) or the library is full."""
    actor = clean_actor(actor)
    ids = [str(c["id"]) for c in cases]
    if len(set(ids)) != len(ids):
        raise InvalidValue("the file holds the same case id twice")
    there = set(
        session.execute(select(L.c.case_id).where(L.c.pack_id == pack_id, L.c.case_id.in_(ids))).scalars()
    )
    if there:
        raise InvalidValue(f"already in the local case library: {', '.join(sorted(there))}")
    count = session.execute(select(func.count()).select_from(L).where(L.c.pack_id == pack_id)).scalar_one()
    if count + len(ids) > MAX_LOCAL_CASES:
        raise InvalidValue(f"the local case library holds at most {MAX_LOCAL_CASES} cases")
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "pack_id": pack_id,
            "case_id": cid,
            "imported_at": now,
            "imported_by": actor,
            "data": dict(c),
        }
        for cid, c in zip(ids, cases, strict=True)
    ]
    if rows:
        session.execute(insert(L), rows)
    return [str(r["id"]) for r in rows]


def list_local_cases(*, session: Session, pack_id: str) -> list[LocalCaseRecord]:
    """The pack's local cases, most recently imported first."""
    rows = session.execute(
        select(L.c.id, L.c.case_id, L.c.imported_at, L.c.imported_by, L.c.data)
        .where(L.c.pack_id == pack_id)
        .order_by(L.c.imported_at.desc(), L.c.case_id)
        .limit(MAX_LOCAL_CASES)
    ).all()
    return [LocalCaseRecord(*r) for r in rows]


def delete_local_case(*, session: Session, id: str) -> None:
    """Remove a local case (NotFound if it is not there)."""
    if not is_valid_id(id):
        raise NotFound(str(id))
    done = cast(CursorResult[Any], session.execute(delete(L).where(L.c.id == id)))
    if done.rowcount != 1:
        raise NotFound(id)


__all__ = ["LocalCaseRecord", "add_local_cases", "delete_local_case", "list_local_cases"]
