"""Team deployments: organisations, members and roles, each assessment's owner and visibility,
read-only share links, and the organisations' audit trail of member changes.

Existing assessments keep working unchanged in single-user mode (the local user sees everything);
they get no organisation, no owner subject and visibility "organisation".

Revision ID: 0008_team
Revises: 0007_municipality_profile
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_team"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0007_municipality_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of mixdecide.store.models.VISIBILITIES / ROLES as of this revision.
VISIBILITIES = ("private", "department", "organisation", "link")
ROLES = ("viewer", "editor", "admin")


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _id() -> sa.types.TypeEngine:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch rebuild of "assessment": on SQLite a rebuild drops the table,
    # and with foreign keys on (they cannot be turned off inside the migration's transaction) that
    # cascades to every audit event and risk row. SQLite cannot add a table CHECK without a rebuild,
    # so there two triggers hold the same rule.
    op.add_column("assessment", sa.Column("org_id", sa.String(64), nullable=False, server_default=""))
    op.add_column("assessment", sa.Column("owner_sub", sa.String(255), nullable=False, server_default=""))
    op.add_column(
        "assessment", sa.Column("visibility", sa.String(16), nullable=False, server_default="organisation")
    )
    if op.get_bind().dialect.name == "sqlite":
        for when in ("INSERT", "UPDATE OF visibility"):
            name = "ck_assessment_visibility_" + when.split()[0].lower()
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {when} ON assessment "
                f"WHEN NOT (NEW.{_in('visibility', VISIBILITIES)}) "
                "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: ck_assessment_visibility'); END"
            )
    else:
        op.create_check_constraint("ck_assessment_visibility", "assessment", _in("visibility", VISIBILITIES))
    op.create_index("ix_assessment_org_visibility", "assessment", ["org_id", "visibility"])
    op.create_table(
        "organisation",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "member",
        sa.Column("subject", sa.String(255), primary_key=True),
        sa.Column(
            "org_id", sa.String(64), sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("department", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(_in("role", ROLES), name="ck_member_role"),
    )
    op.create_index("ix_member_org_id", "member", ["org_id"])
    op.create_table(
        "member_event",
        sa.Column("id", _id(), primary_key=True, autoincrement=True),
        sa.Column(
            "org_id", sa.String(64), sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(255)),
        sa.Column("old", _json()),
        sa.Column("new", _json()),
    )
    op.create_index("ix_member_event_org_id", "member_event", ["org_id", "id"])
    op.create_table(
        "assessment_share",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "assessment_id",
            sa.String(32),
            sa.ForeignKey("assessment.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_assessment_share_assessment_id", "assessment_share", ["assessment_id"])


def downgrade() -> None:
    op.drop_table("assessment_share")
    op.drop_table("member_event")
    op.drop_table("member")
    op.drop_table("organisation")
    op.drop_index("ix_assessment_org_visibility", "assessment")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ck_assessment_visibility_insert")
        op.execute("DROP TRIGGER IF EXISTS ck_assessment_visibility_update")
    else:
        op.drop_constraint("ck_assessment_visibility", "assessment", type_="check")
    for column in ("visibility", "owner_sub", "org_id"):
        op.drop_column("assessment", column)  # SQLite >= 3.35 drops a column in place
