"""Workshop tables (SQLModel, on the store's metadata). Migration 0003 creates exactly these.

Secrets are never stored: ``secret_hash`` and ``token_hash`` hold SHA-256 digests (``codes.py``).
An answer is stored exactly once per participant and question: the primary key of
``participant_answer`` is (participant_id, question_id) and saves are upserts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from mixdecide.store.models import UTCDateTime, json_type, new_id, utcnow

STATUSES = ("open", "locked", "closed")
NAME_MAX = 60
NOTE_MAX = 500
TITLE_MAX = 200
FACILITATOR_MAX = 120  # the facilitator's name: the width of ``workshop.created_by``


class Workshop(SQLModel, table=True):
    """A facilitated session on one assessment: who may join (code), who runs it (secret hash)."""

    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'locked', 'closed')", name="ck_workshop_status"),
        UniqueConstraint("code", name="uq_workshop_code"),
        Index("ix_workshop_assessment_id", "assessment_id"),
    )

    id: str = Field(default_factory=new_id, sa_column=Column(String(32), primary_key=True))
    assessment_id: str = Field(
        sa_column=Column(String(32), ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False)
    )
    title: str = Field(sa_column=Column(String(TITLE_MAX), nullable=False))
    status: str = Field(default="open", sa_column=Column(String(8), nullable=False))
    code: str | None = Field(
        default=None, sa_column=Column(String(8))
    )  # NULL once closed: the code is free again
    secret_hash: str = Field(sa_column=Column(String(64), nullable=False))
    show_names: bool = Field(default=False, sa_column=Column(Boolean(), nullable=False))
    # the group result is shown on participants' devices (migration 0004)
    published: bool = Field(
        default=False, sa_column=Column(Boolean(), nullable=False, server_default=false())
    )
    # what participants see once published: the group's answers as they were at publishing, so the
    # result on their devices only changes when the facilitator publishes again (migration 0012)
    published_answers: dict[str, Any] | None = Field(
        default=None, sa_column=Column(json_type(none_as_null=True))
    )
    published_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    round: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_by: str = Field(default="", sa_column=Column(String(FACILITATOR_MAX), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    applied_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    applied_version: int | None = Field(default=None, sa_column=Column(Integer))
    sections: list[str] = Field(default_factory=list, sa_column=Column(json_type(), nullable=False))


class Participant(SQLModel, table=True):
    """Someone who joined with the code and a display name (no account)."""

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_participant_token_hash"),
        Index("ix_participant_workshop_id", "workshop_id"),
        Index("ix_participant_workshop_client", "workshop_id", "client"),
    )

    id: str = Field(default_factory=new_id, sa_column=Column(String(32), primary_key=True))
    workshop_id: str = Field(
        sa_column=Column(String(32), ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    )
    name: str = Field(sa_column=Column(String(NAME_MAX), nullable=False))
    token_hash: str = Field(sa_column=Column(String(64), nullable=False))
    joined_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    finished_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # A fingerprint (not the address) of the network address they joined from: how many joined
    # from the same one is what the facilitator sees.
    client: str | None = Field(default=None, sa_column=Column(String(16)))


class ParticipantAnswer(SQLModel, table=True):
    """One participant's private answer to one question (upserted: never stored twice)."""

    __tablename__ = "participant_answer"

    participant_id: str = Field(
        sa_column=Column(String(32), ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    )
    question_id: str = Field(sa_column=Column(String(64), primary_key=True))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    value: Any = Field(sa_column=Column(json_type(), nullable=False))


class Consensus(SQLModel, table=True):
    """The group answer the facilitator set for one question, and why."""

    __tablename__ = "consensus"

    workshop_id: str = Field(
        sa_column=Column(String(32), ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    )
    question_id: str = Field(sa_column=Column(String(64), primary_key=True))
    note: str = Field(default="", sa_column=Column(String(NOTE_MAX), nullable=False))
    set_by: str = Field(default="", sa_column=Column(String(120), nullable=False))
    set_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    value: Any = Field(sa_column=Column(json_type(), nullable=False))


class JoinAttempt(SQLModel, table=True):
    """A failed join (unknown or expired code), per client key, for rate limiting across servers."""

    __tablename__ = "join_attempt"
    __table_args__ = (
        Index("ix_join_attempt_client_at", "client", "at"),
        Index("ix_join_attempt_at", "at"),
    )

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    client: str = Field(sa_column=Column(String(128), nullable=False))
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


WORKSHOP: Table = Workshop.__table__  # type: ignore[attr-defined]
PARTICIPANT: Table = Participant.__table__  # type: ignore[attr-defined]
ANSWER: Table = ParticipantAnswer.__table__  # type: ignore[attr-defined]
CONSENSUS: Table = Consensus.__table__  # type: ignore[attr-defined]
JOIN_ATTEMPT: Table = JoinAttempt.__table__  # type: ignore[attr-defined]
