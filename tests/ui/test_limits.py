"""Field limits come from one model (mixdecide.details): the pages, the store and the import agree.

The bug this guards against: the checklist page took 300 characters for an owner while the store
took 120, so a 150-character owner sat in the session and every later checklist save (each one
sends the whole checklist) was refused. For a new assessment the refusal even escaped the widget
callback as an exception.
"""

from __future__ import annotations

import pytest

from mixdecide.details import NOTE_MAX, ChecklistEntry, Details, max_chars
from mixdecide.store import get_assessment, make_engine, session_scope
from mixdecide.text import md_escape
from tests.helpers.apptest import goto, texts

LONG = "Procurement lead for the Green Bin programme, Solid Waste Services, City of Guelph " * 2  # 166


def _stored(aid: str):
    with session_scope(make_engine(), readonly=True) as s:  # MIXDECIDE_DB_PATH: this test's file
        return get_assessment(session=s, id=aid)


def test_every_text_widget_takes_its_limit_from_the_model(app):
    app.button(key="home.demo").click().run()
    goto(app, "assess")
    assert not any(w.key.startswith("meta.") for w in app.text_input)  # a titled project: folded, not drawn
    app.session_state["assess-details"] = True  # the person opens "Project details"
    app.run()
    for field in ("title", "municipality", "department", "owner"):
        assert app.text_input(key=f"meta.{field}").max_chars == max_chars(Details, field)
    assert f"up to {max_chars(Details, 'title')} characters" in texts(app)
    app.toggle(key="noteopen.need_clarity").set_value(True).run()
    assert app.text_area(key="note.need_clarity").max_chars == NOTE_MAX
    goto(app, "checklist")
    owners = [w for w in app.text_input if w.key.startswith("cl.owner.")]
    notes = [w for w in app.text_area if w.key.startswith("cl.note.")]  # several lines: a box
    assert owners and notes
    # the limits are said before anyone types into the fields
    said = texts(app)
    assert f"up to {max_chars(ChecklistEntry, 'owner')} characters" in said
    assert f"up to {max_chars(ChecklistEntry, 'note')}" in said
    assert {w.max_chars for w in owners} == {max_chars(ChecklistEntry, "owner")}
    assert {w.max_chars for w in notes} == {max_chars(ChecklistEntry, "note")}


def test_a_150_character_checklist_owner_does_not_block_later_saves(app):
    assert len(LONG) > max_chars(ChecklistEntry, "owner")
    app.button(key="home.demo").click().run()
    aid = app.session_state["assessment_id"]
    goto(app, "checklist")
    first, second = [w.key[len("cl.owner.") :] for w in app.text_input if w.key.startswith("cl.owner.")][:2]
    owner = app.text_input(key=f"cl.owner.{first}")
    owner.input(LONG).run()  # typed: the field takes no more than its limit
    assert len(app.text_input(key=f"cl.owner.{first}").value) <= max_chars(ChecklistEntry, "owner")
    app.text_input(key=f"cl.owner.{first}").set_value(LONG).run()  # pasted past the browser's limit
    assert not app.exception, [e.value for e in app.exception]
    kept = app.session_state["checklist"].get(first, {}).get("owner", "")
    assert len(kept) <= max_chars(ChecklistEntry, "owner")
    assert _stored(aid).checklist.get(first, {}).get("owner", "") == kept
    # a later save of another item still goes through
    app.selectbox(key=f"cl.status.{second}").set_value("done").run()
    assert not app.exception, [e.value for e in app.exception]
    assert "save_error" not in app.session_state or not app.session_state["save_error"]
    assert _stored(aid).checklist[second]["status"] == "done"
    assert "NOT saved" not in texts(app)


def test_a_long_project_detail_is_refused_consistently(app):
    app.button(key="home.demo").click().run()
    aid = app.session_state["assessment_id"]
    goto(app, "assess")
    app.session_state["assess-details"] = True  # the person opens "Project details"
    app.run()
    app.text_input(key="meta.owner").set_value(LONG).run()
    assert not app.exception, [e.value for e in app.exception]
    owner = app.session_state["meta"]["owner"]
    assert len(owner) <= max_chars(Details, "owner")
    assert _stored(aid).owner == owner
    app.radio(key="q.need_clarity").set_value("problem_unclear").run()
    assert _stored(aid).answers["need_clarity"] == "problem_unclear"
    assert "NOT saved" not in texts(app)


@pytest.mark.parametrize("field", ["owner", "title"])
def test_a_refused_first_save_shows_the_models_message_instead_of_raising(app, field):
    # A value over the limit already in the session (a session from before the limits agreed):
    # creating the assessment is refused, and the callback says why instead of raising.
    goto(app, "assess")
    app.session_state["meta"] = {**app.session_state["meta"], field: "z" * 250}
    app.radio(key="q.need_clarity").set_value("problem_unclear").run()
    assert not app.exception, [e.value for e in app.exception]
    limit = max_chars(Details, field)
    assert f"{field}: is 250 characters long; the limit is {limit}" in texts(app)
    assert "assessment_id" not in app.session_state or not app.session_state["assessment_id"]


def test_a_database_failure_during_a_save_is_a_message_not_a_crash(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from ui import persist

    def locked(**_kwargs):
        raise OperationalError("UPDATE assessment", {}, Exception("database is locked"))

    app.button(key="home.demo").click().run()
    goto(app, "assess")
    monkeypatch.setattr(persist, "save_assessment", locked)
    app.radio(key="q.need_clarity").set_value("problem_unclear").run()
    assert not app.exception, [e.value for e in app.exception]
    # the store's message is shown escaped (it can quote what was typed), so it reads as written
    assert md_escape("the database did not accept it (OperationalError)", inline=True) in texts(app)
