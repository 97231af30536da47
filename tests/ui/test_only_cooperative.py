"""Review r14 finding 1: a session whose only answer is "an existing cooperative contract covers
this" (Q23 = Yes) opened the Recommendation page on a traceback. Every results screen (the card,
the Checklist and the room presentation) must open in both languages and name the call-off."""

from __future__ import annotations

import pytest

from tests.helpers.apptest import goto, new_app, texts

ONLY_COOP = {"existing_vehicle": "yes"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_recommendation_and_checklist_open_with_only_the_cooperative_answer(lang: str) -> None:
    at = new_app(answers=dict(ONLY_COOP), lang=lang)
    goto(at, "recommendation")  # goto fails on any exception
    rec = texts(at)
    assert "Traceback" not in rec
    word = "Call-off" if lang == "en" else "Commande"
    assert word in rec, rec[:800]
    goto(at, "checklist")
    intro = at.caption[0].value
    # r14 #3: the checklist names the award path first, the procedure only as the alternative
    path = "Call-off or mini-competition" if lang == "en" else "Commande ou mini-concours"
    assert intro.startswith(("What " if lang == "en" else "Ce que ") + path), intro


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_presentation_opens_with_only_the_cooperative_answer(lang: str) -> None:
    at = new_app(answers=dict(ONLY_COOP), lang=lang)
    at.session_state["present"] = True
    at.session_state["present_step"] = 0
    goto(at, "present")
    word = "Call-off" if lang == "en" else "Commande"
    assert word in at.title[0].value, at.title[0].value
    for step in range(1, 6):  # strategy, why, risk, checklist, plan
        at.session_state["present_step"] = step
        goto(at, "present")
        assert texts(at).strip()
