"""What happened after the advice, stored with the audit trail and the same stale-save protection;
advice vs what was done across the portfolio; the local case library, and the round trip of a
shared case into a fresh database (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from mixdecide.cases import nearest_cases, with_local
from mixdecide.engine import assess
from mixdecide.sharing import ShareChoices, anonymised_case, case_file_json, read_case_file, stored_cases
from mixdecide.store import (
    InvalidValue,
    NotFound,
    StaleSave,
    add_local_cases,
    advice_vs_done,
    audit_trail,
    create_assessment,
    delete_local_case,
    duplicate_assessment,
    get_assessment,
    list_local_cases,
    local_case_events,
    make_engine,
    save_assessment,
    session_scope,
    upgrade,
)
from mixdecide.store.models import AuditEvent
from tests.helpers.answers import PILOT_ANSWERS as ANSWERS
from tests.helpers.databases import drop_schema, pg_schema_url


def _new(engine, pack, answers=ANSWERS, title="Fleet pilot"):
    with session_scope(engine) as s:
        return create_assessment(
            session=s, title=title, municipality="Guelph", department="", owner="", pack=pack,
            answers=answers, actor="ana",
        )  # fmt: skip


def _record(engine, pack, id, version, outcome, actor="ana"):
    with session_scope(engine) as s:
        return save_assessment(
            session=s, id=id, expected_version=version, actor=actor, pack=pack, outcome=outcome
        )


def test_what_happened_is_stored_with_one_audit_event_per_field(engine, pack):
    rec = _new(engine, pack)
    outcome = {
        "route": rec.top_route,
        "award_date": "2025-03-14",
        "award_value": 120000,
        "outcome": "ongoing",
    }
    v2 = _record(engine, pack, rec.id, rec.version, outcome)
    assert v2 == rec.version + 1
    with session_scope(engine, readonly=True) as s:
        got = get_assessment(session=s, id=rec.id)
        trail = audit_trail(session=s, id=rec.id)
    assert got.outcome == {**outcome, "award_value": 120000.0}
    assert got.used_route == rec.top_route
    changed = {e.target: (e.old, e.new) for e in trail if e.action == "outcome_changed"}
    assert changed == {
        "outcome.route": (None, rec.top_route),
        "outcome.award_date": (None, "2025-03-14"),
        "outcome.award_value": (None, 120000.0),
        "outcome.outcome": (None, "ongoing"),
    }
    # a later change records only what changed; the same values again change nothing
    v3 = _record(engine, pack, rec.id, v2, {**outcome, "outcome": "scaled", "lessons": "Start earlier."})
    assert (
        _record(engine, pack, rec.id, v3, {**outcome, "outcome": "scaled", "lessons": "Start earlier."}) == v3
    )
    with session_scope(engine, readonly=True) as s:
        latest = [e for e in audit_trail(session=s, id=rec.id) if e.action == "outcome_changed"][:2]
    assert {(e.target, e.old, e.new) for e in latest} == {
        ("outcome.outcome", "ongoing", "scaled"),
        ("outcome.lessons", None, "Start earlier."),
    }


def test_clearing_what_happened(engine, pack):
    rec = _new(engine, pack)
    v = _record(engine, pack, rec.id, rec.version, {"route": "other", "other_route": "Sole source"})
    _record(engine, pack, rec.id, v, {})
    with session_scope(engine, readonly=True) as s:
        got = get_assessment(session=s, id=rec.id)
    assert got.outcome is None and got.used_route is None


def test_a_stale_tab_cannot_overwrite_what_happened(engine, pack):
    rec = _new(engine, pack)
    _record(engine, pack, rec.id, rec.version, {"route": "pilot_sandbox", "outcome": "scaled"}, actor="ana")
    with pytest.raises(StaleSave) as err:
        _record(engine, pack, rec.id, rec.version, {"route": "prize", "outcome": "cancelled"}, actor="bo")
    assert err.value.saved_by == "ana"
    with session_scope(engine, readonly=True) as s:
        assert get_assessment(session=s, id=rec.id).outcome == {"route": "pilot_sandbox", "outcome": "scaled"}


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ({"route": "pilot_sandbox", "award_date": "2999-01-01"}, "in the future"),
        ({"route": "pilot_sandbox", "award_value": -5}, "must be 0 or more"),
        ({"route": "teleport"}, "not a route of this rule pack"),
        ({"route": "pilot_sandbox", "lessons": "x" * 5000}, "the limit is 4000"),
    ],
)
def test_a_bad_outcome_is_refused_and_nothing_is_stored(engine, pack, outcome, message):
    rec = _new(engine, pack)
    with pytest.raises(InvalidValue, match=message):
        _record(engine, pack, rec.id, rec.version, outcome)
    with session_scope(engine, readonly=True) as s:
        got = get_assessment(session=s, id=rec.id)
        events = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    assert got.outcome is None and got.version == rec.version and events == 1


def test_a_duplicate_does_not_inherit_what_happened(engine, pack):
    rec = _new(engine, pack)
    _record(engine, pack, rec.id, rec.version, {"route": "pilot_sandbox"})
    with session_scope(engine) as s:
        copy = duplicate_assessment(session=s, id=rec.id, actor="ana")
    assert copy.outcome is None and copy.used_route is None


def test_advice_vs_done(engine, pack):
    with session_scope(engine, readonly=True) as s:
        assert advice_vs_done(session=s).recorded == 0
    a, b, c, _ = (_new(engine, pack, title=f"P{i}") for i in range(4))
    top3 = [r.route for r in assess(pack, ANSWERS).ranking[:3]]
    _record(engine, pack, a.id, a.version, {"route": a.top_route, "outcome": "scaled"})
    _record(engine, pack, b.id, b.version, {"route": top3[2], "outcome": "cancelled"})
    _record(engine, pack, c.id, c.version, {"route": "other", "other_route": "Sole source"})
    with session_scope(engine, readonly=True) as s:
        data = advice_vs_done(session=s)
    assert (data.recorded, data.first, data.top3) == (3, 1, 2)
    assert [r.title for r in data.disagreements] == ["P2", "P1"]  # most recently updated first
    assert data.disagreements[0].other_route == "Sole source"
    assert data.outcomes_by_route() == {
        (a.top_route, "scaled"): 1,
        (top3[2], "cancelled"): 1,
        ("other", None): 1,
    }


def test_a_purchase_under_a_cooperative_agreement_agrees_with_a_call_off_advice(engine, pack):
    """The engine's strategy can say "call off the cooperative agreement" while a procedure still
    leads the ranking: buying under the agreement is what was advised, not a disagreement."""
    answers = {**ANSWERS, "existing_vehicle": "yes"}
    assert assess(pack, answers).strategy.path.id == "cooperative_vehicle"
    rec = _new(engine, pack, answers=answers)
    _record(engine, pack, rec.id, rec.version, {"route": "cooperative_vehicle", "outcome": "completed"})
    with session_scope(engine, readonly=True) as s:
        data = advice_vs_done(session=s)
    (row,) = data.rows
    assert row.advised_path == "cooperative_vehicle" and row.pack_version == pack.meta.version
    assert (data.first, data.top3, data.disagreements) == (1, 1, ())
    assert data.pack_versions == (pack.meta.version,)


def test_local_cases_are_listed_refused_twice_and_deleted(engine, pack):
    case = {"id": "shared_abc", "buyer": "A municipality"}
    with session_scope(engine) as s:
        add_local_cases(session=s, pack_id=pack.id, cases=[case], actor="ana")
    with session_scope(engine) as s, pytest.raises(InvalidValue, match="already in the local case library"):
        add_local_cases(session=s, pack_id=pack.id, cases=[case], actor="ana")
    with session_scope(engine) as s:
        (row,) = list_local_cases(session=s, pack_id=pack.id)
        assert list_local_cases(session=s, pack_id="another-pack") == []
    assert row.case_id == "shared_abc" and row.data == case and row.imported_by == "ana"
    with session_scope(engine) as s:
        delete_local_case(session=s, id=row.id, actor="bo")
    with session_scope(engine) as s:
        assert list_local_cases(session=s, pack_id=pack.id) == []
        with pytest.raises(NotFound):
            delete_local_case(session=s, id=row.id, actor="bo")


def test_imports_and_deletions_of_local_cases_are_recorded(engine, pack):
    case = {"id": "shared_abc", "buyer": "A municipality", "title": {"en": "Smart bins", "fr": "Bacs"}}
    with session_scope(engine) as s:
        add_local_cases(session=s, pack_id=pack.id, cases=[case], actor="ana")
    with session_scope(engine) as s:
        (row,) = list_local_cases(session=s, pack_id=pack.id)
        delete_local_case(session=s, id=row.id, actor="bo")
    with session_scope(engine, readonly=True) as s:
        deleted, imported = local_case_events(session=s, pack_id=pack.id)
        assert local_case_events(session=s, pack_id="another-pack") == []
    assert (deleted.action, deleted.actor, deleted.title, deleted.case_id) == (
        "delete",
        "bo",
        "Smart bins",
        "shared_abc",
    )
    assert (imported.action, imported.actor) == ("import", "ana")
    assert deleted.at >= imported.at


@pytest.fixture
def fresh_url(db_url, tmp_path):
    """A second, empty database of the same kind as ``db_url``: the other installation."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other-installation.db'}"
        return
    base = os.environ["TEST_DATABASE_URL"]
    url, schema = pg_schema_url(base)
    try:
        yield url
    finally:
        drop_schema(base, schema)


def test_round_trip_a_shared_case_into_a_fresh_database(engine, fresh_url, pack):
    rec = _new(engine, pack)
    outcome = {
        "route": "pilot_sandbox",
        "award_date": "2025-06-01",
        "outcome": "scaled",
        "lessons": "Pay the pilot.",
    }
    _record(engine, pack, rec.id, rec.version, outcome)
    with session_scope(engine, readonly=True) as s:
        got = get_assessment(session=s, id=rec.id)
    case = anonymised_case(
        pack,
        assessment_id=got.id,
        title=got.title,
        municipality=got.municipality,
        answers=got.answers,
        outcome=got.outcome,
        year=2026,
        choices=ShareChoices(source_url="https://example.org/award/1", keep_lessons=True),
    )
    data = case_file_json([case]).encode()
    assert b"Guelph" not in data and b"Fleet pilot" not in data and b"Pay the pilot." in data

    other = make_engine(fresh_url)
    try:
        upgrade(other)
        with session_scope(other, readonly=True) as s:
            taken = {r.case_id for r in list_local_cases(session=s, pack_id=pack.id)}
        cases = read_case_file(data, pack, taken=taken)
        with session_scope(other) as s:
            add_local_cases(
                session=s,
                pack_id=pack.id,
                cases=[c.model_dump(mode="json", exclude_defaults=True) for c in cases],
                actor="bo",
            )
        with session_scope(other, readonly=True) as s:
            local = stored_cases(pack, [r.data for r in list_local_cases(session=s, pack_id=pack.id)])
            taken = {r.case_id for r in list_local_cases(session=s, pack_id=pack.id)}
        assert local == (case,)
        near = nearest_cases(pack, ANSWERS, with_local(pack, local), k=3)
        assert near[0].case.id == case.id and near[0].distance < 0.01  # the amount was rounded to one figure
        assert near[0].case.lessons.en == "Pay the pilot." and near[0].case.buyer == "A municipality"
        # importing the same file again is refused before anything is written
        with pytest.raises(ValueError, match="already in the local case library"):
            read_case_file(data, pack, taken=taken)
    finally:
        other.dispose()
