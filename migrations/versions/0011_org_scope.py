"""Local cases and municipality profiles belong to an organisation (issue 15): local_case,
local_case_event and municipality_profile get ``org_id``; a case id is unique per organisation and
pack, a profile name per organisation; profile changes get their own trail (profile_event).

Rows stored before this revision (and everything single-user mode stores) belong to the implicit
organisation "" of single-user mode, so ``make run`` keeps every case and profile it had. In a team
deployment they belong to no organisation and no member sees them.

Revision ID: 0011_org_scope
Revises: 0009_local_case_events  (re-point to 0010_member_sessions once that revision is on main)
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011_org_scope"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0009_local_case_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _org() -> sa.Column:
    return sa.Column("org_id", sa.String(64), nullable=False, server_default="")


def _profile_key(key: list[str]) -> None:
    """Make ``key`` municipality_profile's primary key (with or without its org_id column)."""
    scoped = "org_id" in key
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            "pk_municipality_profile" if not scoped else "municipality_profile_pkey",
            "municipality_profile",
            type_="primary",
        )
        if scoped:
            op.add_column("municipality_profile", _org())
        else:
            op.drop_column("municipality_profile", "org_id")
        op.create_primary_key(
            "municipality_profile_pkey" if not scoped else "pk_municipality_profile",
            "municipality_profile",
            key,
        )
        return
    # SQLite cannot change a primary key in place: a new table, the rows copied, then renamed.
    columns = [
        *([_org()] if scoped else []),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint(*key),
    ]
    op.create_table("_new_municipality_profile", *columns)
    common = "name, updated_at, updated_by, data"
    op.execute(f"INSERT INTO _new_municipality_profile ({common}) SELECT {common} FROM municipality_profile")
    op.drop_table("municipality_profile")
    op.rename_table("_new_municipality_profile", "municipality_profile")


def upgrade() -> None:
    # local_case and municipality_profile are referenced by no foreign key, so rebuilding them on
    # SQLite (batch mode: copy, drop, rename) loses nothing.
    with op.batch_alter_table("local_case", recreate="auto") as batch:
        batch.add_column(_org())
        batch.drop_constraint("uq_local_case_pack_case", type_="unique")
        batch.create_unique_constraint("uq_local_case_org_pack_case", ["org_id", "pack_id", "case_id"])
    op.add_column("local_case_event", _org())
    op.drop_index("ix_local_case_event_pack_id", table_name="local_case_event")
    op.create_index("ix_local_case_event_org_pack", "local_case_event", ["org_id", "pack_id", "id"])
    _profile_key(["org_id", "name"])
    op.create_table(
        "profile_event",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("org_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old", _json()),
        sa.Column("new", _json()),
    )
    op.create_index("ix_profile_event_org_id", "profile_event", ["org_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_profile_event_org_id", table_name="profile_event")
    op.drop_table("profile_event")
    # Keeps the implicit organisation's rows only: the older schema has room for one of each name.
    op.execute("DELETE FROM municipality_profile WHERE org_id <> ''")
    _profile_key(["name"])
    op.drop_index("ix_local_case_event_org_pack", table_name="local_case_event")
    op.create_index("ix_local_case_event_pack_id", "local_case_event", ["pack_id", "id"])
    op.drop_column("local_case_event", "org_id")
    op.execute("DELETE FROM local_case WHERE org_id <> ''")
    with op.batch_alter_table("local_case", recreate="auto") as batch:
        batch.drop_constraint("uq_local_case_org_pack_case", type_="unique")
        batch.create_unique_constraint("uq_local_case_pack_case", ["pack_id", "case_id"])
        batch.drop_column("org_id")
