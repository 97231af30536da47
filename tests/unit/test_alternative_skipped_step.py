"""Review r17room #1: the page ranks Pilot / sandbox second, yet the confidence and the Why compared
the first route with the third, without a word why (Pilot is a step of the Challenge's own sequence)."""

from __future__ import annotations

import datetime as dt
import json

from mixdecide.engine import assess
from mixdecide.narrative import why_lines
from mixdecide.wording import confidence_sentences, steps_ranked_above
from tests.helpers.apptest import ROOT

TODAY = dt.date(2026, 11, 30)


def test_a_step_of_the_sequence_ranked_above_the_alternative_is_named_where_it_is_skipped(pack):
    answers = json.loads((ROOT / "data/demo/01_guelph_green_bin_plastics.json").read_text())["answers"]
    a = assess(pack, answers, today=TODAY)
    assert [r.route for r in a.ranking[:2]] == ["challenge_based", "pilot_sandbox"]
    runner = a.confidence.runner_up
    assert runner is not None and runner != "pilot_sandbox"
    assert steps_ranked_above(pack, a, runner) == ["pilot_sandbox"]
    # r18head #8: which route it compares with, and why the pilot is not the alternative
    note = (
        "compared with Innovation partnership, the best-ranked route outside this plan: "
        "Pilot / sandbox (73) also scores above it but is a step of this same plan, not an alternative to it"
    )
    assert runner == "innovation_partnership"
    assert note in confidence_sentences(pack, a, "en")[0]
    assert note in why_lines(pack, a, "en")[0]
    assert (
        "obtient aussi un meilleur score que lui, mais c'est une étape de ce même plan"
        in why_lines(pack, a, "fr")[0]
    )
    # review r19head #3: "above it" is above the compared route; the step is not above the first route
    assert round(a.ranking[0].score) >= 73 > round(a.score_of(runner).score)


def test_nothing_is_said_when_the_alternative_is_the_second_route(pack):
    answers = json.loads((ROOT / "data/demo/05_thunder_bay_pvc_leaks.json").read_text())["answers"]
    a = assess(pack, {**answers, "timeline_months": 10}, today=TODAY)
    assert a.confidence.runner_up == a.ranking[1].route
    assert "step of this same plan" not in " ".join(confidence_sentences(pack, a, "en"))
