"""Scores, ranking, exclusions, ties and confidence as a user reads them in the result."""

from __future__ import annotations

import pytest

from mixdecide.answers import AnswerError
from mixdecide.engine import assess
from mixdecide.pack import load_pack
from mixdecide.scoring import BASE_RULE, CLAMP_RULE, rule_points


def _all_scores(result):
    return [*result.ranking, *result.excluded]


def test_each_score_is_the_sum_of_its_contributions(pack, full_answers, today):
    result = assess(pack, full_answers, today=today)
    for rs in _all_scores(result):
        assert rs.contributions[0].rule == BASE_RULE
        assert rs.contributions[0].points == pack.meta.scoring.base
        assert sum(c.points for c in rs.contributions) == pytest.approx(rs.score), rs.route


def test_contributions_name_real_rules_with_reasons_and_the_answers_read(pack, full_answers, today):
    rules = {r.rule.id: r for r in pack.rules}
    result = assess(pack, full_answers, today=today)
    for rs in _all_scores(result):
        for c in rs.contributions[1:]:
            rule = rules[c.rule]
            assert rule_points(pack, rule, full_answers)[rs.route] == c.points
            assert c.why == rule.rule.rationale
            graded = rule.rule.curve or rule.rule.deadline
            assert set(c.answers) == rule.cond.questions | ({graded.q} if graded else set())
            assert all(full_answers.get(q) == v for q, v in c.answers.items())


def test_a_rule_on_an_unknown_answer_does_not_fire(pack, full_answers, today):
    result = assess(pack, {**full_answers, "need_clarity": "unknown"}, today=today)
    fired = {c.rule for rs in _all_scores(result) for c in rs.contributions}
    assert not {r for r in fired if r.startswith("need.")}


def test_clamped_scores_show_the_clamp_and_still_add_up(pack_copy, full_answers, today):
    def narrow(data):
        data["scoring"].update(min=45, max=55)

    tight = load_pack(pack_copy("pack", narrow))
    result = assess(tight, full_answers, today=today)
    clamped = [rs for rs in _all_scores(result) if any(c.rule == CLAMP_RULE for c in rs.contributions)]
    assert clamped, "a 45-55 scale should clamp some route"
    for rs in _all_scores(result):
        assert 45 <= rs.score <= 55
        assert sum(c.points for c in rs.contributions) == pytest.approx(rs.score), rs.route
    # clamping changes the numbers but must not hide that the top route is the strongest one
    assert result.ranking[0].score == 55


def test_ranking_is_sorted_best_first(pack, full_answers, today):
    result = assess(pack, full_answers, today=today)
    scores = [rs.score for rs in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert result.top == result.ranking[0].route
    assert result.to_dict()["ranking"][0]["route"] == result.top


def test_every_route_appears_once_ranked_or_excluded(pack, full_answers, today):
    result = assess(pack, full_answers, today=today)
    routes = [rs.route for rs in _all_scores(result)]
    assert sorted(routes) == sorted(pack.routes)


# exclusion rule -> (answers that trigger it, routes it must rule out)
EXCLUSIONS = {
    "exclude.prize_needs_measurable": ({"outcome_measurable": "no"}, {"prize"}),
    "exclude.joint_needs_partners": ({"multi_buyer": "no"}, {"joint_procurement"}),
    "exclude.pilot_needs_host": ({"can_host_test": "no"}, {"pilot_sandbox"}),
    "exclude.rd_not_for_commercial": (
        {"solution_maturity": "commercial"},
        {"pre_commercial", "innovation_partnership"},
    ),
    "exclude.dialogue_needs_bylaw": ({"bylaw_negotiation": "no"}, {"competitive_dialogue"}),
    "exclude.prize_when_buying": ({"reward_without_buying": "no"}, {"prize"}),
    "exclude.contract_when_reward_only": (
        {"reward_without_buying": "yes", "purchase_intent": "learn_only"},
        {"challenge_based", "traditional_rfp", "competitive_dialogue", "innovation_partnership"},
    ),
}


@pytest.fixture
def open_answers(full_answers):
    """Full answers under which no route is excluded."""
    return {**full_answers, "multi_buyer": "possible"}


def test_exclusion_table_covers_every_exclusion_rule(pack):
    assert {r.rule.id for r in pack.rules if r.rule.exclude} == set(EXCLUSIONS)


def test_baseline_excludes_nothing(pack, open_answers, today):
    assert assess(pack, open_answers, today=today).excluded == ()


@pytest.mark.parametrize("rule_id", EXCLUSIONS)
def test_exclusion_rules_fire_and_explain_themselves(pack, open_answers, today, rule_id):
    trigger, routes = EXCLUSIONS[rule_id]
    rule = next(r.rule for r in pack.rules if r.rule.id == rule_id)
    result = assess(pack, {**open_answers, **trigger}, today=today)
    excluded = {rs.route: rs for rs in result.excluded}
    assert set(excluded) == routes
    assert not routes & {rs.route for rs in result.ranking}
    for route in routes:
        (reason,) = excluded[route].exclusions
        assert reason.rule == rule_id
        assert reason.reason == rule.rationale
        assert reason.reason.en and reason.reason.fr
        assert reason.answers == trigger
        assert reason.lift == rule.lift and reason.lift is not None  # the answer that lifts the gate


def test_six_months_is_not_too_slow_for_rd(pack, open_answers, today):
    result = assess(pack, {**open_answers, "timeline_months": 6}, today=today)
    assert not {"pre_commercial", "innovation_partnership"} & {rs.route for rs in result.excluded}


def test_a_short_deadline_scores_down_and_warns_but_never_hides(pack, open_answers, today):
    answers = {**open_answers, "timeline_months": 12}
    result = assess(pack, answers, today=today)
    assert not result.excluded
    pcp = result.score_of("pre_commercial")
    penalty = [c for c in pcp.contributions if c.rule == "time.deadline_short"]
    assert penalty and penalty[0].points == -18  # 24 months at the shortest, 12 short x 1.5, capped at 18
    warned = {w.route: w for w in result.deadline_warnings}
    assert warned["pre_commercial"].min_months == 24 and warned["pre_commercial"].need_months == 12
    assert "traditional_rfp" not in warned  # 1-6 months fits in 12
    longer = assess(pack, {**answers, "timeline_months": 18}, today=today).score_of("pre_commercial")
    assert longer.score > pcp.score  # graded: six more months cost less


def test_same_answers_give_the_same_result(pack, full_answers, today):
    first = assess(pack, full_answers, today=today).to_dict()
    second = assess(pack, dict(reversed(list(full_answers.items()))), today=today).to_dict()
    assert first == second


def test_ties_go_to_the_route_earlier_in_a_sequence(pack, today):
    # With no answers most routes sit on the base score: the tie-break must be visible and stable.
    result = assess(pack, {}, today=today)
    order = list(pack.routes)
    tied = [(a, b) for a, b in zip(result.ranking, result.ranking[1:], strict=False) if a.score == b.score]
    assert len(tied) >= 3
    for a, b in tied:
        key_a = (pack.routes[a.route].stage, order.index(a.route))
        key_b = (pack.routes[b.route].stage, order.index(b.route))
        assert key_a < key_b, (a.route, b.route)


def test_invalid_answers_raise(pack, full_answers, today):
    with pytest.raises(AnswerError):
        assess(pack, {**full_answers, "market_depth": "plenty"}, today=today)
    with pytest.raises(AnswerError):
        assess(pack, {"no_such_question": 1}, today=today)


def test_no_answers_give_a_low_confidence_result_with_everything_missing(pack, today):
    result = assess(pack, {}, today=today)
    assert len(result.missing) >= 18
    assert result.confidence.level == "low"
    assert result.confidence.decisive_unknowns
    assert result.top == "rfi_market_sounding"  # know nothing yet: sound the market first


def test_confidence_reports_margin_and_runner_up(pack, full_answers, today):
    result = assess(pack, full_answers, today=today)
    first, second = result.ranking[0], result.ranking[1]
    assert result.confidence.margin == pytest.approx(first.score - second.score, abs=0.05)  # tenths
    assert result.confidence.runner_up == second.route


def test_a_clear_case_with_nothing_unknown_is_high_confidence(pack):
    salt = next(e for e in pack.examples if e.id == "ex01_road_salt_rfp")
    result = assess(pack, salt.answers, today=salt.today)
    assert result.confidence.margin >= pack.meta.scoring.confidence.high
    assert result.confidence.decisive_unknowns == ()
    assert result.confidence.level == "high"


def test_confidence_does_not_depend_on_the_explain_flag(pack, today):
    full = assess(pack, {}, today=today)
    fast = assess(pack, {}, today=today, explain=False)
    assert fast.confidence == full.confidence
