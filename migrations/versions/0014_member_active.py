"""An admin can deactivate a member (off-boarding): member.deactivated_at. A deactivated member has
no rights from their next page run and cannot sign in again until an admin reactivates them.

Revision ID: 0014_member_active
Revises: 0013_workshop_snapshot
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_member_active"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0013_workshop_snapshot"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.drop_column("deactivated_at")
