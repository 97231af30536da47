"""Review r14 F1: a workshop's result must say when its first route rests on an answer the
workshop did not cover (the room never saw or discussed it)."""

from __future__ import annotations

import datetime as dt
import json

from mixdecide.engine import assess
from mixdecide.workshop.aggregate import GroupAnswers
from mixdecide.workshop.scope import decided_outside
from tests.helpers.apptest import ROOT

TODAY = dt.date(2026, 11, 30)


def _demo() -> dict:
    return dict(json.loads((ROOT / "data/demo/01_guelph_green_bin_plastics.json").read_text())["answers"])


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
