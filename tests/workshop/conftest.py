"""Fixtures for the workshop tests: a fresh SQLite file and, when TEST_DATABASE_URL is set, a
fresh PostgreSQL schema (dropped afterwards); an assessment to run workshops on."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from mixdecide.pack import Pack
from mixdecide.store import create_assessment, session_scope
from mixdecide.store.db import database_url, make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.workshop import create_workshop

PG_SKIP = "TEST_DATABASE_URL not set: PostgreSQL half skipped"
ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def pg_schema_url(base: str) -> tuple[str, str]:
    """A new, empty schema in the TEST_DATABASE_URL database and a URL whose search_path is it."""
    base = database_url(base)
    schema = f"mixwk_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(base: str, schema: str) -> None:
    admin = create_engine(database_url(base))
    try:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file in tmp_path, or a new schema in TEST_DATABASE_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop-test.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip(PG_SKIP)
    url, schema = pg_schema_url(base)
    try:
        yield url
    finally:
        drop_schema(base, schema)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()


def new_assessment(
    engine: Engine, pack: Pack, answers: dict | None = None, title: str = "Road salt 2027"
) -> str:
    with session_scope(engine) as s:
        return create_assessment(session=s, title=title, municipality="Guelph", department="Works",
                                 owner="Aisha", pack=pack, answers=answers or {}, actor="setup").id  # fmt: skip


@pytest.fixture
def assessment_id(engine: Engine, pack: Pack) -> str:
    return new_assessment(engine, pack, {"estimated_value_cad": 250_000, "timeline_months": 18})


@pytest.fixture
def workshop(engine: Engine, pack: Pack, assessment_id: str):
    """An open workshop on the need and market sections: (Created, engine)."""
    with session_scope(engine) as s:
        return create_workshop(session=s, assessment_id=assessment_id, title="Salt workshop",
                               sections=["need", "market"], actor="Fran", pack=pack)  # fmt: skip
