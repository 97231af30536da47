"""Live workshops: workshop, participant, participant_answer, consensus and join_attempt.

Revision ID: 0003_workshops
Revises: 0002_risk_rows_and_indexes
Create Date: 2026-02-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_workshops"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0002_risk_rows_and_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("assessment_id", sa.String(32), _fk("assessment"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("code", sa.String(8)),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("show_names", sa.Boolean(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True)),
        sa.Column("applied_version", sa.Integer()),
        sa.Column("sections", _json(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'locked', 'closed')", name="ck_workshop_status"),
        sa.UniqueConstraint("code", name="uq_workshop_code"),
    )
    op.create_index("ix_workshop_assessment_id", "workshop", ["assessment_id"])
    op.create_table(
        "participant",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("workshop_id", sa.String(32), _fk("workshop"), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("token_hash", name="uq_participant_token_hash"),
    )
    op.create_index("ix_participant_workshop_id", "participant", ["workshop_id"])
    op.create_table(
        "participant_answer",
        sa.Column("participant_id", sa.String(32), _fk("participant"), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", _json(), nullable=False),
    )
    op.create_table(
        "consensus",
        sa.Column("workshop_id", sa.String(32), _fk("workshop"), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("set_by", sa.String(120), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", _json(), nullable=False),
    )
    op.create_table(
        "join_attempt",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("client", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_join_attempt_client_at", "join_attempt", ["client", "at"])
    op.create_index("ix_join_attempt_at", "join_attempt", ["at"])


def downgrade() -> None:
    op.drop_index("ix_join_attempt_at", table_name="join_attempt")
    op.drop_index("ix_join_attempt_client_at", table_name="join_attempt")
    op.drop_table("join_attempt")
    op.drop_table("consensus")
    op.drop_table("participant_answer")
    op.drop_index("ix_participant_workshop_id", table_name="participant")
    op.drop_table("participant")
    op.drop_index("ix_workshop_assessment_id", table_name="workshop")
    op.drop_table("workshop")
