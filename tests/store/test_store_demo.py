"""Demo seeding: realistic, valid, idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from mixdecide.answers import normalize_answers
from mixdecide.engine import assess
from mixdecide.store import (
    PortfolioFilter,
    delete_assessment,
    get_assessment,
    list_assessments,
    seed_demo,
    session_scope,
)
from mixdecide.store.demo import load_demos
from mixdecide.store.models import Assessment, AuditEvent


def test_demo_files_are_valid_and_varied(pack):
    demos = load_demos()
    assert len(demos) >= 8
    assert len({d["id"] for d in demos}) == len(demos)
    assert len({d["municipality"] for d in demos}) >= 5
    assert len({d["department"] for d in demos}) >= 6
    assert {"draft", "final", "archived"} <= {d["status"] for d in demos}
    routes = set()
    for d in demos:
        answers = normalize_answers(pack, d["answers"])  # raises on an invalid answer
        result = assess(pack, answers, today=dt.date.fromisoformat(d["assessed_on"]))
        routes.add(result.top)
        applicable = {c.item for c in result.checklist}
        assert set(d.get("checklist", {})) <= applicable, d["file"]
        assert set(d.get("notes", {})) <= set(pack.questions), d["file"]
    assert len(routes) >= 4


def test_seed_is_idempotent(engine, pack):
    with session_scope(engine) as s:
        first = seed_demo(session=s, pack=pack)
    with session_scope(engine) as s:
        second = seed_demo(session=s, pack=pack)
        count = s.execute(select(func.count()).select_from(Assessment)).scalar_one()
        events = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        rows, total = list_assessments(session=s, filters=PortfolioFilter(include_archived=True), limit=100)
    assert first >= 8 and second == 0 and count == first == total and events == first
    assert len({r.municipality for r in rows}) >= 5
    assert len({r.top_route for r in rows}) >= 4
    assert all(r.max_risk_band for r in rows)
    with session_scope(engine, readonly=True) as s:
        rec = get_assessment(session=s, id=rows[0].id)
    assert rec.snapshot["top"] == rec.top_route and rec.risks
    assert rec.created_at < rec.updated_at <= dt.datetime.now(dt.UTC)


def test_deleted_demo_is_not_seeded_again(engine, pack):
    with session_scope(engine) as s:
        n = seed_demo(session=s, pack=pack)
        victim = list_assessments(session=s)[0][0]
        delete_assessment(session=s, id=victim.id, actor="me")
    with session_scope(engine) as s:
        assert seed_demo(session=s, pack=pack) == 0
        assert list_assessments(session=s, filters=PortfolioFilter(include_archived=True))[1] == n - 1
