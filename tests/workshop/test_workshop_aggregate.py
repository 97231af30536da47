"""Aggregation: distributions, normalised-entropy disagreement, split and consensus defaults,
with "don't know", partial submissions and conditional questions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mixdecide.workshop.aggregate import (
    HIDDEN,
    consensus_default,
    distribution,
    group_answers,
    is_split,
    normalised_entropy,
    progress,
    question_stats,
    ranked,
    summarise,
)

MARKET = ["many", "few", "one_or_none"]  # market_depth's options


def stats(answers: dict, kind="choice", options=MARKET, eligible=None):
    return question_stats("market_depth", kind, answers, options=options, eligible=eligible)


def test_distribution_counts_most_common_first_ties_in_option_order():
    assert distribution(["few", "many", "few", "unknown", "many"], [*MARKET, "unknown"]) == (
        ("many", 2), ("few", 2), ("unknown", 1),
    )  # fmt: skip
    assert distribution([]) == ()
    assert distribution([5.0, 5, 7]) == ((5, 2), (7, 1))  # 5 and 5.0 are one answer


def test_unanimous_group_has_no_disagreement_and_its_answer_as_default():
    s = stats({f"p{i}": "few" for i in range(8)})
    assert s.disagreement == 0.0
    assert not s.split
    assert s.default == "few" and s.top == "few" and s.top_share == 1.0


def test_even_spread_over_every_answer_is_full_disagreement():
    s = stats({"a": "many", "b": "few", "c": "one_or_none", "d": "unknown"})
    assert s.disagreement == pytest.approx(1.0)
    assert s.split and s.default == "unknown"


def test_disagreement_is_normalised_entropy():
    # 3 vs 1 among 4 possible answers, 4 participants: H / ln(min(K=4, n=4))
    s = stats({"a": "many", "b": "many", "c": "many", "d": "few"})
    h = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    assert s.disagreement == pytest.approx(h / math.log(4))
    # two people who differ disagree completely: the most two answers can be spread
    assert stats({"a": "many", "b": "few"}).disagreement == pytest.approx(1.0)


def test_more_spread_means_more_disagreement():
    calm = stats({"a": "many", "b": "many", "c": "many", "d": "many", "e": "few"})
    torn = stats({"a": "many", "b": "many", "c": "few", "d": "few", "e": "one_or_none"})
    assert calm.disagreement < torn.disagreement


def test_split_means_no_strict_majority_and_a_tie_is_split():
    assert is_split((("many", 2), ("few", 2)))  # tie for first
    assert is_split((("many", 2), ("few", 1), ("one_or_none", 1)))  # 2 of 4 is not more than half
    assert not is_split((("many", 3), ("few", 2)))  # 3 of 5 is
    assert not is_split(())  # nobody answered: nothing to be split about


def test_dont_know_is_no_competing_answer():
    # review r18lead #6: "don't know" is shown apart and never makes a tie or a split
    s = stats({"a": "unknown", "b": "unknown", "c": "unknown", "d": "many"})
    assert s.default == "unknown" and not s.split  # more said don't know than "many"
    s = stats({"a": "unknown", "b": "many"})
    assert not s.split and s.default == "many" and s.disagreement == pytest.approx(1.0)
    s = stats({"a": "few", "b": "many", "c": "unknown"})  # a 1-1 tie among real answers
    assert s.tied == 2 and s.leader is None and s.split and s.default == "unknown"
    s = stats({"a": "few", "b": "few", "c": "many", "d": "unknown"})  # 2 say A, 1 B; 1 doesn't know
    assert s.tied == 1 and s.leader == "few" and not s.split and s.default == "few"
    assert [v for v, _ in s.counts] == ["few", "many", "unknown"]
    s = stats({"a": "unknown", "b": "unknown", "c": "few"})  # don't know is listed last however many
    assert [v for v, _ in s.counts] == ["few", "unknown"] and s.top == "few" and s.unknown == 2


def test_partial_submissions_count_only_those_who_answered():
    s = stats({"a": "few", "b": "few", "c": "many"}, eligible=10)
    assert s.answered == 3 and s.unanswered == 7
    assert s.default == "few"  # 2 of the 3 who answered
    nobody = stats({}, eligible=5)
    assert (
        nobody.default is None and nobody.disagreement == 0.0 and nobody.top is None and nobody.top_share == 0
    )


def test_single_answer_is_agreement():
    assert stats({"a": "few"}).disagreement == 0.0
    assert stats({"a": "few"}).default == "few"


def test_number_default_is_median_unless_most_do_not_know():
    assert consensus_default(((100_000, 1), (150_000, 1), (400_000, 1)), "number") == 150_000
    assert consensus_default(((100_000, 1), (200_000, 1)), "number") == 150_000
    assert consensus_default(((1, 1), (2, 1)), "number") == 1.5
    assert consensus_default(((100_000, 1), ("unknown", 1)), "number") == "unknown"  # not more than half
    assert consensus_default(((100_000, 2), ("unknown", 1)), "number") == 100_000
    s = question_stats("estimated_value_cad", "number", {"a": 100_000, "b": 120_000, "c": 100_000.0})
    assert s.counts == ((100_000, 2), (120_000, 1))
    assert s.default == 100_000


def test_voters_follow_the_counts():
    s = stats({"b": "few", "a": "few", "c": "many"})
    assert s.voters == (("few", ("a", "b")), ("many", ("c",)))


def test_ranked_by_disagreement_then_answers_then_order():
    yes_no = ["yes", "no"]
    calm = question_stats("q1", "choice", dict.fromkeys("abcd", "yes"), options=yes_no)
    leaning = question_stats("q2", "choice", {"a": "yes", "b": "yes", "c": "yes", "d": "no"}, options=yes_no)
    torn = question_stats("q3", "choice", {"a": "yes", "b": "yes", "c": "no", "d": "no"}, options=yes_no)
    torn_fewer = question_stats(
        "q4", "choice", {"a": "yes", "b": "yes", "c": "no", "d": "no"}, options=yes_no
    )
    torn_more = question_stats(
        "q5", "choice", {**dict.fromkeys("abc", "yes"), **dict.fromkeys("xyz", "no")}, options=yes_no
    )
    by = {s.question: s for s in (calm, leaning, torn, torn_fewer, torn_more)}
    order = [s.question for s in ranked(by, ["q1", "q2", "q3", "q4", "q5"])]
    assert order == ["q5", "q3", "q4", "q2", "q1"]


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=8), st.integers(min_value=1, max_value=10))
def test_entropy_is_bounded(counts, k):
    assert 0.0 <= normalised_entropy(counts, k) <= 1.0


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.sampled_from([*MARKET, "unknown"]), max_size=30))
def test_stats_are_consistent_for_any_group(answers):
    s = stats(answers)
    assert s.answered == len(answers) == sum(n for _, n in s.counts)
    assert 0.0 <= s.disagreement <= 1.0
    assert (s.default is None) == (not answers)
    real = sum(n for _, n in s.real)
    if real and not s.split and s.real[0][1] >= s.unknown:
        assert s.default == s.top == s.leader and s.real[0][1] * 2 > real
    elif answers:
        assert s.default == "unknown"
    if s.split:
        assert s.default == "unknown"


def test_summarise_follows_each_participants_visibility(pack):
    questions = ["need_clarity", "preferred_solution", "solution_maturity"]
    people = {
        "p1": {"need_clarity": "solution_adaptable", "preferred_solution": "yes"},
        "p2": {"need_clarity": "solution_known", "preferred_solution": "no"},  # hidden for p2: ignored
        "p3": {"need_clarity": "problem_clear_solution_open"},  # sees it, leaves it empty
        "p4": {},
    }
    out = summarise(pack, questions, people)
    assert list(out) == questions
    pref = out["preferred_solution"]
    assert pref.counts == (("yes", 1),) and pref.eligible == 2 and pref.unanswered == 1
    need = out["need_clarity"]
    assert need.answered == 3 and need.eligible == 4
    assert out["solution_maturity"].answered == 0 and out["solution_maturity"].default is None
    assert progress(pack, questions, people["p1"]) == (2, 3)
    assert progress(pack, questions, people["p2"]) == (1, 2)


def test_group_answers_prefer_consensus_then_default_then_the_assessment(pack):
    questions = ["market_depth", "sme_objective", "multi_buyer", "buyer_governance"]
    people = {
        "a": {"market_depth": "few", "sme_objective": "yes"},
        "b": {"market_depth": "many", "sme_objective": "yes"},
    }
    out = summarise(pack, questions, people)
    base = {"multi_buyer": "no", "estimated_value_cad": 90_000}
    g = group_answers(pack, questions, out, {"sme_objective": "no"}, base)
    assert g.answers["market_depth"] == "unknown"  # split 1-1
    assert g.answers["sme_objective"] == "no"  # the facilitator's call beats the unanimous default
    assert g.answers["multi_buyer"] == "no" and g.answers["estimated_value_cad"] == 90_000
    assert g.source == {
        "market_depth": "default",
        "sme_objective": "consensus",
        "multi_buyer": "assessment",
        "buyer_governance": "none",
    }
    assert g.covered == ("market_depth", "sme_objective", "multi_buyer")  # buyer_governance hidden by "no"


def test_a_follow_up_the_group_does_not_ask_takes_nobodys_answer(pack):
    """Review r19fac #5: one participant answered "committed" and its follow-up; the group answer is
    "no", which hides the follow-up, yet saving wrote that one person's follow-up answer into the
    assessment, and the basis line counted it among the answers "set automatically"."""
    questions = ["multi_buyer", "buyer_governance", "market_depth"]
    people = {
        "a": {"multi_buyer": "committed", "buyer_governance": "unknown", "market_depth": "few"},
        "b": {"multi_buyer": "no", "market_depth": "few"},
        "c": {"multi_buyer": "no", "market_depth": "few"},
    }
    out = summarise(pack, questions, people)
    assert out["buyer_governance"].default is not None  # one person's answer: a default on its own
    g = group_answers(pack, questions, out, {}, {"estimated_value_cad": 90_000})
    assert g.answers["multi_buyer"] == "no"
    assert "buyer_governance" not in g.answers  # not written into the assessment
    assert g.source["buyer_governance"] == HIDDEN and set(g.covered) == {"multi_buyer", "market_depth"}
    assert sum(s in ("consensus", "default") for s in g.source.values()) == len(g.covered)
    # what the assessment held for it stays as it was
    kept = group_answers(pack, questions, out, {}, {"buyer_governance": "agreed"})
    assert kept.answers["buyer_governance"] == "agreed"
    # and the facilitator's own call on it is not applied either while the group hides it
    called = group_answers(pack, questions, out, {"buyer_governance": "unknown"}, {})
    assert "buyer_governance" not in called.answers and called.source["buyer_governance"] == HIDDEN
