"""Checklist: items by answers (PIA), by unknowns (confirm / exclude) and by route or sequence step."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess


def items(result):
    return {c.item: c for c in result.checklist}


@pytest.mark.parametrize("personal_data", ["some", "sensitive"])
def test_pia_applies_when_personal_data_is_involved(pack, full_answers, today, personal_data):
    result = assess(pack, {**full_answers, "personal_data": personal_data}, today=today)
    pia = items(result)["privacy.pia"]
    assert pia.principle == "privacy"
    assert pia.confirm is False


@pytest.mark.parametrize("how", ["unknown", "missing"])
def test_pia_is_kept_for_confirmation_when_personal_data_is_unknown(pack, full_answers, today, how):
    answers = {**full_answers, "personal_data": "unknown"}
    if how == "missing":
        del answers["personal_data"]
    pia = items(assess(pack, answers, today=today)).get("privacy.pia")
    assert pia is not None, "a 'don't know' must not make the PIA safeguard disappear"
    assert pia.confirm is True


def test_pia_is_absent_without_personal_data(pack, full_answers, today):
    result = assess(pack, {**full_answers, "personal_data": "none"}, today=today)
    assert not {"privacy.pia", "privacy.data_terms", "privacy.notice_collection"} & set(items(result))


def test_items_marked_exclude_on_unknown_disappear_until_known(pack, full_answers, today):
    unknown = {**full_answers, "political_visibility": "unknown", "estimated_value_cad": "unknown"}
    assert "oversight.fairness_monitor" not in items(assess(pack, unknown, today=today))
    high = items(assess(pack, {**full_answers, "political_visibility": "high"}, today=today))
    assert high["oversight.fairness_monitor"].confirm is False
    above_ceta = items(assess(pack, {**full_answers, "estimated_value_cad": 400_000}, today=today))
    assert "oversight.fairness_monitor" in above_ceta


@pytest.mark.parametrize(
    ("example", "route_items", "absent"),
    [
        (
            "ex19_recreation_registration_dialogue",
            ["dialogue.negotiation_announced"],
            ["pilot.use_agreement", "prize.council_authority"],
        ),
        (
            "ex25_transit_buses_joint",
            ["joint.annual_notice"],
            ["dialogue.negotiation_reserved", "pilot.use_agreement"],
        ),
        (
            "ex23_basement_flood_forecast_prize",
            ["prize.council_authority", "challenge.problem_not_solution"],
            ["joint.annual_notice"],
        ),
        (
            "ex10_drone_inspection_pilot",
            ["pilot.use_agreement"],
            ["joint.annual_notice", "prize.council_authority"],
        ),
        (
            "ex01_road_salt_rfp",
            [],
            [
                "pilot.use_agreement",
                "joint.annual_notice",
                "dialogue.negotiation_reserved",
                "prize.council_authority",
                "terms.path_to_purchase",
            ],
        ),
    ],
)
def test_route_specific_items_follow_the_recommended_route(pack, example, route_items, absent):
    e = next(x for x in pack.examples if x.id == example)
    found = items(assess(pack, e.answers, today=e.today))
    for item in route_items:
        assert item in found, item
    for item in absent:
        assert item not in found, item


def test_items_of_a_later_sequence_step_are_included(pack, full_answers, today):
    # A challenge followed by a pilot needs the pilot's use agreement too.
    result = assess(pack, full_answers, today=today)
    assert result.top == "challenge_based"
    assert "pilot_sandbox" in [s.step for s in result.sequence]
    assert "pilot.use_agreement" in items(result)

    no_host = assess(pack, {**full_answers, "can_host_test": "no"}, today=today)
    assert "pilot_sandbox" not in [s.step for s in no_host.sequence]
    assert "pilot.use_agreement" not in items(no_host)


def test_route_limited_items_never_appear_for_other_routes(pack, today):
    by_id = {i.id: i for i in pack.checklist.items}
    for e in pack.examples:
        result = assess(pack, e.answers, today=e.today or today)
        steps = {result.top} | {s.step for s in result.sequence}
        for finding in result.checklist:
            routes = by_id[finding.item].routes
            assert not routes or steps & set(routes), (e.id, finding.item)
            assert finding.principle == by_id[finding.item].principle


def test_unconditional_items_always_appear(pack, today):
    always = [i.id for i in pack.checklist.items if not i.routes and not i.paths and i.applies_if is None]
    assert len(always) >= 10
    for answers in ({}, next(iter(pack.examples)).answers):
        found = items(assess(pack, answers, today=today))
        assert set(always) <= set(found)
        assert not any(found[i].confirm for i in always)
