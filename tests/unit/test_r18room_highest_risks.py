"""The highest-risks list is never cut inside a tie (review r17room #1: Schedule, tied for fourth
place, was left out while an equal risk was shown), and states the cut when a tie is too long."""

from __future__ import annotations

import dataclasses

from mixdecide.engine import assess
from mixdecide.result import RiskItem
from mixdecide.risk import band_for, highest_risks


def _with_scores(pack, a, scores: dict[str, int]):
    """``a`` with these risk scores (the other dimensions score 1, in no focus band)."""
    risks = tuple(
        RiskItem(r.dimension, 1, 1, s := scores.get(r.dimension, 1), band_for(pack, s).id, (), (), ())
        for r in a.risks
    )
    return dataclasses.replace(a, risks=risks)


def test_a_risk_tied_for_fourth_place_is_listed(pack, full_answers, today):
    a = _with_scores(
        pack,
        assess(pack, full_answers, today=today),
        {"legal": 20, "market": 16, "technical": 15, "financial": 12, "schedule": 12},
    )
    high = highest_risks(pack, a, 4)
    assert [r.dimension for r in high.shown] == ["legal", "market", "technical", "financial", "schedule"]
    assert (high.tied_out, high.lower) == (0, 0)


def test_lower_risks_are_cut_and_a_long_tie_is_counted(pack, full_answers, today):
    a = _with_scores(
        pack,
        assess(pack, full_answers, today=today),
        {"legal": 20, "market": 12, "technical": 12, "privacy": 12, "schedule": 12, "ip": 12, "capacity": 10},
    )
    high = highest_risks(pack, a, 4, most=5)
    assert [r.score for r in high.shown] == [20, 12, 12, 12, 12]
    assert (high.tied_out, high.cut, high.lower) == (1, 12, 1)  # one more at 12 said; Capacity is lower
    assert len(highest_risks(pack, a, 4).shown) == 6  # no room limit: the whole tie
    assert [r.score for r in highest_risks(pack, a, 1).shown] == [20]


def test_a_short_list_is_whole(pack, full_answers, today):
    a = _with_scores(pack, assess(pack, full_answers, today=today), {"legal": 20, "market": 12})
    high = highest_risks(pack, a, 4)
    assert [r.dimension for r in high.shown] == ["legal", "market"]
    assert (high.tied_out, high.lower) == (0, 0)
