"""Issue 14: question numbers stable AND gap-free; a follow-up right after its parent, "7a"."""

from __future__ import annotations

import re

from mixdecide.conditions import Compiled
from mixdecide.pack import load_pack
from mixdecide.pack.models import follow_up_roots
from mixdecide.wording import question_numbers

PACK = load_pack()


def _cond(*questions: str) -> Compiled:
    return Compiled(lambda a: True, frozenset(questions), (), frozenset(), False)


def test_questions_always_asked_are_numbered_one_to_n_without_a_gap():
    numbers = question_numbers(PACK)
    core = [q for q in PACK.question_order() if q not in PACK.visibility]
    assert [numbers[q] for q in core] == [str(i) for i in range(1, len(core) + 1)]


def test_a_follow_up_carries_its_parents_number_and_comes_right_after_it():
    numbers = question_numbers(PACK)
    order = PACK.question_order()
    for i, qid in enumerate(order):
        if qid in PACK.visibility:
            parent = max(PACK.visibility[qid].questions, key=order.index)
            assert re.fullmatch(
                rf"{numbers[parent].rstrip('abcdefghijklmnopqrstuvwxyz')}[a-z]+", numbers[qid]
            )
            assert numbers[order[i - 1]].startswith(numbers[parent].rstrip("abcdefghijklmnopqrstuvwxyz"))
    # the strategy follow-ups were 23-27 in a section of their own: 22 then 28 while hidden
    assert numbers["scale_up_committed"] == "2a"
    assert numbers["development_months"] == "2c"
    assert numbers["reward_without_buying"] == "3a"
    assert numbers["city_offers_access"] == "16a"
    assert len(set(numbers.values())) == len(numbers)


def test_numbers_read_in_questionnaire_order():
    """Every list that shows numbers walks the questionnaire's order: 7, 7a, 8."""
    numbers = question_numbers(PACK)
    shown = [numbers[q] for q in PACK.question_order()]
    key = [(int(re.match(r"\d+", n).group()), n) for n in shown]  # type: ignore[union-attr]
    assert key == sorted(key)


def test_a_follow_up_of_a_follow_up_belongs_to_the_same_number():
    order = ["a", "b", "c", "d", "e"]
    visibility = {"b": _cond("a"), "c": _cond("b"), "e": _cond("a", "d")}
    assert follow_up_roots(order, visibility) == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d"}


def test_the_small_test_pack_too():
    assert question_numbers(load_pack("tests/packs/mini")) == {
        "maturity": "1",
        "data_kind": "1a",
        "contract_value": "2",
        "buy_type": "3",
        "months_left": "4",
    }
