"""The pack's own tests: every example in examples.yaml, as one parametrised test."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.engine import assess
from mixdecide.pack import load_pack

EXAMPLES = load_pack().examples
DEFAULT_DAY = dt.date(2026, 3, 1)


def is_subsequence(wanted: list[str], steps: list[str]) -> bool:
    it = iter(steps)
    return all(step in it for step in wanted)


def test_subsequence_helper():
    assert is_subsequence(["a", "c"], ["a", "b", "c"])
    assert not is_subsequence(["c", "a"], ["a", "b", "c"])
    assert not is_subsequence(["a", "a"], ["a", "b"])


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example(pack, example):
    result = assess(pack, example.answers, today=example.today or DEFAULT_DAY)
    x = example.expect
    excluded = {rs.route for rs in result.excluded}
    high = {r.dimension for r in result.risks if r.band == "high"}
    checklist = {c.item for c in result.checklist}
    sequence = [s.step for s in result.sequence] or [result.top]
    ranking = [(rs.route, rs.score) for rs in result.ranking[:3]]

    assert result.top in x.top, f"top {result.top}, expected one of {x.top}; leaders {ranking}"
    assert set(x.excluded) <= excluded, f"not excluded: {set(x.excluded) - excluded}"
    assert not set(x.not_excluded) & excluded, f"wrongly excluded: {set(x.not_excluded) & excluded}"
    assert set(x.high_risk) <= high, f"not high risk: {set(x.high_risk) - high}"
    assert set(x.checklist) <= checklist, f"checklist lacks {set(x.checklist) - checklist}"
    assert not set(x.not_checklist) & checklist, f"checklist wrongly has {set(x.not_checklist) & checklist}"
    assert is_subsequence(x.sequence, sequence), f"sequence {sequence} lacks {x.sequence} in order"
