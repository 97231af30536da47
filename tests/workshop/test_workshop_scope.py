"""Review r14 F1: a workshop's result must say when its first route rests on an answer the
workshop did not cover (the room never saw or discussed it)."""

from __future__ import annotations

import datetime as dt

from mixdecide.engine import assess
from mixdecide.store import session_scope
from mixdecide.workshop import (
    board_data,
    published_answers,
    published_result,
    result_changed_since_publishing,
)
from mixdecide.workshop.aggregate import GroupAnswers
from mixdecide.workshop.records import OUTSIDE_KEY
from mixdecide.workshop.scope import decided_outside
from tests.helpers.demo import guelph_draft_answers

TODAY = dt.date(2026, 11, 30)


def _demo() -> dict:
    return guelph_draft_answers()


def _covered(pack) -> tuple[str, ...]:  # a workshop on "The need" and "The market"
    return tuple(q.id for s in pack.sections[:2] for q in s.questions)


def test_an_outside_answer_that_decides_the_first_route_is_named(pack):
    answers = {**_demo(), "city_offers_access": "yes"}  # in "Money and time": not in the workshop
    assert assess(pack, answers, today=TODAY).top == "pilot_sandbox"
    found = decided_outside(pack, GroupAnswers(answers=answers, covered=_covered(pack), source={}), TODAY)
    assert found is not None
    assert "city_offers_access" in found.deciders  # (with the test site that makes a pilot possible)
    assert found.route == "challenge_based"  # what the group's own answers lead to


def test_no_warning_when_the_outside_answers_decide_nothing(pack):
    found = decided_outside(pack, GroupAnswers(answers=_demo(), covered=_covered(pack), source={}), TODAY)
    assert found is None


def _published_workshop(engine, pack, answers):
    """A workshop on "The need" and "The market" of an assessment with ``answers``, published."""
    from mixdecide.workshop import set_published
    from tests.helpers.store import new_assessment
    from tests.helpers.workshop import join_as, open_workshop

    created = open_workshop(engine, pack, new_assessment(engine, pack, answers).id, title="Green bin")
    sam = join_as(engine, created.workshop.code, "Sam", clients=("session:sam",))
    with session_scope(engine) as s:
        set_published(
            session=s, workshop_id=created.workshop.id, secret=created.secret, published=True, pack=pack
        )
    return created, sam


def test_the_published_snapshot_carries_the_warning_in_both_languages(engine, pack):
    """Review r14 F1 on participants' devices: they see the published snapshot only, so the
    snapshot must say that an answer they were never asked decides the result."""
    created, sam = _published_workshop(engine, pack, {**_demo(), "city_offers_access": "yes"})
    with session_scope(engine, readonly=True) as s:
        shown = published_result(session=s, token=sam.token, pack=pack)
        board = board_data(session=s, workshop_id=created.workshop.id, secret=created.secret, pack=pack)
        answers = published_answers(session=s, token=sam.token, pack=pack)
    assert shown is not None and shown.outside is not None and shown.at is not None
    en, fr = shown.outside["en"], shown.outside["fr"]
    assert en.startswith("Please note: this result, Pilot / sandbox, rests on answers")
    assert "Can you host a test with real users, sites or data? — Yes" in en
    assert en.endswith("the recommended route would be Challenge-based procurement (MIX challenge).")
    assert fr.startswith("À noter : ce résultat, Projet pilote / bac à sable, repose sur des réponses")
    assert "Approvisionnement par défi (appel à solutions MIX)" in fr
    # the warning sits beside the answers, never among them: the result and "changed since
    # publishing" are computed from the answers alone
    assert OUTSIDE_KEY not in shown.answers and answers == shown.answers
    assert assess(pack, shown.answers, today=TODAY).top == "pilot_sandbox"
    assert board.workshop.published_outside == shown.outside
    assert not result_changed_since_publishing(board)


def test_the_snapshot_carries_no_warning_when_the_outside_answers_decide_nothing(engine, pack):
    _, sam = _published_workshop(engine, pack, _demo())
    with session_scope(engine, readonly=True) as s:
        shown = published_result(session=s, token=sam.token, pack=pack)
    assert shown is not None and shown.outside is None and shown.answers
