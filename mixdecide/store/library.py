"""The local case library: cases shared by other installations and imported here.

The store keeps each case's document as it was checked at import (``mixdecide.sharing``); it does
not re-interpret it. One case id once per pack: a second import of the same case is refused.

Each case belongs to an organisation (``access.org_scope``: a member's own, "" in single-user
mode). Reading the library and its trail takes membership of that organisation (any role);
importing and deleting take its editor or admin role. A case of another organisation is exactly an
unknown id (``NotFound``, same message); a case one can see but not delete raises ``Forbidden``.
Imports and deletions are recorded with the signed-in identity (single-user mode: the name typed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select
from sqlmodel import Session

from mixdecide.store.access import Principal, acting, org_scope
from mixdecide.store.models import LOCAL_CASE, LOCAL_CASE_EVENT, new_id, utcnow
from mixdecide.store.records import Forbidden, InvalidValue, NotFound
from mixdecide.store.repo import actor_of
from mixdecide.store.rows import is_valid_id

L, EV = LOCAL_CASE, LOCAL_CASE_EVENT
MAX_LOCAL_CASES = 2_000
TITLE_KEEP = 200  # the width of local_case_event.title


@dataclass(frozen=True, slots=True)
class LocalCaseRecord:
    id: str
    case_id: str
    imported_at: dt.datetime
    imported_by: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LocalCaseEvent:
    """One change to the local case library: who imported or deleted which case, and when."""

    at: dt.datetime
    actor: str
    action: str  # "import" or "delete"
    case_id: str
    title: str


def _title(doc: Mapping[str, Any]) -> str:
    title = doc.get("title")
    text = title.get("en", "") if isinstance(title, Mapping) else ""
    return (str(text) or str(doc.get("id", "")))[:TITLE_KEEP]


def _log(
    session: Session, org: str, pack_id: str, action: str, actor: str, docs: list[Mapping[str, Any]]
) -> None:
    now = utcnow()
    session.execute(
        insert(EV),
        [
            {
                "org_id": org,
                "pack_id": pack_id,
                "case_id": str(d.get("id", ""))[:64],
                "title": _title(d),
                "action": action,
                "actor": actor,
                "at": now,
            }
            for d in docs
        ],
    )


def _editor_org(principal: Principal) -> str:
    """The organisation an import or deletion acts in; Forbidden without the editor role there."""
    org = org_scope(principal)
    if org is None or not principal.editor:
        raise Forbidden("Importing or deleting shared cases needs the editor or admin role.")
    return org


def add_local_cases(
    *,
    session: Session,
    pack_id: str,
    cases: list[Mapping[str, Any]],
    actor: str = "",
    principal: Principal | None = None,
) -> list[str]:
    """Store checked case documents (each with its ``id``) in the acting editor's organisation;
    InvalidValue if one is already there (nothing stored) or the library is full."""
    who = acting(principal)
    org = _editor_org(who)
    actor = actor_of(who, actor)
    ids = [str(c["id"]) for c in cases]
    if len(set(ids)) != len(ids):
        raise InvalidValue("the file holds the same case id twice")
    mine = (L.c.org_id == org, L.c.pack_id == pack_id)
    there = set(session.execute(select(L.c.case_id).where(*mine, L.c.case_id.in_(ids))).scalars())
    if there:
        raise InvalidValue(f"already in the local case library: {', '.join(sorted(there))}")
    count = session.execute(select(func.count()).select_from(L).where(*mine)).scalar_one()
    if count + len(ids) > MAX_LOCAL_CASES:
        raise InvalidValue(f"the local case library holds at most {MAX_LOCAL_CASES} cases")
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "org_id": org,
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
        _log(session, org, pack_id, "import", actor, list(cases))
    return [str(r["id"]) for r in rows]


def list_local_cases(
    *, session: Session, pack_id: str, principal: Principal | None = None
) -> list[LocalCaseRecord]:
    """The pack's local cases of ``principal``'s organisation, most recently imported first
    (none for someone who is no member: the nearest-case lookup then has the pack's own cases)."""
    org = org_scope(acting(principal))
    if org is None:
        return []
    rows = session.execute(
        select(L.c.id, L.c.case_id, L.c.imported_at, L.c.imported_by, L.c.data)
        .where(L.c.org_id == org, L.c.pack_id == pack_id)
        .order_by(L.c.imported_at.desc(), L.c.case_id)
        .limit(MAX_LOCAL_CASES)
    ).all()
    return [LocalCaseRecord(*r) for r in rows]


def delete_local_case(
    *, session: Session, id: str, actor: str = "", principal: Principal | None = None
) -> None:
    """Remove a local case and record who did it and when: NotFound if it is not there or belongs
    to another organisation (the same message), Forbidden for a member who is no editor."""
    who = acting(principal)
    org = org_scope(who)
    if org is None or not is_valid_id(id):
        raise NotFound(str(id))
    row = session.execute(select(L.c.pack_id, L.c.data).where(L.c.id == id, L.c.org_id == org)).first()
    if row is None:
        raise NotFound(id)
    _editor_org(who)
    actor = actor_of(who, actor)
    done = cast(CursorResult[Any], session.execute(delete(L).where(L.c.id == id, L.c.org_id == org)))
    if done.rowcount != 1:
        raise NotFound(id)
    _log(session, org, row.pack_id, "delete", actor, [row.data])


def local_case_events(
    *, session: Session, pack_id: str, limit: int = 50, principal: Principal | None = None
) -> list[LocalCaseEvent]:
    """The latest imports and deletions in ``principal``'s organisation's library, most recent first."""
    org = org_scope(acting(principal))
    if org is None:
        return []
    rows = session.execute(
        select(EV.c.at, EV.c.actor, EV.c.action, EV.c.case_id, EV.c.title)
        .where(EV.c.org_id == org, EV.c.pack_id == pack_id)
        .order_by(EV.c.id.desc())
        .limit(limit)
    ).all()
    return [LocalCaseEvent(*r) for r in rows]


__all__ = [
    "LocalCaseEvent",
    "LocalCaseRecord",
    "add_local_cases",
    "delete_local_case",
    "list_local_cases",
    "local_case_events",
]
