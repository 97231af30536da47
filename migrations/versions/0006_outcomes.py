"""What happened after the advice (assessment.used_route, assessment.outcome) and the local case
library (local_case): cases other installations shared, imported here.

Revision ID: 0006_outcomes
Revises: 0005_workshop_published
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_outcomes"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0005_workshop_published"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("used_route", sa.String(64)))
        batch.add_column(sa.Column("outcome", _json()))
        batch.create_index("ix_assessment_used_route", ["used_route"])
    op.create_table(
        "local_case",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(120), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.UniqueConstraint("pack_id", "case_id", name="uq_local_case_pack_case"),
    )


def downgrade() -> None:
    op.drop_table("local_case")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_index("ix_assessment_used_route")
        batch.drop_column("outcome")
        batch.drop_column("used_route")
