"""The Recommendation card as a procurement lead reads it (issue 11, review findings 4 and 9 and
the award-path card): a route that misses the date is never an unqualified headline; a direct
award or a call-off explains its ground or vehicle instead of comparing two procedures; "what
would change it" offers no change nobody would make."""

from __future__ import annotations

from mixdecide import load_pack
from tests.helpers.apptest import goto, new_app, texts

PACK = load_pack()


def _example(ex_id: str, **override) -> dict:
    e = next(x for x in PACK.examples if x.id == ex_id)
    return {**e.answers, **override}


def _open(answers: dict, lang: str = "en"):
    return goto(new_app(answers=dict(answers), lang=lang), "recommendation")


def test_a_route_that_misses_the_date_is_qualified_and_the_fitting_one_named():
    at = _open(_example("ex08_bridge_icing_six_months", timeline_months=6))
    assert at.header[0].value == PACK.routes["challenge_based"].name.en
    assert "Best fit, but not by your date (see above)" in [c.value for c in at.caption]  # said once, above
    errors = [e.value for e in at.error]
    assert errors[0].startswith("Your date is not achievable with Challenge-based procurement")
    assert any(e.startswith("The best-ranked route that fits your date is ") for e in errors), errors


def test_with_time_enough_the_headline_is_plain():
    at = _open(_example("ex08_bridge_icing_six_months", timeline_months=16))  # the dated plan: 15.2
    captions = [c.value for c in at.caption]
    assert "Recommended route" in captions
    assert "Best fit, but not achievable by your date" not in captions
    assert not any("not achievable" in e.value for e in at.error)


def test_a_direct_award_card_explains_the_ground_not_two_procedures():
    at = _open(_example("ex35_traffic_signal_exclusive_rights"))
    assert at.header[0].value == "Justified direct award (limited tendering)"
    text = texts(at)
    assert "Why this award path — Justified direct award (limited tendering):" in text
    assert "Ground: Exclusive rights or only one supplier for technical reasons." in text
    assert "What puts" not in text
    assert not at.metric or all(m.label != "Fit score" for m in at.metric)  # no procedure's score


def test_a_call_off_card_explains_the_vehicle_in_french():
    at = _open(_example("ex34_office_furniture_oecm"), lang="fr")
    text = texts(at)
    assert "Pourquoi cette voie d'attribution — Commande ou mini-concours en vertu de l'entente" in text
    assert "entente coopérative existante couvre cet achat" in text
    assert "Ce qui place" not in text
    # French puts a space before the colon of each strategy row (review: "Procédure:")
    assert "**Voie d'attribution :**" in text and "**Voie d'attribution:**" not in text


def test_what_would_change_it_offers_no_fact_of_the_situation():
    # a product already in mind would move this route, but nobody acquires one to change it
    answers = _example("ex07_seniors_isolation_challenge", preferred_solution="no")
    at = _open(answers)
    text = texts(at)
    assert "What would change this" in [s.value for s in at.subheader]
    assert "particular product or supplier in mind" not in text.split("What would change")[-1]
    changes = text.split("What would change this")[-1]
    # review r11 F2: how well the need is known is a fact too; a decision still is offered
    assert "If “How well do you know what you need?” were" not in changes
    assert "If “How much risk is your organisation willing to take on this project?” were" in changes


def test_the_room_screen_shows_the_award_path_and_the_date_qualification():
    direct = new_app(answers=_example("ex35_traffic_signal_exclusive_rights"), lang="en")
    direct.session_state["present"] = True
    direct.session_state["present_step"] = 0
    at = goto(direct, "present")
    assert at.title[0].value == "Justified direct award (limited tendering)"
    assert all(m.label != "Fit score" for m in at.metric)
    late = new_app(answers=_example("ex08_bridge_icing_six_months", timeline_months=6), lang="en")
    late.session_state["present"] = True
    late.session_state["present_step"] = 0
    at = goto(late, "present")
    # in red, bold, at body size above the route's name: never small grey print (review r14 F5)
    assert any(
        m.value.startswith(":red[") and "**Best fit, but not achievable by your date" in m.value
        for m in at.markdown
    )
