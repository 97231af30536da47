"""The cloud / AI question lets a product be both (review r16head #9): "both" gives the cloud
terms and the AI terms, AI on the city's own systems gives the AI terms only, and "ai" saved
before the option was split still reads as it did (it gave both)."""

from __future__ import annotations

import pytest

from mixdecide.engine import assess


def _terms(pack, answers, today) -> set[str]:
    strategy = assess(pack, answers, today=today).strategy
    assert strategy is not None
    return {t.id for t in strategy.terms}


@pytest.mark.parametrize(
    ("answer", "cloud", "ai"),
    [("none", False, False), ("cloud_saas", True, False), ("ai", True, True), ("ai_local", False, True)],
)
def test_each_answer_gets_the_terms_it_names(pack, full_answers, today, answer, cloud, ai):
    terms = _terms(pack, {**full_answers, "purchase_intent": "buy_now", "digital_kind": answer}, today)
    assert ("cloud_saas" in terms) is cloud
    assert ("ai" in terms) is ai


def test_both_is_offered_and_said_as_both(pack):
    q = pack.questions["digital_kind"]
    labels = {o.id: o.label.get("en") for o in q.options}
    assert labels["ai"].startswith("Both")
    assert {"none", "cloud_saas", "ai", "ai_local"} == set(labels)
