"""The group result names the open questions that could change its route (review r16lead #2: a
prize won while nobody had answered the question that rules a prize out)."""

from __future__ import annotations

import datetime as dt

from mixdecide.engine import assess
from mixdecide.pack import load_pack
from mixdecide.workshop.open_questions import open_lines, route_changing_open

PACK = load_pack()
TODAY = dt.date(2026, 11, 30)
# a commercial SaaS service, measurable outcome, only learning wanted: the engine leads with a prize
GROUP = {
    "need_clarity": "solution_adaptable",
    "preferred_solution": "no",
    "solution_maturity": "commercial",
    "market_depth": "few",
    "purchase_intent": "learn_only",
    "estimated_value_cad": 1_200_000,
    "procurement_category": "services",
    "timeline_months": 6,
    "risk_appetite": "high",
    "personal_data": "some",
    "pia_status": "done",
    "public_facing": "yes",
    "ip_ownership": "licence_ok",
    "procurement_capacity": "moderate",
    "internal_champion": "yes",
    "sme_objective": "no",
    "multi_buyer": "no",
    "political_visibility": "moderate",
    "can_host_test": "no",
    "regulatory_room": "yes",
    "service_criticality": "supporting",
    "outcome_measurable": "yes",
    "funding": "partial",
    "incumbent_system": "no",
    "digital_kind": "cloud_saas",
}


def test_an_unanswered_prize_follow_up_that_flips_the_route_is_listed():
    a = assess(PACK, GROUP, today=TODAY)
    assert a.top == "prize"
    opened = {u.question: dict(u.outcomes) for u in route_changing_open(a)}
    assert "reward_without_buying" in opened
    assert opened["reward_without_buying"]["no"] != "prize"  # answering "No" takes the prize away
    line = next(x for x in open_lines(PACK, a, "en") if "reward whoever reaches the target" in x)
    assert line.startswith("3a. ")  # the number the participants' questionnaire shows
    assert "“No, we want to buy or learn” →" in line and "Prize" in line
    assert any("récompenser" in x for x in open_lines(PACK, a, "fr"))


def test_once_answered_it_is_no_longer_listed():
    a = assess(PACK, {**GROUP, "reward_without_buying": "no"}, today=TODAY)
    assert a.top != "prize"
    assert "reward_without_buying" not in {u.question for u in route_changing_open(a)}
