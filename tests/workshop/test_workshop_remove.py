"""One browser filling a workshop with fake participants: the facilitator sees how many joined
from the same network and removes them; their answers leave the aggregates, with an audit entry."""

from __future__ import annotations

import pytest

from mixdecide.store import NotFound, audit_trail, session_scope
from mixdecide.workshop import (
    NotAllowed,
    board_data,
    join,
    rejoin,
    remove_participant,
    save_participant_answer,
)


def _join(engine, code, name, ip):
    with session_scope(engine) as s:
        return join(session=s, code=code, name=name, clients=[f"ip:{ip}", f"session:{name}"])


def _board(engine, pack, created):
    with session_scope(engine, readonly=True) as s:
        return board_data(session=s, workshop_id=created.workshop.id, secret=created.secret, pack=pack)


def test_the_board_counts_joins_from_the_same_network(engine, pack, workshop):
    code = workshop.workshop.code
    for name in ("Fake 1", "Fake 2", "Fake 3"):
        _join(engine, code, name, "203.0.113.9")
    _join(engine, code, "Ann", "198.51.100.1")
    board = _board(engine, pack, workshop)
    assert {p.name: p.same_client for p in board.participants} == {
        "Fake 1": 3,
        "Fake 2": 3,
        "Fake 3": 3,
        "Ann": 1,
    }


def test_a_removed_participant_leaves_the_aggregates_and_the_audit_trail_says_so(engine, pack, workshop):
    code = workshop.workshop.code
    real = _join(engine, code, "Ann", "198.51.100.1")
    fakes = [_join(engine, code, f"Fake {i}", "203.0.113.9") for i in range(3)]
    for p in [real, *fakes]:
        with session_scope(engine) as s:
            value = "few" if p is real else "many"
            save_participant_answer(
                session=s, token=p.token, question_id="market_depth", value=value, pack=pack
            )
    before = _board(engine, pack, workshop)
    assert before.group.answers["market_depth"] == "many"  # the fakes outvote Ann
    for p in fakes:
        with session_scope(engine) as s:
            name, answers = remove_participant(
                session=s,
                workshop_id=workshop.workshop.id,
                secret=workshop.secret,
                participant_id=p.participant.id,
                actor="Fran",
            )
        assert name == p.participant.name and answers == 1
    after = _board(engine, pack, workshop)
    assert [p.name for p in after.participants] == ["Ann"]
    assert after.group.answers["market_depth"] == "few"
    with session_scope(engine, readonly=True) as s:
        assert rejoin(session=s, token=fakes[0].token) is None  # their link stops working
        trail = audit_trail(session=s, id=workshop.workshop.assessment_id)
    removed = [e for e in trail if e.action == "participant_removed"]
    assert len(removed) == 3 and {e.actor for e in removed} == {"Fran"}
    assert {e.old["name"] for e in removed} == {"Fake 0", "Fake 1", "Fake 2"}


def test_only_the_facilitator_removes_and_only_their_own_participants(engine, pack, workshop):
    p = _join(engine, workshop.workshop.code, "Ann", "198.51.100.1")
    with session_scope(engine) as s, pytest.raises(NotAllowed):
        remove_participant(
            session=s,
            workshop_id=workshop.workshop.id,
            secret="x" * 43,
            participant_id=p.participant.id,
            actor="Mallory",
        )
    with session_scope(engine) as s, pytest.raises(NotFound):
        remove_participant(
            session=s,
            workshop_id=workshop.workshop.id,
            secret=workshop.secret,
            participant_id="0" * 32,
            actor="Fran",
        )
    assert [x.name for x in _board(engine, pack, workshop).participants] == ["Ann"]


# --- the facilitator page -------------------------------------------------------------------------


@pytest.fixture
def _page_db(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.mark.usefixtures("_page_db")
def test_the_facilitator_sees_same_network_joins_and_removes_one():
    from tests.helpers.apptest import ok, texts
    from tests.helpers.workshop import answer, facilitator, join_code, participant

    fac, _, _ = facilitator(["need", "market"])
    code = join_code(fac)
    fake = participant(code, "Fake")
    answer(fake, "market_depth", "many")
    participant(code, "Ann")
    ok(fac.run())
    table = next(df.value for df in fac.dataframe if "Joined from the same network" in df.value.columns)
    # both from this machine, in the Remove list's words (review r16lead #9: the column read empty)
    assert list(table["Joined from the same network"]) == ["2 joined from the same network"] * 2
    who = fac.selectbox(key="wk.remove.who")
    assert who.options[0].startswith("Fake") and "2 joined from the same network" in who.options[0]
    ok(who.select_index(0).run())
    # Remove asks first: the button that removes sits in a popover that names whom and how many answers
    assert "Remove **Fake** and their 1 answers? Their link stops working" in texts(fac)
    assert fac.button(key="wk.remove").label == "Yes, remove"
    ok(fac.button(key="wk.remove").click().run())
    shown = texts(fac)
    assert "Removed Fake and their 1 answers" in shown
    table = next(df.value for df in fac.dataframe if "Joined from the same network" in df.value.columns)
    assert list(table["Name"]) == ["Ann"]
    ok(fake.run())
    assert "This participant link is not valid any more" in texts(fake)
