"""Tables (SQLModel). The migrations in ``migrations/`` create exactly this schema (a test checks).

Column order is deliberate: the small columns the portfolio filters and lists read come first and
the large JSON documents last, so SQLite reads a row's filter columns without following the
overflow pages of a 40 kB snapshot.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from mixdecide.details import ASSESSMENT_STATUSES, NAME_MAX, ROUTE_ID_MAX, TITLE_MAX

# Who may see an assessment (see mixdecide/store/access.py) and what a member of an organisation
# may do. One definition each; the migration 0008_team writes the same lists into its checks.
VISIBILITIES = ("private", "department", "organisation", "link")
ROLES = ("viewer", "editor", "admin")
SUBJECT_MAX = 255  # an OpenID Connect "sub" is at most 255 ASCII characters
ORG_MAX = 64
EMAIL_MAX = 320


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


# The store's statuses and column widths are those of mixdecide.details (one definition per fact).
_STATUS_CHECK = _in("status", ASSESSMENT_STATUSES)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def json_type(*, none_as_null: bool = False) -> Any:
    """JSON on SQLite, JSONB on PostgreSQL."""
    return JSON(none_as_null=none_as_null).with_variant(JSONB(none_as_null=none_as_null), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Assessment(SQLModel, table=True):
    """One project's answers, notes, checklist progress and the result the tool showed."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint(_STATUS_CHECK, name="ck_assessment_status"),
        Index("ix_assessment_municipality", "municipality"),
        Index("ix_assessment_department", "department"),
        Index("ix_assessment_status", "status"),
        Index("ix_assessment_top_route", "top_route"),
        Index("ix_assessment_max_risk_band", "max_risk_band"),
        Index("ix_assessment_updated_at", "updated_at"),
        Index("ix_assessment_used_route", "used_route"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="ck_assessment_visibility"),
        Index("ix_assessment_org_visibility", "org_id", "visibility"),
    )

    id: str = Field(default_factory=new_id, sa_column=Column(String(32), primary_key=True))
    title: str = Field(sa_column=Column(String(TITLE_MAX), nullable=False))
    municipality: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    department: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    owner: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    status: str = Field(default="draft", sa_column=Column(String(16), nullable=False))
    pack_id: str = Field(sa_column=Column(String(64), nullable=False))
    pack_version: str = Field(sa_column=Column(String(32), nullable=False))
    top_route: str | None = Field(default=None, sa_column=Column(String(64)))
    max_risk_band: str | None = Field(default=None, sa_column=Column(String(32)))
    max_risk_score: int | None = Field(default=None, sa_column=Column(Integer))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    created_by: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    updated_by: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    # Team deployments: the organisation it belongs to, its owner's OpenID subject and who may see
    # it. Single-user mode leaves org and owner empty (the local user sees everything).
    org_id: str = Field(default="", sa_column=Column(String(ORG_MAX), nullable=False, server_default=""))
    owner_sub: str = Field(
        default="", sa_column=Column(String(SUBJECT_MAX), nullable=False, server_default="")
    )
    visibility: str = Field(
        default="organisation",
        sa_column=Column(String(16), nullable=False, server_default="organisation"),
    )
    deleted_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # what was actually done (mixdecide.details.WhatHappened); used_route repeats its route for SQL
    used_route: str | None = Field(default=None, sa_column=Column(String(ROUTE_ID_MAX)))
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(json_type(), nullable=False))
    notes: dict[str, str] = Field(default_factory=dict, sa_column=Column(json_type(), nullable=False))
    checklist: dict[str, Any] = Field(default_factory=dict, sa_column=Column(json_type(), nullable=False))
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(json_type(none_as_null=True)))
    outcome: dict[str, Any] | None = Field(default=None, sa_column=Column(json_type(none_as_null=True)))


class LocalCase(SQLModel, table=True):
    """A case shared by another installation and imported here (``mixdecide.sharing``): the local
    case library the nearest-cases lookup adds to the pack's own cases."""

    __tablename__ = "local_case"
    __table_args__ = (UniqueConstraint("org_id", "pack_id", "case_id", name="uq_local_case_org_pack_case"),)

    id: str = Field(default_factory=new_id, sa_column=Column(String(32), primary_key=True))
    pack_id: str = Field(sa_column=Column(String(64), nullable=False))
    case_id: str = Field(sa_column=Column(String(64), nullable=False))
    imported_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    imported_by: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    data: dict[str, Any] = Field(sa_column=Column(json_type(), nullable=False))
    # The organisation the case belongs to ("" : single-user mode's implicit one); migration 0011.
    org_id: str = Field(default="", sa_column=Column(String(ORG_MAX), nullable=False, server_default=""))


class AssessmentRisk(SQLModel, table=True):
    """One risk dimension of an assessment's last result, kept as rows so SQL can aggregate them."""

    __tablename__ = "assessment_risk"
    __table_args__ = (
        Index("ix_assessment_risk_dimension_band", "dimension", "band"),
        {"sqlite_with_rowid": False},  # clustered on the primary key: see migration 0002
    )

    assessment_id: str = Field(
        sa_column=Column(String(32), ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    dimension: str = Field(sa_column=Column(String(64), primary_key=True))
    likelihood: int = Field(sa_column=Column(Integer, nullable=False))
    impact: int = Field(sa_column=Column(Integer, nullable=False))
    score: int = Field(sa_column=Column(Integer, nullable=False))
    band: str = Field(sa_column=Column(String(32), nullable=False))


class AuditEvent(SQLModel, table=True):
    """One change to an assessment: who, when, what (target) and the values before and after."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_assessment_id", "assessment_id", "id"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    assessment_id: str = Field(
        sa_column=Column(String(32), ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False)
    )
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    actor: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    target: str | None = Field(default=None, sa_column=Column(String(120)))
    old: Any = Field(default=None, sa_column=Column(json_type(none_as_null=True)))
    new: Any = Field(default=None, sa_column=Column(json_type(none_as_null=True)))


class Organisation(SQLModel, table=True):
    """A municipality using a team deployment (its id comes from a claim or an e-mail domain)."""

    __tablename__ = "organisation"

    id: str = Field(sa_column=Column(String(ORG_MAX), primary_key=True))
    name: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Member(SQLModel, table=True):
    """A signed-in person: one organisation, one role, optionally a department."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="ck_member_role"),
        Index("ix_member_org_id", "org_id"),
    )

    subject: str = Field(sa_column=Column(String(SUBJECT_MAX), primary_key=True))
    org_id: str = Field(
        sa_column=Column(String(ORG_MAX), ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False)
    )
    email: str = Field(default="", sa_column=Column(String(EMAIL_MAX), nullable=False))
    name: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    role: str = Field(default="viewer", sa_column=Column(String(16), nullable=False))
    department: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_seen_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # sign-out: ID tokens issued up to this second no longer sign in (see team.sign_out)
    revoked_until: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    revoked_token: str | None = Field(default=None, sa_column=Column(String(64)))
    # off-boarding: set by an admin (team.set_active); a deactivated member has no rights
    deactivated_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class MemberEvent(SQLModel, table=True):
    """One change to an organisation's members (joined, role or department changed): the
    organisation's own audit trail, next to each assessment's."""

    __tablename__ = "member_event"
    __table_args__ = (Index("ix_member_event_org_id", "org_id", "id"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    org_id: str = Field(
        sa_column=Column(String(ORG_MAX), ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False)
    )
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    actor: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    target: str | None = Field(default=None, sa_column=Column(String(SUBJECT_MAX)))
    old: Any = Field(default=None, sa_column=Column(json_type(none_as_null=True)))
    new: Any = Field(default=None, sa_column=Column(json_type(none_as_null=True)))


class AssessmentShare(SQLModel, table=True):
    """A read-only link to an assessment whose visibility is "link". Only the token's SHA-256 is
    kept: the link is shown once when made and cannot be recovered from the database."""

    __tablename__ = "assessment_share"
    __table_args__ = (Index("ix_assessment_share_assessment_id", "assessment_id"),)

    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    assessment_id: str = Field(
        sa_column=Column(String(32), ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False)
    )
    created_by: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class LocalCaseEvent(SQLModel, table=True):
    """Who imported or deleted a local case, and when: the library feeds every colleague's advice
    page, so a change to it is recorded (the case's title is kept: a deleted case is gone)."""

    __tablename__ = "local_case_event"
    __table_args__ = (Index("ix_local_case_event_org_pack", "org_id", "pack_id", "id"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    pack_id: str = Field(sa_column=Column(String(64), nullable=False))
    case_id: str = Field(sa_column=Column(String(64), nullable=False))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    action: str = Field(sa_column=Column(String(16), nullable=False))  # "import" or "delete"
    actor: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    org_id: str = Field(default="", sa_column=Column(String(ORG_MAX), nullable=False, server_default=""))


# The Core tables, for the repository's explicit SQL (SQLModel does not type ``__table__``).
ASSESSMENT: Table = Assessment.__table__  # type: ignore[attr-defined]
ASSESSMENT_RISK: Table = AssessmentRisk.__table__  # type: ignore[attr-defined]
AUDIT_EVENT: Table = AuditEvent.__table__  # type: ignore[attr-defined]
LOCAL_CASE: Table = LocalCase.__table__  # type: ignore[attr-defined]
ORGANISATION: Table = Organisation.__table__  # type: ignore[attr-defined]
MEMBER: Table = Member.__table__  # type: ignore[attr-defined]
MEMBER_EVENT: Table = MemberEvent.__table__  # type: ignore[attr-defined]
ASSESSMENT_SHARE: Table = AssessmentShare.__table__  # type: ignore[attr-defined]
LOCAL_CASE_EVENT: Table = LocalCaseEvent.__table__  # type: ignore[attr-defined]


class MunicipalityProfile(SQLModel, table=True):
    """A municipality's approval levels and meeting calendar (``mixdecide.profile.Profile``), one
    row per organisation and municipality name ("" is the profile used when an assessment names
    none; organisation "" is single-user mode's implicit one)."""

    __tablename__ = "municipality_profile"

    org_id: str = Field(
        default="", sa_column=Column(String(ORG_MAX), primary_key=True, nullable=False, server_default="")
    )
    name: str = Field(sa_column=Column(String(NAME_MAX), primary_key=True))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_by: str = Field(default="", sa_column=Column(String(NAME_MAX), nullable=False))
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(json_type(), nullable=False))


MUNICIPALITY_PROFILE: Table = MunicipalityProfile.__table__  # type: ignore[attr-defined]


class ProfileEvent(SQLModel, table=True):
    """One change to a municipality profile (saved or reset to the defaults), with the values
    before and after: the organisation's trail of its profiles."""

    __tablename__ = "profile_event"
    __table_args__ = (Index("ix_profile_event_org_id", "org_id", "id"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    org_id: str = Field(default="", sa_column=Column(String(ORG_MAX), nullable=False))
    name: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    action: str = Field(sa_column=Column(String(16), nullable=False))  # "saved" or "deleted"
    actor: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    old: Any = Field(default=None, sa_column=Column(json_type(none_as_null=True)))
    new: Any = Field(default=None, sa_column=Column(json_type(none_as_null=True)))


PROFILE_EVENT: Table = ProfileEvent.__table__  # type: ignore[attr-defined]
