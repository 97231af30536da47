"""Blind review r16head (a department head on first use), findings 1, 2, 7 and 10: advice that
agrees with itself - one timeline, a confidence that cannot read as "High" on a route the date
rules out, a "Why" against a real alternative with one number everywhere, a finished demo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from mixdecide import narrative, wording
from mixdecide.charts import ARRANGEMENT, ranking_chart
from mixdecide.engine import assess
from mixdecide.pack import Pack
from mixdecide.plan import build_plan, default_profile
from mixdecide.plan_text import basis_text
from mixdecide.reports.markdown import render_markdown
from mixdecide.result import DAYS_PER_MONTH
from mixdecide.strategy import leading_path

ROOT = Path(__file__).resolve().parents[2]
DEMOS = sorted((ROOT / "data" / "demo").glob("*.json"))
GRID = (2, 4, 6, 8, 10, 12, 15, 18, 24, 30, 36)
TODAY = dt.date(2026, 11, 30)

# the reviewer's water-main leak-detection assessment: $400k, 10 months, problem clear and
# solution open, seven "don't know" answers
WATER_MAIN: dict[str, Any] = {
    "need_clarity": "problem_clear_solution_open",
    "preferred_solution": "no",
    "solution_maturity": "unknown",
    "outcome_measurable": "yes",
    "service_criticality": "critical",
    "market_depth": "unknown",
    "sme_objective": "yes",
    "multi_buyer": "possible",
    "buyer_governance": "not_yet",
    "estimated_value_cad": 400000.0,
    "procurement_category": "unknown",
    "funding": "secured",
    "timeline_months": 10.0,
    "purchase_intent": "buy_if_successful",
    "procurement_capacity": "moderate",
    "internal_champion": "yes",
    "risk_appetite": "unknown",
    "can_host_test": "yes",
    "regulatory_room": "no",
    "political_visibility": "moderate",
    "personal_data": "unknown",
    "ip_ownership": "licence_ok",
    "incumbent_system": "yes",
    "public_facing": "no",
    "reward_without_buying": "no",
    "city_offers_access": "no",
    "existing_vehicle": "unknown",
    "direct_award_ground": "none",
    "unsolicited_proposal": "no",
    "bylaw_negotiation": "unknown",
    "digital_kind": "cloud_saas",
}


def _demo(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _cases() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, _demo(p)["answers"]) for p in DEMOS] + [("water_main", WATER_MAIN)]


def _months_said(lines: list[str]) -> float | None:
    """The sequence length the Recommendation's date lines state ("about 17.1 months")."""
    for line in lines:
        m = re.search(r"about ([0-9.]+) months", line)
        if m:
            return float(m.group(1))
    return None


@pytest.mark.parametrize(("name", "answers"), _cases(), ids=[n for n, _ in _cases()])
def test_the_recommendation_and_the_plan_tell_one_timeline(
    pack: Pack, name: str, answers: dict[str, Any]
) -> None:
    """F1: for every demo and a grid of needed-by months, what the Recommendation page says of
    the sequence's length is the Plan page's plan (same start, default approvals): the months it
    states are the plan's days / (365.25 / 12), to one decimal; it says the date is missed exactly
    when the plan ends after the deadline."""
    for months in GRID:
        a = assess(pack, {**answers, "timeline_months": months}, today=TODAY, explain=False)
        profile = default_profile(pack, TODAY, "en")
        assert profile is not None
        plan = build_plan(pack, a, profile, start=TODAY)
        if plan is None or leading_path(pack, a.strategy) is not None:
            continue  # no procedure, no plan to compare (a direct award or a call-off)
        assert a.timeline is not None and a.timeline.end == plan.end, (name, months)
        plan_late = any(f.kind == "past_deadline" for f in plan.flags)
        if plan_late:  # the Plan page says the date is missed: so does the Recommendation page
            assert a.top_misses_deadline, (name, months)
        lines = narrative.date_lines(pack, a, "en")
        said = _months_said(lines)
        if plan_late and len([s for s in a.sequence if s.kind == "route"]) > 1:
            assert said is not None, (name, months, lines)
        if said is not None:
            # r18head #3: a missed date is measured to the first use (a pilot in service); a date
            # that is met is measured to the plan's end (the tight-sequence line)
            until = plan.first_use if plan_late else plan.end
            exact = (until - plan.start).days / DAYS_PER_MONTH
            assert abs(said - exact) <= 0.05, (name, months, said, exact)
            assert "at least" not in " ".join(lines)  # no second, shorter sum of route minimums


def test_the_water_main_case_says_the_plan_length_on_both_pages(pack: Pack) -> None:
    a = assess(pack, WATER_MAIN, today=TODAY)
    lines = narrative.date_lines(pack, a, "en")
    assert a.timeline is not None and a.timeline.late
    assert lines[0].startswith("Your date is not achievable with the recommended sequence")
    # r18head #3: measured to the pilot's first day in service, not the roll-out's end (May 8, 2028)
    assert a.timeline.in_use_step == "pilot_sandbox.pilot" and a.timeline.end == dt.date(2028, 5, 8)
    assert (
        f"first in use on October 4, 2027 (about {a.timeline.use_months:g} months from now), "
        "after the date you need it by, September 30, 2027 (10 months)"
    ) in lines[0]
    fr = narrative.date_lines(pack, a, "fr")[0]
    assert "en service au plus tôt le 4 octobre 2027 (dans environ 10,1 mois)" in fr


def test_a_pilot_after_a_challenge_is_a_phase_of_its_contract(pack: Pack) -> None:
    """F1: the plan ran a second call for pilots after the challenge's own co-development; the
    pilot of what the challenge developed runs under the challenge contract and says so."""
    a = assess(pack, WATER_MAIN, today=TODAY)
    assert [s.step for s in a.sequence][:3] == ["rfi_market_sounding", "challenge_based", "pilot_sandbox"]
    profile = default_profile(pack, TODAY, "en")
    assert profile is not None
    plan = build_plan(pack, a, profile, start=TODAY)
    assert plan is not None
    pilot = [s for s in plan.steps if s.stage == "pilot_sandbox"]
    assert [s.id for s in pilot] == ["pilot"]  # no call, selection, approval or award of its own
    assert pilot[0].start > plan.step("challenge_based.develop").end
    basis = basis_text(pilot[0], "en", pack)
    assert "a phase of the Challenge-based procurement (MIX challenge) contract" in basis
    assert "no second competition" in basis
    assert "phase du contrat" in basis_text(pilot[0], "fr", pack)


def test_a_pilot_after_a_prize_keeps_its_own_competition(pack: Pack) -> None:
    """A prize awards no contract: a pilot of the winner needs a procurement of its own, while the
    same pilot after a challenge is a phase of the challenge's contract."""
    e = next(x for x in pack.examples if x.id == "ex24_beach_ecoli_prize")
    a = assess(pack, e.answers, today=TODAY, explain=False)
    assert a.top == "prize" and a.strategy is not None
    profile = default_profile(pack, TODAY, "en")
    assert profile is not None

    def pilot_steps(stages: tuple[str, ...]) -> list[str]:
        assert a.strategy is not None
        b = dataclasses.replace(a, strategy=dataclasses.replace(a.strategy, stages=stages))
        plan = build_plan(pack, b, profile, start=TODAY)
        assert plan is not None
        return [s.id for s in plan.steps if s.stage == "pilot_sandbox"]

    after_prize = pilot_steps(("prize", "pilot_sandbox"))
    assert "bid" in after_prize and "award" in after_prize and "pilot" in after_prize
    assert pilot_steps(("challenge_based", "pilot_sandbox")) == ["pilot"]
    assert pilot_steps(("pre_commercial", "pilot_sandbox")) == ["pilot"]


def test_confidence_never_reads_high_on_a_route_the_date_rules_out(pack: Pack) -> None:
    """F2: "Confidence: High" sat under "not achievable by your date"; the level now says it is
    about the route, and the page says what confidence measures."""
    late = assess(pack, WATER_MAIN, today=TODAY)
    assert late.top_misses_deadline and late.confidence.level == "high"
    assert wording.confidence_label(late, "en") == "High for the route, not by your date"
    assert wording.confidence_label(late, "fr") == "Élevée pour le mode, pas à votre date"
    assert "not the date" in wording.confidence_meaning("en")
    for name, answers in _cases():
        for months in GRID:
            a = assess(pack, {**answers, "timeline_months": months}, today=TODAY, explain=False)
            label = wording.confidence_label(a, "en")
            if a.top_misses_deadline:
                assert label.endswith("not by your date"), (name, months)


def test_more_time_makes_a_real_rival_of_research_and_confidence_says_which_answer(pack: Pack) -> None:
    """F2: at 24 months the same route and score read "Low". Not a bug: with 10 months the R&D
    routes cannot be done and are scored down; with 24 they can, pre-commercial comes within six
    points and the "don't know" on maturity could flip it - and the page names that question."""
    a = assess(pack, {**WATER_MAIN, "timeline_months": 24}, today=TODAY)
    assert a.top == "challenge_based" and a.confidence.level == "low"
    assert (
        a.confidence.runner_up == "pre_commercial" and "solution_maturity" in a.confidence.decisive_unknowns
    )
    said = " ".join(wording.confidence_sentences(pack, a, "en"))
    assert "How mature are the solutions you expect to find?" in said
    assert wording.confidence_label(a, "en") == "Low"  # the route fits: no qualification


def test_what_would_change_it_gives_the_date_the_route_needs(pack: Pack) -> None:
    """F2: "If months were 2 or less ... Pilot / sandbox" was all it offered; it now opens with the
    date the first route would need, and that date works."""
    a = assess(pack, WATER_MAIN, today=TODAY)
    needed = wording.date_needed_sentence(pack, a, "en")
    assert a.timeline is not None
    assert (
        needed is not None
        and f"in use on October 4, 2027 (about {a.timeline.use_months:g} months from now); you gave 10"
        in needed
    )
    enough = int(a.timeline.use_months) + 1
    fits = assess(pack, {**WATER_MAIN, "timeline_months": enough}, today=TODAY, explain=False)
    assert fits.top == a.top and not fits.top_misses_deadline
    assert wording.date_needed_sentence(pack, fits, "en") is None
    # the report's "What would change this" opens with the same sentence, and its summary
    # qualifies the confidence and says what it measures
    md = render_markdown(pack, a, lang="en").replace("\\", "")
    assert "### What would change the recommendation\n\n- " + needed + "\n" in md
    assert "Confidence: High for the route, not by your date" in md
    assert wording.confidence_meaning("en") in md


def test_why_compares_with_a_real_alternative_and_one_number(pack: Pack) -> None:
    """F7: "What puts Challenge ahead of RFI / sounding" compared the route with its own first step,
    and the page said +4 where the report's table said +6 for the same reason."""
    for name, answers in _cases():
        a = assess(pack, answers, today=TODAY, explain=False)
        if a.top is None or leading_path(pack, a.strategy) is not None:
            continue
        other = narrative.alternative(pack, a)
        steps = {s.step for s in a.sequence}
        if other is not None:
            assert other not in steps and pack.routes[other].kind == "procedure", name
            assert a.confidence.runner_up == other  # the confidence margin is to the same route
        lines = narrative.why_lines(pack, a, "en")
        own = {c.why.en: c.points for c in a.score_of(a.top).contributions}
        for line in lines[1:] if other is not None else ():
            why, points = line.rsplit(" (", 1)
            first = float(points.split(" for ")[0])
            assert first == pytest.approx(own[why]), (name, line)  # the report table's number
    a = assess(pack, WATER_MAIN, today=TODAY)
    lines = narrative.why_lines(pack, a, "en")
    # r18head #8: full route names, and which route it compares with, said plainly
    assert lines[0] == (
        "What puts Challenge-based procurement (MIX challenge) ahead of Competitive dialogue / negotiated RFP"
        " (compared with Competitive dialogue / negotiated RFP, the best-ranked route outside this plan:"
        " Request for information (RFI) / market sounding (60) and Pilot / sandbox (59) also score above it"
        " but are steps of this same plan, not alternatives to it):"
    )
    # compared with competitive dialogue, not a step of the same sequence; the steps it skips are named
    assert "ahead of Request" not in lines[0] and "ahead of Pilot" not in lines[0]


def test_a_buyer_arrangement_is_drawn_apart_from_the_routes(pack: Pack) -> None:
    """F7: "Joint procurement (who buys)" ranked in the fit chart as if it were a route."""
    a = assess(pack, WATER_MAIN, today=TODAY, explain=False)
    assert "joint_procurement" in {r.route for r in a.ranking}
    bar = ranking_chart(pack, a, "en").data[0]
    labels = list(bar.y)
    joint = next(i for i, y in enumerate(labels) if y.startswith("Joint"))
    assert joint == 0  # the bottom bar, below every route
    assert labels[joint].endswith("(who buys, not a route)")
    assert bar.marker.color[joint] == ARRANGEMENT and bar.marker.pattern.shape[joint] == "/"
    assert all(c != ARRANGEMENT for i, c in enumerate(bar.marker.color) if i != joint)


def test_jargon_is_explained_where_it_first_appears(pack: Pack) -> None:
    """F7: "MIX", "TRL" and "piggy-back clause" reached a department head unexplained."""
    sme = pack.questions["sme_objective"]
    maturity = pack.questions["solution_maturity"]
    vehicle = pack.questions["existing_vehicle"]
    assert "Municipal Innovation Exchange (MIX)" in json.dumps(sme.model_dump(), ensure_ascii=False)
    assert "technology readiness level" in (maturity.help.en if maturity.help else "")
    assert "lets other buyers use a contract" in vehicle.label.en


def test_every_demo_called_finished_answers_every_question(pack: Pack) -> None:
    """F10: the home page's "finished example" showed "Questions unanswered: 10". Every demo the
    app calls finished (the home page's, and each with status "final") answers every question it
    asks."""
    session = (ROOT / "ui" / "session.py").read_text(encoding="utf-8")
    demo_id = re.search(r'DEMO_ID = "([0-9a-f]+)"', session)
    assert demo_id is not None
    finished = [p for p in DEMOS if _demo(p)["id"] == demo_id.group(1) or _demo(p)["status"] == "final"]
    assert any(_demo(p)["id"] == demo_id.group(1) for p in finished)
    for p in finished:
        d = _demo(p)
        a = assess(pack, d["answers"], today=dt.date.fromisoformat(d["assessed_on"]), explain=False)
        assert a.missing == (), (p.name, a.missing)
