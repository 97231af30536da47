"""Issue 14 on the Assess page: numbers 1..N without the hidden follow-ups' gap, "2a" after "2"."""

from __future__ import annotations

import re

from mixdecide import load_pack
from tests.helpers.apptest import goto

PACK = load_pack()


def _numbers(lines: list[str]) -> list[str]:
    return [re.match(r"(?:#### |- )?(\w+)\\?\.", x).group(1) for x in lines]  # type: ignore[union-attr]


def _headings(app) -> list[str]:
    return _numbers([m.value for m in app.markdown if m.value.startswith("#### ")])


def _unanswered(app) -> list[str]:
    listed = next(m.value for m in app.markdown if m.value.startswith("- "))
    return _numbers([x for x in listed.split("\n") if x.startswith("- ")])


def test_still_unanswered_counts_one_to_n_with_the_follow_ups_hidden(app):
    goto(app, "assess")
    core = sum(1 for q in PACK.questions.values() if q.visible_if is None)
    assert _unanswered(app) == [str(i) for i in range(1, core + 1)]  # was 1-22 then 28-32


def test_follow_ups_appear_right_after_their_parent_with_its_number_and_a_letter(app):
    goto(app, "assess")
    app.radio(key="q.solution_maturity").set_value("prototype").run()
    assert _headings(app) == ["1", "2", "2a", "2b", "2c", "3", "4"]
    assert _unanswered(app)[:5] == ["1", "2a", "2b", "2c", "3"]
    app.radio(key="q.outcome_measurable").set_value("yes").run()
    assert _headings(app) == ["1", "2", "2a", "2b", "2c", "3", "3a", "4"]
