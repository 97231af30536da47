"""A new round never stores an answer a participant did not give (blind review r17lead #1: after
"New round" every device showed the first option of each question as its answer, the browsers
sent it back as a change, and the board counted "3 of 3 chose the leading answer")."""

from __future__ import annotations

from typing import Any

from tests.helpers.apptest import ok
from tests.helpers.workshop import answer, facilitator, join_code, lock, participant

QUESTIONS = ("market_depth", "need_clarity")


def _stored(at) -> dict[str, Any]:
    """The participant's answers as the database holds them (what the board counts)."""
    from ui import workshop_data as data

    view = data.participant(at.session_state["wk.token"])
    assert view is not None
    return dict(view.answers)


def _drawn(at, qid: str) -> Any:
    """The option a browser draws for this radio from the element the server sent: the value the
    server set, else the element's default. A browser that drew the radio anew (it was not on the
    locked page) has nothing else to go by, and reports what it draws on its next rerun."""
    radio = at.radio(key=f"wk.q.{qid}")
    proto = radio.proto
    from mixdecide.pack import load_pack

    ids = [o.id for o in load_pack().questions[qid].options] + ["unknown"]  # in the radio's order
    if proto.set_value:
        return ids[list(proto.options).index(proto.raw_value)] if proto.HasField("raw_value") else None
    return ids[proto.default] if proto.HasField("default") else None


def test_a_new_round_carries_each_participants_own_answers_and_adds_none():
    fac, _, _ = facilitator(["need", "market"])
    code = join_code(fac)
    dana, sam = participant(code, "Dana"), participant(code, "Sam")
    answer(dana, "market_depth", "few")  # not the first option; need_clarity left unanswered
    answer(sam, "market_depth", "unknown")
    answer(sam, "need_clarity", "problem_clear_solution_open")
    before = {"Dana": _stored(dana), "Sam": _stored(sam)}
    assert before == {
        "Dana": {"market_depth": "few"},
        "Sam": {"market_depth": "unknown", "need_clarity": "problem_clear_solution_open"},
    }
    lock(fac)
    for p in (dana, sam):
        ok(p.run())  # the locked page: answers in a table, no radios
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    for p in (dana, sam):
        ok(p.run())
    ok(fac.button(key="wk.unlock").click().run())  # New round ...
    ok(fac.button(key="wk.confirm.unlock").click().run())  # ... asks first
    for p in (dana, sam):
        ok(p.run())  # round 2 drawn; nobody touches anything
    # (the published result, and its "previous round" note, now follow the questions: review r17lead #7)
    assert any(
        "your answers from the previous round are kept below, as you gave them" in i.value for i in dana.info
    )
    shown = {name: {q: _drawn(p, q) for q in QUESTIONS} for name, p in (("Dana", dana), ("Sam", sam))}
    assert shown == {
        "Dana": {"market_depth": "few", "need_clarity": None},
        "Sam": {"market_depth": "unknown", "need_clarity": "problem_clear_solution_open"},
    }
    # each browser reports what it draws (as on its next rerun): nothing changes in the database
    for name, p in (("Dana", dana), ("Sam", sam)):
        for q in QUESTIONS:
            p.radio(key=f"wk.q.{q}").set_value(shown[name][q])
        ok(p.run())
    assert {"Dana": _stored(dana), "Sam": _stored(sam)} == before
