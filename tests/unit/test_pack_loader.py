"""The real Ontario pack loads and holds what DESIGN.md and ROUTES.md promise; broken packs fail clearly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel

from mixdecide.pack import PackError, Text, load_pack

# --- DESIGN.md, "Core questions" (hard-coded on purpose: these ids are a stable contract) ---------

CORE_CHOICES = {
    "need_clarity": [
        "solution_known",
        "solution_adaptable",
        "problem_clear_solution_open",
        "problem_unclear",
    ],
    "solution_maturity": ["commercial", "near_market", "prototype", "research_needed"],
    "market_depth": ["many", "few", "one_or_none"],
    "purchase_intent": ["buy_now", "buy_if_successful", "learn_only"],
    "procurement_category": ["goods", "services", "construction"],
    "risk_appetite": ["low", "moderate", "high"],
    "personal_data": ["none", "some", "sensitive"],
    "ip_ownership": ["city_must_own", "licence_ok", "undecided"],
    "procurement_capacity": ["low", "moderate", "high"],
    "sme_objective": ["yes", "no"],
    "multi_buyer": ["committed", "possible", "no"],
    "political_visibility": ["low", "moderate", "high"],
    "can_host_test": ["yes", "no"],
    "service_criticality": ["critical", "core", "supporting"],
    "outcome_measurable": ["yes", "no"],
    "funding": ["secured", "partial", "external_grant", "none"],
}
# number questions: (min, min_exclusive) -- value is "number >= 0", timeline is "number > 0"
CORE_NUMBERS = {"estimated_value_cad": (0, False), "timeline_months": (0, True)}

ROUTES = [
    "traditional_rfp",
    "challenge_based",
    "pilot_sandbox",
    "rfi_market_sounding",
    "pre_commercial",
    "competitive_dialogue",
    "innovation_partnership",
    "prize",
    "joint_procurement",
]
RISK_DIMENSIONS = {
    "technical",
    "market",
    "legal",
    "financial",
    "schedule",
    "capacity",
    "reputational",
    "privacy",
    "ip",
    "lock_in",
    "adoption",
    "accessibility",
}
PRINCIPLES = {"fairness", "transparency", "accountability", "accessibility", "privacy"}

# --- ROUTES.md, "Direction of each factor": row -> (rule that encodes it, signs per route) -------
# Route order: RFP, challenge, pilot, RFI, PCP, dialogue, partnership, prize, joint.
# rules.yaml says each "+" is worth 2 points and each "-" minus 2.
DIRECTION_TABLE = {
    # Revised (2026-11) rows: dialogue needs grounds, so a known solution disfavours it and a
    # commercial product is neutral for it.
    "solution known": ("need.solution_known", "+++ -- - -- --- -- -- -- ++"),
    "problem clear, solution open": ("need.problem_clear_solution_open", "-- +++ + + + ++ ++ ++ -"),
    "problem unclear": ("need.problem_unclear", "--- - + +++ - - -- + --"),
    "research needed (TRL <=4)": ("maturity.research_needed", "--- - -- + +++ -- + + ---"),
    "prototype (TRL 5-7)": ("maturity.prototype", "-- ++ + + ++ + +++ + --"),
    "commercial (TRL 8-9)": ("maturity.commercial", "+++ + ++ - --- 0 - - ++"),
    "few suppliers": ("market.few", "- + + ++ ++ + + ++ -"),
    "low risk appetite": ("appetite.low", "+ + +++ ++ + - - ++ +"),
    "city must own IP": ("ip.city_must_own", "++ - - 0 --- + - -- +"),
    "low procurement capacity": ("capacity.low", "+ - ++ + --- --- --- - +++"),
    "SME objective": ("market.sme_objective", "-- +++ ++ + +++ -- + ++ --"),
    "several buyers share need": ("market.multi_buyer_committed", "+ + 0 + ++ 0 + 0 +++"),
    "high political visibility": ("visibility.high", "+ + + ++ 0 + 0 ++ +"),
}

# --- ROUTES.md, "Thresholds" (CAD, municipal tier) ------------------------------------------------
THRESHOLDS = {
    ("CFTA", dt.date(2024, 1, 1), dt.date(2025, 12, 31)): {
        "goods": 133_800,
        "services": 133_800,
        "construction": 334_400,
    },
    ("CFTA", dt.date(2026, 1, 1), dt.date(2027, 12, 31)): {
        "goods": 139_000,
        "services": 139_000,
        "construction": 347_500,
    },
    ("CETA", dt.date(2024, 1, 1), dt.date(2025, 12, 31)): {
        "goods": 353_300,
        "services": 353_300,
        "construction": 8_800_000,
    },
    ("CETA", dt.date(2026, 1, 1), dt.date(2027, 12, 31)): {
        "goods": 368_000,
        "services": 368_000,
        "construction": 9_200_000,
    },
    # OQTCA Chapter Nine: the published municipal base ($100,000 for every category, 2015 chapter),
    # flagged `verify` because the indexed value in force was not read in the official annex.
    ("OQTCA", dt.date(2016, 9, 1), dt.date(2027, 12, 31)): {
        "goods": 100_000,
        "services": 100_000,
        "construction": 100_000,
    },
}


# ------------------------------------------------------------------------------- the real pack


def test_core_questions_and_options_match_design(pack):
    for qid, options in CORE_CHOICES.items():
        q = pack.questions.get(qid)
        assert q is not None, f"core question {qid} missing"
        assert q.type == "choice", qid
        assert [o.id for o in q.options] == options, qid
        assert q.core, f"{qid} should be marked core: true"
    for qid, (low, exclusive) in CORE_NUMBERS.items():
        q = pack.questions[qid]
        assert (q.type, q.min, q.min_exclusive) == ("number", low, exclusive), qid
        assert q.core
    core_in_pack = {q.id for q in pack.questions.values() if q.core}
    assert core_in_pack == set(CORE_CHOICES) | set(CORE_NUMBERS)
    assert len(core_in_pack) == 18


def test_the_nine_routes_exist(pack):
    assert sorted(pack.routes) == sorted(ROUTES)


def test_rules_are_many_and_each_carries_id_rationale_and_refs(pack):
    assert len(pack.rules) >= 40
    for compiled in pack.rules:
        r = compiled.rule
        assert r.id and "." in r.id
        assert r.rationale.en.strip() and r.rationale.fr.strip(), r.id
        assert r.refs and all(ref in pack.sources for ref in r.refs), r.id


def _texts(node: Any, path: str = "pack"):
    """Every Text inside a tree of pydantic models, lists and dicts, with where it sits."""
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _texts(item, f"{path}.{key}")


def test_every_text_in_the_pack_has_english_and_french(pack):
    roots = {
        "meta": pack.meta,
        "sections": pack.sections,
        "routes": list(pack.routes.values()),
        "steps": list(pack.steps.values()),
        "rules": [r.rule for r in pack.rules],
        "risks": pack.risks,
        "checklist": pack.checklist,
        "thresholds": pack.thresholds,
        "examples": pack.examples,
    }
    texts = [t for name, root in roots.items() for t in _texts(root, name)]
    assert len(texts) > 500  # the walk really reached the nested models
    empty = [where for where, t in texts if not t.en.strip() or not t.fr.strip()]
    assert empty == []


@pytest.mark.parametrize("factor", DIRECTION_TABLE)
def test_direction_table_factor_is_encoded_by_a_rule(pack, factor):
    rule_id, signs = DIRECTION_TABLE[factor]
    rules = {r.rule.id: r.rule for r in pack.rules}
    assert rule_id in rules, f"no rule encodes {factor!r}"
    expected = {}
    for route, s in zip(ROUTES, signs.split(), strict=True):
        expected[route] = 0 if s == "0" else (2 * len(s) if s[0] == "+" else -2 * len(s))
    got = {route: rules[rule_id].points.get(route, 0) for route in ROUTES}
    assert got == expected


# Graded rows: value enters as a smooth curve and the deadline as a penalty per month short, so
# these rows are checked by sign at the large end, not as fixed points.
VALUE_ROW = "++ - -- + + ++ + - ++"  # ROUTES.md "value above CETA"
SHORT_ROW = "+ - ++ -- --- --- --- --- ++"  # ROUTES.md "needed in < 3 months"


def _points(pack, answers):
    from mixdecide.scoring import rule_points

    """Points from the rules that read only the given answers (graded or fixed)."""
    total = dict.fromkeys(ROUTES, 0.0)
    for r in pack.rules:
        reads_only = r.cond.questions and r.cond.questions <= set(answers)
        fires = r.cond.predicate(_ctx(answers)) is True
        if (r.rule.graded or r.rule.points) and reads_only and fires:
            for route, p in rule_points(pack, r, answers).items():
                total[route] += p
    return total


def _ctx(answers):
    from mixdecide.conditions import EvalContext

    return EvalContext(answers=answers, above_threshold=lambda _a: None)


def test_value_row_is_a_curve_that_agrees_in_sign_at_ten_million(pack):
    big = _points(pack, {"estimated_value_cad": 10_000_000})
    for route, s in zip(ROUTES, VALUE_ROW.split(), strict=True):
        if route in ("rfi_market_sounding", "prize"):  # no contract value: value does not score them
            assert big[route] == 0
        else:
            assert (big[route] > 0) == (s[0] == "+"), route


def test_short_deadline_row_agrees_in_sign_for_every_route_that_delivers(pack):
    short = _points(pack, {"timeline_months": 2})
    for route, s in zip(ROUTES, SHORT_ROW.split(), strict=True):
        if route == "rfi_market_sounding":  # 1-3 months and delivers nothing to be late with
            continue
        assert (short[route] > 0) == (s[0] == "+"), route


def test_twelve_risk_dimensions_and_bands(pack):
    assert {d.id for d in pack.risks.dimensions} == RISK_DIMENSIONS
    assert len(pack.risks.dimensions) == 12
    bands = {b.id: (b.min, b.max) for b in pack.risks.bands}
    assert bands == {"low": (1, 4), "medium": (5, 9), "medium_high": (10, 14), "high": (15, 25)}
    assert pack.risks.unknown_likelihood == 5


def test_checklist_has_enough_items_under_the_five_principles(pack):
    assert {p.id for p in pack.checklist.principles} == PRINCIPLES
    assert len(pack.checklist.items) >= 25
    used = {i.principle for i in pack.checklist.items}
    assert used == PRINCIPLES


def test_thresholds_cover_both_periods_with_the_routes_md_values(pack):
    got = {(a.id, p.start, p.end): dict(p.values) for a in pack.thresholds.agreements for p in a.periods}
    assert got == THRESHOLDS


def test_examples_are_numerous_and_name_known_routes(pack):
    assert len(pack.examples) >= 20
    assert len({e.id for e in pack.examples}) == len(pack.examples)
    tops = {r for e in pack.examples for r in e.expect.top}
    assert tops == set(ROUTES), "every route should be the expected answer of at least one example"


# ------------------------------------------------------------------------------ broken packs


def test_an_untouched_copy_round_trips_through_the_yaml_helper(pack, pack_copy):
    # Control for the broken-pack cases below: rewriting every file without a change still loads,
    # so each failure comes from its mutation, not from the helper.
    root = pack_copy()
    for name in ("pack", "questions", "routes", "rules", "risks", "checklist", "thresholds", "examples"):
        pack_copy(name, lambda data: None)
    copy = load_pack(root)
    assert [r.rule.id for r in copy.rules] == [r.rule.id for r in pack.rules]
    assert copy.question_order() == pack.question_order()


def _rule(data, rule_id):
    return next(r for r in data["rules"] if r["id"] == rule_id)


def _question(data, qid):
    return next(q for s in data["sections"] for q in s["questions"] if q["id"] == qid)


def _item(data, item_id):
    return next(i for i in data["items"] if i["id"] == item_id)


def _set(mapping, key, value):
    mapping[key] = value


def _move_to_last_section(data, qid):
    """Where the strategy follow-ups were before issue 14: gathered in the last section."""
    q = _question(data, qid)
    for s in data["sections"]:
        if q in s["questions"]:
            s["questions"].remove(q)
    data["sections"][-1]["questions"].append(q)


BROKEN = [
    # (case, file, mutation, words the message must contain: file, item, bad reference)
    (
        "unknown question in a rule condition",
        "rules",
        lambda d: _set(
            _rule(d, "need.solution_known"), "when", {"q": "need_clarty", "in": ["solution_known"]}
        ),
        ["rules.yaml", "need.solution_known", "need_clarty"],
    ),
    (
        "unknown option in `in`",
        "rules",
        lambda d: _set(
            _rule(d, "need.solution_known"), "when", {"q": "need_clarity", "in": ["solution_knwon"]}
        ),
        ["rules.yaml", "need.solution_known", "solution_knwon"],
    ),
    (
        "gte on a choice question",
        "rules",
        lambda d: _set(_rule(d, "need.solution_known"), "when", {"q": "need_clarity", "gte": 2}),
        ["rules.yaml", "need.solution_known", "gte", "need_clarity"],
    ),
    (
        "in on a number question",
        "rules",
        lambda d: _set(_rule(d, "time.long_horizon"), "when", {"q": "timeline_months", "in": ["long"]}),
        ["rules.yaml", "time.long_horizon", "'in'", "timeline_months"],
    ),
    (
        "unknown route in points",
        "rules",
        lambda d: _rule(d, "need.solution_known")["points"].update(tradtional_rfp=2),
        ["rules.yaml", "need.solution_known", "tradtional_rfp"],
    ),
    (
        "unknown route in exclude",
        "rules",
        lambda d: _set(_rule(d, "exclude.prize_needs_measurable"), "exclude", ["prise"]),
        ["rules.yaml", "exclude.prize_needs_measurable", "prise"],
    ),
    (
        "unknown step in sequence",
        "rules",
        lambda d: _rule(d, "sequence.evaluate_results")["sequence"].update(step="evaluate_result"),
        ["rules.yaml", "sequence.evaluate_results", "evaluate_result"],
    ),
    (
        "duplicate rule id",
        "rules",
        lambda d: _set(d["rules"][1], "id", d["rules"][0]["id"]),
        ["rules.yaml", "duplicate", "need.solution_known"],
    ),
    (
        "duplicate question id",
        "questions",
        lambda d: _set(_question(d, "funding"), "id", "need_clarity"),
        ["questions.yaml", "duplicate", "need_clarity"],
    ),
    (
        "unknown source in refs",
        "rules",
        lambda d: _set(_rule(d, "need.solution_known"), "refs", ["mix_report", "no_such_source"]),
        ["rules.yaml", "need.solution_known", "no_such_source"],
    ),
    (
        "extra field in a route",
        "routes",
        lambda d: _set(d["routes"][0], "colour", "#123456"),
        ["routes.yaml", "traditional_rfp", "colour"],
    ),
    (
        "visible_if on a later question",
        "questions",
        lambda d: _set(
            _question(d, "preferred_solution"), "visible_if", {"q": "solution_maturity", "in": ["prototype"]}
        ),
        ["questions.yaml", "preferred_solution", "solution_maturity"],
    ),
    (
        "a follow-up away from the question it follows up",
        "questions",
        lambda d: _move_to_last_section(d, "reward_without_buying"),
        ["questions.yaml", "reward_without_buying", "outcome_measurable", "right after"],
    ),
    (
        "a follow-up opening its section",
        "questions",
        lambda d: d["sections"][1]["questions"].insert(0, d["sections"][0]["questions"].pop(1)),
        ["questions.yaml", "preferred_solution", "need_clarity", "same section"],
    ),
    ("bands leave a gap", "risks", lambda d: _set(d["bands"][3], "min", 16), ["risks.yaml", "bands", "1-25"]),
    ("bands overlap", "risks", lambda d: _set(d["bands"][2], "max", 15), ["risks.yaml", "bands", "1-25"]),
    (
        "overlapping threshold periods",
        "thresholds",
        lambda d: _set(d["agreements"][0]["periods"][1], "start", dt.date(2025, 6, 1)),
        ["thresholds.yaml", "CFTA", "2025-06-01"],
    ),
    (
        "a rule with two effects",
        "rules",
        lambda d: _set(_rule(d, "need.solution_known"), "exclude", ["prize"]),
        ["rules.yaml", "need.solution_known", "exactly one effect"],
    ),
    (
        "top in a scoring rule",
        "rules",
        lambda d: _set(_rule(d, "need.solution_known"), "when", {"top": ["traditional_rfp"]}),
        ["rules.yaml", "need.solution_known", "top"],
    ),
    (
        "example answer with an unknown option",
        "examples",
        lambda d: _set(d["examples"][0]["answers"], "need_clarity", "solution_knwon"),
        ["examples.yaml", "ex01_road_salt_rfp", "need_clarity", "solution_knwon"],
    ),
    (
        "unknown trade agreement",
        "rules",
        lambda d: _set(_rule(d, "need.solution_known"), "when", {"above_threshold": "NAFTA"}),
        ["rules.yaml", "need.solution_known", "NAFTA"],
    ),
    (
        "checklist item with unknown principle",
        "checklist",
        lambda d: _set(d["items"][0], "principle", "fairnes"),
        ["checklist.yaml", "bylaw.compliance", "fairnes"],
    ),
    (
        "risk driver that is not a question",
        "risks",
        lambda d: _set(d["dimensions"][0], "drivers", ["solution_maturity", "maturity"]),
        ["risks.yaml", "technical", "maturity"],
    ),
    (
        "a threshold category label for an option the category question lacks",
        "thresholds",
        lambda d: _set(d["categories"], "works", {"en": "works", "fr": "les travaux"}),
        ["thresholds.yaml", "categories", "procurement_category", "works"],
    ),
    (
        "an obligation without a pinpoint citation",
        "thresholds",
        lambda d: d["agreements"][0]["obligations"][0].pop("cite") and None,
        ["thresholds.yaml", "CFTA", "public_notice", "pinpoint"],
    ),
    (
        # REVIEW1 finding 1: an obligation tied to a route names a route the pack has
        "obligation tied to an unknown route",
        "thresholds",
        lambda d: _set(d["agreements"][0]["obligations"][0], "routes", ["buying_club"]),
        ["thresholds.yaml", "CFTA", "public_notice", "buying_club"],
    ),
    (
        # REVIEW1 finding 9: an RFI buys nothing only for an answer the question has
        "not_procurement condition on an unknown option",
        "thresholds",
        lambda d: _set(
            d["not_procurement"]["only_if"], "rfi_market_sounding", {"purchase_intent": ["browse"]}
        ),
        ["thresholds.yaml", "not_procurement", "purchase_intent", "browse"],
    ),
    (
        "a mandatory obligation sourced only to guidance",
        "thresholds",
        lambda d: _set(d["agreements"][0]["obligations"][0], "refs", ["cfta_bid_review"]),
        ["thresholds.yaml", "CFTA", "public_notice", "only to guidance"],
    ),
    (
        "a mandatory checklist item sourced only to guidance",
        "checklist",
        lambda d: _set(_item(d, "award.notice_72_days"), "refs", ["carleton_limited"]),
        ["checklist.yaml", "award.notice_72_days", "only to guidance"],
    ),
    (
        "a mandatory checklist item without a pinpoint",
        "checklist",
        lambda d: _item(d, "privacy.notice_collection").pop("cite") and None,
        ["checklist.yaml", "privacy.notice_collection", "pinpoint"],
    ),
    (
        "a mandatory checklist item without its why",
        "checklist",
        lambda d: _item(d, "privacy.notice_collection").pop("why") and None,
        ["checklist.yaml", "privacy.notice_collection", "why"],
    ),
    (
        "a threshold value without provenance",
        "thresholds",
        lambda d: d["agreements"][0]["periods"][1]["provenance"].pop("construction") and None,
        ["thresholds.yaml", "CFTA", "2026-01-01", "provenance", "construction"],
    ),
    (
        "a derived threshold without its derivation",
        "thresholds",
        lambda d: d["agreements"][0]["periods"][0].pop("derivation") and None,
        ["thresholds.yaml", "CFTA", "2024-01-01", "derivation"],
    ),
    (
        "a threshold period without its end date",
        "thresholds",
        lambda d: d["agreements"][0]["periods"][0].pop("end") and None,
        ["thresholds.yaml", "end"],
    ),
    (
        "a mandatory legal note of a route without a pinpoint",
        "routes",
        lambda d: d["routes"][0]["legal"][0].pop("cite") and None,
        ["routes.yaml", "traditional_rfp", "pinpoint"],
    ),
    (
        "an example without its assessment date",
        "examples",
        lambda d: d["examples"][0].pop("today") and None,
        ["examples.yaml", "ex01_road_salt_rfp", "today"],
    ),
]


@pytest.mark.parametrize(("file", "mutate", "words"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_pack_fails_naming_file_item_and_reference(pack_copy, file, mutate, words):
    root = pack_copy(file, mutate)
    with pytest.raises(PackError) as err:
        load_pack(root)
    message = str(err.value)
    assert message.startswith(words[0]), message
    for word in words[1:]:
        assert word in message, message


def test_missing_file_is_named(pack_copy):
    root = pack_copy()
    (root / "examples.yaml").unlink()
    with pytest.raises(PackError, match=r"^examples\.yaml: .*missing"):
        load_pack(root)


def test_malformed_yaml_is_named(pack_copy):
    root = pack_copy()
    (root / "rules.yaml").write_text("rules:\n  - id: [need.oops\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"^rules\.yaml: not valid YAML"):
        load_pack(root)


def test_unknown_pack_id_is_reported():
    with pytest.raises(PackError, match="no-such-pack"):
        load_pack("no-such-pack")


# `yes` / `no` unquoted in YAML 1.1 become booleans. The pack must refuse them, not read them as
# some other option, and the message must show the boolean so the author can spot the missing quotes.
UNQUOTED = [
    (
        "rule condition",
        "rules.yaml",
        '{q: sme_objective, in: ["yes"]}',
        "{q: sme_objective, in: [yes]}",
        ["rules.yaml", "market.sme_objective", "sme_objective", "True"],
    ),
    (
        "example answer",
        "examples.yaml",
        'sme_objective: "no"',
        "sme_objective: no",
        ["examples.yaml", "ex01_road_salt_rfp", "sme_objective", "False"],
    ),
    (
        "option id",
        "questions.yaml",
        '- id: "yes"',
        "- id: yes",
        ["questions.yaml", "preferred_solution", "options[0]", "True", "valid string"],
    ),
]


@pytest.mark.parametrize(
    ("file", "quoted", "unquoted", "words"), [u[1:] for u in UNQUOTED], ids=[u[0] for u in UNQUOTED]
)
def test_unquoted_yes_or_no_fails_clearly(pack_copy, file, quoted, unquoted, words):
    root = pack_copy()
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert quoted in text
    path.write_text(text.replace(quoted, unquoted, 1), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(root)
    message = str(err.value)
    assert message.startswith(words[0]), message
    for word in words[1:]:
        assert word in message, message


def test_band_gap_message_names_the_uncovered_score(pack_copy):
    root = pack_copy("risks", lambda d: _set(d["bands"][3], "min", 16))
    with pytest.raises(PackError) as err:
        load_pack(root)
    assert "15" in str(err.value)
