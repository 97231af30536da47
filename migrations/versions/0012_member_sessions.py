"""Sign-out ends a member's sign-in for good (a copied sign-in cookie stops working).

member.revoked_until: the issue time (``iat``) of the ID token of the member's last signed-out
sign-in. A sign-in cookie whose ID token was issued up to that second is refused, so a copied
cookie stops working when its owner signs out. member.revoked_token: which sign-in that was (a hash
of its ``iat`` and ``nonce``), to tell it from a new sign-in made in the same second.

Revision ID: 0012_member_sessions
Revises: 0011_org_scope
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_member_sessions"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0011_org_scope"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("revoked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revoked_token", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.drop_column("revoked_token")
        batch.drop_column("revoked_until")
