"""Review r18lead #4 and #9: saving the group's answers into a Final assessment says so and what it
does (the assessment goes back to Draft), and what the save changes in the result (route, fit
score, date); the "not all the same" warning names what differs, not two identical route names."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import get_assessment, save_assessment, session_scope
from mixdecide.workshop import board_data
from mixdecide.workshop.difference import Outline, differences, outline
from tests.helpers.apptest import ok, texts
from tests.helpers.demo import guelph_draft_answers
from tests.helpers.workshop import answer, facilitator, join_code, lock, participant

PACK = load_pack()


def test_differences_name_route_score_and_date():
    base = guelph_draft_answers()
    today = dt.date(2026, 11, 30)
    roomy, tight = (
        outline(PACK, {**base, "timeline_months": 36}, today),
        outline(PACK, {**base, "timeline_months": 6}, today),
    )
    assert roomy.on_time is True and tight.on_time is False
    found = dict((w, (a, b)) for w, a, b in differences(roomy, tight))
    assert found["date"] == (True, False) and found["score"][0] > found["score"][1]
    assert "route" not in found  # the same route: not named as a difference
    assert differences(roomy, roomy) == []
    assert differences(Outline("a", 80, None), Outline("b", 80, None)) == [("route", "a", "b")]


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _engine():
    from ui.db import engine

    return engine()


def test_saving_into_a_final_assessment_says_so_and_reopens_it_as_draft():
    fac, wid, secret = facilitator(["money_time"])
    p = participant(join_code(fac), "Dana")
    answer(p, "timeline_months", 3)  # far shorter than the assessment's: the result changes
    ok(fac.run())
    lock(fac)
    with session_scope(_engine()) as s:
        aid = board_data(session=s, workshop_id=wid, secret=secret, pack=PACK).workshop.assessment_id
        rec = get_assessment(session=s, id=aid)
        save_assessment(
            session=s, id=aid, expected_version=rec.version, actor="Fran", meta={"status": "final"}
        )
    ok(fac.run())
    ok(fac.button(key="wk.apply").click().run())
    shown = texts(fac)
    assert "The assessment is **Final**" in shown and "goes back to **Draft**" in shown
    assert "Fit score:" in shown or "Recommended route:" in shown or "Your date:" in shown
    ok(fac.button(key="wk.apply.yes").click().run())
    with session_scope(_engine(), readonly=True) as s:
        assert get_assessment(session=s, id=aid).status == "draft"
    # the group's answer moves again: the warning says what differs from the saved result
    ok(fac.number_input(key="wk.c.timeline_months").set_value(48).run())
    shown = texts(fac)
    assert "These results are not all the same" in shown
    assert "(from there to this tab: " in shown
