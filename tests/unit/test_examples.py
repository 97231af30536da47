"""The pack's own tests: every example in examples.yaml, as one parametrised test."""

from __future__ import annotations

import pytest

from mixdecide.examples import check_example, is_subsequence
from mixdecide.pack import load_pack

EXAMPLES = load_pack().examples


def test_subsequence_helper():
    assert is_subsequence(["a", "c"], ["a", "b", "c"])
    assert not is_subsequence(["c", "a"], ["a", "b", "c"])
    assert not is_subsequence(["a", "a"], ["a", "b"])


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example(pack, example):
    outcome = check_example(pack, example)
    assert outcome.passed, "; ".join(outcome.problems)


def test_a_wrong_expectation_is_reported_in_words(pack):
    example = pack.examples[0]
    wrong = example.model_copy(
        update={"expect": example.expect.model_copy(update={"top": ["no_such_route"]})}
    )
    outcome = check_example(pack, wrong)
    assert not outcome.passed
    assert "expected one of ['no_such_route']" in outcome.problems[0]
