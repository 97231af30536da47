"""Team deployments: members and roles, each assessment's visibility and owner, share links.

Every function takes the acting ``principal`` (see ``access``). Every change of a role, department,
visibility or owner is audited: member changes in the organisation's trail (``member_trail``),
assessment changes in the assessment's own trail (``audit_trail``), with who did it and the values
before and after.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from mixdecide.details import NAME_MAX
from mixdecide.store.access import (
    Principal,
    acting,
    check_manage,
    hash_token,
)
from mixdecide.store.models import (
    ASSESSMENT_SHARE,
    EMAIL_MAX,
    MEMBER,
    MEMBER_EVENT,
    ORG_MAX,
    ORGANISATION,
    ROLES,
    SUBJECT_MAX,
    VISIBILITIES,
    utcnow,
)
from mixdecide.store.records import Forbidden, InvalidValue, MemberRecord, NoSuchMember, ShareLink
from mixdecide.store.repo import actor_of, visible_row
from mixdecide.store.rows import log_events, update_if_current
from mixdecide.store.validate import clean_actor, clean_meta

M, ME, ORG, S = MEMBER, MEMBER_EVENT, ORGANISATION, ASSESSMENT_SHARE
SHARE_MAX = dt.timedelta(days=90)
_ORG = re.compile(r"[a-z0-9][a-z0-9.\-_]{0,63}")
_MEMBER_COLUMNS = (
    M.c.subject,
    M.c.org_id,
    M.c.email,
    M.c.name,
    M.c.role,
    M.c.department,
    M.c.created_at,
    M.c.last_seen_at,
    M.c.deactivated_at,
)
DEACTIVATED = "This account was deactivated by an admin of its organisation: ask them to reactivate it."


def clean_org(value: object) -> str:
    """An organisation id: lowercase letters, digits, dots, dashes (an e-mail domain fits)."""
    org = str(value or "").strip().lower()
    if len(org) > ORG_MAX or not _ORG.fullmatch(org):
        raise InvalidValue(
            "an organisation id is 1 to 64 lowercase letters, digits, dots, dashes or underscores"
        )
    return org


def _clean_role(role: object) -> str:
    if role not in ROLES:
        raise InvalidValue(f"role must be one of {', '.join(ROLES)}")
    return str(role)


# --- members -------------------------------------------------------------------------------------


def _log_member(session: Session, org: str, actor: str, action: str, target: str, old: Any, new: Any) -> None:
    session.execute(
        insert(ME).values(
            org_id=org, at=utcnow(), actor=actor, action=action, target=target, old=old, new=new
        )
    )


def _principal(row: Any, shares: tuple[str, ...] = ()) -> Principal:
    return Principal(
        subject=row.subject,
        name=row.name,
        email=row.email,
        org=row.org_id,
        role=row.role,
        department=row.department,
        shares=shares,
    )


def _insert_if_absent(session: Session, table: Any, **values: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING, in the session's database's dialect."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).values(**values).on_conflict_do_nothing()


def sign_in(
    *,
    session: Session,
    subject: str,
    email: str,
    name: str,
    org: str,
    org_name: str = "",
    admins: Iterable[str] = (),
    default_role: str = "viewer",
) -> Principal:
    """The principal of someone the identity provider just signed in, recording them as a member.

    ``org`` comes from a claim or the e-mail domain (the app's configuration decides). A first
    sign-in joins the organisation (made if new) as ``default_role``, or as admin when the e-mail is
    one of the configured ``admins`` (how an organisation gets its first admin): an entry
    ``sub:<subject>`` matches the provider's subject, any other an e-mail (the caller admits only
    verified e-mails: ``mixdecide.auth.organisation_of``). Later sign-ins keep
    the role an admin gave and refresh name and e-mail. Someone whose organisation changed (a
    re-configured mapping) moves with ``default_role``: a role never carries across organisations.
    """
    subject = str(subject or "").strip()
    if not subject or len(subject) > SUBJECT_MAX:
        raise InvalidValue("the identity provider gave no usable subject")
    org = clean_org(org)
    email = str(email or "").strip()[:EMAIL_MAX]
    name = clean_meta({"owner": str(name or "").strip()[:NAME_MAX]})["owner"]
    default_role = _clean_role(default_role)
    wanted = {a.strip() for a in admins if a.strip()}  # "sub:<subject>" or an e-mail
    is_admin = f"sub:{subject}" in wanted or email.lower() in {a.lower() for a in wanted}
    now = utcnow()
    if session.execute(select(ORG.c.id).where(ORG.c.id == org)).first() is None:
        # Two people of a new organisation signing in at the same moment (on two servers) both
        # find no row; the second insert must not fail (it showed them an error page).
        session.execute(
            _insert_if_absent(session, ORG, id=org, name=(org_name or org)[:NAME_MAX], created_at=now)
        )
    row = session.execute(select(*_MEMBER_COLUMNS).where(M.c.subject == subject)).first()
    if row is not None and row.deactivated_at is not None:
        raise Forbidden(DEACTIVATED)  # off-boarded: signing in again at the provider changes nothing
    label = Principal(subject=subject, name=name, email=email).label
    if row is None or row.org_id != org:
        role = "admin" if is_admin else default_role
        if row is not None:
            _log_member(session, row.org_id, label, "member_left", subject, {"org": row.org_id}, {"org": org})
            session.execute(
                update(M)
                .where(M.c.subject == subject)
                .values(org_id=org, role=role, department="", updated_at=now)
            )
        else:
            session.execute(
                insert(M).values(
                    subject=subject, org_id=org, email=email, name=name, role=role, department="",
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip
        _log_member(session, org, label, "member_joined", subject, None, {"role": role, "email": email})
    elif is_admin and row.role != "admin":
        _log_member(session, org, "configuration (admins)", "role_changed", subject, row.role, "admin")
        session.execute(update(M).where(M.c.subject == subject).values(role="admin", updated_at=now))
    session.execute(update(M).where(M.c.subject == subject).values(email=email, name=name, last_seen_at=now))
    return load_principal(session=session, subject=subject)


def load_principal(*, session: Session, subject: str, shares: tuple[str, ...] = ()) -> Principal:
    """The member's current principal (roles changed by an admin apply at the next page run);
    a subject that is no member is anonymous, with any share links it holds. A deactivated member
    is refused (Forbidden, with the reason): every run of every open page re-reads this."""
    row = session.execute(select(*_MEMBER_COLUMNS).where(M.c.subject == subject)).first() if subject else None
    if row is None:
        return Principal(shares=shares)
    if row.deactivated_at is not None:
        raise Forbidden(DEACTIVATED)
    return _principal(row, shares)


def sign_in_key(issued_at: object, nonce: object) -> str:
    """A sign-in's fingerprint: the hash of its ID token's ``iat`` and ``nonce`` (unique per sign-in)."""
    return hash_token(f"{issued_at}|{nonce}")


def _issued(issued_at: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(str(issued_at)), dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def sign_in_current(*, session: Session, subject: str, issued_at: object, nonce: object = "") -> bool:
    """Whether a sign-in (its ID token's ``iat`` and ``nonce``) still counts: False once the member
    signed out of it or of a later one. A sign-in cookie copied to another browser stops working at
    sign-out; a new sign-in (a new ID token) counts again, even in the same second. No sign-in of a
    deactivated member counts (``set_active``): their open pages end at the next click, on every
    server, and signing in again is refused with the reason (``sign_in``)."""
    row = session.execute(
        select(M.c.revoked_until, M.c.revoked_token, M.c.deactivated_at).where(M.c.subject == subject)
    ).first()
    if row is not None and row.deactivated_at is not None:
        return False
    if row is None or row.revoked_until is None:
        return True
    issued = _issued(issued_at)
    if issued is None:
        return False  # an ID token always says when it was issued; without it, nothing to compare
    until = row.revoked_until.replace(microsecond=0)
    return issued > until or (issued == until and sign_in_key(issued_at, nonce) != str(row.revoked_token))


def sign_out(*, session: Session, subject: str, issued_at: object, nonce: object = "") -> None:
    """End the member's sign-in (its ID token's ``iat`` and ``nonce``) and every earlier one, on
    every server and in every browser its cookie was copied to. The identity provider's clock is
    the one compared (``iat`` with ``iat``), so a skewed app server clock changes nothing."""
    issued = _issued(issued_at)
    if issued is None:
        return
    row = session.execute(select(M.c.revoked_until).where(M.c.subject == subject)).first()
    if row is None or (row.revoked_until is not None and row.revoked_until.replace(microsecond=0) > issued):
        return  # no member, or a later sign-in already ended (which ended this one too)
    session.execute(
        update(M)
        .where(M.c.subject == subject)
        .values(revoked_until=issued, revoked_token=sign_in_key(issued_at, nonce))
    )


def _require_admin(principal: Principal) -> None:
    if not principal.admin:
        raise Forbidden("Only an admin of the organisation can manage its members.")


def _member_row(session: Session, principal: Principal, subject: str) -> Any:
    query = select(*_MEMBER_COLUMNS).where(M.c.subject == subject)
    if not principal.superuser:
        query = query.where(M.c.org_id == principal.org)
    row = session.execute(query).first()
    if row is None:
        raise NoSuchMember(subject)
    return row


def list_members(*, session: Session, principal: Principal | None = None) -> list[MemberRecord]:
    """The acting admin's organisation's members, by name (Forbidden for anyone else)."""
    who = acting(principal)
    _require_admin(who)
    query = select(*_MEMBER_COLUMNS).order_by(func.lower(M.c.name), M.c.email, M.c.subject)
    if not who.superuser:
        query = query.where(M.c.org_id == who.org)
    return [MemberRecord(*r) for r in session.execute(query).all()]


def _keep_an_admin(session: Session, org_id: str) -> None:
    """Refuse to take away the organisation's last active admin (someone must be able to manage
    the members)."""
    admins = session.execute(
        select(func.count())
        .select_from(M)
        .where(M.c.org_id == org_id, M.c.role == "admin", M.c.deactivated_at.is_(None))
    ).scalar_one()
    if admins <= 1:
        raise InvalidValue("An organisation keeps at least one admin: make someone else admin first.")


def set_role(*, session: Session, subject: str, role: str, principal: Principal | None = None) -> None:
    """Give a member of the admin's organisation another role. The last admin cannot step down
    (someone must be able to manage the members)."""
    who = acting(principal)
    _require_admin(who)
    role = _clean_role(role)
    row = _member_row(session, who, subject)
    if row.role == role:
        return
    if row.role == "admin":
        _keep_an_admin(session, row.org_id)
    session.execute(update(M).where(M.c.subject == subject).values(role=role, updated_at=utcnow()))
    _log_member(
        session, row.org_id, clean_actor(who.label or "local"), "role_changed", subject, row.role, role
    )


def set_department(
    *, session: Session, subject: str, department: str, principal: Principal | None = None
) -> None:
    """Set a member's department (what "department" visibility matches, ignoring case)."""
    who = acting(principal)
    _require_admin(who)
    department = clean_meta({"department": department})["department"]
    row = _member_row(session, who, subject)
    if row.department == department:
        return
    session.execute(
        update(M).where(M.c.subject == subject).values(department=department, updated_at=utcnow())
    )
    _log_member(
        session,
        row.org_id,
        clean_actor(who.label or "local"),
        "department_changed",
        subject,
        row.department,
        department,
    )


def set_active(*, session: Session, subject: str, active: bool, principal: Principal | None = None) -> None:
    """Deactivate a member of the admin's organisation (off-boarding: from their next page run on
    every server they have no rights, and signing in again is refused) or reactivate them. Audited.
    An admin cannot deactivate themselves, nor the organisation's last active admin."""
    who = acting(principal)
    _require_admin(who)
    row = _member_row(session, who, subject)
    if (row.deactivated_at is None) == bool(active):
        return
    if not active:
        if subject == who.subject:
            raise InvalidValue("You cannot deactivate yourself: ask another admin.")
        if row.role == "admin":
            _keep_an_admin(session, row.org_id)
    now = utcnow()
    session.execute(
        update(M).where(M.c.subject == subject).values(deactivated_at=None if active else now, updated_at=now)
    )
    _log_member(
        session,
        row.org_id,
        clean_actor(who.label or "local"),
        "member_reactivated" if active else "member_deactivated",
        subject,
        "inactive" if active else "active",
        "active" if active else "inactive",
    )


def member_trail(
    *, session: Session, principal: Principal | None = None, limit: int = 200
) -> list[tuple[dt.datetime, str, str, str | None, Any, Any]]:
    """The organisation's member changes, newest first: (at, actor, action, target, old, new)."""
    who = acting(principal)
    _require_admin(who)
    query = select(ME.c.at, ME.c.actor, ME.c.action, ME.c.target, ME.c.old, ME.c.new).order_by(ME.c.id.desc())
    if not who.superuser:
        query = query.where(ME.c.org_id == who.org)
    rows = session.execute(query.limit(max(1, min(int(limit), 10_000)))).all()
    return [(r.at, r.actor, r.action, r.target, r.old, r.new) for r in rows]


# --- assessments: visibility, owner, share links -------------------------------------------------


def _bump(
    session: Session, id: str, row: dict[str, Any], actor: str, values: dict[str, Any], events: list[Any]
) -> int:
    now = utcnow()
    version = int(row["version"]) + 1
    update_if_current(
        session, id, row["version"], {**values, "version": version, "updated_at": now, "updated_by": actor}
    )
    log_events(session, id, actor, now, events)
    return version


def _revoke(session: Session, id: str, now: dt.datetime) -> int:
    done = session.execute(
        update(S)
        .where(S.c.assessment_id == id, S.c.revoked_at.is_(None), S.c.expires_at > now)
        .values(revoked_at=now)
    )
    return int(getattr(done, "rowcount", 0) or 0)


def set_visibility(
    *, session: Session, id: str, visibility: str, principal: Principal | None = None, actor: str = ""
) -> int:
    """Who may see the assessment (``access.VISIBILITIES``); returns the new version. Leaving
    "link" revokes every live share link (they would otherwise come back with it)."""
    who = acting(principal)
    row = visible_row(session, id, who)
    check_manage(who, row)
    if visibility not in VISIBILITIES:
        raise InvalidValue(f"visibility must be one of {', '.join(VISIBILITIES)}")
    if row["visibility"] == visibility:
        return int(row["version"])
    actor = actor_of(who, actor or "local user")
    events: list[Any] = [("visibility_changed", "visibility", row["visibility"], visibility)]
    if row["visibility"] == "link":
        revoked = _revoke(session, id, utcnow())
        if revoked:
            events.append(("link_revoked", "links", revoked, 0))
    return _bump(session, id, row, actor, {"visibility": visibility}, events)


def transfer_owner(
    *, session: Session, id: str, subject: str, principal: Principal | None = None, actor: str = ""
) -> int:
    """Make another member of the assessment's organisation its owner (their name becomes the
    owner shown); NoSuchMember for anyone else. Returns the new version."""
    who = acting(principal)
    row = visible_row(session, id, who)
    check_manage(who, row)
    member = session.execute(
        select(M.c.subject, M.c.name, M.c.email).where(M.c.subject == subject, M.c.org_id == row["org_id"])
    ).first()
    if member is None or not row["org_id"]:
        raise NoSuchMember(subject)
    if row["owner_sub"] == subject:
        return int(row["version"])
    actor = actor_of(who, actor or "local user")
    shown = (member.name or member.email)[:NAME_MAX]
    events = [("owner_changed", "owner", row["owner"], shown)]
    return _bump(session, id, row, actor, {"owner_sub": subject, "owner": shown}, events)


def create_share_link(
    *,
    session: Session,
    id: str,
    expires_at: dt.datetime,
    principal: Principal | None = None,
    actor: str = "",
    now: dt.datetime | None = None,
) -> ShareLink:
    """A read-only link for an assessment whose visibility is "link", valid until ``expires_at``
    (at most 90 days ahead). The token is in the returned value only: it is stored hashed."""
    who = acting(principal)
    row = visible_row(session, id, who)
    check_manage(who, row)
    if row["visibility"] != "link":
        raise InvalidValue('Set the visibility to "shared by link" before making a link.')
    now = now or utcnow()
    if expires_at.tzinfo is None:
        raise InvalidValue("the expiry needs a time zone")
    if not now < expires_at <= now + SHARE_MAX:
        raise InvalidValue("A share link expires between now and 90 days from now.")
    actor = actor_of(who, actor or "local user")
    token = secrets.token_urlsafe(24)
    session.execute(
        insert(S).values(
            token_hash=hash_token(token),
            assessment_id=id,
            created_by=actor,
            created_at=now,
            expires_at=expires_at,
        )
    )
    log_events(
        session, id, actor, now, [("link_shared", "link", None, {"expires_at": expires_at.isoformat()})]
    )
    return ShareLink(assessment_id=id, token=token, expires_at=expires_at)


def revoke_share_links(
    *, session: Session, id: str, principal: Principal | None = None, actor: str = ""
) -> int:
    """End every live share link of the assessment at once; returns how many were live."""
    who = acting(principal)
    row = visible_row(session, id, who)
    check_manage(who, row)
    now = utcnow()
    revoked = _revoke(session, id, now)
    if revoked:
        log_events(
            session, id, actor_of(who, actor or "local user"), now, [("link_revoked", "links", revoked, 0)]
        )
    return revoked
