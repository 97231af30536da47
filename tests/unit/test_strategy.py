"""The strategy: procedure, award path, buyer arrangement, stages and contract model (issue 11)."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess
from mixdecide.pack import PackError, load_pack


def _strategy(pack, answers, today):
    result = assess(pack, answers, today=today)
    assert result.strategy is not None
    return result, result.strategy


def test_procedures_are_ranked_and_arrangements_or_stages_are_not_among_them(pack, full_answers, today):
    result, s = _strategy(pack, {**full_answers, "multi_buyer": "committed"}, today)
    assert s.procedure == tuple(
        rs.route for rs in result.ranking if rs.route not in ("joint_procurement", "rfi_market_sounding")
    )
    assert "joint_procurement" in {rs.route for rs in result.ranking}  # still ranked for the CLI


def test_an_existing_vehicle_is_the_arrangement_and_the_path(pack, full_answers, today):
    _, s = _strategy(pack, {**full_answers, "existing_vehicle": "yes"}, today)
    assert s.arrangement.id == "cooperative_vehicle"
    assert s.path.id == "cooperative_vehicle"
    assert s.stages == ("call_off",)  # the competition was run when the agreement was awarded


def test_committed_partners_buy_jointly_and_a_lone_buyer_alone(pack, full_answers, today):
    _, joint = _strategy(pack, {**full_answers, "multi_buyer": "committed"}, today)
    _, alone = _strategy(pack, {**full_answers, "multi_buyer": "no"}, today)
    assert joint.arrangement.id == "joint"
    assert alone.arrangement.id == "alone"


@pytest.mark.parametrize("ground", ["exclusive_rights", "rd_follow_on", "urgency"])
def test_a_direct_award_names_its_ground_and_carries_its_obligations(pack, full_answers, today, ground):
    _, s = _strategy(pack, {**full_answers, "direct_award_ground": ground}, today)
    assert s.path.id == "direct_award"
    assert s.path.detail == ground
    assert s.stages[0] == "justify_direct_award" and s.stages[-1] == "direct_award_notice"  # no RFP alongside
    option = next(o for o in pack.strategy.paths if o.id == "direct_award")
    cites = " ".join(n.cite for n in option.legal)
    assert "513.1" in cites and "516.2" in cites  # the exception and the 72-day award notice


def test_no_ground_or_dont_know_means_competition(pack, full_answers, today):
    for answer in ("none", "unknown"):
        _, s = _strategy(pack, {**full_answers, "direct_award_ground": answer}, today)
        assert s.path.id == "competition", answer


def test_an_unsolicited_proposal_is_a_published_process_not_a_direct_award(pack, full_answers, today):
    _, s = _strategy(pack, {**full_answers, "unsolicited_proposal": "yes"}, today)
    assert s.path.id == "unsolicited_proposal"
    assert s.stages[0] == "assess_proposal" and len(s.stages) > 1  # then the market is tested
    option = next(o for o in pack.strategy.paths if o.id == "unsolicited_proposal")
    assert any(n.basis == "mandatory" and "513.1" in n.cite for n in option.legal)


def test_the_contract_model_follows_the_purchase_intent_and_the_terms_the_answers(pack, full_answers, today):
    _, now = _strategy(pack, {**full_answers, "purchase_intent": "buy_now", "digital_kind": "ai"}, today)
    assert now.purchase.id == "buy_now"
    assert {"cloud_saas", "ai"} <= {t.id for t in now.terms}
    _, learn = _strategy(pack, {**full_answers, "purchase_intent": "learn_only"}, today)
    assert learn.purchase.id == "no_purchase"
    _, partnership = _strategy(
        pack,
        {**full_answers, "solution_maturity": "prototype", "scale_up_committed": "yes"},
        today,
    )
    assert partnership.purchase.id == "development_and_purchase"


def test_stages_follow_the_sequence_and_name_a_procedure_for_a_joint_first_route(pack, today):
    e = next(x for x in pack.examples if x.id == "ex25_transit_buses_joint")
    result, s = _strategy(pack, e.answers, e.today)
    assert result.top == "joint_procurement"  # buses for a buying group: the ranking keeps the id
    assert s.arrangement.id == "joint"
    assert s.stages == (s.procedure[0],) == ("traditional_rfp",)  # a joint open tender


def test_every_example_has_a_consistent_strategy(pack):
    for e in pack.examples:
        result = assess(pack, e.answers, today=e.today)
        s = result.strategy
        assert s is not None, e.id
        assert s.procedure and set(s.procedure) <= {rs.route for rs in result.ranking}, e.id
        if e.answers.get("multi_buyer") == "no" and e.answers.get("existing_vehicle") != "yes":
            assert s.arrangement.id == "alone", e.id


def test_a_first_match_part_without_a_default_is_refused(pack_copy):
    def drop_default(data):
        data["strategy"]["paths"] = data["strategy"]["paths"][:-1]

    with pytest.raises(PackError, match="strategy paths: the last option must be the default"):
        load_pack(pack_copy("routes", drop_default))


def test_a_mandatory_strategy_note_without_a_pinpoint_is_refused(pack_copy):
    def no_cite(data):
        data["strategy"]["paths"][1]["legal"][0]["cite"] = ""

    with pytest.raises(PackError, match="direct_award.*pinpoint"):
        load_pack(pack_copy("routes", no_cite))


def test_buy_at_scale_is_a_separate_competition_never_a_volume_exception(pack):
    """Review finding 5: the prototype exception (CFTA 513.1(f)) covers the first good developed
    under an R&D contract, not quantity production, so "buy at scale" must not offer it for volume."""
    seen = 0
    for e in pack.examples:
        result = assess(pack, e.answers, today=e.today)
        for s in result.sequence:
            if s.step == "scale_purchase" and s.note is not None:
                seen += 1
                note = s.note.get("en")
                assert "separate competition" in note, e.id
                assert "not volume" in note or "not quantity" in note, e.id
                assert "séparé" in s.note.get("fr"), e.id
    assert seen
    option = next(o for o in pack.strategy.purchase if o.id == "buy_if_successful")
    for n in option.legal:
        assert "quantity" in n.en or "volume" in n.en


@pytest.mark.parametrize("ground", ["exclusive_rights", "rd_follow_on", "urgency"])
def test_a_direct_award_leads_the_sequence_steps_and_duties(pack, full_answers, today, ground):
    """Review finding 1: a justified direct-award ground makes the direct award what the city does -
    document the exception, optional notice of intent, negotiate, award notice within 72 days - not an
    RFI then an RFP; the call's own notice and bid-period duties are set aside, the award notice is not."""
    answers = {**full_answers, "direct_award_ground": ground, "estimated_value_cad": 2_000_000}
    result = assess(pack, answers, today=today)
    assert [s.step for s in result.sequence] == [
        "justify_direct_award",
        "direct_award_notice_of_intent",
        "direct_award_negotiate",
        "direct_award_notice",
    ]
    items = {c.item for c in result.checklist}
    assert "notice.ceta_periods" not in items and "notice.open_above_threshold" not in items
    for f in result.trade:
        assert "bid_period" not in f.obligations and "public_notice" not in f.obligations, f.agreement
    assert any("award_notice" in f.obligations for f in result.trade)
    from mixdecide.reports.markdown import render_markdown  # noqa: PLC0415 - only this test renders

    text = render_markdown(pack, result, lang="en")
    assert "Recommended route: Justified direct award" in text
    assert "Publish the call" not in text


def test_a_cooperative_vehicle_leads_as_a_call_off_without_the_citys_own_notice(pack, full_answers, today):
    """Review finding 2: under an existing cooperative agreement the competition was already run."""
    answers = {**full_answers, "existing_vehicle": "yes", "estimated_value_cad": 2_000_000}
    result = assess(pack, answers, today=today)
    assert [s.step for s in result.sequence] == ["call_off"]
    items = {c.item for c in result.checklist}
    assert "notice.ceta_periods" not in items and "notice.open_above_threshold" not in items
    for f in result.trade:
        assert not {"public_notice", "bid_period", "buying_group_notice"} & set(f.obligations), f.agreement


@pytest.mark.parametrize("ground", ["rd_follow_on", "exclusive_rights"])
def test_a_known_supplier_behind_a_listed_ground_is_not_solutionising(pack, full_answers, today, ground):
    """Review finding 1: the supplier an R&D contract produced is the premise of the follow-on ground."""
    base = {**full_answers, "preferred_solution": "yes"}
    fired = lambda a: {c.rule for rs in a.ranking for c in rs.contributions}  # noqa: E731
    assert "need.preferred_solution" in fired(assess(pack, base, today=today))
    with_ground = assess(pack, {**base, "direct_award_ground": ground}, today=today)
    assert "need.preferred_solution" not in fired(with_ground)


def test_a_joint_purchase_values_the_whole_buy_and_each_partner_gives_its_own_notice(pack):
    """Review finding 11: valuation is a duty; r11 F3: one article for it everywhere (CFTA 503.1,
    anti-avoidance) and one addressee for the CFTA 504.7 notice: each participating city, on the
    joint arrangement and the cooperative one alike."""
    joint = next(o for o in pack.strategy.arrangements if o.id == "joint")
    coop = next(o for o in pack.strategy.arrangements if o.id == "cooperative_vehicle")
    valuation = [n for n in joint.legal if "503.1" in (n.cite or "")]
    assert valuation and all(n.basis == "mandatory" for n in valuation)
    notices = [n for o in (joint, coop) for n in o.legal if "504.7" in (n.cite or "")]
    assert len(notices) == 2
    assert {(n.basis, n.en) for n in notices} == {("mandatory", notices[0].en)}, (
        "the notice is stated once, the same way, on both arrangements"
    )
    assert "city's own notice" in notices[0].en and "buying group publishes" not in notices[0].en


def test_a_sounding_with_nothing_to_buy_awards_no_contract_and_names_no_procedure(pack, full_answers, today):
    """Review finding 6: RFI, no purchase planned -> award path none, no procedure row."""
    from mixdecide.narrative import strategy_rows  # noqa: PLC0415

    answers = {
        **full_answers,
        "need_clarity": "problem_unclear",
        "solution_maturity": "unknown",
        "purchase_intent": "learn_only",
        "funding": "none",
        "risk_appetite": "low",
    }
    result = assess(pack, answers, today=today)
    assert result.top == "rfi_market_sounding"
    assert result.strategy is not None and result.strategy.path.id == "no_contract"
    rows = dict(strategy_rows(pack, result, "en"))
    assert "Procedure" not in rows
    assert rows["Award path"].startswith("None yet")


def test_the_award_path_brings_its_own_checklist_items(pack):
    # a direct award: the documented ground and its approval (Must, cited), a notice of intent and
    # a scope kept within the ground (Should); a call-off: the by-law, the vehicle's coverage and
    # its call-off rules; a competed procedure gets neither
    from mixdecide.engine import assess

    def items(ex_id):
        e = next(x for x in pack.examples if x.id == ex_id)
        a = assess(pack, e.answers, today=e.today, explain=False)
        return {c.item: c for c in a.checklist}

    direct = items("ex35_traffic_signal_exclusive_rights")
    coop = items("ex34_office_furniture_oecm")
    rfp = items("ex01_road_salt_rfp")
    d_ids = {
        "direct.ground_documented",
        "direct.approval",
        "direct.notice_of_intent",
        "direct.scope_within_ground",
    }
    c_ids = {"coop.bylaw_allows", "coop.vehicle_covers", "coop.call_off_record"}
    assert d_ids <= set(direct) and not c_ids & set(direct)
    assert c_ids <= set(coop) and not d_ids & set(coop)
    assert not (d_ids | c_ids) & set(rfp)
    assert direct["direct.ground_documented"].basis == "mandatory"
    assert direct["direct.notice_of_intent"].basis == "good_practice"
    spec = pack.checklist.items
    ground = next(i for i in spec if i.id == "direct.ground_documented")
    assert "CFTA Art. 513.1" in ground.cite and ground.why is not None


def test_a_checklist_item_naming_an_unknown_path_is_refused(pack_copy):
    import pytest

    from mixdecide.pack import PackError, load_pack

    def mutate(data):
        data["items"][0]["paths"] = ["teleport"]

    with pytest.raises(PackError, match="unknown strategy path 'teleport'"):
        load_pack(pack_copy("checklist", mutate))
