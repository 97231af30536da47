"""Property tests of the engine over random valid answer sets drawn from the real pack."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mixdecide.engine import assess
from mixdecide.pack import Question, load_pack

PACK = load_pack()
SCORING = PACK.meta.scoring
MISSING = object()  # the question is left out of the answers altogether
VALUE_CAP = 50_000_000  # estimated_value_cad has no maximum; draw up to here beyond the largest threshold

PROPERTY = settings(deadline=None)  # examples per property: the profile's (tests/conftest.py)


def _cut_points(qid: str) -> set[float]:
    """Every constant a condition in the pack compares ``qid`` with, plus thresholds for the value."""
    conditions = [r.cond for r in PACK.rules] + list(PACK.compiled.values())
    cuts = {c for cond in conditions for q, c in cond.cut_points if q == qid}
    if qid == PACK.thresholds.value_question:
        cuts |= {v for a in PACK.thresholds.agreements for p in a.periods for v in p.values.values()}
    return cuts


def _allowed(q: Question, v: float) -> bool:
    if q.min is not None and (v <= q.min if q.min_exclusive else v < q.min):
        return False
    return q.max is None or v <= q.max


def _numbers(q: Question) -> st.SearchStrategy:
    edges = {v for c in _cut_points(q.id) for v in (c - 1, c, c + 1)} | {0, 0.5, 1}
    specials = sorted(v for v in edges if _allowed(q, v))
    low = q.min if q.min is not None else 0
    high = q.max if q.max is not None else VALUE_CAP
    return st.one_of(
        st.sampled_from(specials),
        st.integers(min_value=int(low) + (1 if q.min_exclusive else 0), max_value=int(high)),
        st.floats(min_value=low, max_value=high, exclude_min=q.min_exclusive, allow_nan=False),
    )


def _answer(q: Question) -> st.SearchStrategy:
    given_ = st.sampled_from([o.id for o in q.options]) if q.type == "choice" else _numbers(q)
    return st.one_of(st.just(MISSING), st.none(), st.just("unknown"), given_)


@st.composite
def answer_sets(draw) -> dict:
    answers = {}
    for q in PACK.questions.values():
        value = draw(_answer(q))
        if value is not MISSING:
            answers[q.id] = value
    return answers


DAYS = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2029, 12, 31))


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_never_raises_and_accounts_for_every_route(answers, day):
    result = assess(PACK, answers, today=day)
    assert sorted(rs.route for rs in (*result.ranking, *result.excluded)) == sorted(PACK.routes)
    assert result.top is not None
    assert result.confidence.level in {"high", "medium", "low"}


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_deterministic(answers, day):
    assert assess(PACK, answers, today=day).to_dict() == assess(PACK, dict(answers), today=day).to_dict()


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_scores_are_bounded_and_are_the_sum_of_their_contributions(answers, day):
    result = assess(PACK, answers, today=day, explain=False)
    for rs in (*result.ranking, *result.excluded):
        assert SCORING.min <= rs.score <= SCORING.max
        assert abs(sum(c.points for c in rs.contributions) - rs.score) < 1e-9
    scores = [rs.score for rs in result.ranking]
    assert scores == sorted(scores, reverse=True)


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_every_excluded_route_has_a_reason(answers, day):
    result = assess(PACK, answers, today=day, explain=False)
    for rs in result.excluded:
        assert rs.exclusions
        assert all(e.rule and e.reason.en and e.reason.fr for e in rs.exclusions)


MATURITY_STEPS = ["commercial", "near_market", "prototype", "research_needed"]


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_less_mature_solutions_never_raise_the_tender_score(answers, day):
    scores = [
        assess(PACK, {**answers, "solution_maturity": m}, today=day, explain=False)
        .score_of("traditional_rfp")
        .score
        for m in MATURITY_STEPS
    ]
    assert scores == sorted(scores, reverse=True), dict(zip(MATURITY_STEPS, scores, strict=True))


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_an_sme_objective_never_lowers_the_challenge_score(answers, day):
    def challenge(sme):
        return (
            assess(PACK, {**answers, "sme_objective": sme}, today=day, explain=False)
            .score_of("challenge_based")
            .score
        )

    assert challenge("yes") >= challenge("no")


# --- structure ---------------------------------------------------------------------------------

MIXDECIDE = Path(__file__).resolve().parents[2] / "mixdecide"


def streamlit_imports(source: str) -> list[str]:
    """Every import of streamlit in ``source``: import statements and import_module/__import__ calls."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        found += [n for n in names if n == "streamlit" or n.startswith("streamlit.")]
    return found


def test_import_checker_sees_every_form():
    snippet = (
        "import streamlit as st\nfrom streamlit.testing import v1\nimportlib.import_module('streamlit')\n"
    )
    assert streamlit_imports(snippet) == ["streamlit", "streamlit.testing", "streamlit"]
    assert streamlit_imports("import streamlined\nfrom .streamlit import x\n") == []


def test_nothing_under_mixdecide_imports_streamlit():
    files = sorted(MIXDECIDE.rglob("*.py"))
    assert len(files) >= 10
    offenders = {
        str(f.relative_to(MIXDECIDE)): hits
        for f in files
        if (hits := streamlit_imports(f.read_text(encoding="utf-8")))
    }
    assert offenders == {}


# --- issue 11: smooth value, visible gates, consistent strategy -------------------------------------

LARGEST_WEIGHT = max(
    [abs(p) for r in PACK.rules if r.rule.points for p in r.rule.points.values()]
    + [abs(y) for r in PACK.rules if r.rule.curve for k in r.rule.curve.points.values() for _, y in k]
    + [r.rule.deadline.max for r in PACK.rules if r.rule.deadline]
)
VALUE_Q = PACK.thresholds.value_question


@PROPERTY
@given(
    answers=answer_sets(),
    day=DAYS,
    value=st.one_of(  # a dollar below each trade threshold, and anywhere
        st.sampled_from(sorted(int(c) - 1 for c in _cut_points(VALUE_Q) if c >= 1)),
        st.integers(min_value=0, max_value=VALUE_CAP),
    ),
)
def test_one_dollar_never_moves_a_score_by_more_than_the_largest_rule_weight(answers, day, value):
    a = assess(PACK, {**answers, VALUE_Q: value}, today=day, explain=False)
    b = assess(PACK, {**answers, VALUE_Q: value + 1}, today=day, explain=False)
    for rs in (*a.ranking, *a.excluded):
        assert abs(rs.score - b.score_of(rs.route).score) <= LARGEST_WEIGHT, (rs.route, value)
    # and value alone never rules a route out: thresholds decide obligations, not fit
    assert {rs.route for rs in a.excluded} == {rs.route for rs in b.excluded}


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_a_gate_never_hides_a_route_without_a_reason_and_a_way_to_lift_it(answers, day):
    result = assess(PACK, answers, today=day, explain=False)
    for rs in result.excluded:
        assert rs.exclusions, rs.route
        for ex in rs.exclusions:
            assert ex.reason.en and ex.reason.fr and ex.lift is not None and ex.lift.en and ex.lift.fr
    warned = {w.route for w in result.deadline_warnings}
    assert not warned & {rs.route for rs in result.excluded if not rs.exclusions}


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_the_strategy_parts_agree_with_each_other(answers, day):
    result = assess(PACK, answers, today=day, explain=False)
    s = result.strategy
    assert s is not None
    shown = result.answers
    if shown.get("multi_buyer") == "no" and shown.get("existing_vehicle") != "yes":
        assert s.arrangement.id != "joint"
    if s.path.id == "direct_award":
        assert shown.get("direct_award_ground") not in (None, "unknown", "none")
        assert s.path.detail == shown["direct_award_ground"]
    if s.arrangement.id == "cooperative_vehicle" or s.path.id == "cooperative_vehicle":
        assert shown.get("existing_vehicle") == "yes"
    assert set(s.procedure) <= {rs.route for rs in result.ranking}
    assert all(PACK.routes[r].kind == "procedure" for r in s.procedure)
    assert "joint_procurement" not in s.stages
    assert all(x in PACK.routes or x in PACK.steps for x in s.stages) and s.stages


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_a_first_route_that_misses_the_date_is_never_an_unqualified_headline(answers, day):
    from mixdecide.narrative import date_lines, headline_label
    from mixdecide.strategy import leading_path

    result = assess(PACK, answers, today=day, explain=False)
    if result.top is None or leading_path(PACK, result.strategy) is not None:
        return  # nothing ranked, or a direct award / call-off that runs no procedure
    late = {w.route for w in result.deadline_warnings}
    assert result.top_misses_deadline == (result.top in late)
    if result.top_misses_deadline:
        assert headline_label(PACK, result, "en") != "Recommended route"
        assert date_lines(PACK, result, "en")  # said first, before the route
        alt = result.best_fitting
        assert alt is None or (alt not in late and alt in {rs.route for rs in result.ranking})
        assert alt is None or PACK.routes[alt].kind != "stage"  # an RFI buys nothing


@PROPERTY
@given(answers=answer_sets(), day=DAYS)
def test_a_fact_of_the_situation_is_never_offered_as_a_change(answers, day):
    result = assess(PACK, answers, today=day)
    facts = {q.id for q in PACK.questions.values() if not q.lever}
    assert not facts & {c.question for c in result.changes}
