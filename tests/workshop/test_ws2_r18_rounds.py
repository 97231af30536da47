"""Review r18lead #2, #3, #5, #6, #8 in the store and the record: every round is kept (a snapshot
in the database when a round is locked, a new one opened or the workshop closed) with its votes,
group answers and reasons as they were; a tie the facilitator broke stays a tie-break; a decision
without a reason says so; who took part is listed even with names hidden; "I'm done" belongs to
a round. Runs on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from mixdecide.engine import assess
from mixdecide.reports import ReportInput, render
from mixdecide.store import session_scope
from mixdecide.store.models import AuditEvent
from mixdecide.workshop import (
    board_data,
    close_workshop,
    join,
    lock_round,
    remove_participant,
    save_participant_answer,
    set_consensus,
    set_finished,
    unlock_round,
)
from mixdecide.workshop.record import events, workshop_record

E = AuditEvent.__table__  # type: ignore[attr-defined]


def _join(engine, pack, code, name, given):
    with session_scope(engine) as s:
        token = join(session=s, code=code, name=name, clients=[f"session:{name}"]).token
        for q, v in given.items():
            save_participant_answer(session=s, token=token, question_id=q, value=v, pack=pack)
    return token


def _answer(engine, pack, token, q, v):
    with session_scope(engine) as s:
        save_participant_answer(session=s, token=token, question_id=q, value=v, pack=pack)


def _record(engine, pack, w, secret):
    with session_scope(engine, readonly=True) as s:
        board = board_data(session=s, workshop_id=w.id, secret=secret, pack=pack)
        record = workshop_record(board, events(s, board))
    return board, record


def _markdown(pack, board, record) -> str:
    a = assess(pack, board.group.answers, today=dt.date(2026, 11, 30))
    inp = ReportInput(pack=pack, result=a, title="Salt", workshop=record)
    return render("md", inp, "en", images=False).decode().replace("\\", "")


def test_every_round_is_kept_with_its_votes_answers_and_reasons(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    kw = {"workshop_id": w.id, "secret": secret, "pack": pack}
    dana = _join(
        engine, pack, w.code, "Dana", {"market_depth": "few", "need_clarity": "problem_clear_solution_open"}
    )
    ian = _join(
        engine, pack, w.code, "Ian", {"market_depth": "many", "need_clarity": "problem_clear_solution_open"}
    )
    _join(
        engine,
        pack,
        w.code,
        "Fatima",
        {"market_depth": "unknown", "need_clarity": "problem_clear_solution_open"},
    )
    with session_scope(engine) as s:
        lock_round(session=s, workshop_id=w.id, secret=secret, actor="Fran", pack=pack)
        # round 1: a 1-1 tie (Fatima does not know) the facilitator breaks, with a reason
        set_consensus(
            session=s, **kw, question_id="market_depth", value="few", note="Legal unsure.", actor="Fran"
        )
        unlock_round(session=s, workshop_id=w.id, secret=secret, actor="Fran", pack=pack)
    # round 2: Ian moves to "few"; the reason is edited
    _answer(engine, pack, ian, "market_depth", "few")
    with session_scope(engine) as s:
        lock_round(session=s, workshop_id=w.id, secret=secret, actor="Fran", pack=pack)
        set_consensus(
            session=s,
            **kw,
            question_id="market_depth",
            value="few",
            note="Round 2: both agree.",
            actor="Fran",
        )
        close_workshop(session=s, workshop_id=w.id, secret=secret, actor="Fran", pack=pack)
    # the snapshots are in the database, with the round's votes as they were
    with session_scope(engine, readonly=True) as s:
        snaps = [
            r.new["snapshot"]
            for r in s.execute(
                select(E.c.new).where(E.c.target == f"workshop:{w.id}", E.c.action == "workshop_round")
            )
            if r.new.get("snapshot")
        ]
    assert [x["round"] for x in snaps] == [1, 1, 2, 2]  # locked, ended (new round opened); locked, closed
    assert snaps[1]["questions"]["market_depth"]["counts"] == [["many", 1], ["few", 1], ["unknown", 1]]
    assert snaps[1]["questions"]["market_depth"]["note"] == "Legal unsure."
    board, record = _record(engine, pack, w, secret)
    assert [h["round"] for h in record["history"]] == [1]
    text = _markdown(pack, board, record)
    section = text[text.index("### Does your team") :] if "### Does your team" in text else text
    # round 1 as it was: the split (don't know apart), the tie-break and the reason then
    assert "Round 1" in text
    assert "Votes: 1: Many (a competitive market) · 1: A few; 1 don't know" in text
    assert "Reason then: Legal unsure." in text
    # round 2's votes agree with the tie-break, but it stays a tie-break, not "most participants"
    assert "Participants were tied; the facilitator picked: A few" in text
    assert "in round 1" in text
    assert "Consensus note: Round 2: both agree." in text
    assert dana and section


def test_a_decision_without_a_reason_says_so(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    kw = {"workshop_id": w.id, "secret": secret, "pack": pack}
    _join(engine, pack, w.code, "Dana", {"market_depth": "few"})
    _join(engine, pack, w.code, "Ian", {"market_depth": "many"})
    with session_scope(engine) as s:
        set_consensus(session=s, **kw, question_id="market_depth", value="many", actor="Fran")
    board, record = _record(engine, pack, w, secret)
    text = _markdown(pack, board, record)
    assert "Participants were tied; the facilitator picked: Many" in text
    assert "No reason given." in text


def test_the_record_lists_who_took_part_with_names_hidden(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    _join(engine, pack, w.code, "Dana", {"market_depth": "few"})
    _join(engine, pack, w.code, "Ian", {"market_depth": "many"})
    extra = _join(engine, pack, w.code, "Dana again", {})
    with session_scope(engine) as s:
        board = board_data(session=s, workshop_id=w.id, secret=secret, pack=pack)
        pid = next(p.id for p in board.participants if p.name == "Dana again")
        remove_participant(session=s, workshop_id=w.id, secret=secret, participant_id=pid, actor="Fran")
    assert extra
    board, record = _record(engine, pack, w, secret)
    assert not board.workshop.show_names
    text = _markdown(pack, board, record)
    assert "Who took part" in text and "- Dana (joined " in text and "- Ian (joined " in text
    # review r19fac #8: which of two people of one name was removed, by when they joined
    assert re.search(
        r"- Dana again \(joined \d{4}-\d\d-\d\d \d\d:\d\d UTC\): removed by the facilitator", text
    ), text
    assert "who gave which answer is not recorded" in text
    assert "Names were hidden during the workshop, so they are not recorded here" not in text


def test_im_done_belongs_to_a_round(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    dana = _join(engine, pack, w.code, "Dana", {"market_depth": "few"})
    with session_scope(engine) as s:
        set_finished(session=s, token=dana)
        assert board_data(session=s, workshop_id=w.id, secret=secret, pack=pack).finished == 1
        lock_round(session=s, workshop_id=w.id, secret=secret, pack=pack)
        unlock_round(session=s, workshop_id=w.id, secret=secret, pack=pack)
    with session_scope(engine, readonly=True) as s:
        board = board_data(session=s, workshop_id=w.id, secret=secret, pack=pack)
    assert board.workshop.round == 2 and board.finished == 0
