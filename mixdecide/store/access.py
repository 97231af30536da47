"""Who is acting, and what they may see and change. Every store function takes a ``principal``.

Single-user mode (no sign-in configured, ``make run``): the principal is ``LOCAL``, a local
superuser who sees and changes everything, exactly as before teams existed. A team deployment calls
``configure(team=True)`` once at start; from then on a store call that names no principal acts as
``ANONYMOUS`` and sees nothing (fail closed), so a page that forgets to pass the signed-in user
shows nothing rather than everything.

What a member of an organisation may see (read), by the assessment's visibility:

============  =========================================================================
private       its owner, and the organisation's admins
department    also the members whose department equals the assessment's department
organisation  every member of the organisation
link          like private, plus anyone holding an unexpired, unrevoked share link
              (read-only; no organisation or sign-in needed)
============  =========================================================================

Changing an assessment takes the editor or admin role on top of seeing it through membership (a
share link never lets anyone change anything). Deleting it, changing its visibility or owner and
making share links take its owner (editor or admin) or an admin of its organisation. Creating an
assessment takes the editor role.

An id the principal may not see raises exactly what an unknown id raises (``NotFound``, same
message) and costs the same single query: the access rule is part of that query's WHERE clause.
Seeing an assessment but not being allowed to change it raises ``Forbidden``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true

from mixdecide.details import NAME_MAX
from mixdecide.store.models import ASSESSMENT, ASSESSMENT_SHARE, ROLES, VISIBILITIES, utcnow
from mixdecide.store.records import Forbidden

A, S = ASSESSMENT, ASSESSMENT_SHARE
__all__ = [
    "ANONYMOUS",
    "LOCAL",
    "ROLES",
    "VISIBILITIES",
    "Principal",
    "acting",
    "can_manage",
    "can_write",
    "configure",
    "hash_token",
    "member_sees",
    "org_scope",
    "readable",
    "require_editor",
    "team_mode",
]


@dataclass(frozen=True)
class Principal:
    """The person a store call acts for.

    ``subject``, ``name`` and ``email`` come from the identity provider; ``org``, ``role`` and
    ``department`` from the organisation's member list (``mixdecide.store.team``). ``shares`` are
    share-link tokens the person presented (they can be anonymous). ``superuser`` is the local user
    of single-user mode only.
    """

    subject: str = ""
    name: str = ""
    email: str = ""
    org: str = ""
    role: str | None = None
    department: str = ""
    superuser: bool = False
    shares: tuple[str, ...] = ()

    @property
    def member(self) -> bool:
        """Signed in and a member of an organisation (with a role)."""
        return bool(self.subject and self.org and self.role in ROLES)

    @property
    def editor(self) -> bool:
        return self.superuser or (self.member and self.role in ("editor", "admin"))

    @property
    def admin(self) -> bool:
        return self.superuser or (self.member and self.role == "admin")

    @property
    def label(self) -> str:
        """How the audit trail names this person: "Name <e-mail>", or whichever of them exists."""
        if self.name and self.email:
            both = f"{self.name} <{self.email}>"
            if len(both) <= NAME_MAX:
                return both
        return (self.email or self.name or self.subject)[:NAME_MAX]

    def with_share(self, token: str) -> Principal:
        """The same person also holding a share-link token (e.g. from ``?s=`` in the address)."""
        if not token or token in self.shares:
            return self
        return replace(self, shares=(*self.shares, token))


LOCAL = Principal(subject="local", superuser=True)
ANONYMOUS = Principal()

_TEAM = False


def configure(*, team: bool) -> None:
    """Called once at start: ``team=True`` when sign-in is configured (see the module docstring)."""
    global _TEAM
    _TEAM = bool(team)


def team_mode() -> bool:
    return _TEAM


def acting(principal: Principal | None) -> Principal:
    """The principal a store call acts as: the one given, else LOCAL (single-user) or ANONYMOUS."""
    if principal is not None:
        return principal
    return ANONYMOUS if _TEAM else LOCAL


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _same_department(principal: Principal) -> ColumnElement[bool]:
    if not principal.department.strip():
        return false()
    return func.lower(func.trim(A.c.department)) == principal.department.strip().lower()


def readable(principal: Principal, now: dt.datetime | None = None) -> ColumnElement[bool]:
    """The WHERE clause selecting the assessments ``principal`` may see (see the module docstring)."""
    if principal.superuser:
        return true()
    clauses: list[ColumnElement[bool]] = []
    if principal.member:
        same_org = A.c.org_id == principal.org
        if principal.role == "admin":
            clauses.append(same_org)
        else:
            clauses.append(
                and_(
                    same_org,
                    or_(
                        A.c.owner_sub == principal.subject,
                        A.c.visibility == "organisation",
                        and_(A.c.visibility == "department", _same_department(principal)),
                    ),
                )
            )
    hashes = [hash_token(t) for t in principal.shares if t][:20]
    if hashes:
        live = select(S.c.assessment_id).where(
            S.c.token_hash.in_(hashes), S.c.expires_at > (now or utcnow()), S.c.revoked_at.is_(None)
        )
        clauses.append(and_(A.c.visibility == "link", A.c.id.in_(live)))
    return or_(*clauses) if clauses else false()


def member_sees(principal: Principal, row: Mapping[str, Any]) -> bool:
    """Whether membership alone (no share link) lets ``principal`` see ``row``."""
    if principal.superuser:
        return True
    if not principal.member or row["org_id"] != principal.org:
        return False
    if principal.role == "admin" or row["owner_sub"] == principal.subject:
        return True
    if row["visibility"] == "organisation":
        return True
    department = principal.department.strip().lower()
    return bool(
        row["visibility"] == "department" and department and row["department"].strip().lower() == department
    )


def can_write(principal: Principal, row: Mapping[str, Any]) -> bool:
    """May change answers, notes, checklist, details and status (a row it can already see)."""
    return principal.editor and member_sees(principal, row)


def can_manage(principal: Principal, row: Mapping[str, Any]) -> bool:
    """May delete, change visibility or owner, and make share links."""
    if principal.superuser:
        return True
    if not principal.member or row["org_id"] != principal.org:
        return False
    return principal.role == "admin" or (principal.editor and row["owner_sub"] == principal.subject)


def check_write(principal: Principal, row: Mapping[str, Any]) -> None:
    if not can_write(principal, row):
        raise Forbidden("You can read this assessment but not change it (editors and admins can).")


def check_manage(principal: Principal, row: Mapping[str, Any]) -> None:
    if not can_manage(principal, row):
        raise Forbidden("Only the assessment's owner or an admin of its organisation can do this.")


def org_scope(principal: Principal) -> str | None:
    """The organisation whose local cases and municipality profiles ``principal`` reads and
    changes: a member's own, single-user mode's implicit organisation "" for LOCAL; None (nothing
    at all) for anyone else. Unlike assessments, no role sees another organisation's: a case
    library or a profile is the organisation's own working material, with no visibility setting."""
    if principal.superuser or principal.member:
        return principal.org
    return None


def require_editor(principal: Principal) -> None:
    """Creating (or importing) an assessment or a workshop takes the editor role."""
    if not principal.editor:
        raise Forbidden("Creating an assessment needs the editor or admin role.")
