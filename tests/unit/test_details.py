"""The details model: one definition of each limit and status list, shared by pages, store and import."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from mixdecide.details import (
    ASSESSMENT_STATUSES,
    DEFAULT_ENTRY,
    NAME_MAX,
    TITLE_MAX,
    ChecklistEntry,
    Details,
    DetailsError,
    RequiredTitle,
    check_details,
    check_entry,
    check_note,
    max_chars,
)
from mixdecide.reports.jsonmodels import AssessmentV2, ChecklistEntryV2
from mixdecide.store import models


def test_the_store_columns_are_as_wide_as_the_model_allows():
    columns = models.ASSESSMENT.c
    for field in ("title", "municipality", "department", "owner"):
        assert columns[field].type.length == max_chars(Details, field)
    assert "IN ('draft', 'final', 'archived')" in str(
        next(c for c in models.ASSESSMENT.constraints if c.name == "ck_assessment_status").sqltext
    )
    assert ASSESSMENT_STATUSES == ("draft", "final", "archived")


def test_the_json_import_has_the_same_limits():
    for field in ("title", "municipality", "department", "owner"):
        assert max_chars(AssessmentV2, field) == max_chars(Details, field)
    for field in ("owner", "note"):
        assert max_chars(ChecklistEntryV2, field) == max_chars(ChecklistEntry, field)


def test_details_are_stripped_and_a_bad_one_names_its_field():
    assert check_details({"owner": "  Aisha  ", "status": "final"}) == {"owner": "Aisha", "status": "final"}
    assert check_details({"title": " " * 3 + "x" * TITLE_MAX}) == {"title": "x" * TITLE_MAX}
    with pytest.raises(
        DetailsError, match=f"owner: is {NAME_MAX + 1} characters long; the limit is {NAME_MAX}"
    ):
        check_details({"owner": "x" * (NAME_MAX + 1)})
    with pytest.raises(DetailsError, match="status: 'done' is not one of draft, final, archived"):
        check_details({"status": "done"})
    with pytest.raises(DetailsError, match="title: must be text, not int"):
        check_details({"title": 7})
    with pytest.raises(DetailsError, match="unknown field"):
        check_details({"budget": "1"})


def test_a_checklist_entry_takes_defaults_and_its_message_names_the_item():
    assert check_entry({}) == DEFAULT_ENTRY == {"status": "not_started", "owner": "", "note": ""}
    assert check_entry({"status": None, "owner": " Sam "}) == {**DEFAULT_ENTRY, "owner": "Sam"}
    with pytest.raises(DetailsError, match="checklist item 'bylaw': owner: is 121 characters long"):
        check_entry({"owner": "x" * 121}, "bylaw")
    with pytest.raises(DetailsError, match="checklist item 'bylaw': who: is not a known field"):
        check_entry({"who": "Sam"}, "bylaw")


def test_notes_have_one_limit():
    assert check_note("  seen  ") == "seen"
    with pytest.raises(DetailsError, match="note on x: is 4001 characters long"):
        check_note("n" * 4001, "note on x")


@pytest.mark.parametrize(
    "title",
    ["\u200b\u200b", "\ufeff", "\u200b\u2060 \u00a0"],
    ids=["zero-width spaces", "byte-order mark", "word joiner and no-break space"],
)
def test_a_required_title_needs_a_character_a_reader_can_see(title):
    """A blind attack imported a title of zero-width characters: the assessment listed with no name."""
    with pytest.raises(ValidationError, match="must contain visible text"):
        TypeAdapter(RequiredTitle).validate_python(title)


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2069", "\u2028", "\u2029", "\x85"])
def test_direction_overrides_and_unicode_line_breaks_are_refused_everywhere(char):
    """'\u202eTXT.EXE' displays reversed: a title, a name and a note refuse it like a NUL."""
    with pytest.raises(DetailsError, match="control characters"):
        check_details({"title": f"evil {char}TXT.EXE"})
    with pytest.raises(DetailsError, match="control characters"):
        check_details({"owner": f"A{char}B"})
    with pytest.raises(DetailsError, match="control characters"):
        check_entry({"note": f"line one\n{char}line two"})
    assert check_entry({"note": "line one\n\tline two"})["note"] == "line one\n\tline two"
