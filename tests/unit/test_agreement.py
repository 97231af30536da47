"""The agreement measure: which routes count for a case, hits at 1 and 3, cases the engine cannot
score, and an engine that reports an arrangement (path) of its own."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from mixdecide.agreement import engine_path, expected_routes, measure
from mixdecide.cases import Case, pack_cases
from mixdecide.engine import assess
from mixdecide.pack import load_pack

PACK = load_pack()
CASES = pack_cases(PACK)
KNOWN = frozenset(PACK.routes)


def _case(
    cid: str, routes: list[str], arrangement: str | None = None, answers: dict[str, Any] | None = None
) -> Case:
    base = CASES[0].model_dump()
    base.update(id=cid, routes=routes, arrangement=arrangement, answers=answers or {})
    return Case.model_validate(base)


COMMODITY = {
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "procurement_category": "goods",
    "purchase_intent": "buy_now",
}


def test_expected_routes_follow_what_the_engine_knows():
    coop = _case("coop", ["joint_procurement"], "cooperative_vehicle")
    assert expected_routes(coop, KNOWN) == {"joint_procurement"}
    assert expected_routes(coop, KNOWN | {"cooperative_vehicle"}) == {
        "joint_procurement",
        "cooperative_vehicle",
    }
    direct = _case("direct", [], "direct_award")
    assert expected_routes(direct, KNOWN) == frozenset()


def test_hits_at_one_and_three_and_the_confusion_table():
    top = assess(PACK, COMMODITY, explain=False).top
    assert top == "traditional_rfp"
    ranked = [r.route for r in assess(PACK, COMMODITY, explain=False).ranking]
    first = _case("first", ["traditional_rfp"], answers=COMMODITY)
    third = _case("third", [ranked[2]], answers=COMMODITY)
    last = _case("last", [ranked[-1]], answers=COMMODITY)
    result = measure(PACK, [first, third, last])
    assert [r.hit(1) for r in result.results] == [True, False, False]
    assert [r.hit(3) for r in result.results] == [True, True, False]
    assert result.rate(1) == 1 / 3 and result.rate(3) == 2 / 3
    assert result.confusion()[("traditional_rfp", "traditional_rfp")] == 1
    assert result.confusion()[(ranked[-1], "traditional_rfp")] == 1


def test_a_case_the_engine_cannot_score_is_left_out_not_counted_as_a_miss():
    direct = _case("direct", [], "direct_award", COMMODITY)
    first = _case("first", ["traditional_rfp"], answers=COMMODITY)
    result = measure(PACK, [direct, first])
    assert [r.case.id for r in result.scored] == ["first"]
    assert result.rate(1) == 1.0


def test_the_largest_contributions_of_the_first_route_are_kept_for_a_miss():
    miss = _case("miss", ["prize"], answers=COMMODITY)
    (r,) = measure(PACK, [miss]).results
    assert not r.hit(1)
    assert 0 < len(r.top_contributions) <= 3
    points = [abs(c.points) for c in r.top_contributions]
    assert points == sorted(points, reverse=True)
    assert all(c.rule != "scoring.base" for c in r.top_contributions)


@dataclass(frozen=True)
class _Strategy:
    path: str


def test_an_engine_reporting_an_arrangement_is_scored_on_it():
    """The measure keeps working when the engine gains a strategy/path next to its ranking."""

    def engine_with_path(pack, answers, today=None, explain=True):
        result = assess(pack, answers, today=today, explain=explain)
        return _WithStrategy(result, _Strategy("cooperative_vehicle"))

    coop = _case("coop", [], "cooperative_vehicle", COMMODITY)
    (r,) = measure(PACK, [coop], assess_fn=engine_with_path).results
    assert r.scorable and r.hit(1)
    assert engine_path(replace(_Strategy("x"))) == "x"
    assert engine_path(object()) is None
    assert engine_path(_WithStrategy(None, {"path": "direct_award"})) == "direct_award"  # type: ignore[arg-type]


class _WithStrategy:
    def __init__(self, result: Any, strategy: _Strategy) -> None:
        self._result = result
        self.strategy = strategy

    def __getattr__(self, name: str) -> Any:
        return getattr(self._result, name)


def test_the_real_library_is_measured_without_error():
    result = measure(PACK, CASES)
    assert len(result.scored) >= 40
    assert 0 <= result.rate(1) <= result.rate(3) <= 1
