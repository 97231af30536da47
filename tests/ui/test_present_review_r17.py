"""Review r17room: presentation mode with nothing answered presented a result built from no
answers (#2); the first screen's plan length named no target date (#3)."""

from __future__ import annotations

from mixdecide import load_pack
from tests.helpers.apptest import goto, new_app, texts

PACK = load_pack()


def _present(answers: dict):
    at = new_app(answers=answers, lang="en")
    at.session_state["present"] = True
    at.session_state["present_step"] = 0
    return goto(at, "present")


def test_presenting_an_assessment_with_no_answers_asks_for_one_instead_of_inventing_a_result():
    at = _present({})
    shown = texts(at)
    assert "Nothing to present yet" in shown
    assert not at.metric  # no "54 / 100", no confidence: nothing was answered
    assert "RFI" not in shown
    assert any(b.label == "Open an assessment" for b in at.button)


def test_a_late_route_shows_the_plan_length_beside_the_date_it_is_needed_in():
    e = next(x for x in PACK.examples if x.id == "ex08_bridge_icing_six_months")
    at = _present({**e.answers, "timeline_months": 6})
    plan = next(m for m in at.metric if m.label == "Dated plan, all steps")
    assert "months" in plan.value
    assert plan.proto.delta == "you need it in 6 months"
