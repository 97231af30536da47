"""Risk profile: unknown drivers, hidden drivers, band edges and route-specific mitigations."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess
from mixdecide.risk import band_for


def risk(result, dimension):
    return next(r for r in result.risks if r.dimension == dimension)


@pytest.fixture
def rfp_answers(pack):
    """Road salt: a clear traditional-RFP case (no personal data, critical service)."""
    return dict(next(e for e in pack.examples if e.id == "ex01_road_salt_rfp").answers)


def test_every_dimension_is_scored_likelihood_times_impact(pack, full_answers, today):
    result = assess(pack, full_answers, today=today)
    assert [r.dimension for r in result.risks] == [d.id for d in pack.risks.dimensions]
    for r in result.risks:
        assert 1 <= r.likelihood <= 5 and 1 <= r.impact <= 5
        assert r.score == r.likelihood * r.impact


@pytest.mark.parametrize("how", ["unknown", "missing"])
def test_unknown_driver_means_worst_likelihood(pack, full_answers, today, how):
    answers = dict(full_answers)
    if how == "unknown":
        answers["market_depth"] = "unknown"
    else:
        del answers["market_depth"]
    market = risk(assess(pack, answers, today=today), "market")
    assert market.likelihood == pack.risks.unknown_likelihood == 5
    assert market.unknown_drivers == ("market_depth",)
    assert "unknown.market_depth" in {d.id for d in market.drivers}
    assert market.band == "high"  # 5 x 3


def test_known_driver_gives_its_own_likelihood(pack, full_answers, today):
    market = risk(assess(pack, {**full_answers, "market_depth": "many"}, today=today), "market")
    assert market.likelihood == 1  # base 2, competitive market -1
    assert market.unknown_drivers == ()


def test_hidden_driver_is_not_treated_as_unknown(pack, full_answers, today):
    # pia_status is not asked when no personal data is involved: it cannot be "don't know".
    privacy = risk(assess(pack, {**full_answers, "personal_data": "none"}, today=today), "privacy")
    assert "pia_status" not in privacy.unknown_drivers
    assert privacy.likelihood == 1
    assert privacy.band == "low"


def test_visible_but_unanswered_pia_is_unknown(pack, full_answers, today):
    privacy = risk(assess(pack, {**full_answers, "personal_data": "some"}, today=today), "privacy")
    assert privacy.unknown_drivers == ("pia_status",)
    assert privacy.likelihood == 5


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "medium_high"),
        (14, "medium_high"),
        (15, "high"),
        (25, "high"),
    ],
)
def test_band_edges(pack, score, band):
    assert band_for(pack, score).id == band


@pytest.mark.parametrize(
    ("answers", "score", "band"),
    [
        ({"funding": "secured", "estimated_value_cad": 500_000}, 4, "low"),  # 2 x 2
        ({"funding": "unknown", "estimated_value_cad": 50_000}, 5, "medium"),  # 5 x 1
    ],
)
def test_financial_band_edge_4_5(pack, rfp_answers, today, answers, score, band):
    financial = risk(assess(pack, {**rfp_answers, **answers}, today=today), "financial")
    assert (financial.score, financial.band) == (score, band)


def test_privacy_band_edge_9_10(pack, rfp_answers, today):
    some = assess(pack, {**rfp_answers, "personal_data": "some", "pia_status": "planned"}, today=today)
    assert some.top == "traditional_rfp"
    assert (risk(some, "privacy").score, risk(some, "privacy").band) == (9, "medium")  # 3 x 3
    unknown = assess(pack, {**rfp_answers, "personal_data": "unknown"}, today=today)
    assert (risk(unknown, "privacy").score, risk(unknown, "privacy").band) == (10, "medium_high")  # 5 x 2


def test_market_band_edge_12_15(pack, rfp_answers, today):
    # a product cannot reach 14; 12 is the highest medium-high score and 15 the lowest high one
    few = risk(
        assess(pack, {**rfp_answers, "market_depth": "few", "ip_ownership": "licence_ok"}, today=today),
        "market",
    )
    assert (few.likelihood, few.impact, few.band) == (3, 4, "medium_high")
    unknown = risk(
        assess(pack, {**rfp_answers, "market_depth": "unknown", "service_criticality": "core"}, today=today),
        "market",
    )
    assert (unknown.score, unknown.band) == (15, "high")


def test_mitigations_follow_the_recommended_route(pack, rfp_answers, full_answers, today):
    rfp = assess(pack, rfp_answers, today=today)
    challenge = assess(pack, full_answers, today=today)
    assert (rfp.top, challenge.top) == ("traditional_rfp", "challenge_based")
    assert "demo_evaluation" in risk(rfp, "technical").mitigations
    assert "stage_gates" not in risk(rfp, "technical").mitigations
    assert "stage_gates" in risk(challenge, "technical").mitigations
    assert "demo_evaluation" not in risk(challenge, "technical").mitigations


def test_every_listed_mitigation_fits_the_top_route(pack, today):
    for example in pack.examples:
        result = assess(pack, example.answers, today=example.today or today)
        for r in result.risks:
            dim = next(d for d in pack.risks.dimensions if d.id == r.dimension)
            routes = {m.id: m.routes for m in dim.mitigations}
            for m in r.mitigations:
                assert not routes[m] or result.top in routes[m], (example.id, r.dimension, m)


def test_conditional_mitigation_follows_the_answers(pack, full_answers, today):
    supporting = assess(pack, {**full_answers, "service_criticality": "supporting"}, today=today)
    core = assess(pack, {**full_answers, "service_criticality": "core"}, today=today)
    assert "fallback" not in risk(supporting, "technical").mitigations
    assert "fallback" in risk(core, "technical").mitigations


def test_route_dependent_likelihood_uses_the_top_route(pack, rfp_answers, today):
    # Sensitive data in a field test (pilot or challenge) is riskier than in a tender.
    base = {**rfp_answers, "personal_data": "some", "pia_status": "planned"}
    rfp = assess(pack, base, today=today)
    pilot = next(e for e in pack.examples if e.id == "ex12_traffic_counting_pilot")
    field = assess(pack, {**pilot.answers, "personal_data": "some", "pia_status": "planned"}, today=today)
    assert field.top == "pilot_sandbox"
    assert "field_test" in {d.id for d in risk(field, "privacy").drivers}
    assert "field_test" not in {d.id for d in risk(rfp, "privacy").drivers}
