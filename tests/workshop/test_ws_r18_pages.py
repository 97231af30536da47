"""Review r17lead on the facilitator and participant pages (AppTest): the facilitator's name asked
and shown (#1), one facilitator window per browser session (#2), Lock asks first (#6), the History
in words (#9), the questions first on a participant's page (#7)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from tests.helpers.apptest import ROOT, goto, new_app, ok, texts
from tests.helpers.workshop import CREATE_SUBMIT, answer, facilitator, join_code, participant

PACK = load_pack()


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _record(wid: str, secret: str) -> dict:
    from mixdecide.workshop import board_data
    from mixdecide.workshop.record import events, workshop_record
    from ui.db import engine

    with session_scope(engine(), readonly=True) as s:
        b = board_data(session=s, workshop_id=wid, secret=secret, pack=PACK)
        return workshop_record(b, events(s, b))


def _window(wid: str, secret: str) -> AppTest:
    """Another Streamlit session on the same workshop (a reload, or another browser)."""
    at = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=120)
    at.query_params["w"] = wid
    at.query_params["k"] = secret
    return ok(at.run())


def test_creating_asks_the_facilitator_s_name_and_the_board_and_history_show_it():
    at = goto(new_app(actor=""), "workshop")  # (AppTest's mock cookies would name a "remembered" one)
    assert at.text_input(key="wk.create.facilitator").value == ""  # no sidebar name: nothing to prefill
    ok(at.button(key=CREATE_SUBMIT).click().run())
    assert "wk.fac" not in at.session_state  # required: nothing created
    assert any("Give your name" in e.value for e in at.error)
    at.text_input(key="wk.create.facilitator").input("Dana *Roy*")
    ok(at.button(key=CREATE_SUBMIT).click().run())
    fac = at.session_state["wk.fac"]
    assert any("Facilitator: Dana \\*Roy\\*" in c.value for c in at.caption)  # escaped: no Markdown
    assert _record(fac["w"], fac["k"])["facilitators"] == ["Dana *Roy*"]

    # Lock asks first (review r17lead #6), in the one confirm panel New round and Close use
    ok(at.button(key="wk.lock").click().run())
    assert "Lock the answers of round 1?" in texts(at)
    assert _record(fac["w"], fac["k"])["status"] == "open"
    ok(at.button(key="wk.confirm.cancel").click().run())
    assert "Lock the answers of round 1?" not in texts(at)
    ok(at.button(key="wk.lock").click().run())
    ok(at.button(key="wk.confirm.lock").click().run())
    assert _record(fac["w"], fac["k"])["status"] == "locked"
    assert "Start round 2?" not in texts(at)  # the lock's question is gone with the lock

    # the History says it in words, under the facilitator's name (not "Guest")
    ok(at.button(key="wk.open").click().run())
    goto(at, "assess")
    ok(at.toggle(key="w.history").set_value(True).run())
    table = next(df.value for df in at.dataframe if "Who" in df.value.columns)
    what = list(table["What"])
    assert "Workshop: answers of round 1 locked" in what, what
    assert any(w.startswith("Workshop “") and w.endswith("facilitator: Dana *Roy*") for w in what), what
    assert not [w for w in what if w.startswith("workshop_")], what
    assert set(table["Who"][table["What"].str.startswith("Workshop")]) == {"Dana *Roy*"}


def test_the_sidebar_name_prefills_the_facilitator_s_name():
    at = goto(new_app(actor="Lee Chan"), "workshop")
    assert at.text_input(key="wk.create.facilitator").value == "Lee Chan"


def test_saves_from_one_browser_session_are_one_window_and_another_browser_s_are_not(monkeypatch):
    import ui.workshop_data as data

    fac, wid, secret = facilitator(["need", "market"])
    code = join_code(fac)
    for name, depth in (("A", "few"), ("B", "many")):
        answer(participant(code, name), "market_depth", depth)
    monkeypatch.setattr(data, "_window_cookie", lambda: "aaaaaaaaaaaa")
    first = _window(wid, secret)
    ok(first.selectbox(key="wk.c.market_depth").set_value("few").run())
    ok(first.selectbox(key="wk.c.market_depth").set_value("many").run())  # the same window again
    again = _window(wid, secret)  # a reload: a new Streamlit session, the same browser session
    ok(again.selectbox(key="wk.c.market_depth").set_value("one_or_none").run())
    assert "Saved as the group's answer." in texts(again)
    assert _record(wid, secret)["overrides"] == []  # one facilitator, one browser: no "second window"

    monkeypatch.setattr(data, "_window_cookie", lambda: "bbbbbbbbbbbb")
    other = _window(wid, secret)  # another browser
    ok(other.selectbox(key="wk.c.market_depth").set_value("few").run())
    overrides = _record(wid, secret)["overrides"]
    assert [(o["old"], o["new"]) for o in overrides] == [("one_or_none", "few")]


def test_a_participant_s_questions_come_before_the_project_and_the_result():
    fac, wid, secret = facilitator(["need", "market"])
    p = participant(join_code(fac), "Sam")
    answer(p, "market_depth", "few")
    ok(fac.run())  # publishing takes what the facilitator's screen shows
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(p.run())
    order: list[str] = []

    def walk(node) -> None:
        key, kind = getattr(node, "key", None) or "", getattr(node, "type", "")
        if key.startswith("wk.q.") and "question" not in order:
            order.append("question")
        if kind == "expander" and getattr(node, "label", "") == "About the project":
            order.append("project")
        if kind == "subheader" and node.value == "The group's result":
            order.append("result")
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(p.main)
    assert order.index("project") < order.index("question") < order.index("result"), order
