"""Municipality profiles in the store: read one by name, save (insert or replace), forget.

The profile is checked by ``mixdecide.profile.check_profile`` before it reaches here; a stored
row that no longer passes (edited by hand) reads as None, so the plan falls back to the defaults
rather than failing.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlmodel import Session

from mixdecide.details import check_name
from mixdecide.profile import Profile, ProfileError, profile_from_data
from mixdecide.store.models import MUNICIPALITY_PROFILE as P
from mixdecide.store.models import utcnow


def _key(name: str) -> str:
    return " ".join(name.split())


def get_profile(*, session: Session, name: str) -> Profile | None:
    """The saved profile of ``name`` (whitespace-insensitive), or None."""
    row = session.execute(select(P.c.name, P.c.data).where(P.c.name == _key(name))).first()
    if row is None:
        return None
    try:
        return profile_from_data(row.name, row.data or {})
    except ProfileError:
        return None


def save_profile(*, session: Session, profile: Profile, actor: str) -> None:
    """Insert or replace the profile of ``profile.name``."""
    name, who = _key(profile.name), check_name(actor, "actor")
    values = {"updated_at": utcnow(), "updated_by": who, "data": profile.to_data()}
    updated = session.execute(P.update().where(P.c.name == name).values(**values))
    if not updated.rowcount:  # type: ignore[attr-defined]
        session.execute(P.insert().values(name=name, **values))


def delete_profile(*, session: Session, name: str) -> bool:
    """Forget the saved profile of ``name`` (the defaults apply again); True if there was one."""
    result = session.execute(delete(P).where(P.c.name == _key(name)))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def profile_names(*, session: Session) -> list[str]:
    return [r[0] for r in session.execute(select(P.c.name).order_by(P.c.name))]
