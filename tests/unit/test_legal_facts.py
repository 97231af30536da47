"""The legal facts the Ontario pack relies on, one test each, each naming its primary source.

A change in the law is one reviewed edit: change the pack and the fact here together, citing the
new text. Every expected value below was checked against the source named in the test (see
data/packs/ontario-municipal/LEGAL.md); values the encoder could not read in an official text are
expected to carry `verify`, so the tool keeps saying so.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mixdecide.engine import assess
from mixdecide.pack.legal_md import hand_written_head, render_legal_md
from mixdecide.pack.models import Agreement, ChecklistItem, Obligation

# -------------------------------------------------------------------------------- thresholds
# (agreement, valid from, valid to, category) -> (CAD, provenance, source ids the value rests on)
THRESHOLDS = {
    # CFTA Art. 504.3 municipal base ($100,000 goods/services, $250,000 construction) indexed under
    # Art. 504.4; TBS Contracting Policy Notice 2023-6 gives the factor, not the municipal values.
    ("CFTA", "2024-01-01", "2025-12-31", "goods"): (133_800, "derived", {"cfta_text", "tbs_2023_6"}),
    ("CFTA", "2024-01-01", "2025-12-31", "services"): (133_800, "derived", {"cfta_text", "tbs_2023_6"}),
    ("CFTA", "2024-01-01", "2025-12-31", "construction"): (334_400, "verify", {"cfta_text", "tbs_2023_6"}),
    # TBS Contracting Policy Notice 2025-8: the municipal tier was read from secondary sources.
    ("CFTA", "2026-01-01", "2027-12-31", "goods"): (139_000, "verify", {"cfta_text", "tbs_2025_8"}),
    ("CFTA", "2026-01-01", "2027-12-31", "services"): (139_000, "verify", {"cfta_text", "tbs_2025_8"}),
    ("CFTA", "2026-01-01", "2027-12-31", "construction"): (347_500, "verify", {"cfta_text", "tbs_2025_8"}),
    # CETA coverage annex: 5,000,000 SDR construction converted at Canada's notified rate (TBS notices);
    # goods and services for the municipal tier were not read in an official text.
    ("CETA", "2024-01-01", "2025-12-31", "goods"): (353_300, "verify", {"ceta_ch19", "tbs_2023_6"}),
    ("CETA", "2024-01-01", "2025-12-31", "services"): (353_300, "verify", {"ceta_ch19", "tbs_2023_6"}),
    ("CETA", "2024-01-01", "2025-12-31", "construction"): (8_800_000, "derived", {"ceta_ch19", "tbs_2023_6"}),
    ("CETA", "2026-01-01", "2027-12-31", "goods"): (368_000, "verify", {"ceta_ch19", "tbs_2025_8"}),
    ("CETA", "2026-01-01", "2027-12-31", "services"): (368_000, "verify", {"ceta_ch19", "tbs_2025_8"}),
    # TBS 2025-8 was not read in full (the source is flagged verify), so not "derived" (REVIEW1 13).
    ("CETA", "2026-01-01", "2027-12-31", "construction"): (9_200_000, "verify", {"ceta_ch19", "tbs_2025_8"}),
    # OQTCA Chapter Nine (2015 revision, municipalities from 1 Sept 2016): $100,000 for goods,
    # services and construction, indexed every two years (Office of the Premier backgrounder, May
    # 2015; AMO policy update). The indexed value in force was not read: `verify`, and the base
    # value is used, which can only over-report coverage.
    ("OQTCA", "2016-09-01", "2027-12-31", "goods"): (100_000, "verify", {"oqtca_text", "oqtca_backgrounder"}),
    ("OQTCA", "2016-09-01", "2027-12-31", "services"): (
        100_000,
        "verify",
        {"oqtca_text", "oqtca_backgrounder"},
    ),
    ("OQTCA", "2016-09-01", "2027-12-31", "construction"): (
        100_000,
        "verify",
        {"oqtca_text", "oqtca_backgrounder"},
    ),
}


def _agreement(pack, agreement_id: str) -> Agreement:
    return next(a for a in pack.thresholds.agreements if a.id == agreement_id)


def _obligation(pack, agreement_id: str, obligation_id: str) -> Obligation:
    return next(o for o in _agreement(pack, agreement_id).obligations if o.id == obligation_id)


def _item(pack, item_id: str) -> ChecklistItem:
    return next(i for i in pack.checklist.items if i.id == item_id)


def _items(pack, answers, today=dt.date(2026, 3, 1)):
    return {c.item: c for c in assess(pack, answers, today=today).checklist}


@pytest.mark.parametrize(("key", "expected"), THRESHOLDS.items(), ids=["-".join(k) for k in THRESHOLDS])
def test_threshold_value_provenance_and_source(pack, key, expected):
    agreement_id, start, end, category = key
    value, provenance, sources = expected
    period = next(
        p
        for p in _agreement(pack, agreement_id).periods
        if p.start == dt.date.fromisoformat(start) and p.end == dt.date.fromisoformat(end)
    )
    assert period.values[category] == value
    assert period.provenance[category] == provenance
    assert sources <= set(period.refs)
    if provenance == "derived":
        assert period.derivation is not None


def test_every_threshold_period_of_the_pack_is_pinned_here(pack):
    pinned = {(a, s, e) for a, s, e, _ in THRESHOLDS}
    encoded = {
        (a.id, p.start.isoformat(), p.end.isoformat()) for a in pack.thresholds.agreements for p in a.periods
    }
    assert encoded == pinned


# ------------------------------------------------------------------------ periods and notices


def test_ceta_bid_period_art_19_10(pack):
    """CETA Art. 19.10.2-19.10.7: 40 days (open tendering; from the invitation in selective
    tendering, after 25 days for requests to participate); -5 days each for electronic notice, documents and bids;
    10-day floor after a notice of planned procurement or in urgency; 13 days for commercial goods
    or services. Source: ceta_ch19 (international.gc.ca, CETA text, Chapter 19)."""
    o = _obligation(pack, "CETA", "bid_period")
    assert (o.basis, o.cite) == ("mandatory", "CETA Art. 19.10.2-19.10.7")
    for fact in ("40 days", "5 days", "25 days", "10 days", "13 days", "12 months", "urgency"):
        assert fact in o.text.en, fact
    for fact in ("40 jours", "5 jours", "25 jours", "10 jours", "13 jours", "12 mois", "urgence"):
        assert fact in o.text.fr, fact
    assert "ceta_ch19" in o.refs


def test_the_vague_27_days_is_gone(pack):
    """The old "about 27 days" had no source in Art. 19.10; it must not come back."""
    text = (pack.path / "checklist.yaml").read_text() + (pack.path / "thresholds.yaml").read_text()
    assert "27" not in re.sub(r"\d{3,}", "", text)


def test_ceta_periods_checklist_item_only_when_ceta_applies(pack):
    """Same article, as a checklist item: mandatory only at or above the CETA threshold."""
    above = _items(pack, {"estimated_value_cad": 400_000, "procurement_category": "services"})
    below = _items(pack, {"estimated_value_cad": 300_000, "procurement_category": "services"})
    assert above["notice.ceta_periods"].basis == "mandatory"
    assert "notice.ceta_periods" not in below


@pytest.mark.parametrize(
    ("agreement", "obligation", "cite", "fact"),
    [
        ("CFTA", "award_notice", "CFTA Art. 516.2", "72 days"),  # cfta_text, Art. 516.2
        ("CETA", "award_notice", "CETA Art. 19.15.2", "72 days"),  # ceta_ch19, Art. 19.15.2
        ("CETA", "award_information", "CETA Art. 19.15.1", "on request"),  # debriefing, Art. 19.15.1
        ("CETA", "records", "CETA Art. 19.15.3", "three years"),  # records, Art. 19.15.3
        ("CETA", "bid_dispute", "CETA Art. 19.17.3", "10"),  # domestic review, Art. 19.17.3
    ],
)
def test_award_notice_debriefing_records_and_review(pack, agreement, obligation, cite, fact):
    o = _obligation(pack, agreement, obligation)
    assert o.cite == cite
    assert fact in o.text.en


def test_award_notice_covers_limited_tendering(pack):
    """CFTA Art. 516.2 and CETA Art. 19.15.2: the notice is due for limited tendering too."""
    for agreement in ("CFTA", "CETA"):
        assert "limited tendering" in _obligation(pack, agreement, "award_notice").text.en


def test_cfta_bid_protest_duty_rests_on_the_province(pack):
    """CFTA Art. 518 (cfta_text): the Party (Ontario) maintains bid protest; for a municipality a
    published procedure is good practice, not its own treaty duty."""
    o = _obligation(pack, "CFTA", "bid_dispute")
    assert (o.basis, o.cite) == ("good_practice", "CFTA Art. 518")
    assert "province" in o.text.en
    assert _item(pack, "award.bid_dispute").basis == "good_practice"


# ---------------------------------------------------------------------------- who is covered


def test_eu_and_uk_suppliers_under_ceta_and_the_canada_uk_tca(pack):
    """CETA Art. 19.4.1 (ceta_ch19) and the Canada-UK Trade Continuity Agreement (uk_tca), which
    incorporates CETA: EU and UK suppliers are treated like Canadian ones."""
    ceta = _agreement(pack, "CETA")
    assert "United Kingdom" in ceta.scope.en and "Royaume-Uni" in ceta.scope.fr
    o = _obligation(pack, "CETA", "equal_treatment")
    assert "EU and UK" in o.text.en and {"ceta_ch19", "uk_tca"} <= set(o.refs)
    items = _items(pack, {"estimated_value_cad": 9_500_000, "procurement_category": "construction"})
    assert items["trade.eu_uk_suppliers"].basis == "mandatory"


def test_us_suppliers_have_no_treaty_access_to_municipal_procurement(pack):
    """CUSMA, the WTO GPA and the CPTPP: Canada's schedules list no municipalities."""
    scope = _agreement(pack, "CETA").scope.en
    assert "no treaty access" in scope
    for treaty in ("CUSMA", "WTO GPA", "CPTPP"):
        assert treaty in scope


def test_no_local_preference_above_cfta_thresholds(pack):
    """CFTA Art. 502.1-502.2 (cfta-alec.ca, Chapter Five, Art. 502 General Principles): treatment no
    less favourable than the best accorded to the Party's own goods, services and suppliers."""
    o = _obligation(pack, "CFTA", "no_local_preference")
    assert o.basis == "mandatory" and o.cite == "CFTA Art. 502.1-502.2"
    above = _items(pack, {"estimated_value_cad": 139_000, "procurement_category": "goods"})
    # below the CFTA's and the OQTCA's ($100,000) thresholds
    below = _items(pack, {"estimated_value_cad": 99_999, "procurement_category": "goods"})
    assert "trade.no_local_preference" in above and "trade.no_local_preference" not in below


def test_indigenous_measures_are_outside_the_cfta(pack):
    """CFTA Art. 800 (cfta_text): measures with respect to Indigenous peoples are excepted."""
    o = _obligation(pack, "CFTA", "indigenous_exception")
    assert o.cite == "CFTA Art. 800" and "set-aside" in o.text.en


def test_bobia_does_not_bind_municipalities(pack):
    """Building Ontario Businesses Initiative Act, 2022 (bobia): designated public sector entities
    only; a local preference below the thresholds is council's policy choice."""
    item = _item(pack, "trade.preference_policy")
    assert item.basis == "good_practice" and "not municipalities" in item.how.en
    # said in the source's note, in both languages; the title is the official one (review r14)
    assert "not municipalities" in pack.sources["bobia"].note.en
    assert "pas les municipalités" in pack.sources["bobia"].note.fr
    assert "municipalities" not in pack.sources["bobia"].title
    assert (
        pack.sources["bobia"].url == "https://www.ontario.ca/laws/statute/22b02"
    )  # S.O. 2022, c. 2, Sched. 2


def test_oqtca_covers_construction_below_the_cfta_threshold(pack):
    """OQTCA Chapter Nine (oqtca_text, oqtca_backgrounder): a $220,000 construction project in 2026
    is under the CFTA construction threshold but covered for Québec suppliers."""
    result = assess(
        pack,
        {"estimated_value_cad": 220_000, "procurement_category": "construction"},
        today=dt.date(2026, 3, 1),
    )
    status = {t.agreement: t.status for t in result.trade}
    assert status == {"CFTA": "does_not_apply", "CETA": "does_not_apply", "OQTCA": "applies"}
    # the notice item that cites the OQTCA alone (REVIEW1 finding 16)
    assert "notice.open_oqtca" in {c.item for c in result.checklist}


# ------------------------------------------------------- limited tendering and valuation


def test_prototype_exception_is_offered_only_when_its_conditions_hold(pack):
    """CFTA Art. 513.1(f); CETA Art. 19.12.1(f): a prototype or first good developed at the buyer's
    request under a research or original-development contract - not a near-market pilot."""
    examples = {e.id: e for e in pack.examples}
    rd = examples["ex17_plastic_main_leak_pcp"]  # research needed, buy if successful, $1.5M
    near = examples["ex07_seniors_isolation_challenge"]  # near-market, buy if successful, $200k

    def items(answers, today):
        result = assess(pack, answers, today=today)
        return {c.item for c in result.checklist}, result.top

    offered, top = items(rd.answers, rd.today)
    assert top == "pre_commercial"
    assert "limited.justified" in offered and "limited.no_prototype_exception" not in offered
    refused, top = items(near.answers, near.today)
    assert top == "challenge_based"
    assert "limited.no_prototype_exception" in refused and "limited.justified" not in refused
    # Below every threshold the trade-agreement exception is beside the point: the by-law governs.
    small, _ = items({**near.answers, "estimated_value_cad": 50_000}, near.today)
    assert not {"limited.justified", "limited.no_prototype_exception"} & small
    assert _item(pack, "limited.justified").cite == "CFTA Art. 513.1(f); CETA Art. 19.12.1(f)"
    for agreement in ("CFTA", "CETA"):
        text = _obligation(pack, agreement, "limited_tendering").text.en
        assert "research" in text and "near" in text and "quantity production" in text


def test_valuation_counts_options_and_direct_awards_not_separate_competitions(pack):
    """CFTA Art. 503.1 (cfta-alec.ca: no structuring, valuation method or division to avoid the
    obligations); CETA Art. 19.2.6-19.2.8: options and a directly awarded scale-up count; a later,
    separately competed purchase is its own procurement."""
    assert _obligation(pack, "CFTA", "no_splitting").cite == "CFTA Art. 503.1"
    assert _obligation(pack, "CETA", "no_splitting").cite == "CETA Art. 19.2.6-19.2.8"
    how = _item(pack, "value.no_splitting").how.en
    assert "option" in how and "directly" in how and "compete separately" in how


# ----------------------------------------------------------------------- Ontario statutes


def test_procurement_policy_municipal_act_s_270(pack):
    """Municipal Act, 2001, s. 270(1), para. 3 (e-Laws 01m25): every municipality adopts a
    procurement policy."""
    item = _item(pack, "bylaw.compliance")
    assert (item.basis, item.cite) == ("mandatory", "Municipal Act, 2001, s. 270(1), para. 3")
    assert pack.sources["municipal_act"].url == "https://www.ontario.ca/laws/statute/01m25"


def test_a_prize_that_buys_nothing_is_not_a_covered_procurement(pack):
    """A prize pays for a result and acquires nothing, so no agreement covers it as such (CFTA
    Chapter Five and CETA Chapter 19 cover procurement: acquiring goods, services or construction);
    its later purchase is covered at its value. ex32: a $150,000 prize in 2026."""
    ex = next(e for e in pack.examples if e.id == "ex32_heat_map_prize_city_lab")
    result = assess(pack, ex.answers, today=ex.today)
    assert result.top == "prize"
    assert {t.status for t in result.trade} == {"not_procurement"}
    assert all(t.obligations == () and not t.verify for t in result.trade)
    legal = next(r for r in result.risks if r.dimension == "legal")
    assert "covered" not in {d.id for d in legal.drivers}
    # The same value on a route that buys something is covered.
    rfp = assess(
        pack, {**ex.answers, "purchase_intent": "buy_now", "need_clarity": "solution_known"}, today=ex.today
    )
    assert rfp.top != "prize"
    assert {t.agreement: t.status for t in rfp.trade}["CFTA"] == "applies"


def test_bonusing_municipal_act_s_106(pack):
    """Municipal Act, 2001, s. 106: prize purses, free use of city assets and below-market access
    for a firm must be checked; a prize that buys nothing is not a covered procurement."""
    item = _item(pack, "bonusing.s106")
    assert (item.basis, item.cite) == ("mandatory", "Municipal Act, 2001, s. 106(1)-(2)")
    assert set(item.routes) == {"prize", "pilot_sandbox", "challenge_based"}
    notice = _item(pack, "notice.open_above_threshold").how.en
    assert "prize that buys nothing is not a covered procurement" in notice


@pytest.mark.parametrize(
    ("item_id", "cite", "fact"),
    [
        (
            "access.aoda_criteria",
            "O. Reg. 191/11, s. 5(1)-(2)",
            "accessibility design, criteria and features",
        ),
        ("access.formats", "O. Reg. 191/11, s. 12(1)", "accessible formats"),
        ("access.wcag", "O. Reg. 191/11, s. 14(2), (4), (5)", "WCAG 2.0 Level AA"),
    ],
)
def test_aoda_integrated_accessibility_standards(pack, item_id, cite, fact):
    """O. Reg. 191/11 (e-Laws 110191): s. 5 procurement, s. 12 formats, s. 14 websites."""
    item = _item(pack, item_id)
    assert (item.basis, item.cite) == ("mandatory", cite)
    assert fact in item.text.en
    assert "o_reg_191_11" in item.refs


def test_mfippa_notice_of_collection_is_a_duty_but_a_pia_is_good_practice(pack):
    """MFIPPA s. 29(2) (e-Laws 90m56): notice of collection. MFIPPA has no PIA duty for
    municipalities (the 2024 PIA duty is for FIPPA institutions); residency is a policy choice."""
    assert (
        _item(pack, "privacy.notice_collection").basis,
        _item(pack, "privacy.notice_collection").cite,
    ) == (
        "mandatory",
        "MFIPPA s. 29(2)",
    )
    pia = _item(pack, "privacy.pia")
    assert pia.basis == "good_practice" and "does not require" in pia.text.en
    assert "policy choice" in _item(pack, "privacy.data_terms").how.en


def test_edsta_duties_apply_only_to_prescribed_entities(pack):
    """Strengthening Cyber Security and Building Trust in the Public Sector Act, 2024, Sched. 1:
    duties only for public sector entities a regulation prescribes (flagged verify)."""
    src = pack.sources["edsta_2024"]
    assert src.url == "https://www.ontario.ca/laws/statute/24e24"  # S.O. 2024, c. 24, Sched. 1
    assert src.verify and "prescribe" in src.note.en and "not MFIPPA" in src.note.en


def test_construction_act_prompt_payment_and_bonds(pack):
    """Construction Act (e-Laws 90c30): proper invoice paid within 28 days (s. 6.4), adjudication
    (Part II.1), performance and payment bonds of 50% for public contracts of $500,000 or more
    (s. 85.1, O. Reg. 303/18)."""
    pay = _item(pack, "construction.prompt_payment")
    bonds = _item(pack, "construction.bonds")
    assert pay.basis == bonds.basis == "mandatory"
    assert "28 days" in pay.how.en and "14 days" in pay.how.en
    assert "50%" in bonds.text.en and "$500,000" in bonds.text.en
    small = _items(pack, {"estimated_value_cad": 499_999, "procurement_category": "construction"})
    large = _items(pack, {"estimated_value_cad": 500_000, "procurement_category": "construction"})
    assert "construction.bonds" in large and "construction.bonds" not in small
    assert "construction.prompt_payment" in small


# ------------------------------------------------------------------------------ case law


def test_contract_a_contract_b_is_supreme_court_of_canada_law(pack):
    """R. v. Ron Engineering, [1981] 1 S.C.R. 111; M.J.B. Enterprises, [1999] 1 S.C.R. 619;
    Tercon Contractors, 2010 SCC 4 (scc_contract_ab)."""
    item = _item(pack, "dialogue.negotiation_reserved")
    assert "Supreme Court of Canada" in item.how.en and "scc_contract_ab" in item.refs
    text = (pack.path / "routes.yaml").read_text() + (pack.path / "checklist.yaml").read_text()
    assert "Contract A/B law in Ontario" not in text and "Ontario's Contract A/B" not in text


def test_isc_challenge_stream_is_phased_rd(pack):
    """Innovative Solutions Canada, Challenge Stream (isc_challenge): phased R&D, the pre-commercial
    model, not a challenge-based procurement."""
    challenge = pack.routes["challenge_based"]
    assert "isc_challenge" not in challenge.refs
    assert "phased R&D" in challenge.summary.en
    assert "isc_challenge" in pack.routes["pre_commercial"].refs


def test_the_bps_directive_is_good_practice_only(pack):
    """Ontario BPS Procurement Directive: binds designated BPS organizations, not municipalities.
    It may support good practice, never a Must."""
    src = pack.sources["bps_directive"]
    assert src.kind == "guidance" and "not municipalities" in src.note.en
    assert "pas les municipalités" in src.note.fr and "municipalities" not in src.title
    assert src.url.startswith("https://www.ontario.ca/")
    mandatory = [i for i in pack.checklist.items if i.basis == "mandatory"]
    assert all(set(i.refs) - {"bps_directive"} for i in mandatory)


def test_primary_sources_are_official_texts(pack):
    """Every source the pack calls primary is an official publisher's address."""
    official = (
        "https://www.ontario.ca/laws/",
        "https://www.ontario.ca/document/",
        "https://www.cfta-alec.ca/",
        "https://www.international.gc.ca/",
        "https://www.canada.ca/",
        "https://decisions.scc-csc.ca/",
        "https://laws-lois.justice.gc.ca/",
    )
    primary = [s for s in pack.sources.values() if s.kind == "primary"]
    assert primary
    for s in primary:
        assert s.url.startswith(official), s.id


def test_every_mandatory_statement_says_why_and_where(pack):
    """Each "Must" names its pinpoint; each checklist "Must" says why it applies."""
    for item in pack.checklist.items:
        if item.basis == "mandatory":
            assert item.cite and item.why, item.id
    for a in pack.thresholds.agreements:
        for o in a.obligations:
            assert o.cite, (a.id, o.id)


def test_legal_md_is_the_pack_in_words(pack):
    """LEGAL.md's sections 1-5 are generated from the pack (python -m mixdecide.pack.legal_md
    data/packs/ontario-municipal): every statement, basis, pinpoint, date and source the tool uses."""
    text = (pack.path / "LEGAL.md").read_text(encoding="utf-8")
    assert text == render_legal_md(pack, hand_written_head(text)), "regenerate LEGAL.md"
    cites = {i.cite for i in pack.checklist.items if i.cite}
    cites |= {o.cite for a in pack.thresholds.agreements for o in a.obligations}
    assert all(c in text for c in cites)
