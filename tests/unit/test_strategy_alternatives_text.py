"""The strategy's procedure line, read out on a presentation screen: each alternative is its own
sentence ("... 0.8 points behind. Later stage: ..."), never run together as "behind.; Later"."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess
from mixdecide.narrative import strategy_rows


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_alternatives_read_as_separate_sentences(pack, lang):
    seen = 0
    for e in pack.examples:
        a = assess(pack, e.answers, today=e.today, explain=False)
        if a.strategy is None:
            continue
        for _, text in strategy_rows(pack, a, lang):
            assert ".;" not in text, (e.id, text)
            seen += ". " in text and ("Later stage" in text or "Étape ultérieure" in text)
    assert seen  # an example with an alternative and a later stage was read


def test_the_pcp_example_names_its_alternative_then_its_later_stage(pack):
    e = next(x for x in pack.examples if x.id == "ex17_plastic_main_leak_pcp")
    a = assess(pack, {**e.answers, "timeline_months": 1}, today=e.today, explain=False)
    row = dict(strategy_rows(pack, a, "en"))["Procedure"]
    assert "points behind. Later stage: Pilot / sandbox, after it in the stages." in row
