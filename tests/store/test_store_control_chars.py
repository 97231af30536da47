"""Control characters in typed text: refused with a message by the one validation model, the same
on SQLite and on PostgreSQL (which cannot store NUL in text at all and used to crash every page);
a note keeps its tabs and line breaks."""

from __future__ import annotations

import pytest

from mixdecide.store import (
    InvalidValue,
    create_assessment,
    get_assessment,
    save_assessment,
    session_scope,
)
from mixdecide.workshop import create_workshop, join, rejoin
from tests.helpers.store import new_assessment

CONTROL = ["\x00", "a\x00b", "Tit\x00le", "\x01", "\x1b[31mred", "x\x7f", "ver\x0btical", "\x08back"]
# what a one-line field refuses on top of those; a note keeps them
LINE_ONLY = ["a\tb", "two\nlines", "cr\rhere"]

FIELDS = ["title", "municipality", "department", "owner"]


def _has_control(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


@pytest.mark.parametrize("bad", CONTROL + LINE_ONLY)
@pytest.mark.parametrize("field", FIELDS)
def test_details_with_control_characters_are_refused_and_change_nothing(engine, pack, field, bad):
    rec = new_assessment(engine, pack, actor="setup")
    with session_scope(engine) as s, pytest.raises(InvalidValue, match="control characters"):
        save_assessment(session=s, id=rec.id, expected_version=1, actor="a", meta={field: bad})
    values = {"title": "T", "municipality": "M", "department": "D", "owner": "O", field: bad}
    with session_scope(engine) as s, pytest.raises(InvalidValue, match="control characters"):
        create_assessment(session=s, pack=pack, answers={}, actor="a", **values)
    with session_scope(engine, readonly=True) as s:
        again = get_assessment(session=s, id=rec.id)
    assert again.version == 1 and getattr(again, field) == getattr(rec, field)


@pytest.mark.parametrize("bad", CONTROL)
def test_notes_checklist_and_actor_with_control_characters_are_refused(engine, pack, bad):
    rec = new_assessment(engine, pack, actor="setup")
    qid = next(iter(pack.questions))
    item = pack.checklist.items[0].id
    attempts = [
        {"notes": {qid: bad}},
        {"checklist": {item: {"status": "done", "note": bad}}},
        {"checklist": {item: {"status": "done", "owner": bad}}},
    ]
    for kwargs in attempts:
        with session_scope(engine) as s, pytest.raises(InvalidValue, match="control characters"):
            save_assessment(session=s, id=rec.id, expected_version=1, actor="a", **kwargs)
    with session_scope(engine) as s, pytest.raises(InvalidValue, match="control characters"):
        save_assessment(session=s, id=rec.id, expected_version=1, actor=bad, meta={"title": "New"})
    with session_scope(engine, readonly=True) as s:
        assert get_assessment(session=s, id=rec.id).version == 1


def test_a_note_keeps_tabs_and_line_breaks(engine, pack):
    rec = new_assessment(engine, pack, actor="setup")
    qid = next(iter(pack.questions))
    item = pack.checklist.items[0].id
    note = "first line\n\tindented\nlast"
    with session_scope(engine) as s:
        save_assessment(
            session=s,
            id=rec.id,
            expected_version=1,
            actor="a",
            notes={qid: note},
            checklist={item: {"status": "done", "note": note}},
        )
    with session_scope(engine, readonly=True) as s:
        got = get_assessment(session=s, id=rec.id)
    assert got.notes[qid] == note and got.checklist[item]["note"] == note


@pytest.mark.parametrize("bad", CONTROL)
def test_workshop_names_and_titles_never_store_a_control_character(engine, pack, bad):
    rec = new_assessment(engine, pack, actor="setup")
    with session_scope(engine) as s:
        created = create_workshop(
            session=s,
            assessment_id=rec.id,
            title=f"Work{bad}shop",
            sections=[x.id for x in pack.sections],
            actor="f",
            pack=pack,
        )
    assert not _has_control(created.workshop.title)
    try:
        with session_scope(engine) as s:
            joined = join(session=s, code=created.workshop.code, name=f"Sam{bad}")
    except InvalidValue:
        return  # refused is as good as cleaned
    assert joined is not None
    with session_scope(engine, readonly=True) as s:
        view = rejoin(session=s, token=joined.token)
    assert view is not None and not _has_control(view.participant.name)
