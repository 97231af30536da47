"""The similar-cases panel on Recommendation: the 3 nearest real cases, what the buyer did, how it
went, the source link, and a plain note when most of them used another route."""

from __future__ import annotations

from mixdecide import load_pack
from mixdecide.cases import nearest_cases
from tests.helpers.apptest import goto, new_app, texts

PACK = load_pack()

# A commodity bought now: the engine says open tender, while the nearest real cases bought such
# goods through cooperative contracts (filed under joint procurement).
COMMODITY = {
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "procurement_category": "goods",
    "purchase_intent": "buy_now",
}
# A challenge-shaped project: the nearest cases agree with the engine, so no note.
CHALLENGE = {
    "need_clarity": "problem_clear_solution_open",
    "sme_objective": "yes",
    "multi_buyer": "possible",
    "funding": "external_grant",
    "can_host_test": "yes",
}


def _open(answers: dict, lang: str = "en"):
    at = new_app(answers=dict(answers), lang=lang)
    return goto(at, "recommendation")


def test_the_panel_shows_the_three_nearest_cases_with_outcome_and_source():
    at = _open(COMMODITY)
    text = texts(at)
    assert "Similar real cases" in [s.value for s in at.subheader]
    near = nearest_cases(PACK, COMMODITY)
    for n in near:
        assert n.case.title.en in text
        assert n.case.sources[0].url in text  # the source link
    assert text.count("Route used:") == 3
    assert "How it went:" in text and "Why it is similar:" in text
    assert "same problem stage" in text


def test_it_says_plainly_when_the_nearest_cases_used_another_route():
    at = _open(COMMODITY)
    assert at.header[0].value == PACK.routes["traditional_rfp"].name.en  # the ranking is unchanged
    notes = [w.value for w in at.warning]
    wanted = (
        f"3 of the 3 most similar cases used {PACK.routes['joint_procurement'].name.en}, "
        f"not {PACK.routes['traditional_rfp'].name.en}."
    )
    assert any(n.startswith(wanted) for n in notes), notes


def test_no_note_when_the_nearest_cases_agree():
    at = _open(CHALLENGE)
    assert "most similar cases used" not in texts(at)
    assert "Similar real cases" in [s.value for s in at.subheader]


def test_the_panel_in_french():
    at = _open(COMMODITY, lang="fr")
    text = texts(at)
    assert "Cas réels semblables" in [s.value for s in at.subheader]
    assert "Mode utilisé :" in text and "même stade du problème" in text
    assert nearest_cases(PACK, COMMODITY)[0].case.title.fr in text
