"""Participants: a fingerprint of the network address they joined from (the facilitator sees how
many joined from the same one); join_attempt also keeps successful joins (rate limit per minute).

Revision ID: 0004_participant_client
Revises: 0003_workshops
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_participant_client"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0003_workshops"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("client", sa.String(16), nullable=True))
    op.create_index("ix_participant_workshop_client", "participant", ["workshop_id", "client"])


def downgrade() -> None:
    op.drop_index("ix_participant_workshop_client", table_name="participant")
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("client")
