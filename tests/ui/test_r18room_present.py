"""Review r17room, presentation screens: the risk screen's "Highest risks" is never cut inside a
tie (#1), and the first screen says a route is not achievable by the date once (#3)."""

from __future__ import annotations

from mixdecide import load_pack
from tests.helpers.apptest import goto, new_app, texts

PACK = load_pack()
RISK_STEP = 3  # pages/present.py STEPS: recommendation, strategy, why, risk


def _present(example: str, step: int = 0, **changes):
    e = next(x for x in PACK.examples if x.id == example)
    at = new_app(answers={**e.answers, **changes}, lang="en")
    at.session_state["present"] = True
    at.session_state["present_step"] = step
    return goto(at, "present")


def test_the_risk_screen_lists_a_risk_tied_with_the_fourth():
    # five risks at 15 / 25: Adoption, the fifth, was left out while the four others were shown
    shown = texts(_present("ex13_curbside_rfi", RISK_STEP))
    for name in ("Technical", "Market", "Capacity", "Lock-in"):  # short, as on the radar beside
        assert f"- {name} — High" in shown
    assert "- Adoption — High" in shown
    assert "- Accessibility" not in shown  # 10 / 25: lower than every risk listed


def test_a_tie_longer_than_the_screen_holds_is_counted_on_it():
    # seven risks at 15 / 25: five fit the column, the others are said, not dropped; here the
    # bands come from "don't know" answers, and the line saying so takes the fifth one's place
    shown = texts(_present("ex15_ai_enforcement_unknowns", RISK_STEP))
    assert shown.count(" — High") == 4
    assert "…and 3 more at 15 / 25, on the Risk profile page." in shown


def test_a_risk_raised_by_dont_know_is_marked_on_the_room_screen():
    """Review (department head): the slide said "Technical: High" with no caveat when the band came
    from "don't know" answers (scored at their worst). A mark, and one line saying what it means."""
    at = _present("ex15_ai_enforcement_unknowns", RISK_STEP)
    shown = texts(at)
    assert " — High \\*" in shown or " — High *" in shown, shown
    assert "assumed from a “don't know” answer" in shown
    sure = texts(_present("ex13_curbside_rfi", RISK_STEP, **{}))
    from mixdecide.engine import assess

    e = next(x for x in PACK.examples if x.id == "ex13_curbside_rfi")
    if not any(r.unknown_drivers for r in assess(PACK, e.answers, today=e.today).risks):
        assert "assumed from" not in sure
