"""Condition trees: three-valued logic, unknown versus missing, comparator boundaries, thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.conditions import ConditionError, EvalContext, compile_condition
from mixdecide.pack import question_info
from mixdecide.scoring import make_context
from mixdecide.thresholds import threshold_table


@pytest.fixture
def compile_(pack):
    """Compile a condition against the real pack's questions, routes and agreements."""
    info = question_info(pack.questions)
    agreements = frozenset(a.id for a in pack.thresholds.agreements)

    def build(raw, allow_top=True):
        return compile_condition(
            raw,
            questions=info,
            routes=frozenset(pack.routes),
            agreements=agreements,
            threshold_questions=(pack.thresholds.value_question, pack.thresholds.category_question),
            allow_top=allow_top,
        )

    return build


def _never(_agreement):
    return None


def evaluate(compiled, answers, top=None):
    return compiled.predicate(EvalContext(answers=answers, above_threshold=_never, top=top))


TRUE = {"q": "sme_objective", "in": ["yes"]}
FALSE = {"q": "can_host_test", "in": ["yes"]}
UNDECIDED = {"q": "funding", "in": ["secured"]}
ANSWERS = {"sme_objective": "yes", "can_host_test": "no", "funding": "unknown"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (TRUE, True),
        (FALSE, False),
        (UNDECIDED, None),
        ({"all": [TRUE, TRUE]}, True),
        ({"all": [TRUE, UNDECIDED]}, None),
        ({"all": [FALSE, UNDECIDED]}, False),
        ({"all": [UNDECIDED, FALSE]}, False),
        ({"any": [FALSE, FALSE]}, False),
        ({"any": [FALSE, UNDECIDED]}, None),
        ({"any": [UNDECIDED, TRUE]}, True),
        ({"not": TRUE}, False),
        ({"not": FALSE}, True),
        ({"not": UNDECIDED}, None),
        ({"not": {"all": [TRUE, UNDECIDED]}}, None),
        ({"any": [{"not": FALSE}, UNDECIDED]}, True),
    ],
    ids=lambda v: str(v) if not isinstance(v, dict) else None,
)
def test_kleene_logic(compile_, raw, expected):
    assert evaluate(compile_(raw), ANSWERS) is expected


@pytest.mark.parametrize("answers", [{}, {"market_depth": "unknown"}], ids=["missing", "unknown"])
def test_missing_and_unknown_answers_are_both_uncertain(compile_, answers):
    # An unknown answer never silently counts as any option, nor as "not that option".
    assert evaluate(compile_({"q": "market_depth", "in": ["many"]}), answers) is None
    assert evaluate(compile_({"q": "market_depth", "in": ["many", "few", "one_or_none"]}), answers) is None
    assert evaluate(compile_({"unknown": "market_depth"}), answers) is True
    assert evaluate(compile_({"known": "market_depth"}), answers) is False


def test_answered_question_is_known(compile_):
    answers = {"market_depth": "few"}
    assert evaluate(compile_({"unknown": "market_depth"}), answers) is False
    assert evaluate(compile_({"known": "market_depth"}), answers) is True
    assert evaluate(compile_({"q": "market_depth", "in": ["many"]}), answers) is False


@pytest.mark.parametrize(
    ("op", "bound", "value", "expected"),
    [
        ("gte", 100_000, 100_000, True),
        ("gte", 100_000, 99_999.99, False),
        ("gt", 100_000, 100_000, False),
        ("gt", 100_000, 100_000.01, True),
        ("lte", 100_000, 100_000, True),
        ("lte", 100_000, 100_000.01, False),
        ("lt", 100_000, 100_000, False),
        ("lt", 100_000, 99_999.99, True),
        ("gte", 0, 0, True),
    ],
)
def test_comparators_at_their_boundaries(compile_, op, bound, value, expected):
    cond = compile_({"q": "estimated_value_cad", op: bound})
    assert evaluate(cond, {"estimated_value_cad": value}) is expected


def test_range_condition_includes_lower_and_excludes_upper(compile_):
    cond = compile_({"q": "timeline_months", "gte": 3, "lt": 12})
    results = {v: evaluate(cond, {"timeline_months": v}) for v in (2.99, 3, 11.99, 12)}
    assert results == {2.99: False, 3: True, 11.99: True, 12: False}
    assert evaluate(cond, {"timeline_months": "unknown"}) is None


def test_top_is_undecided_until_the_top_route_is_known(compile_):
    cond = compile_({"top": ["pilot_sandbox", "prize"]})
    assert evaluate(cond, {}, top=None) is None
    assert evaluate(cond, {}, top="prize") is True
    assert evaluate(cond, {}, top="traditional_rfp") is False


def test_compiled_condition_reports_what_it_reads(compile_):
    cond = compile_(
        {"all": [{"q": "timeline_months", "lt": 6}, {"above_threshold": "CFTA"}, {"unknown": "funding"}]}
    )
    assert cond.questions == {"timeline_months", "funding", "estimated_value_cad", "procurement_category"}
    assert cond.cut_points == (("timeline_months", 6.0),)
    assert cond.uses_threshold == {"CFTA"}


@pytest.mark.parametrize(
    "raw",
    [
        {"q": "timeline_months", "gte": "6"},
        {"q": "timeline_months", "gte": True},
        {"q": "timeline_months", "between": [1, 2]},
        {"q": "need_clarity", "in": []},
        {"q": "need_clarity"},
        {"all": []},
        {"nor": [TRUE]},
        {"unknown": "no_such_question"},
        {},
    ],
)
def test_malformed_conditions_are_refused(compile_, raw):
    with pytest.raises(ConditionError):
        compile_(raw)


def test_top_is_refused_where_the_top_route_is_not_known(compile_):
    with pytest.raises(ConditionError, match="top"):
        compile_({"top": ["prize"]}, allow_top=False)


# --- above_threshold through the engine's ThresholdTable ------------------------------------------

ON = dt.date(2026, 3, 1)  # CFTA goods/services 139,000, construction 347,500; CETA 368,000 / 9.2M


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"estimated_value_cad": 139_000, "procurement_category": "goods"}, True),
        ({"estimated_value_cad": 138_999, "procurement_category": "goods"}, False),
        ({"estimated_value_cad": 200_000, "procurement_category": "construction"}, False),
        ({"estimated_value_cad": 347_500, "procurement_category": "construction"}, True),
        ({"estimated_value_cad": 347_500, "procurement_category": "unknown"}, True),  # above every category
        ({"estimated_value_cad": 100_000}, False),  # below every category
        ({"estimated_value_cad": 200_000, "procurement_category": "unknown"}, None),  # depends on category
        ({"estimated_value_cad": "unknown", "procurement_category": "goods"}, None),
        ({"procurement_category": "goods"}, None),
    ],
)
def test_above_threshold_reads_value_and_category(compile_, pack, answers, expected):
    cond = compile_({"above_threshold": "CFTA"})
    ctx = make_context(threshold_table(pack, ON), answers)
    assert cond.predicate(ctx) is expected


def test_not_above_threshold_stays_undecided_when_value_unknown(compile_, pack):
    cond = compile_({"not": {"above_threshold": "CFTA"}})
    assert cond.predicate(make_context(threshold_table(pack, ON), {})) is None
    assert cond.predicate(make_context(threshold_table(pack, ON), {"estimated_value_cad": 5})) is True
