"""Create the assessment and audit_event tables.

Revision ID: 0001_assessment_and_audit
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_assessment_and_audit"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json(none_as_null: bool = False) -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=none_as_null).with_variant(
        postgresql.JSONB(none_as_null=none_as_null), "postgresql"
    )


def upgrade() -> None:
    op.create_table(
        "assessment",
        # small columns first: SQLite reads them without touching the JSON documents' overflow pages
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(120), nullable=False),
        sa.Column("department", sa.String(120), nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("pack_version", sa.String(32), nullable=False),
        sa.Column("top_route", sa.String(64)),
        sa.Column("max_risk_band", sa.String(32)),
        sa.Column("max_risk_score", sa.Integer()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
        sa.Column("answers", _json(), nullable=False),
        sa.Column("notes", _json(), nullable=False),
        sa.Column("checklist", _json(), nullable=False),
        sa.Column("snapshot", _json(none_as_null=True)),
        sa.CheckConstraint("status IN ('draft', 'final', 'archived')", name="ck_assessment_status"),
    )
    op.create_table(
        "audit_event",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column(
            "assessment_id", sa.String(32), sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(120)),
        sa.Column("old", _json(none_as_null=True)),
        sa.Column("new", _json(none_as_null=True)),
    )
    op.create_index("ix_audit_event_assessment_id", "audit_event", ["assessment_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_assessment_id", table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_table("assessment")
