"""The findings of the first blind legal review (REVIEW1, issue 10), one test each.

Each test names the finding and the primary text it rests on; each would have failed before the
fix. Scenario answers mirror the reviewer's scenarios (s01, s07, s08, s11).
"""

from __future__ import annotations

import datetime as dt

from mixdecide import wording
from mixdecide.engine import assess

DAY = dt.date(2026, 11, 29)


def _run(pack, answers, today=DAY):
    return assess(pack, answers, today=today)


def _items(result):
    return {c.item: c for c in result.checklist}


def _trade(result, agreement):
    return next(t for t in result.trade if t.agreement == agreement)


def _example(pack, top):
    return next(e for e in pack.examples if e.expect.top[0] == top)


def _item(pack, item_id):
    return next(i for i in pack.checklist.items if i.id == item_id)


# s01: $220,000 construction, commercial, known solution: OQTCA only.
S01 = {
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "market_depth": "many",
    "purchase_intent": "buy_now",
    "estimated_value_cad": 220_000,
    "procurement_category": "construction",
    "multi_buyer": "no",
    "sme_objective": "yes",
    "personal_data": "none",
    "can_host_test": "no",
    "risk_appetite": "low",
}
# s07: $400,000 goods prototype pilot, supplier in mind, 12 months, some personal information.
S07 = {
    "need_clarity": "problem_clear_solution_open",
    "preferred_solution": "yes",
    "solution_maturity": "prototype",
    "outcome_measurable": "no",
    "service_criticality": "core",
    "market_depth": "few",
    "sme_objective": "yes",
    "multi_buyer": "no",
    "estimated_value_cad": 400_000,
    "procurement_category": "goods",
    "funding": "external_grant",
    "timeline_months": 12,
    "purchase_intent": "buy_if_successful",
    "procurement_capacity": "moderate",
    "internal_champion": "yes",
    "risk_appetite": "moderate",
    "can_host_test": "yes",
    "regulatory_room": "yes",
    "political_visibility": "moderate",
    "personal_data": "some",
    "pia_status": "not_started",
    "ip_ownership": "city_must_own",
    "incumbent_system": "no",
    "public_facing": "yes",
}


def test_f1_buying_group_notice_only_when_the_city_buys_through_a_group(pack):
    """Finding 1. CFTA [Art. 504.7, verify]; LAS: a municipality that takes part in a buying group
    publishes its own declaration of intent. Not a duty of a single-buyer project."""
    single = _run(pack, S01 | {"estimated_value_cad": 400_000})
    assert single.top == "traditional_rfp"
    assert "buying_group_notice" not in _trade(single, "CFTA").obligations
    assert "joint.annual_notice" not in _items(single)
    ex = _example(pack, "joint_procurement")
    joint = _run(pack, ex.answers, ex.today)
    assert joint.top == "joint_procurement"
    if _trade(joint, "CFTA").status == "applies":
        assert "buying_group_notice" in _trade(joint, "CFTA").obligations
        assert _items(joint)["joint.annual_notice"].basis == "mandatory"
    item = _item(pack, "joint.annual_notice")
    assert item.basis == "mandatory" and "city's own notice" in item.text.en


def test_f2_prototype_exception_is_not_offered_for_a_pilot(pack):
    """Finding 2. CFTA Art. 513.1(f); CETA Art. 19.12.1(f): a permission that needs a contract for
    research or original development; a pilot or use agreement is not one."""
    result = _run(pack, S07)
    assert "limited.justified" not in _items(result)
    item = _item(pack, "limited.justified")
    assert item.basis == "good_practice"
    assert "pilot" in item.text.en and "does not qualify" in item.text.en
    assert "you may buy" not in item.text.en
    assert set(item.routes) <= {"pre_commercial", "innovation_partnership"}


def test_f3_no_ontario_preference_once_the_oqtca_applies(pack):
    """Finding 3. OQTCA Chapter Nine: Québec suppliers on the same terms from $100,000; a local
    preference is a policy choice only below every applicable threshold."""
    result = _run(pack, S01)
    assert {t.agreement: t.status for t in result.trade}["OQTCA"] == "applies"
    items = _items(result)
    assert items["trade.no_local_preference"].basis == "mandatory"
    assert "$100,000" in _item(pack, "trade.preference_policy").text.en
    assert "100 000 $" in _item(pack, "trade.preference_policy").text.fr
    below = _items(_run(pack, S01 | {"estimated_value_cad": 90_000}))
    assert "trade.no_local_preference" not in below


def test_f4_construction_holdback(pack):
    """Finding 4. Construction Act, s. 22(1): each payer retains a 10% basic holdback."""
    items = _items(_run(pack, S01))
    assert items["construction.holdback"].basis == "mandatory"
    item = _item(pack, "construction.holdback")
    assert "s. 22(1)" in item.cite and "10%" in item.text.en and "10 %" in item.text.fr
    assert "construction.holdback" not in _items(_run(pack, S01 | {"procurement_category": "services"}))


def test_f5_contract_a_duties_on_the_tender_route(pack):
    """Finding 5. M.J.B. Enterprises, [1999] 1 S.C.R. 619 (no acceptance of a non-compliant bid);
    Martel, 2000 SCC 60 (fair and equal treatment on disclosed criteria)."""
    items = _items(_run(pack, S01))
    assert items["tender.contract_a"].basis == "mandatory"
    cite = _item(pack, "tender.contract_a").cite
    assert "M.J.B." in cite and "2000 SCC 60" in cite


def test_f5_route_notes_and_checklist_agree_on_must_or_should(pack):
    """Finding 5 (and finding 2): one statement, one basis, wherever it is shown. Reserving
    negotiation rights (Contract A) and the prototype exception (a permission) are Shoulds in the
    checklist and in the routes' legal notes (LEGAL.md section 4) alike."""
    pairs = [
        ("competitive_dialogue", "Contract A", "dialogue.negotiation_reserved"),
        ("pre_commercial", "prototype exception", "limited.justified"),
    ]
    for route_id, phrase, item_id in pairs:
        note = next(n for n in pack.routes[route_id].legal if phrase in n.en)
        assert note.basis == _item(pack, item_id).basis == "good_practice", (route_id, item_id)


def test_f6_ceta_negotiation_must_be_announced_and_selective_periods(pack):
    """Finding 6. CETA Art. 19.11.1(a): negotiate only if the notice said so; Art. 19.10.2-19.10.3:
    25 days for requests to participate, 40 days from the invitation to tender."""
    ex = _example(pack, "competitive_dialogue")
    answers = ex.answers | {"estimated_value_cad": 2_000_000, "procurement_category": "services"}
    dialogue = _run(pack, answers, ex.today)
    if dialogue.top == "competitive_dialogue":
        assert "negotiation_announced" in _trade(dialogue, "CETA").obligations
    tender = _run(pack, S01 | {"estimated_value_cad": 10_000_000})
    assert tender.top == "traditional_rfp"
    assert "negotiation_announced" not in _trade(tender, "CETA").obligations
    ceta = next(a for a in pack.thresholds.agreements if a.id == "CETA")
    ob = {o.id: o for o in ceta.obligations}
    assert ob["negotiation_announced"].cite == "CETA Art. 19.11.1(a)"
    assert "selective tendering" in ob["bid_period"].text.en and "25 days" in ob["bid_period"].text.en
    assert "invitation to tender" in _item(pack, "notice.ceta_periods").text.en


def test_f7_mfippa_collection_and_security_are_duties(pack):
    """Finding 7. MFIPPA s. 28(2) (collection); R.R.O. 1990, Reg. 823, s. 3(1) (e-Laws 900823:
    reasonable measures against unauthorized access). Residency stays a policy choice."""
    items = _items(_run(pack, S07))
    assert items["privacy.security_collection"].basis == "mandatory"
    item = _item(pack, "privacy.security_collection")
    assert "MFIPPA s. 28(2)" in item.cite and "Reg. 823, s. 3(1)" in item.cite
    assert pack.sources["mfippa_reg_823"].url == "https://www.ontario.ca/laws/regulation/900823"
    assert "privacy.security_collection" not in _items(_run(pack, S07 | {"personal_data": "none"}))
    assert "policy choice" in _item(pack, "privacy.data_terms").how.en


def test_f8_records_follow_the_retention_by_law_not_seven_years(pack):
    """Finding 8. CETA Art. 19.15.3 says three years; seven is the BPS Directive's; a municipality
    retains records under its retention by-law (Municipal Act, 2001, ss. 254-255 [verify])."""
    item = _item(pack, "records.seven_years")
    assert item.basis == "mandatory" and "Municipal Act" in item.cite
    assert "seven years" not in item.text.en and "three years" in item.text.en
    assert "not a rule for municipalities" in item.how.en
    steps = (pack.path / "routes.yaml").read_text()
    assert "(7 years)" not in steps


def test_f10_unknown_value_says_may_apply_not_must(pack):
    """Finding 10. With the value unknown, no duty that depends on it is stated as a Must."""
    result = _run(pack, S07 | {"estimated_value_cad": "unknown"})
    ceta = _trade(result, "CETA")
    assert ceta.status == "uncertain"
    lines = wording.obligation_texts(pack, ceta, "en")
    assert lines and not any(line.startswith("Must:") for line in lines)
    assert any(line.startswith("May apply:") for line in lines)
    sentence = wording.trade_sentence(pack, ceta, result, "en")
    assert "applies if the value reaches" in sentence
    found = _items(result)["notice.ceta_periods"]
    assert found.confirm
    item = _item(pack, "notice.ceta_periods")
    assert wording.item_heading(item, "en", found.confirm).startswith("May apply:")
    assert wording.item_why(item, "en", found.confirm).startswith("It applies only if:")
    assert wording.item_heading(item, "fr", True).startswith("Pourrait s'appliquer")


def test_f11_cfta_non_discrimination_and_anti_avoidance_articles(pack):
    """Finding 11. cfta-alec.ca Chapter Five: Art. 502 General Principles (non-discrimination);
    Art. 503.1 no structuring, valuation or division to avoid the obligations."""
    assert _item(pack, "trade.no_local_preference").cite.startswith("CFTA Art. 502.1-502.2")
    assert _item(pack, "value.no_splitting").cite.startswith("CFTA Art. 503.1")


def test_f15_debriefing_is_a_must_in_the_checklist_when_ceta_applies(pack):
    """Finding 15. CETA Art. 19.15.1: the same duty is a Must in the trade section and checklist."""
    above = _items(_run(pack, S07 | {"personal_data": "none"}))
    assert above["award.debriefing_ceta"].basis == "mandatory"
    assert "award.debriefing" not in above
    below = _items(_run(pack, S07 | {"estimated_value_cad": 200_000}))
    assert below["award.debriefing"].basis == "good_practice"
    assert "award.debriefing_ceta" not in below


def test_f21_offsets_are_art_19_4_6(pack):
    """Finding 21. CETA Art. 19.4.6: no offsets."""
    assert "19.4.6" in _item(pack, "trade.eu_uk_suppliers").cite
    ceta = next(a for a in pack.thresholds.agreements if a.id == "CETA")
    assert "19.4.6" in next(o for o in ceta.obligations if o.id == "equal_treatment").cite


def test_f23_section_270_requires_a_policy(pack):
    """Finding 23. Municipal Act, 2001, s. 270(1), para. 3: a procurement policy (often a by-law)."""
    assert "procurement policy" in _item(pack, "bylaw.compliance").text.en
