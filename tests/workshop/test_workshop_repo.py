"""The workshop repository on SQLite and PostgreSQL: codes, secrets, joining, answering,
locking, the board, consensus and applying it to the assessment."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from mixdecide.answers import AnswerError
from mixdecide.reports.model import Workshop as ReportWorkshop
from mixdecide.store import InvalidValue, NotFound, audit_trail, get_assessment, session_scope
from mixdecide.store.models import utcnow
from mixdecide.workshop import (
    RATE_LIMIT,
    RATE_WINDOW,
    NotAllowed,
    RateLimited,
    RoundLocked,
    WorkshopUnavailable,
    apply_consensus,
    board_data,
    check_facilitator,
    close_workshop,
    create_workshop,
    get_by_code,
    lock_round,
    rejoin,
    set_consensus,
    set_finished,
    set_show_names,
    unlock_round,
)
from mixdecide.workshop.models import ANSWER, JOIN_ATTEMPT, PARTICIPANT, WORKSHOP
from tests.helpers.store import new_assessment
from tests.helpers.workshop import board_of, join_as, save_answer


def test_create_gives_a_readable_code_and_a_secret_that_is_not_stored(engine, workshop):
    w = workshop.workshop
    assert len(w.code) == 6 and w.display_code == f"{w.code[:3]}-{w.code[3:]}"
    assert w.status == "open" and w.sections == ("need", "market") and w.round == 1 and not w.show_names
    assert len(workshop.secret) >= 43  # 256 bits, URL-safe
    with engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(select(WORKSHOP)) for v in row)
    assert workshop.secret not in dump  # only its SHA-256
    with session_scope(engine, readonly=True) as s:
        assert check_facilitator(session=s, workshop_id=w.id, secret=workshop.secret).id == w.id


@pytest.mark.parametrize("which", ["wrong secret", "join code", "unknown workshop", "empty", "malformed id"])
def test_only_the_facilitator_secret_opens_the_board(engine, pack, workshop, which):
    w = workshop.workshop
    wid, secret = {
        "wrong secret": (w.id, workshop.secret[:-2] + "xx"),
        "join code": (w.id, w.code),
        "unknown workshop": ("0" * 32, workshop.secret),
        "empty": (w.id, ""),
        "malformed id": ("'; --", workshop.secret),
    }[which]
    with session_scope(engine) as s, pytest.raises(NotAllowed):
        board_data(session=s, workshop_id=wid, secret=secret, pack=pack)
    with session_scope(engine) as s, pytest.raises(NotAllowed):
        lock_round(session=s, workshop_id=wid, secret=secret)


def test_create_checks_assessment_title_and_sections(engine, pack, assessment_id):
    with session_scope(engine) as s:
        with pytest.raises(NotFound):
            create_workshop(
                session=s, assessment_id="f" * 32, title="x", sections=["need"], actor="a", pack=pack
            )
        with pytest.raises(InvalidValue):
            create_workshop(
                session=s, assessment_id=assessment_id, title="x", sections=["nope"], actor="a", pack=pack
            )
        with pytest.raises(InvalidValue):
            create_workshop(
                session=s, assessment_id=assessment_id, title="x", sections=[], actor="a", pack=pack
            )
        with pytest.raises(InvalidValue):
            create_workshop(
                session=s, assessment_id=assessment_id, title=" ", sections=["need"], actor="a", pack=pack
            )
        c = create_workshop(
            session=s,
            assessment_id=assessment_id,
            title="All",
            sections=["market", "need", "need"],
            actor="a",
            pack=pack,
        )
    assert c.workshop.sections == ("need", "market")  # questionnaire order, no repeats


def test_join_with_a_typed_code_and_continue_with_the_token(engine, pack, workshop):
    code = workshop.workshop.code
    typed = f" {code[:3].lower()} - {code[3:]} "
    joined = join_as(engine, typed, name="  Sam\u200b  \n Lee ")
    assert joined.participant.name == "Sam Lee"
    assert joined.workshop.id == workshop.workshop.id
    save_answer(engine, pack, joined.token, "need_clarity", "solution_known")
    with session_scope(engine, readonly=True) as s:
        view = rejoin(session=s, token=joined.token)
        assert view.participant.id == joined.participant.id
        assert view.answers == {"need_clarity": "solution_known"}
        assert rejoin(session=s, token="x" * 43) is None
        assert rejoin(session=s, token=workshop.secret) is None  # the facilitator secret is not a participant


def test_names_are_required_and_limited(engine, workshop):
    code = workshop.workshop.code
    for bad in ("", "   ", "x" * 61, None):
        with pytest.raises(InvalidValue):
            join_as(engine, code, name=bad)
    assert join_as(engine, code, name="é" * 60).participant.name == "é" * 60
    payload = "<script>alert(1)</script>"
    assert join_as(engine, code, name=payload).participant.name == payload  # stored as typed; shown as text


def test_an_answer_is_stored_once_and_can_be_cleared(engine, pack, workshop):
    joined = join_as(engine, workshop.workshop.code)
    for value in ("few", "many", "many", "unknown"):
        save_answer(engine, pack, joined.token, "market_depth", value)
    with engine.connect() as conn:
        rows = conn.execute(
            select(ANSWER.c.value).where(ANSWER.c.participant_id == joined.participant.id)
        ).all()
    assert [r.value for r in rows] == ["unknown"]
    save_answer(engine, pack, joined.token, "market_depth", None)
    with session_scope(engine, readonly=True) as s:
        assert rejoin(session=s, token=joined.token).answers == {}


def test_answers_are_checked(engine, pack, workshop):
    joined = join_as(engine, workshop.workshop.code)
    with pytest.raises(AnswerError):
        save_answer(engine, pack, joined.token, "market_depth", "plenty")
    with pytest.raises(InvalidValue):  # a question outside the workshop's sections
        save_answer(engine, pack, joined.token, "funding", "secured")
    with pytest.raises(WorkshopUnavailable):
        save_answer(engine, pack, "y" * 43, "market_depth", "few")


def test_lock_stops_answers_until_unlocked_in_a_new_round(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    joined = join_as(engine, w.code)
    with session_scope(engine) as s:
        assert lock_round(session=s, workshop_id=w.id, secret=secret).status == "locked"
    with pytest.raises(RoundLocked):
        save_answer(engine, pack, joined.token, "market_depth", "few")
    with session_scope(engine) as s, pytest.raises(RoundLocked):
        set_finished(session=s, token=joined.token)
    assert join_as(engine, w.code, name="Late") is not None  # a locked workshop can still be joined
    with session_scope(engine) as s:
        again = unlock_round(session=s, workshop_id=w.id, secret=secret)
    assert again.status == "open" and again.round == 2
    save_answer(engine, pack, joined.token, "market_depth", "few")


def test_close_ends_the_code_and_frees_it(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    joined = join_as(engine, w.code)
    with session_scope(engine) as s:
        closed = close_workshop(session=s, workshop_id=w.id, secret=secret)
    assert closed.status == "closed" and closed.display_code is None
    assert join_as(engine, w.code, name="After") is None
    with pytest.raises(WorkshopUnavailable):
        save_answer(engine, pack, joined.token, "market_depth", "few")
    with session_scope(engine, readonly=True) as s:
        assert rejoin(session=s, token=joined.token).workshop.status == "closed"
        assert s.execute(select(WORKSHOP.c.code).where(WORKSHOP.c.id == w.id)).scalar_one() is None
        # the facilitator can still read the board of a closed workshop
        assert board_data(session=s, workshop_id=w.id, secret=secret, pack=pack).workshop.status == "closed"


def test_codes_expire(engine, pack, assessment_id):
    with session_scope(engine) as s:
        c = create_workshop(
            session=s,
            assessment_id=assessment_id,
            title="Short",
            sections=["need"],
            actor="a",
            pack=pack,
            lifetime=dt.timedelta(hours=1),
        )
    later = utcnow() + dt.timedelta(hours=2)
    with session_scope(engine) as s:
        assert get_by_code(session=s, code=c.workshop.code) is not None
        assert get_by_code(session=s, code=c.workshop.code, now=later) is None


def test_guessing_codes_is_rate_limited_per_client(engine, workshop):
    code = workshop.workshop.code
    wrong = "222222" if code != "222222" else "333333"
    for _ in range(RATE_LIMIT):
        assert join_as(engine, wrong, clients=["ip:203.0.113.9", "session:a"]) is None
    with pytest.raises(RateLimited) as exc:
        join_as(engine, code, clients=["ip:203.0.113.9", "session:a"])  # the same browser waits
    assert 0 < exc.value.retry_after <= RATE_WINDOW.total_seconds() + 1
    with pytest.raises(RateLimited):
        join_as(engine, code, clients=["session:a"])  # same session, other address
    # a new tab behind the same address is not blocked by those typos (see test_workshop_ratelimit)
    assert join_as(engine, code, clients=["ip:203.0.113.9", "session:b"]) is not None
    assert join_as(engine, code, clients=["ip:198.51.100.1", "session:c"]) is not None  # someone else
    with session_scope(engine) as s:
        later = utcnow() + RATE_WINDOW + dt.timedelta(seconds=1)
        assert get_by_code(session=s, code=code, clients=["session:a"], now=later) is not None
        # attempts older than the window are forgotten on the next failure (joins are kept a
        # minute, and that minute has passed too): the new failure, for its key and the code space
        get_by_code(session=s, code=wrong, clients=["ip:x"], now=later)
        assert s.execute(select(func.count()).select_from(JOIN_ATTEMPT)).scalar_one() == 2


def test_board_shows_progress_distribution_ranking_and_routes(engine, pack, workshop):
    w = workshop.workshop
    people = [join_as(engine, w.code, name=f"P{i}") for i in range(4)]
    answers = [
        {"need_clarity": "problem_clear_solution_open", "preferred_solution": "no", "market_depth": "few"},
        {"need_clarity": "problem_clear_solution_open", "preferred_solution": "no", "market_depth": "many"},
        {"need_clarity": "problem_clear_solution_open", "market_depth": "one_or_none"},
        {},
    ]
    for p, a in zip(people, answers, strict=True):
        for q, v in a.items():
            save_answer(engine, pack, p.token, q, v)
    with session_scope(engine) as s:
        set_finished(session=s, token=people[0].token)
    board = board_of(engine, pack, workshop)
    assert [p.name for p in board.participants] == ["P0", "P1", "P2", "P3"]
    assert board.finished == 1 and board.answers_stored == 8
    assert [(p.answered, p.top_route is not None) for p in board.participants][:3] == [
        (3, True),
        (3, True),
        (2, True),
    ]
    assert board.participants[3].top_route is None and board.participants[3].answered == 0
    assert sum(board.route_counts.values()) == 3
    need = board.stats["need_clarity"]
    assert (
        need.counts == (("problem_clear_solution_open", 3),)
        and need.disagreement == 0
        and need.unanswered == 1
    )
    market = board.stats["market_depth"]
    assert market.split and market.default == "unknown" and market.disagreement > 0.7
    assert board.ranked[0].question == "market_depth"
    assert board.group.answers["need_clarity"] == "problem_clear_solution_open"
    assert (
        board.group.answers["estimated_value_cad"] == 250_000
    )  # the assessment's answer outside the workshop
    summary = ReportWorkshop.coerce(board.report_summary())
    assert summary.participants == 4 and summary.distributions["market_depth"] == {
        "few": 1,
        "many": 1,
        "one_or_none": 1,
    }


def test_names_toggle(engine, workshop):
    w, secret = workshop.workshop, workshop.secret
    with session_scope(engine) as s:
        assert set_show_names(session=s, workshop_id=w.id, secret=secret, show=True).show_names
        assert not set_show_names(session=s, workshop_id=w.id, secret=secret, show=False).show_names


def test_consensus_is_checked(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    kw = {"session": None, "workshop_id": w.id, "secret": secret, "actor": "Fran", "pack": pack}
    with session_scope(engine) as s:
        kw["session"] = s
        with pytest.raises(AnswerError):
            set_consensus(**kw, question_id="market_depth", value="plenty")
        with pytest.raises(InvalidValue):
            set_consensus(**kw, question_id="funding", value="secured")
        with pytest.raises(InvalidValue):
            set_consensus(**kw, question_id="market_depth", value="few", note="x" * 501)
        entry = set_consensus(
            **kw, question_id="market_depth", value="few", note="  Two vendors\n\n at the fair "
        )
        assert entry.note == "Two vendors\n\nat the fair" and entry.set_by == "Fran"
        set_consensus(**kw, question_id="market_depth", value="many", note="")
    board = board_of(engine, pack, workshop)
    assert board.consensus["market_depth"].value == "many"
    assert board.group.source["market_depth"] == "consensus"


def test_apply_saves_the_group_answers_with_the_workshop_in_the_audit_trail(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    for i, depth in enumerate(["few", "few", "many"]):
        p = join_as(engine, w.code, name=f"P{i}")
        save_answer(engine, pack, p.token, "market_depth", depth)
        save_answer(engine, pack, p.token, "sme_objective", "yes")
    with session_scope(engine) as s:
        set_consensus(
            session=s,
            workshop_id=w.id,
            secret=secret,
            question_id="sme_objective",
            value="no",
            note="Council motion 2025-14",
            actor="Fran",
            pack=pack,
        )
        before = get_assessment(session=s, id=w.assessment_id)
        version = apply_consensus(session=s, workshop_id=w.id, secret=secret, pack=pack, actor="Fran")
    assert version == before.version + 1
    with session_scope(engine, readonly=True) as s:
        rec = get_assessment(session=s, id=w.assessment_id)
        trail = audit_trail(session=s, id=w.assessment_id)
        board = board_data(session=s, workshop_id=w.id, secret=secret, pack=pack)
    assert rec.answers["market_depth"] == "few" and rec.answers["sme_objective"] == "no"
    assert rec.answers["estimated_value_cad"] == 250_000  # untouched outside the workshop
    assert rec.top_route is not None and rec.snapshot["answers"]["market_depth"] == "few"
    applied = [e for e in trail if e.action == "workshop_applied"]
    assert {e.target for e in applied} >= {"market_depth", "sme_objective", f"workshop:{w.id}"}
    event = next(e for e in applied if e.target == f"workshop:{w.id}")
    assert (
        event.new["participants"] == 3 and event.new["agreed"] == ["sme_objective"] and event.actor == "Fran"
    )
    assert board.workshop.status == "locked" and board.workshop.applied_version == version


def test_one_participant_cannot_touch_another_workshop(engine, pack, workshop, assessment_id):
    with session_scope(engine) as s:
        other = create_workshop(
            session=s, assessment_id=assessment_id, title="Other", sections=["data_ip"], actor="b", pack=pack
        )
    mine = join_as(engine, workshop.workshop.code)
    with pytest.raises(InvalidValue):  # my token only reaches my workshop's questions
        save_answer(engine, pack, mine.token, "personal_data", "none")
    with session_scope(engine) as s, pytest.raises(NotAllowed):
        board_data(session=s, workshop_id=other.workshop.id, secret=workshop.secret, pack=pack)
    assert board_of(engine, pack, other).participants == ()


def test_deleting_an_assessment_row_removes_its_workshops(engine, pack, workshop):
    p = join_as(engine, workshop.workshop.code)
    save_answer(engine, pack, p.token, "market_depth", "few")
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("PRAGMA foreign_keys = ON"))
        conn.execute(text("DELETE FROM audit_event"))
        conn.execute(text("DELETE FROM assessment_risk"))
        conn.execute(text("DELETE FROM assessment"))
    with engine.connect() as conn:
        for table in (WORKSHOP, PARTICIPANT, ANSWER):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


def test_two_assessments_two_workshops_codes_differ(engine, pack):
    a, b = new_assessment(engine, pack, title="A").id, new_assessment(engine, pack, title="B").id
    with session_scope(engine) as s:
        codes = {
            create_workshop(
                session=s, assessment_id=x, title="w", sections=["need"], actor="a", pack=pack
            ).workshop.code
            for x in (a, b, a, b)
        }
    assert len(codes) == 4
