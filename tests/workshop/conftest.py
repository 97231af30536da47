"""Fixtures for the workshop tests: a fresh SQLite file and, when TEST_DATABASE_URL is set, a
fresh PostgreSQL schema (dropped afterwards); an assessment to run workshops on."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mixdecide.pack import Pack
from mixdecide.store import session_scope
from mixdecide.workshop import create_workshop
from tests.helpers.store import new_assessment


@pytest.fixture
def assessment_id(engine: Engine, pack: Pack) -> str:
    return new_assessment(engine, pack, {"estimated_value_cad": 250_000, "timeline_months": 18}).id


@pytest.fixture
def workshop(engine: Engine, pack: Pack, assessment_id: str):
    """An open workshop on the need and market sections: (Created, engine)."""
    with session_scope(engine) as s:
        return create_workshop(
            session=s,
            assessment_id=assessment_id,
            title="Salt workshop",
            sections=["need", "market"],
            actor="Fran",
            pack=pack,
        )
