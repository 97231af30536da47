"""Municipality profiles in the store: read one by name, save (insert or replace), forget.

The profile is checked by ``mixdecide.profile.check_profile`` before it reaches here; a stored
row that no longer passes (edited by hand) reads as None, so the plan falls back to the defaults
rather than failing.

Each profile belongs to an organisation (``access.org_scope``: a member's own, "" in single-user
mode), so two municipalities' organisations can each keep a profile of the same name. Reading
takes membership (any role: every plan uses it); saving and forgetting take the organisation's
admin role (a profile sets the approval levels every colleague's plan shows). Someone who is no
member reads no profile at all: the plan uses the pack's defaults. Every save and reset is recorded
in the organisation's profile trail with the values before and after (``profile_trail``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from mixdecide.profile import Profile, ProfileError, profile_from_data
from mixdecide.store.access import Principal, acting, org_scope
from mixdecide.store.models import MUNICIPALITY_PROFILE as P
from mixdecide.store.models import PROFILE_EVENT as PE
from mixdecide.store.models import utcnow
from mixdecide.store.records import Forbidden
from mixdecide.store.repo import actor_of


@dataclass(frozen=True, slots=True)
class ProfileEvent:
    """One change to a profile: who saved or reset which municipality's profile, and when."""

    at: dt.datetime
    actor: str
    action: str  # "saved" or "deleted"
    name: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


def _key(name: str) -> str:
    return " ".join(name.split())


def _admin_org(principal: Principal) -> str:
    org = org_scope(principal)
    if org is None or not principal.admin:
        raise Forbidden("Only an admin of the organisation can change its municipality profiles.")
    return org


def _stored(session: Session, org: str, name: str) -> Any:
    return session.execute(select(P.c.data).where(P.c.org_id == org, P.c.name == name)).scalar_one_or_none()


def _log(session: Session, org: str, name: str, action: str, actor: str, old: Any, new: Any) -> None:
    session.execute(
        insert(PE).values(org_id=org, name=name, action=action, actor=actor, at=utcnow(), old=old, new=new)
    )


def get_profile(*, session: Session, name: str, principal: Principal | None = None) -> Profile | None:
    """The saved profile of ``name`` (whitespace-insensitive) in ``principal``'s organisation, or None."""
    org = org_scope(acting(principal))
    if org is None:
        return None
    row = session.execute(select(P.c.name, P.c.data).where(P.c.org_id == org, P.c.name == _key(name))).first()
    if row is None:
        return None
    try:
        return profile_from_data(row.name, row.data or {})
    except ProfileError:
        return None


def save_profile(
    *, session: Session, profile: Profile, actor: str = "", principal: Principal | None = None
) -> None:
    """Insert or replace the profile of ``profile.name`` in the acting admin's organisation."""
    who = acting(principal)
    org = _admin_org(who)
    name, actor = _key(profile.name), actor_of(who, actor)
    data = profile.to_data()
    old = _stored(session, org, name)
    if old == data:
        return  # nothing changed: nothing to record
    values = {"updated_at": utcnow(), "updated_by": actor, "data": data}
    if old is not None:
        session.execute(P.update().where(P.c.org_id == org, P.c.name == name).values(**values))
    else:
        session.execute(P.insert().values(org_id=org, name=name, **values))
    _log(session, org, name, "saved", actor, old, data)


def delete_profile(
    *, session: Session, name: str, actor: str = "", principal: Principal | None = None
) -> bool:
    """Forget the saved profile of ``name`` (the defaults apply again); True if there was one."""
    who = acting(principal)
    org = _admin_org(who)
    name, actor = _key(name), actor_of(who, actor)
    old = _stored(session, org, name)
    if old is None:
        return False
    session.execute(delete(P).where(P.c.org_id == org, P.c.name == name))
    _log(session, org, name, "deleted", actor, old, None)
    return True


def profile_names(*, session: Session, principal: Principal | None = None) -> list[str]:
    """The names of ``principal``'s organisation's saved profiles."""
    org = org_scope(acting(principal))
    if org is None:
        return []
    return [r[0] for r in session.execute(select(P.c.name).where(P.c.org_id == org).order_by(P.c.name))]


def profile_trail(
    *, session: Session, principal: Principal | None = None, limit: int = 50
) -> list[ProfileEvent]:
    """The latest saves and resets of ``principal``'s organisation's profiles, most recent first."""
    org = org_scope(acting(principal))
    if org is None:
        return []
    rows = session.execute(
        select(PE.c.at, PE.c.actor, PE.c.action, PE.c.name, PE.c.old, PE.c.new)
        .where(PE.c.org_id == org)
        .order_by(PE.c.id.desc())
        .limit(max(1, min(int(limit), 1_000)))
    ).all()
    return [ProfileEvent(*r) for r in rows]
