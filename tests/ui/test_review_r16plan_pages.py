"""Blind review r16head on the pages (AppTest): the reviewer's water-main case ($400k, needed in
10 months, problem clear and solution open, seven "don't know") reads one timeline on the
Recommendation and Plan pages, a confidence qualified by the date, the date the route needs, a
"Why" against a real alternative, and the room's screen says the confidence is in the route."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mixdecide import load_pack
from mixdecide.engine import assess
from tests.helpers.apptest import goto, new_app, texts
from tests.unit.test_review_r16plan import WATER_MAIN

META = {
    "title": "Water-main leak detection",
    "municipality": "Kingsford",
    "department": "",
    "owner": "",
    "status": "draft",
}


def _open(page: str, **session: Any) -> Any:
    at = new_app(answers=dict(WATER_MAIN), lang="en", meta=dict(META), **session)
    return goto(at, page)


def test_the_recommendation_page_states_the_plan_length_and_a_qualified_confidence() -> None:
    at = _open("recommendation")
    errors = [e.value for e in at.error]
    months = None
    for e in errors:
        if "dated step by step, as on the Plan page" in e:
            months = e.split("about ", 1)[1].split(" months", 1)[0]
    assert months is not None, errors
    assert not any("at least 11 months" in e for e in errors)
    subheaders = [s.value for s in at.subheader]
    assert "Confidence: High for the route, not by your date" in subheaders
    text = texts(at).replace("\\", "")  # markdown escapes
    assert "Confidence is about the choice of route, not the date" in text
    assert (
        "A later date would: dated step by step, Challenge-based procurement (MIX challenge) and its sequence"
        " put the solution in use on " in text
    )
    assert f"(about {months} months from now); you gave 10" in text
    assert "What puts Challenge-based procurement (MIX challenge) ahead of Competitive dialogue" in text
    assert "ahead of Request for information" not in text
    # the plan page, same day, same defaults: the same length, said in so many words
    plan_text = texts(goto(at, "plan")).replace("\\", "")
    # r18head #3: the Recommendation's date line measures to the pilot's first day in service (10
    # months); the Plan page states the whole plan's length, to the roll-out's end
    assert "The Recommendation page states this same plan's length: about " in plan_text
    assert f"The Recommendation page states this same plan's length: about {months} months." not in plan_text
    assert "Pilot / sandbox: Call open" not in plan_text
    assert "a phase of the Challenge-based procurement (MIX challenge) contract" in plan_text


def test_the_room_reads_confidence_in_the_route_not_the_date() -> None:
    at = _open("present", present=True, present_step=0)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics.get("Confidence in the route") == "High", metrics
    assert "Confidence" not in metrics
    # the room's duration is the dated plan the Plan page shows, not the first route alone
    a = assess(load_pack(), WATER_MAIN, today=dt.date.today(), explain=False)
    assert a.timeline is not None
    assert metrics.get("Dated plan, all steps") == f"{a.timeline.months:g} months", metrics
