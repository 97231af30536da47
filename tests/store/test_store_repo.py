"""Create, read, save (optimistic concurrency), audit trail, duplicate, archive, delete."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mixdecide.answers import AnswerError
from mixdecide.engine import assess
from mixdecide.store import (
    InvalidValue,
    NotFound,
    StaleSave,
    audit_trail,
    create_assessment,
    delete_assessment,
    duplicate_assessment,
    get_assessment,
    is_valid_id,
    list_assessments,
    save_assessment,
    session_scope,
    set_status,
)
from mixdecide.store.models import Assessment, AssessmentRisk, AuditEvent
from tests.helpers.answers import PILOT_ANSWERS as ANSWERS


def _save(engine, **kw) -> int:
    """save_assessment in a unit of work of its own."""
    with session_scope(engine) as s:
        return save_assessment(session=s, **kw)


def _create(engine, pack, **kw):
    args = {
        "title": "Cutting plastic in green-bin organics",
        "municipality": "Guelph",
        "department": "Public Works",
        "owner": "Priya Raman",
        "pack": pack,
        "answers": ANSWERS,
        "actor": "priya",
        **kw,
    }
    with session_scope(engine) as s:
        return create_assessment(session=s, **args)


def _counts(engine, id):
    with session_scope(engine, readonly=True) as s:
        events = s.execute(select(func.count()).where(AuditEvent.assessment_id == id)).scalar_one()
        risks = s.execute(select(func.count()).where(AssessmentRisk.assessment_id == id)).scalar_one()
        return events, risks


def test_create_then_get(engine, pack):
    rec = _create(engine, pack, notes={"market_depth": "  Three firms replied to the 2025 RFI.  "})
    assert is_valid_id(rec.id) and rec.version == 1 and rec.status == "draft"
    assert rec.created_at.tzinfo is not None and rec.created_at.utcoffset() == dt.timedelta(0)
    expected = assess(pack, ANSWERS)
    assert rec.top_route == expected.top
    assert rec.snapshot["ranking"][0]["route"] == expected.top
    assert rec.pack_id == pack.id and rec.pack_version == pack.version
    assert {r.dimension for r in rec.risks} == {r.dimension for r in expected.risks}
    assert rec.max_risk_score == max(r.score for r in expected.risks)
    assert rec.notes == {"market_depth": "Three firms replied to the 2025 RFI."}
    with session_scope(engine, readonly=True) as s:
        again = get_assessment(session=s, id=rec.id)
        trail = audit_trail(session=s, id=rec.id, limit=10)
    assert again == rec
    assert [(e.action, e.actor) for e in trail] == [("created", "priya")]


def test_create_rejects_invalid_input(engine, pack):
    with pytest.raises(AnswerError):
        _create(engine, pack, answers={"need_clarity": "maybe"})
    with pytest.raises(InvalidValue):
        _create(engine, pack, title="   ")
    with pytest.raises(InvalidValue):
        _create(engine, pack, notes={"no_such_question": "x"})
    with session_scope(engine, readonly=True) as s:
        assert list_assessments(session=s)[1] == 0


def test_save_bumps_version_and_stores_changes(engine, pack):
    rec = _create(engine, pack)
    answers = {**ANSWERS, "estimated_value_cad": 250000, "sme_objective": "yes"}
    result = assess(pack, answers)
    v = _save(
        engine,
        id=rec.id,
        expected_version=1,
        actor="marc",
        answers=answers,
        notes={"sme_objective": "Council priority"},
        checklist={"bylaw.compliance": {"status": "in_progress", "owner": "Procurement"}},
        meta={"title": "Green-bin plastics challenge", "status": "final"},
        result=result,
    )
    assert v == 2
    with session_scope(engine, readonly=True) as s:
        got = get_assessment(session=s, id=rec.id)
    assert got.version == 2 and got.updated_by == "marc" and got.updated_at >= rec.updated_at
    assert got.answers == answers and got.notes == {"sme_objective": "Council priority"}
    assert got.checklist == {
        "bylaw.compliance": {"status": "in_progress", "owner": "Procurement", "note": ""}
    }
    assert got.title == "Green-bin plastics challenge" and got.status == "final"
    assert got.top_route == result.top
    assert got.snapshot["answers"]["estimated_value_cad"] == 250000
    assert len(got.risks) == len(result.risks)  # rewritten, not appended


def test_save_with_pack_validates_and_reassesses(engine, pack):
    rec = _create(engine, pack)
    with session_scope(engine) as s, pytest.raises(AnswerError):
        save_assessment(
            session=s, id=rec.id, expected_version=1, actor="a", answers={"market_depth": 3}, pack=pack
        )
    answers = {
        **ANSWERS,
        "need_clarity": "solution_known",
        "solution_maturity": "commercial",
        "market_depth": "many",
    }
    with session_scope(engine) as s:
        v = save_assessment(session=s, id=rec.id, expected_version=1, actor="a", answers=answers, pack=pack)
        got = get_assessment(session=s, id=rec.id)
    assert v == 2 and got.top_route == assess(pack, answers).top


def test_one_audit_event_per_change_and_none_without_change(engine, pack):
    rec = _create(engine, pack)
    v = _save(
        engine,
        id=rec.id,
        expected_version=1,
        actor="anne",
        answers={**ANSWERS, "market_depth": "many", "timeline_months": None, "funding": "secured"},
        notes={"funding": "Capital budget 2027"},
        checklist={"privacy.pia": {"status": "done"}, "bylaw.compliance": {"status": "not_started"}},
        meta={"owner": "Anne Lacroix", "department": "Public Works", "status": "final"},
    )
    with session_scope(engine, readonly=True) as s:
        trail = audit_trail(session=s, id=rec.id)
    changed = sorted((e.action, e.target, e.old, e.new) for e in trail if e.action != "created")
    assert changed == [
        ("answer_changed", "funding", None, "secured"),
        ("answer_changed", "market_depth", "few", "many"),
        ("answer_changed", "timeline_months", 12, None),
        ("checklist_changed", "privacy.pia", None, {"status": "done", "owner": "", "note": ""}),
        ("meta_changed", "owner", "Priya Raman", "Anne Lacroix"),
        ("note_changed", "funding", None, "Capital budget 2027"),
        ("status_changed", "status", "draft", "final"),
    ]
    assert all(e.actor == "anne" for e in trail if e.action != "created")
    events, _ = _counts(engine, rec.id)
    # the same content again: no event, no new version
    with session_scope(engine) as s:
        got = get_assessment(session=s, id=rec.id)
        same = save_assessment(
            session=s,
            id=rec.id,
            expected_version=v,
            actor="anne",
            answers=got.answers,
            notes=got.notes,
            checklist=got.checklist,
            meta={"owner": "Anne Lacroix"},
        )
    assert same == v
    assert _counts(engine, rec.id)[0] == events
    with session_scope(engine, readonly=True) as s:
        assert get_assessment(session=s, id=rec.id).version == v
    # one key's changes only, newest first, however many other changes came after them
    _save(engine, id=rec.id, expected_version=v, actor="bo", meta={"status": "draft"})
    _save(engine, id=rec.id, expected_version=v + 1, actor="cy", answers={**ANSWERS, "market_depth": "few"})
    with session_scope(engine, readonly=True) as s:
        status = audit_trail(session=s, id=rec.id, target="status", limit=1)
        both = audit_trail(session=s, id=rec.id, target="status")
    assert [(e.actor, e.old, e.new) for e in status] == [("bo", "final", "draft")]
    assert [(e.old, e.new) for e in both] == [("final", "draft"), ("draft", "final")]


def test_workshop_action_overrides_event_kind(engine, pack):
    rec = _create(engine, pack)
    with session_scope(engine) as s:
        save_assessment(
            session=s,
            id=rec.id,
            expected_version=1,
            actor="facilitator",
            answers={**ANSWERS, "market_depth": "many"},
            action="workshop_applied",
        )
        trail = audit_trail(session=s, id=rec.id, limit=1)
    assert (trail[0].action, trail[0].target) == ("workshop_applied", "market_depth")


def test_stale_save_is_refused_and_changes_nothing(engine, pack):
    rec = _create(engine, pack)
    with session_scope(engine) as s:  # tab A saves first
        save_assessment(
            session=s,
            id=rec.id,
            expected_version=1,
            actor="tab-a",
            answers={**ANSWERS, "market_depth": "many"},
        )
    events, risks = _counts(engine, rec.id)
    with session_scope(engine, readonly=True) as s:
        before = get_assessment(session=s, id=rec.id)
    with pytest.raises(StaleSave) as info, session_scope(engine) as s:  # tab B still holds version 1
        save_assessment(
            session=s,
            id=rec.id,
            expected_version=1,
            actor="tab-b",
            answers={**ANSWERS, "market_depth": "one_or_none"},
            notes={"market_depth": "lost"},
            meta={"title": "B's title"},
            result=assess(pack, {}),
        )
    err = info.value
    assert (err.current_version, err.expected_version, err.saved_by) == (2, 1, "tab-a")
    assert err.saved_at == before.updated_at
    with session_scope(engine, readonly=True) as s:
        assert get_assessment(session=s, id=rec.id) == before
    assert _counts(engine, rec.id) == (events, risks)


def test_duplicate_archive_restore_delete(engine, pack):
    rec = _create(engine, pack, notes={"market_depth": "RFI"}, checklist={"privacy.pia": {"status": "done"}})
    with session_scope(engine) as s:
        copy = duplicate_assessment(session=s, id=rec.id, actor="marc")
    assert copy.id != rec.id and copy.title == f"{rec.title} (copy)" and copy.version == 1
    assert (copy.answers, copy.notes, copy.checklist, copy.snapshot) == (
        rec.answers,
        rec.notes,
        rec.checklist,
        rec.snapshot,
    )
    assert copy.risks == rec.risks and copy.status == "draft"
    with session_scope(engine, readonly=True) as s:
        trail = audit_trail(session=s, id=copy.id)
    assert [(e.action, e.target) for e in trail] == [("duplicated", rec.id)]

    with session_scope(engine) as s:
        assert set_status(session=s, id=rec.id, status="archived", actor="marc") == 2
        rows, total = list_assessments(session=s)
        assert [r.id for r in rows] == [copy.id] and total == 1
        assert get_assessment(session=s, id=rec.id).status == "archived"  # still readable
    with session_scope(engine) as s:
        assert set_status(session=s, id=rec.id, status="draft", actor="marc", expected_version=2) == 3
        assert list_assessments(session=s)[1] == 2
    with session_scope(engine) as s, pytest.raises(StaleSave):
        set_status(session=s, id=rec.id, status="final", actor="x", expected_version=2)
    with session_scope(engine) as s, pytest.raises(InvalidValue):
        set_status(session=s, id=rec.id, status="gone", actor="x")

    with session_scope(engine) as s:
        delete_assessment(session=s, id=copy.id, actor="marc")
    with session_scope(engine, readonly=True) as s:
        with pytest.raises(NotFound):
            get_assessment(session=s, id=copy.id)
        assert [r.id for r in list_assessments(session=s)[0]] == [rec.id]
        assert audit_trail(session=s, id=copy.id)[0].action == "deleted"  # the history stays
        assert s.execute(select(func.count()).select_from(Assessment)).scalar_one() == 2  # soft delete
    for call in (
        lambda s: save_assessment(session=s, id=copy.id, expected_version=2, actor="x", meta={"title": "t"}),
        lambda s: duplicate_assessment(session=s, id=copy.id, actor="x"),
        lambda s: delete_assessment(session=s, id=copy.id, actor="x"),
        lambda s: set_status(session=s, id=copy.id, status="draft", actor="x"),
    ):
        with session_scope(engine) as s, pytest.raises(NotFound):
            call(s)


def test_not_found_for_unknown_and_malformed_ids(engine):
    with session_scope(engine, readonly=True) as s:
        for bad in ("0" * 32, "4ea1c2d3e4f5461788a9b0c1d2e3f4a5", "nope", "", "'; DROP TABLE assessment; --"):
            with pytest.raises(NotFound):
                get_assessment(session=s, id=bad)
        with pytest.raises(NotFound):
            audit_trail(session=s, id="4ea1c2d3e4f5461788a9b0c1d2e3f4a5")


@pytest.mark.parametrize(
    "value",
    [
        None,
        42,
        "",
        "nope",
        "0" * 32,
        "4EA1C2D3E4F5461788A9B0C1D2E3F4A5",  # upper case
        "4ea1c2d3-e4f5-4617-88a9-b0c1d2e3f4a5",  # dashed form
        "4ea1c2d3e4f5161788a9b0c1d2e3f4a5",  # version 1, not 4
        "4ea1c2d3e4f5461708a9b0c1d2e3f4a5",  # bad variant nibble
        "4ea1c2d3e4f5461788a9b0c1d2e3f4a",  # 31 chars
        "4ea1c2d3e4f5461788a9b0c1d2e3f4a5\n",
        "../../etc/passwd",
    ],
)
def test_is_valid_id_rejects_malformed(value):
    assert not is_valid_id(value)


def test_is_valid_id_accepts_issued_ids():
    import uuid

    assert all(is_valid_id(uuid.uuid4().hex) for _ in range(200))


def test_records_are_copies(engine, pack):
    rec = _create(engine, pack)
    rec.answers["market_depth"] = "many"
    rec.notes["x"] = "y"
    with session_scope(engine) as s:
        got = get_assessment(session=s, id=rec.id)
    assert got.answers == ANSWERS and got.notes == {} and got.version == 1


def test_invalid_values_are_refused(engine, pack):
    rec = _create(engine, pack)
    bad = [
        {"meta": {"status": "deleted"}},
        {"meta": {"colour": "red"}},
        {"meta": {"title": ""}},
        {"meta": {"owner": "x" * 121}},
        {"checklist": {"privacy.pia": {"status": "finished"}}},
        {"checklist": {"privacy.pia": {"status": "done", "due": "2026-01-01"}}},
        {"notes": {"market_depth": 5}},
        {"notes": {"market_depth": "x" * 4001}},
        {"checklist": {"no.such.item": {"status": "done"}}, "pack": pack},
    ]
    for kwargs in bad:
        with session_scope(engine) as s, pytest.raises(InvalidValue):
            save_assessment(session=s, id=rec.id, expected_version=1, actor="a", **kwargs)
    with session_scope(engine) as s, pytest.raises(InvalidValue):
        save_assessment(session=s, id=rec.id, expected_version=1, actor=" ", meta={"title": "t"})
    with session_scope(engine, readonly=True) as s:
        assert get_assessment(session=s, id=rec.id).version == 1
