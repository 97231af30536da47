"""Archiving from the Portfolio (review r16head, finding 13): a confirmation that stays on screen
with an Undo, and a selector that no longer offers the archived assessment."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mixdecide import load_pack
from mixdecide.store import session_scope
from mixdecide.store.repo import get_assessment
from tests.helpers.apptest import goto, texts
from tests.helpers.store import app_engine, new_assessment

PACK = load_pack()


def _status(aid: str) -> str:
    with session_scope(app_engine(), readonly=True) as s:
        return get_assessment(session=s, id=aid).status


def test_archive_confirms_refreshes_the_selector_and_can_be_undone(app: AppTest) -> None:
    keep = new_assessment(app_engine(), PACK, title="Keep me r16docs", actor="test")
    rec = new_assessment(app_engine(), PACK, title="Archive me r16docs", actor="test")
    goto(app, "portfolio")
    app.text_input(key="pf.text").input("r16docs").run()
    app.selectbox(key="pf.chosen").set_value(rec.id).run()
    app.button(key="pf.archive").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert _status(rec.id) == "archived"
    note = "“Archive me r16docs” is archived"
    assert note in texts(app)
    # the selector no longer offers it, and nothing is left to archive by mistake
    chooser = app.selectbox(key="pf.chosen")
    assert chooser.value == keep.id
    assert "Archive me r16docs" not in " ".join(chooser.options)
    # the note is still there after another interaction
    app.text_input(key="pf.text").input("r16doc").run()
    assert note in texts(app)
    app.button(key="pf.undo").click().run()
    assert _status(rec.id) != "archived"
    assert note not in texts(app)


def test_the_demo_assessments_are_marked_as_demos(app: AppTest) -> None:
    """Review r19head #1: eleven projects from ten cities, and nothing told a first-time user which
    were examples and which were someone's real work."""
    from mixdecide.store.demo import demo_ids, seed_demo

    with session_scope(app_engine()) as s:
        seed_demo(session=s, pack=PACK)
    own = new_assessment(app_engine(), PACK, title="Our own r19demo", actor="test")
    goto(app, "portfolio")
    assert "Those marked (demo) are examples that come with the app." in texts(app)
    table = next(d.value for d in app.dataframe if "Project title" in d.value.columns)
    titles = list(table["Project title"])
    assert "Our own r19demo" in titles  # not marked
    marked = [t for t in titles if t.endswith(" (demo)")]
    assert marked and len(marked) == len(titles) - 1  # every other row is a demo
    assert len(marked) <= len(demo_ids())
    assert own.id not in demo_ids()
