"""Blind review r14 (issue 14), findings 5: a presentation must not lead with a route the date
rules out without saying so, and the route it offers instead is a procedure."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess
from mixdecide.narrative import late_headline
from mixdecide.wording import no_change_sentence, step_name


def _late(pack, example, months):
    e = next(x for x in pack.examples if x.id == example)
    return assess(pack, {**e.answers, "timeline_months": months}, today=e.today, explain=False)


@pytest.mark.parametrize("months", [3, 6])
def test_the_route_that_fits_the_date_is_always_a_procedure(pack, months):
    # joint procurement is who buys, an RFI buys nothing: neither is "the route that fits"
    seen = 0
    for e in pack.examples:
        a = assess(pack, {**e.answers, "timeline_months": months}, today=e.today, explain=False)
        if a.top_misses_deadline and a.best_fitting is not None:
            seen += 1
            assert pack.routes[a.best_fitting].kind == "procedure", (e.id, a.best_fitting)
    assert seen > 5


def test_screen_one_says_the_first_route_misses_the_date_and_names_what_fits(pack):
    a = _late(pack, "ex33_transit_app_deadline_conflict", 6)
    assert a.top_misses_deadline
    line = late_headline(pack, a, "en")
    # r18head #3: the pilot is a step of the late sequence itself, never the route that fits: the
    # best-ranked procedure outside the sequence is named
    assert "pilot_sandbox" in {s.step for s in a.sequence}
    assert a.best_fitting is not None and a.best_fitting not in {s.step for s in a.sequence}
    assert (
        line
        == f"Best fit, but not achievable by your date — route that fits: {step_name(pack, a.best_fitting, 'en')}"
    )
    assert "Pilot" not in line
    assert "mode qui la respecte" in (late_headline(pack, a, "fr") or "")
    on_time = _late(pack, "ex33_transit_app_deadline_conflict", 36)
    assert not on_time.top_misses_deadline and late_headline(pack, on_time, "en") is None


def test_no_change_is_not_claimed_when_the_date_rules_the_first_route_out(pack):
    a = _late(pack, "ex33_transit_app_deadline_conflict", 6)
    assert "a later date would" in no_change_sentence(a, "en")
    ok = _late(pack, "ex33_transit_app_deadline_conflict", 36)
    assert no_change_sentence(ok, "en") == "No single change of answer would change the first route."


# --- F2: a three-way split is "don't know", never the first of the tied answers ---------------------


def test_a_one_one_one_split_defaults_to_dont_know():
    from mixdecide.workshop.aggregate import question_stats

    s = question_stats("sme_objective", "choice", {"a": "yes", "b": "no", "c": "unknown"})
    assert s.default == "unknown"
    s = question_stats("sme_objective", "choice", {"a": "yes", "b": "no", "c": "yes"})
    assert s.default == "yes"


# --- F7: the plan chart's deadline label and row labels read from the back of a room ---------------


def test_the_plan_chart_deadline_label_sits_on_white_and_the_row_labels_are_dark(pack):
    import datetime as dt

    from mixdecide.charts import TEXT
    from mixdecide.plan import build_plan, default_profile
    from mixdecide.plan_text import plan_figure

    monday = dt.date(2026, 3, 2)
    e = next(x for x in pack.examples if x.id == "ex33_transit_app_deadline_conflict")
    a = assess(pack, {**e.answers, "timeline_months": 6}, today=monday)
    profile = default_profile(pack, monday, "en")
    assert profile is not None
    plan = build_plan(pack, a, profile, start=monday)
    assert plan is not None and plan.deadline is not None
    fig = plan_figure(pack, plan, "en", big=True, by_stage=True)
    label = next(x for x in fig.layout.annotations if x.text == "Deadline")
    assert label.bgcolor == "white" and label.yanchor == "bottom"
    assert fig.layout.yaxis.tickfont.color == TEXT  # #1F2937 on white: 14.7:1
