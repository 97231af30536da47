"""Answer sets for tests: random but valid ones (property tests, the engine benchmark), and the
projects of the r11 blind reviews (review/r11/cli/pN.json), which the engine review and the legal
review test alike."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from mixdecide.pack import Pack


def random_answer_sets(pack: Pack, n: int, seed: int) -> list[dict[str, Any]]:
    """Random valid answers: each question missing, "unknown", or an option / a number near a cut point."""
    rng = random.Random(seed)
    numbers: dict[str, list[float]] = {}
    for q in pack.questions.values():
        if q.type != "number":
            continue
        cuts = {c for r in pack.rules for qid, c in r.cond.cut_points if qid == q.id}
        if q.id == pack.thresholds.value_question:
            cuts |= {v for a in pack.thresholds.agreements for p in a.periods for v in p.values.values()}
        values = {0.0, 1.0} | {v for c in cuts for v in (c - 1, c, c + 1)}
        low_ok = (lambda v, q=q: v > q.min) if q.min_exclusive else (lambda v, q=q: v >= q.min)
        numbers[q.id] = sorted(
            v for v in values if (q.min is None or low_ok(v)) and (q.max is None or v <= q.max)
        )
    sets = []
    for _ in range(n):
        answers: dict[str, Any] = {}
        for q in pack.questions.values():
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.30:
                answers[q.id] = "unknown"
            elif q.type == "choice":
                answers[q.id] = rng.choice(q.options).id
            else:
                answers[q.id] = rng.choice(numbers[q.id])
        sets.append(answers)
    return sets


# A small near-market pilot: six core answers, $95,000 of services due in a year. The store, the
# outcome and the sharing tests save, assess and share it.
PILOT_ANSWERS: dict[str, Any] = {
    "need_clarity": "problem_clear_solution_open",
    "solution_maturity": "near_market",
    "market_depth": "few",
    "estimated_value_cad": 95000,
    "procurement_category": "services",
    "timeline_months": 12,
}


# --- the r11 reviews' projects -----------------------------------------------------------------

# The day the reviews ran: dated rules (trade-agreement thresholds, legal periods) as they were then.
R11_DAY = dt.date(2026, 11, 30)

# Answers common to every project of both reviews unless stated otherwise.
R11_COMMON: dict[str, Any] = {
    "procurement_capacity": "moderate",
    "internal_champion": "yes",
    "risk_appetite": "moderate",
    "political_visibility": "moderate",
    "funding": "secured",
    "sme_objective": "no",
    "multi_buyer": "no",
    "personal_data": "none",
    "ip_ownership": "licence_ok",
    "incumbent_system": "no",
    "public_facing": "no",
    "existing_vehicle": "no",
    "direct_award_ground": "none",
    "unsolicited_proposal": "no",
    "bylaw_negotiation": "yes",
    "digital_kind": "none",
    "service_criticality": "core",
    "outcome_measurable": "yes",
    "preferred_solution": "no",
    "can_host_test": "no",
    "regulatory_room": "no",
    "reward_without_buying": "no",
    "scale_up_committed": "no",
}
# P1: R&D sensors, $900k goods, a 6-month date, buy if development succeeds.
P1 = R11_COMMON | {
    "need_clarity": "problem_clear_solution_open",
    "solution_maturity": "research_needed",
    "market_depth": "few",
    "estimated_value_cad": 900000,
    "procurement_category": "goods",
    "timeline_months": 6,
    "purchase_intent": "buy_if_successful",
    "development_months": 18,
    "rollout_vs_development": "similar",
}
# P2: fleet telematics under an existing cooperative agreement (LAS / Kinetic GPO / OECM)
P2 = R11_COMMON | {
    "existing_vehicle": "yes",
    "personal_data": "some",
    "pia_status": "done",
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "market_depth": "many",
    "estimated_value_cad": 400_000,
    "procurement_category": "services",
    "timeline_months": 9,
    "purchase_intent": "buy_now",
}
# P3: R&D follow-on, $250k goods, a plain direct award (no prize, no access offered)
P3 = R11_COMMON | {
    "direct_award_ground": "rd_follow_on",
    "need_clarity": "solution_adaptable",
    "solution_maturity": "prototype",
    "market_depth": "one_or_none",
    "estimated_value_cad": 250_000,
    "procurement_category": "goods",
    "timeline_months": 12,
    "purchase_intent": "buy_now",
}
# P6: drone sandbox - access, not money; a regulatory exemption is needed
P6 = R11_COMMON | {
    "can_host_test": "yes",
    "city_offers_access": "yes",
    "regulatory_room": "yes",
    "need_clarity": "problem_clear_solution_open",
    "solution_maturity": "near_market",
    "market_depth": "few",
    "estimated_value_cad": 50_000,
    "procurement_category": "services",
    "timeline_months": 12,
    "purchase_intent": "learn_only",
    "public_facing": "yes",
    "political_visibility": "high",
}
# P7: commercial snow-plough GPS, $2.5M goods (CETA applies), deep market, buy now.
P7 = R11_COMMON | {
    "service_criticality": "critical",
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "market_depth": "many",
    "estimated_value_cad": 2500000,
    "procurement_category": "goods",
    "timeline_months": 24,
    "purchase_intent": "buy_now",
}
# P8: four towns buying together (joint with three others), $1.2M services, negotiation allowed.
P8 = R11_COMMON | {
    "multi_buyer": "committed",
    "buyer_governance": "agreed",
    "need_clarity": "solution_adaptable",
    "solution_maturity": "near_market",
    "market_depth": "few",
    "estimated_value_cad": 1200000,
    "procurement_category": "services",
    "timeline_months": 18,
    "purchase_intent": "buy_now",
    "development_months": 4,
}
# P9: cloud AI chatbot with sensitive personal data, PIA not started
P9 = R11_COMMON | {
    "personal_data": "sensitive",
    "pia_status": "not_started",
    "digital_kind": "cloud_saas",
    "public_facing": "yes",
    "political_visibility": "high",
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "market_depth": "many",
    "estimated_value_cad": 300_000,
    "procurement_category": "services",
    "timeline_months": 9,
    "purchase_intent": "buy_now",
}
# P10: $150k construction, known design, one supplier that we know of.
P10 = R11_COMMON | {
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "market_depth": "one_or_none",
    "estimated_value_cad": 150000,
    "procurement_category": "construction",
    "timeline_months": 6,
    "purchase_intent": "buy_now",
}
