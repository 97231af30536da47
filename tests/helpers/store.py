"""A stored assessment for a test or a benchmark to work on, and the database the app under test
uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from mixdecide.pack import Pack
from mixdecide.store import (
    AssessmentRecord,
    PortfolioFilter,
    create_assessment,
    list_assessments,
    make_engine,
    session_scope,
    upgrade,
)


def new_assessment(
    engine: Engine,
    pack: Pack,
    answers: Mapping[str, Any] | None = None,
    *,
    actor: str = "setup",
    **details: str,
) -> AssessmentRecord:
    """A new draft with ``answers`` (none by default), stored in its own unit of work; project
    details default to a Guelph public-works project and can be overridden one by one."""
    values = {
        "title": "Road salt 2027",
        "municipality": "Guelph",
        "department": "Works",
        "owner": "Aisha",
        **details,
    }
    with session_scope(engine) as s:
        return create_assessment(session=s, pack=pack, answers=answers or {}, actor=actor, **values)


def app_engine() -> Engine:
    """The database the app under test uses (MIXDECIDE_DB_PATH: this test's file), upgraded."""
    engine = make_engine()
    upgrade(engine)
    return engine


def stored_count() -> int:
    """How many assessments the app's database holds, archived ones included."""
    with session_scope(app_engine(), readonly=True) as s:
        return list_assessments(session=s, filters=PortfolioFilter(include_archived=True))[1]
