"""Who imported or deleted a local case, and when (local_case_event): the local case library feeds
every colleague's Recommendation page, so its changes are recorded.

Revision ID: 0009_local_case_events
Revises: 0008_team
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_local_case_events"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0008_team"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "local_case_event",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_local_case_event_pack_id", "local_case_event", ["pack_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_local_case_event_pack_id", table_name="local_case_event")
    op.drop_table("local_case_event")
