"""Review r17lead #2: a reload of the facilitator page shows the saved group answers and never
writes over them (it wrote the automatic "Don't know" over answers set before the reload)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from tests.helpers.apptest import ROOT, ok, texts
from tests.helpers.workshop import answer, facilitator, join_code, participant

PACK = load_pack()
GROUP = {  # question -> (group answer, note)
    "outcome_measurable": ("yes", "Ridership counts"),
    "funding": ("partial", "Provincial share pending"),
    "estimated_value_cad": (1_800_000.0, ""),
    "procurement_category": ("services", ""),
}


def _stored(wid: str, secret: str) -> dict:
    from mixdecide.workshop import board_data
    from ui.db import engine

    with session_scope(engine(), readonly=True) as s:
        b = board_data(session=s, workshop_id=wid, secret=secret, pack=PACK)
    return {q: (e.value, e.note, e.set_at) for q, e in b.consensus.items()}


def _reload(wid: str, secret: str) -> AppTest:
    """A new browser session on the same workshop (what F5 is: the key comes back with it)."""
    at = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=120)
    at.query_params["w"] = wid
    at.query_params["k"] = secret
    return ok(at.run())


def _shown(at: AppTest) -> dict:
    return {
        "outcome_measurable": (
            at.selectbox(key="wk.c.outcome_measurable").value,
            at.text_input(key="wk.cnote.outcome_measurable").value,
        ),
        "funding": (at.selectbox(key="wk.c.funding").value, at.text_input(key="wk.cnote.funding").value),
        "estimated_value_cad": (
            at.number_input(key="wk.c.estimated_value_cad").value,
            at.text_input(key="wk.cnote.estimated_value_cad").value,
        ),
        "procurement_category": (
            at.selectbox(key="wk.c.procurement_category").value,
            at.text_input(key="wk.cnote.procurement_category").value,
        ),
    }


def test_a_reload_shows_the_saved_group_answers_and_stores_nothing():
    fac, wid, secret = facilitator(["need", "money_time"])
    code = join_code(fac)
    for name, outcome, funding in (("A", "yes", "secured"), ("B", "no", "none")):  # split: "Don't know"
        p = participant(code, name)
        answer(p, "outcome_measurable", outcome)
        answer(p, "funding", funding)
    ok(fac.run())
    for qid, (value, note) in GROUP.items():
        widget = (
            fac.number_input(key=f"wk.c.{qid}")
            if qid == "estimated_value_cad"
            else fac.selectbox(key=f"wk.c.{qid}")
        )
        ok(widget.set_value(value).run())
        assert "Saved as the group's answer." in texts(fac)
        if note:
            ok(fac.text_input(key=f"wk.cnote.{qid}").input(note).run())
    before = _stored(wid, secret)
    assert {q: (v, n) for q, (v, n, _) in before.items()} == GROUP

    again = _reload(wid, secret)
    assert _shown(again) == GROUP  # each stored answer in its widget, none "Automatic: Don't know"
    ok(again.run())  # the board refreshes itself
    assert _shown(again) == GROUP
    assert _stored(wid, secret) == before  # the reload wrote nothing

    # touching a note (the autosave sends it unchanged) stores nothing new
    ok(again.text_input(key="wk.cnote.funding").input("Provincial share pending").run())
    assert _stored(wid, secret) == before
    # a note-only change keeps the stored answer
    ok(again.text_input(key="wk.cnote.funding").input("Provincial share confirmed in May").run())
    after = _stored(wid, secret)
    assert after["funding"][:2] == ("partial", "Provincial share confirmed in May")
    assert _shown(again)["funding"] == ("partial", "Provincial share confirmed in May")
    assert {q: v for q, v in after.items() if q != "funding"} == {
        q: v for q, v in before.items() if q != "funding"
    }


def test_an_empty_widget_never_replaces_a_stored_answer():
    """The reloaded window's widget came up empty and its callback stored the automatic
    "Don't know" over "Yes" in the facilitator's name; a note edit beside it did the same."""
    fac, wid, secret = facilitator(["need"])
    code = join_code(fac)
    for name, outcome in (("A", "yes"), ("B", "no")):  # split 1-1: the automatic answer is "Don't know"
        answer(participant(code, name), "outcome_measurable", outcome)
    ok(fac.run())
    ok(fac.selectbox(key="wk.c.outcome_measurable").set_value("yes").run())
    ok(fac.text_input(key="wk.cnote.outcome_measurable").input("Ridership counts").run())
    before = _stored(wid, secret)["outcome_measurable"]
    assert before[:2] == ("yes", "Ridership counts")

    again = _reload(wid, secret)
    ok(again.selectbox(key="wk.c.outcome_measurable").set_value(None).run())  # the widget sends "empty"
    assert _stored(wid, secret)["outcome_measurable"] == before  # not "Don't know", not re-saved
    assert again.selectbox(key="wk.c.outcome_measurable").value == "yes"  # shown as stored
    ok(again.text_input(key="wk.cnote.outcome_measurable").input("Ridership counts, 2025").run())
    assert _stored(wid, secret)["outcome_measurable"][:2] == ("yes", "Ridership counts, 2025")


def test_an_empty_note_box_never_wipes_a_stored_reason():
    """A second tab's note box came up empty and sent "", which stored an empty reason over the
    saved one (set by Guest)."""
    fac, wid, secret = facilitator(["need"])
    ok(fac.run())
    ok(fac.selectbox(key="wk.c.outcome_measurable").set_value("yes").run())
    ok(fac.text_input(key="wk.cnote.outcome_measurable").input("Ridership counts").run())
    before = _stored(wid, secret)["outcome_measurable"]
    again = _reload(wid, secret)
    ok(again.text_input(key="wk.cnote.outcome_measurable").input("").run())  # the box sends ""
    assert _stored(wid, secret)["outcome_measurable"] == before  # the reason is kept, not re-saved
    assert again.text_input(key="wk.cnote.outcome_measurable").value == "Ridership counts"
