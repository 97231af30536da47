"""A stored assessment for a test or a benchmark to work on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from mixdecide.pack import Pack
from mixdecide.store import AssessmentRecord, create_assessment, session_scope


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
