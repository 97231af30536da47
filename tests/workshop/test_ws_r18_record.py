"""Review r17lead in the store and the record: the facilitator's name asked at creation (#1), the
round on every vote table and its CSV (#3), one participant count after a duplicate join (#4)."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.engine import assess
from mixdecide.reports import ReportInput, render
from mixdecide.reports.csvio import WORKSHOP_PREAMBLE_ROWS, workshop_csv
from mixdecide.store import InvalidValue, audit_trail, session_scope
from mixdecide.workshop import (
    board_data,
    create_workshop,
    join,
    lock_round,
    save_participant_answer,
    unlock_round,
)
from mixdecide.workshop.models import FACILITATOR_MAX
from mixdecide.workshop.record import events, workshop_record


def _create(engine, pack, assessment_id, **kw):
    with session_scope(engine) as s:
        return create_workshop(
            session=s,
            assessment_id=assessment_id,
            title="Salt workshop",
            sections=["need", "market"],
            actor="Guest",
            pack=pack,
            **kw,
        )


def _record(engine, pack, w, secret):
    with session_scope(engine, readonly=True) as s:
        board = board_data(session=s, workshop_id=w.id, secret=secret, pack=pack)
        return board, workshop_record(board, events(s, board))


def _join(engine, pack, code, name, answers, client):
    with session_scope(engine) as s:
        token = join(session=s, code=code, name=name, clients=[f"session:{client}"]).token
        for q, v in answers.items():
            save_participant_answer(session=s, token=token, question_id=q, value=v, pack=pack)


def test_the_facilitator_s_name_is_stored_recorded_and_in_the_history(engine, pack, assessment_id):
    created = _create(engine, pack, assessment_id, facilitator="  Dana <b>Roy</b>  ")
    assert created.workshop.created_by == "Dana <b>Roy</b>"  # stored as typed (escaped where shown)
    _, record = _record(engine, pack, created.workshop, created.secret)
    assert record["facilitators"] == ["Dana <b>Roy</b>"]  # not "Guest", the sidebar's default
    with session_scope(engine, readonly=True) as s:
        trail = audit_trail(session=s, id=assessment_id, limit=10)
    made = next(e for e in trail if e.action == "workshop_created")
    assert made.new == {"title": "Salt workshop", "facilitator": "Dana <b>Roy</b>"}


@pytest.mark.parametrize("name", ["", "   ", "x" * (FACILITATOR_MAX + 1)])
def test_a_facilitator_name_is_required_and_limited(engine, pack, assessment_id, name):
    with pytest.raises(InvalidValue):
        _create(engine, pack, assessment_id, facilitator=name)


def test_every_vote_table_and_its_csv_say_the_round(engine, pack, assessment_id):
    created = _create(engine, pack, assessment_id, facilitator="Dana")
    w, secret = created.workshop, created.secret
    _join(engine, pack, w.code, "Ian", {"market_depth": "few"}, "ian")
    _join(engine, pack, w.code, "Lee", {"market_depth": "many"}, "lee")
    with session_scope(engine) as s:
        lock_round(session=s, workshop_id=w.id, secret=secret, actor="Dana")
        unlock_round(session=s, workshop_id=w.id, secret=secret, actor="Dana")
    board, record = _record(engine, pack, w, secret)
    assert record["round"] == 2
    a = assess(pack, board.group.answers, today=dt.date(2026, 11, 30))
    inp = ReportInput(pack=pack, result=a, title="Salt", workshop=record)
    for lang, votes in (("en", "Votes (round 2)"), ("fr", "Votes (ronde 2)")):
        md = render("md", inp, lang, images=False).decode().replace("\\", "")
        section = md[md.index("Salt workshop") :]
        assert section.count(votes) == len(record["distributions"]) >= 1  # every table, none without
    lines = workshop_csv(inp, "en").splitlines()[WORKSHOP_PREAMBLE_ROWS:]
    assert lines[0] == "Round,Question,Answer,Votes,Share"
    assert len(lines) == 3 and all(line.startswith("2,") for line in lines[1:]), lines


def test_a_duplicate_join_is_counted_the_same_everywhere_and_named_on_the_board(engine, pack, assessment_id):
    created = _create(engine, pack, assessment_id, facilitator="Dana")
    w, secret = created.workshop, created.secret
    _join(engine, pack, w.code, "Ann", {"market_depth": "few"}, "ann")
    _join(engine, pack, w.code, "Sam", {"market_depth": "few"}, "sam-phone")
    _join(engine, pack, w.code, "sam ", {}, "sam-laptop")  # the same person again, on a laptop
    board, record = _record(engine, pack, w, secret)
    assert board.joined == record["participants"] == len(board.participants) == 3
    assert board.report_summary()["participants"] == 3
    assert board.twins == {"sam": 2}
