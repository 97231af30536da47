"""workshop.published_answers / published_at: participants see the group result as the facilitator
published it (a snapshot), not one that changes silently as answers keep arriving.

Revision ID: 0013_workshop_snapshot
Revises: 0012_member_sessions
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0013_workshop_snapshot"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0012_member_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("published_answers", sa.JSON().with_variant(JSONB(), "postgresql")))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("published_at")
        batch.drop_column("published_answers")
