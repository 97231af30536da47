"""workshop.published: the facilitator shows the group result on participants' devices.

Revision ID: 0005_workshop_published
Revises: 0004_participant_client
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_workshop_published"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0004_participant_client"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("published")
