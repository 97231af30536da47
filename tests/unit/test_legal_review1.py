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
    # the joint route's legal note (LEGAL.md section 4) says the same, as a Must too
    note = next(n for n in pack.routes["joint_procurement"].legal if "504.7" in n.cite)
    assert note.basis == "mandatory" and "city's own notice" in note.en
    legal_md = (pack.path / "LEGAL.md").read_text()
    assert "(only on: joint_procurement)" in legal_md


def test_f2_prototype_exception_is_not_offered_for_a_pilot(pack):
    """Finding 2. CFTA Art. 513.1(f); CETA Art. 19.12.1(f): a permission that needs a contract for
    research or original development; a pilot or use agreement is not one."""
    result = _run(pack, S07)
    assert "limited.justified" not in _items(result)
    item = _item(pack, "limited.justified")
    # r11 F6: relying on the exception when it does not fit breaks the agreement - a Must
    assert item.basis == "mandatory"
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
    """Finding 5 (and finding 2): one statement, one basis, wherever it is shown. Since the r11
    review (F6), reserving negotiation rights (Contract A) on a route that negotiates and keeping a
    direct award inside the prototype exception are Musts in the checklist and in the routes' legal
    notes (LEGAL.md section 4) alike."""
    pairs = [
        ("competitive_dialogue", "Contract A", "dialogue.negotiation_reserved"),
        ("pre_commercial", "prototype exception", "limited.justified"),
    ]
    for route_id, phrase, item_id in pairs:
        note = next(n for n in pack.routes[route_id].legal if phrase in n.en)
        assert note.basis == _item(pack, item_id).basis == "mandatory", (route_id, item_id)


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
    # CETA Art. 19.11 (EU Official Journal text read): (1)(a) intent announced in the notice, or
    # (1)(b) no tender obviously most advantageous; (2) elimination on the published criteria and a
    # common deadline for revised tenders.
    assert ob["negotiation_announced"].cite == "CETA Art. 19.11.1(a), 19.11.2"
    assert "common deadline" in ob["negotiation_announced"].text.en
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


# ------------------------------------------------------------------------- MEDIUM and LOW


def test_f9_an_rfi_with_no_purchase_is_not_a_covered_procurement(pack):
    """Finding 9. An RFI or market sounding acquires nothing: no trade obligation attaches to it
    unless a contract is awarded (s09: $150,000, learn only)."""
    answers = {
        "need_clarity": "problem_unclear",
        "solution_maturity": "unknown",
        "market_depth": "unknown",
        "purchase_intent": "learn_only",
        "estimated_value_cad": 150_000,
        "procurement_category": "services",
        "can_host_test": "yes",
        "risk_appetite": "high",
    }
    result = _run(pack, answers)
    assert result.top == "rfi_market_sounding"
    assert {t.status for t in result.trade} == {"not_procurement"}
    assert all(t.obligations == () for t in result.trade)
    items = _items(result)
    assert not {"award.notice_72_days", "notice.open_above_threshold", "trade.no_local_preference"} & set(
        items
    )
    sentence = wording.trade_sentence(pack, result.trade[0], result, "en")
    assert "unless a contract is awarded" in sentence


def test_f12_oqtca_threshold_reads_as_a_2016_base_value_to_verify(pack):
    """Finding 12. OQTCA backgrounder (2015) / AMO: $100,000 from 2016, indexed every two years;
    no end date in the text, exclusions include professional services generally."""
    result = _run(pack, S01)
    oqtca = _trade(result, "OQTCA")
    sentence = wording.trade_sentence(pack, oqtca, result, "en")
    assert "2016 base value" in sentence and "2027-12-31" not in sentence
    scope = next(a for a in pack.thresholds.agreements if a.id == "OQTCA").scope.en
    assert "professional services" in scope and "verify" in scope


def test_f13_no_value_derived_from_an_unread_notice(pack):
    """Finding 13. A period resting on a source flagged verify cannot call its values derived."""
    for agreement in pack.thresholds.agreements:
        for period in agreement.periods:
            if any(pack.sources[r].verify for r in period.refs):
                assert set(period.provenance.values()) == {"verify"}, (agreement.id, period.start)


def test_f14_before_an_agreement_was_in_force_it_did_not_apply(pack):
    """Finding 14. CFTA in force 2017-07-01 (cfta-alec.ca); CETA provisionally applied
    2017-09-21; OQTCA Chapter Nine bound municipalities from 2016-09-01."""
    result = _run(pack, S01 | {"estimated_value_cad": 20_000_000}, today=dt.date(2016, 1, 1))
    assert {t.status for t in result.trade} == {"not_in_force"}
    assert all(t.obligations == () for t in result.trade)
    assert "notice.open_above_threshold" not in _items(result)
    sentence = wording.trade_sentence(pack, _trade(result, "CFTA"), result, "en")
    assert (
        "did not apply on that date" in sentence and "July 1, 2017" in sentence
    )  # Babel, the reader's language
    between = _run(pack, S01, today=dt.date(2017, 1, 1))
    assert {t.agreement: t.status for t in between.trade} == {
        "CFTA": "not_in_force",
        "CETA": "not_in_force",
        "OQTCA": "applies",
    }


def test_f16_the_notice_item_cites_only_the_agreement_that_applies(pack):
    """Finding 16. At $220,000 construction only the OQTCA applies: its notice item cites it alone."""
    items = _items(_run(pack, S01))
    assert "notice.open_above_threshold" not in items and "notice.open_oqtca" in items
    assert _item(pack, "notice.open_oqtca").cite.startswith("OQTCA")
    assert "OQTCA" not in _item(pack, "notice.open_above_threshold").cite
    assert "CETA" not in _item(pack, "notice.open_above_threshold").cite


def test_f17_no_wcag_duty_for_construction_but_public_spaces(pack):
    """Finding 17. O. Reg. 191/11: s. 14 is about web content; Part IV.1 (Design of Public Spaces)
    covers newly built or redeveloped public spaces."""
    items = _items(_run(pack, S01 | {"public_facing": "yes"}))
    assert "access.wcag" not in items
    assert items["access.public_spaces"].basis == "mandatory"
    assert "Part IV.1" in _item(pack, "access.public_spaces").cite
    web = _items(_run(pack, S07))
    assert "access.wcag" in web and "access.public_spaces" not in web


def test_f18_joint_purchase_value_is_the_total_for_all_buyers(pack):
    """Finding 18. Coverage is judged on the contract's whole value, not the city's share."""
    q = pack.questions["estimated_value_cad"]
    assert "total for all buyers" in q.help.en and "tous les acheteurs" in q.help.fr
    assert "combined value" in _item(pack, "joint.governance_agreement").how.en


def test_f19_no_unverified_claim_about_cfta_bid_days(pack):
    """Finding 19. The CFTA time-period article was not read: state the duty, cite only the level
    confirmed (the chapter, no "[verify]" placeholder: r11 F5), and say honestly that no number of
    days is given rather than claim the CFTA fixes none."""
    o = next(
        o for a in pack.thresholds.agreements if a.id == "CFTA" for o in a.obligations if o.id == "bid_period"
    )
    assert "no fixed number" not in o.text.en and "verify" not in o.cite.lower()
    assert o.cite.startswith("CFTA Chapter Five")
    assert "gives no number of days" in o.text.en and "ne donne pas de nombre de jours" in o.text.fr


def test_f22_a_12_month_pilot_then_purchase_raises_schedule_risk(pack):
    """Finding 22. Pilot, evaluation and a competed purchase rarely fit in 12 months."""
    result = _run(pack, S07)
    schedule = next(r for r in result.risks if r.dimension == "schedule")
    assert result.top in ("pilot_sandbox", "challenge_based")
    assert "pilot_then_buy" in {d.id for d in schedule.drivers}
    roomy = _run(pack, S07 | {"timeline_months": 24})
    assert "pilot_then_buy" not in {d.id for r in roomy.risks if r.dimension == "schedule" for d in r.drivers}
