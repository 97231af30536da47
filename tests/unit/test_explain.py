"""What would change it: every reported change is real, and no single-answer flip is left out."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess
from mixdecide.pack import load_pack
from tests.helpers.answers import random_answer_sets

CASES = 40  # seeded random answer sets, on top of the pack's examples


def _scenarios(pack, today):
    for e in pack.examples:
        yield e.id, dict(e.answers), e.today
    for i, answers in enumerate(random_answer_sets(pack, CASES, seed=20260301)):
        yield f"random{i}", answers, today


def test_every_reported_change_really_changes_the_top_route(pack, today):
    checked = 0
    for name, answers, day in _scenarios(pack, today):
        result = assess(pack, answers, today=day)
        for change in result.changes:
            assert change.current == result.answers[change.question], (name, change)
            changed = assess(pack, {**answers, change.question: change.value}, today=day, explain=False)
            assert changed.top == change.top != result.top, (name, change)
            checked += 1
    assert checked > 20


def test_changes_are_complete_for_choice_questions(pack, today):
    for name, answers, day in _scenarios(pack, today):
        result = assess(pack, answers, today=day)
        reported = {(c.question, c.value): c.top for c in result.changes}
        for qid in result.visible:
            q = pack.questions[qid]
            current = result.answers.get(qid)
            if q.type != "choice" or current in (None, "unknown"):
                continue
            if not q.lever:  # a fact nobody changes: never offered (see the test below)
                assert not any(c.question == qid for c in result.changes), (name, qid)
                continue
            for option in (o.id for o in q.options if o.id != current):
                top = assess(pack, {**answers, qid: option}, today=day, explain=False).top
                if top != result.top:
                    assert reported.get((qid, option)) == top, (name, qid, option, top)
                else:
                    assert (qid, option) not in reported, (name, qid, option)


def test_unknown_impacts_list_every_option_with_its_true_outcome(pack, today):
    for name, answers, day in _scenarios(pack, today):
        result = assess(pack, answers, today=day)
        open_questions = {q for q in result.visible if result.answers.get(q) in (None, "unknown")}
        assert {u.question for u in result.unknowns} == open_questions, name
        for impact in result.unknowns:
            q = pack.questions[impact.question]
            if q.type == "choice":
                assert [v for v, _ in impact.outcomes] == [o.id for o in q.options], (name, q.id)
            for value, top in impact.outcomes:
                assert assess(pack, {**answers, q.id: value}, today=day, explain=False).top == top, (
                    name,
                    q.id,
                    value,
                )
            assert impact.decisive == any(top != result.top for _, top in impact.outcomes), (name, q.id)
        decisive = tuple(u.question for u in result.unknowns if u.decisive)
        assert result.confidence.decisive_unknowns == decisive


def test_decisive_unknown_is_reported_for_a_user(pack):
    # ex14 leaves solution maturity open; knowing it would move the recommendation.
    e = next(x for x in pack.examples if x.id == "ex14_main_street_rfi_then_challenge")
    result = assess(pack, e.answers, today=e.today)
    maturity = next(u for u in result.unknowns if u.question == "solution_maturity")
    assert maturity.decisive
    assert {top for _, top in maturity.outcomes} - {result.top}
    assert "solution_maturity" in result.confidence.decisive_unknowns


# --- numbers: probes around cut points and thresholds ---------------------------------------------

GRID = {
    "timeline_months": [0.5, 1, 2, 2.9, 3, 4, 5, 5.5, 6, 7, 11, 11.5, 12, 18, 23, 24, 25, 60, 120],
    "estimated_value_cad": [
        0,
        1_000,
        99_999,
        133_799,
        133_800,
        138_999,
        139_000,
        200_000,
        334_400,
        347_499,
        347_500,
        353_300,
        367_999,
        368_000,
        1e6,
        8.8e6,
        9.2e6,
        1e8,
    ],
}


def test_no_numeric_flip_is_missed(pack, today):
    for name, answers, day in _scenarios(pack, today):
        result = assess(pack, answers, today=day)
        for qid, values in GRID.items():
            if result.answers.get(qid) in (None, "unknown"):
                continue
            reported = {c.top for c in result.changes if c.question == qid}
            for v in values:
                top = assess(pack, {**answers, qid: v}, today=day, explain=False).top
                assert top == result.top or top in reported, (name, qid, v, top)


def test_no_route_changes_at_a_trade_threshold(pack):
    # ex14 (2025): $150,000 of services, near the 2024-25 CFTA threshold of $133,800. Thresholds
    # decide obligations, not fit: a dollar either side moves no score by more than a tenth.
    e = next(x for x in pack.examples if x.id == "ex14_main_street_rfi_then_challenge")
    at = assess(pack, {**e.answers, "estimated_value_cad": 133_800}, today=e.today, explain=False)
    below = assess(pack, {**e.answers, "estimated_value_cad": 133_799}, today=e.today, explain=False)
    assert at.top == below.top
    for rs in at.ranking:
        assert abs(rs.score - below.score_of(rs.route).score) <= 0.1, rs.route
    result = assess(pack, e.answers, today=e.today)
    assert not [c for c in result.changes if c.question == "estimated_value_cad" and c.value % 1000]


def test_value_change_is_a_round_amount_that_really_changes_the_route(pack):
    found = 0
    for ex in pack.examples:
        result = assess(pack, ex.answers, today=ex.today)
        for c in result.changes:
            if c.question != "estimated_value_cad":
                continue
            found += 1
            digits = str(int(c.value)).rstrip("0")
            assert len(digits) <= 3, c.value  # 250,000 or 1,600,000, never 138,999
            at = assess(pack, {**ex.answers, "estimated_value_cad": c.value}, today=ex.today, explain=False)
            assert at.top == c.top != result.top, ex.id
    assert found


def test_timeline_change_is_the_nearest_whole_month_that_changes_the_route(pack):
    # ex17 recommends pre-commercial procurement (24-36 months); a shorter deadline scores it down
    # month by month until another route leads.
    e = next(x for x in pack.examples if x.id == "ex17_plastic_main_leak_pcp")
    result = assess(pack, e.answers, today=e.today)
    (change,) = [c for c in result.changes if c.question == "timeline_months"]
    assert float(change.value).is_integer() and change.value < e.answers["timeline_months"]
    at = assess(pack, {**e.answers, "timeline_months": change.value}, today=e.today, explain=False)
    above = assess(pack, {**e.answers, "timeline_months": change.value + 1}, today=e.today, explain=False)
    assert at.top == change.top != result.top
    assert above.top == result.top
    assert "pre_commercial" in {w.route for w in at.deadline_warnings}


def _pack_with_huge_value_rule(pack_copy, op):
    def add(data):
        data["rules"].append(
            {
                "id": "value.huge_prize",
                "when": {"q": "estimated_value_cad", op: 5_000_000},
                "points": {"prize": 60},
                "rationale": {"en": "Test rule.", "fr": "Règle d'essai."},
                "refs": ["mix_report"],
            }
        )

    return load_pack(pack_copy("rules", add))


@pytest.mark.parametrize(
    "op",
    [
        "gte",
        "gt",
    ],
)
def test_flip_above_a_cut_point_is_reported_for_each_comparator(pack_copy, pack, op):
    extra = _pack_with_huge_value_rule(pack_copy, op)
    salt = next(e for e in pack.examples if e.id == "ex01_road_salt_rfp")
    answers = {**salt.answers, "estimated_value_cad": 100_000}
    result = assess(extra, answers, today=salt.today)
    assert assess(extra, {**answers, "estimated_value_cad": 6_000_000}, today=salt.today).top == "prize"
    assert "prize" in {c.top for c in result.changes if c.question == "estimated_value_cad"}


def test_explain_false_skips_only_the_analysis(pack, full_answers, today):
    full = assess(pack, full_answers, today=today)
    fast = assess(pack, full_answers, today=today, explain=False)
    assert fast.changes == ()
    assert fast.unknowns == full.unknowns  # open questions are still explored: confidence needs them
    assert fast.confidence == full.confidence
    assert fast.ranking == full.ranking
    assert fast.risks == full.risks and fast.checklist == full.checklist and fast.sequence == full.sequence


def test_a_fact_nobody_changes_is_never_offered_as_a_change(pack):
    # review finding 9: "if your team had a product in mind" or "if an existing cooperative
    # contract were Yes" is not a change anyone makes to get another route
    e = next(x for x in pack.examples if x.id == "ex07_seniors_isolation_challenge")
    answers = {**e.answers, "preferred_solution": "no"}
    a = assess(pack, answers, today=e.today)
    with_one = assess(pack, {**answers, "preferred_solution": "yes"}, today=e.today, explain=False)
    assert with_one.top != a.top  # the answer does move the route ...
    facts = {q.id for q in pack.questions.values() if not q.lever}
    assert {"preferred_solution", "existing_vehicle", "direct_award_ground"} <= facts
    assert not facts & {c.question for c in a.changes}  # ... yet it is never offered as a change
    # review r11 F2: how well the need is known and how mature the market is are facts too
    assert {"need_clarity", "solution_maturity", "market_depth", "funding", "personal_data"} <= facts
    assert any(c.question == "risk_appetite" for c in a.changes)  # decisions still are
    # left open, the same fact is still explored: answering it would settle the route
    open_q = assess(pack, {k: v for k, v in answers.items() if k != "preferred_solution"}, today=e.today)
    impact = next(u for u in open_q.unknowns if u.question == "preferred_solution")
    assert impact.decisive
