"""Database fixtures shared by the persistence suites (store, workshop): each test gets a fresh
SQLite file and, when TEST_DATABASE_URL is set, a fresh PostgreSQL schema dropped afterwards.

The root conftest registers this module as a pytest plugin (``pytest_plugins``), so every test can ask
for ``db_url`` or ``engine``; the schema helpers are imported from here by tests that need them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from mixdecide.store.db import database_url, make_engine
from mixdecide.store.migrate import upgrade

PG_SKIP = "TEST_DATABASE_URL not set: PostgreSQL half skipped"


def pg_schema_url(base: str, prefix: str = "mixtest_") -> tuple[str, str]:
    """A new, empty schema (named ``prefix`` and a random part) in the PostgreSQL database ``base``
    (TEST_DATABASE_URL; a benchmark's DATABASE_URL) and a URL whose search_path is it."""
    base = database_url(base)
    schema = f"{prefix}{uuid.uuid4().hex[:16]}"
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
        yield f"sqlite:///{tmp_path / 'mixdecide-test.db'}"
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
    """An engine on a database migrated to the latest schema."""
    eng = make_engine(db_url)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()
