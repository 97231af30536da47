"""Review r14 F1 on participants' devices: when the group's result rests on an answer the
workshop never asked them (the facilitator's board and the room's screen already say so), the
result a participant sees once it is published says so too, in their language."""

from __future__ import annotations

from mixdecide.pack import load_pack
from mixdecide.store import get_assessment, save_assessment, session_scope
from mixdecide.workshop import check_facilitator
from tests.helpers.apptest import ROOT, goto, new_app, ok, texts
from tests.helpers.demo import guelph_draft_answers
from tests.helpers.workshop import JOIN_SUBMIT, answer, facilitator, join_code, participant

PACK = load_pack()


def _set_answers(wid: str, secret: str, answers: dict) -> None:
    """The assessment's own answers, as its team left them before the workshop."""
    from ui.db import engine

    with session_scope(engine()) as s:
        aid = check_facilitator(session=s, workshop_id=wid, secret=secret).assessment_id
        rec = get_assessment(session=s, id=aid)
        save_assessment(
            session=s, id=aid, expected_version=rec.version, answers=answers, pack=PACK, actor="team"
        )


def _demo() -> dict:
    return guelph_draft_answers()


def test_participants_see_the_warning_with_the_published_result_in_their_language():
    fac, wid, secret = facilitator(["need", "market"])
    # "Can you host a test?" is in "Money and time", which this workshop does not cover
    _set_answers(wid, secret, {**_demo(), "city_offers_access": "yes"})
    sam = participant(join_code(fac), "Sam")
    zoe = goto(new_app(lang="fr"), "join")
    zoe.text_input(key="wk.join.code").input(join_code(fac))
    zoe.text_input(key="wk.join.name").input("Zoé")
    ok(zoe.button(key=JOIN_SUBMIT).click().run())
    assert "this workshop did not ask you about" not in texts(sam)  # nothing published yet

    ok(fac.run())
    assert "comes from answers this workshop did not cover" in texts(fac)  # the board's warning
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(sam.run())
    ok(zoe.run())
    warnings = [w.value for w in sam.warning]
    assert any(
        w.startswith("Please note: this result, Pilot / sandbox, rests on answers in the assessment")
        and "Can you host a test with real users, sites or data? — Yes" in w
        and "Challenge-based procurement (MIX challenge)" in w
        for w in warnings
    ), warnings
    assert any(w.value.startswith("À noter : ce résultat, Projet pilote / bac à sable") for w in zoe.warning)

    ok(fac.toggle(key="wk.publish").set_value(False).run())  # unpublished: result and warning go
    ok(sam.run())
    assert "this workshop did not ask you about" not in texts(sam)


def test_no_warning_when_the_group_result_comes_from_the_group():
    fac, wid, secret = facilitator(["need", "market"])
    _set_answers(wid, secret, _demo())
    sam = participant(join_code(fac), "Sam")
    ok(fac.run())
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(sam.run())
    assert "The group's result" in texts(sam)
    assert "this workshop did not ask you about" not in texts(sam)


def test_the_room_screen_counts_the_outside_answers_and_keeps_to_one_screen():
    """On the room's screen the warning says how many answers, not each one, and the award path
    gives way to it: with a late route and a long name, the list pushed Previous/Next off a
    1280x720 screen. The facilitator's own view keeps every question (the test above)."""
    from streamlit.testing.v1 import AppTest

    fac, wid, secret = facilitator(["need", "market"])
    _set_answers(wid, secret, {**_demo(), "city_offers_access": "yes"})
    # someone has answered (before that the result screens wait, review r19fac #4), as the
    # assessment already does: the group's result is the assessment's
    answer(participant(join_code(fac), "Sam"), "need_clarity", _demo()["need_clarity"])
    at = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=120)
    at.session_state["present"] = True
    at.query_params.update({"w": wid, "k": secret})
    ok(at.run())
    ok(at.button_group(key="wk.view").set_value("result").run())
    warning = " ".join(w.value for w in at.warning)
    assert (
        "The first route, Pilot / sandbox, comes from answers this workshop did not cover: 2 answers kept"
        in warning
    )
    assert "Can you host a test" not in warning
    assert "Award path" not in texts(at)
