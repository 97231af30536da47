"""Fixtures for the workshop tests: a fresh SQLite file and, when TEST_DATABASE_URL is set, a
fresh PostgreSQL schema (dropped afterwards); an assessment to run workshops on. The app's own
database (what AppTest runs on) is a throwaway SQLite file in every test."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mixdecide.pack import Pack
from tests.helpers.store import new_assessment
from tests.helpers.workshop import open_workshop


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """The app's database is this test's own SQLite file, never the developer's data/ database."""
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture
def assessment_id(engine: Engine, pack: Pack) -> str:
    return new_assessment(engine, pack, {"estimated_value_cad": 250_000, "timeline_months": 18}).id


@pytest.fixture
def workshop(engine: Engine, pack: Pack, assessment_id: str):
    """An open workshop on the need and market sections (Created)."""
    return open_workshop(engine, pack, assessment_id)
