"""municipality_profile: approval levels by value and the council/committee meeting calendar.

Revision ID: 0007_municipality_profile
Revises: 0006_outcomes
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_municipality_profile"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0006_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "municipality_profile",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("municipality_profile")
