"""Schema migrations: empty -> head, 0001 holding data -> head, several processes at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlmodel import SQLModel

from mixdecide.engine import assess
from mixdecide.store import get_assessment, list_assessments, models
from mixdecide.store.db import make_engine, session_scope
from mixdecide.store.migrate import current_revision, head_revision, upgrade
from mixdecide.store.models import Assessment, AssessmentRisk, AuditEvent
from mixdecide.store.rows import result_columns

FIRST = "0001_assessment_and_audit"
TABLES = {"assessment", "assessment_risk", "audit_event", "alembic_version"}


def test_upgrade_empty_database_to_head(db_url):
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision() == "0014_member_active"
        assert set(inspect(engine).get_table_names()) >= TABLES
        upgrade(engine)  # a second start finds nothing to do
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_migrations_create_exactly_the_models_schema(engine):
    import mixdecide.workshop.models  # noqa: F401  (its tables belong to the same schema)

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, SQLModel.metadata) == []


def test_upgrade_from_0001_holding_data_loses_no_row(db_url, pack):
    engine = make_engine(db_url)
    try:
        upgrade(engine, revision=FIRST)
        assert current_revision(engine) == FIRST
        assert "assessment_risk" not in inspect(engine).get_table_names()
        now = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
        examples = pack.examples[:6]
        rows = []
        for i, ex in enumerate(examples):
            result = assess(pack, ex.answers, today=ex.today)
            cols = result_columns(result)
            cols["max_risk_band"] = cols["max_risk_score"] = None  # as an 0001-era app wrote them
            rows.append(
                {
                    **cols,
                    "id": models.new_id(),
                    "title": ex.title.en,
                    "municipality": ["Guelph", "London", "Barrie"][i % 3],
                    "department": "Public Works",
                    "owner": "Test Owner",
                    "status": "draft",
                    "created_at": now,
                    "updated_at": now,
                    "created_by": "t",
                    "updated_by": "t",
                    "version": 1,
                    "answers": dict(ex.answers),
                    "notes": {"need_clarity": f"note {i}"},
                    "checklist": {},
                }
            )
        rows.append({**rows[0], "id": models.new_id(), "snapshot": None, "top_route": None})  # never assessed
        with engine.begin() as conn:
            conn.execute(Assessment.__table__.insert(), rows)
            conn.execute(
                AuditEvent.__table__.insert(),
                [{"assessment_id": r["id"], "at": now, "actor": "t", "action": "created"} for r in rows],
            )

        upgrade(engine)

        assert current_revision(engine) == head_revision()
        with session_scope(engine) as s:
            assert s.execute(select(func.count()).select_from(Assessment)).scalar_one() == len(rows)
            assert s.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == len(rows)
            risk_rows = s.execute(select(func.count()).select_from(AssessmentRisk)).scalar_one()
            assert risk_rows == sum(len(r["snapshot"]["risks"]) for r in rows if r["snapshot"])
            for row in rows:
                rec = get_assessment(session=s, id=row["id"])
                assert rec.answers == row["answers"] and rec.notes == row["notes"]
                assert rec.title == row["title"] and rec.created_at == now
                if row["snapshot"]:
                    worst = max(row["snapshot"]["risks"], key=lambda r: r["score"])
                    assert (rec.max_risk_band, rec.max_risk_score) == (worst["band"], worst["score"])
                    assert {r.dimension for r in rec.risks} == {
                        r["dimension"] for r in row["snapshot"]["risks"]
                    }
                else:
                    assert rec.risks == () and rec.max_risk_band is None
            assert list_assessments(session=s)[1] == len(rows)
            indexes = {i["name"] for i in inspect(s.connection()).get_indexes("assessment")}
            assert {
                "ix_assessment_municipality",
                "ix_assessment_updated_at",
                "ix_assessment_top_route",
            } <= indexes
    finally:
        engine.dispose()


def _upgrade_in_child(url: str) -> str:
    upgrade(url)
    return "ok"


def test_upgrade_from_several_processes_at_once(db_url):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        assert pool.map(_upgrade_in_child, [db_url] * 4) == ["ok"] * 4
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()


def test_servers_that_do_not_migrate_refuse_an_old_schema(db_url):
    """MIXDECIDE_MIGRATE_ON_START=0 (team deployments): the deploy migrates once; a server finding
    an older schema says what to run instead of serving it."""
    import pytest

    from mixdecide.store.migrate import SchemaNotCurrent, check_current

    engine = make_engine(db_url)
    try:
        upgrade(engine, revision=FIRST)
        with pytest.raises(SchemaNotCurrent, match="python -m mixdecide.store upgrade"):
            check_current(engine)
        upgrade(engine)
        check_current(engine)
    finally:
        engine.dispose()
