"""Write-through of every change the user makes (answers, notes, checklist, project details).

Each hook is called by a widget callback after the session dicts changed. Saving to the database
is added by the store integration; until a project is saved, changes live in the session.
"""

from __future__ import annotations


def answer_changed(qid: str) -> None:
    """An answer changed (or was cleared)."""
    _save()


def note_changed(qid: str) -> None:
    """A question's note changed."""
    _save()


def checklist_changed(item: str) -> None:
    """A checklist item's status, owner or note changed."""
    _save()


def meta_changed(field: str) -> None:
    """A project detail (title, municipality, ...) changed."""
    _save()


def _save() -> None:
    return None
