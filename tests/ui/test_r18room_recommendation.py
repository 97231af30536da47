"""Review r17room #3: the Recommendation page said "not achievable" three to five times for one
late route (the route's line, the sequence's line, the card's qualifier, each strained route's
agreement). It is said once; the card is still qualified and every strain still listed."""

from __future__ import annotations

import pytest

from mixdecide import load_pack
from tests.helpers.apptest import goto, new_app, texts

PACK = load_pack()
LATE = {"en": ("not achievable",), "fr": ("pas réaliste", "irréalisable")}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("example", "months"), [("ex08_bridge_icing_six_months", 6), ("ex17_plastic_main_leak_pcp", 1)]
)
def test_not_achievable_is_said_once(example, months, lang):
    e = next(x for x in PACK.examples if x.id == example)
    at = goto(new_app(answers={**e.answers, "timeline_months": months}, lang=lang), "recommendation")
    shown = texts(at)
    assert sum(shown.count(word) for word in LATE[lang]) == 1, shown
    # the card is still never an unqualified headline, and the dated sequence's first use is still given
    qualifier = "Best fit, but not by your date" if lang == "en" else "Le mieux adapté, mais pas à votre date"
    assert any(c.value.startswith(qualifier) for c in at.caption)
    assert ("from now" if lang == "en" else "dans environ") in shown
