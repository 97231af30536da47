"""Bring a database's schema to the latest Alembic revision, from code (no alembic.ini).

``upgrade`` is cheap when the schema is current (one read, no lock) and safe when several app
processes start at once: the migration runs inside one transaction that first takes a lock, a
PostgreSQL advisory lock or SQLite's write lock (BEGIN IMMEDIATE), so the others wait and then
find nothing left to do. DDL is transactional on both, so a failed migration leaves no half schema.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from mixdecide.store.db import BEGIN_MODE, ROOT, make_engine

MIGRATIONS_DIR = ROOT / "migrations"
# Arbitrary 64-bit key naming "MIX Decide schema migration" among advisory locks.
ADVISORY_LOCK_KEY = 0x4D49584445434944


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at ``migrations/``, optionally bound to an open connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision in ``migrations/versions``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{BEGIN_MODE: "DEFERRED"})
        return MigrationContext.configure(conn).get_current_revision()


class SchemaNotCurrent(RuntimeError):
    """The database is not at this release's schema and this server does not migrate at start."""


def check_current(engine: Engine) -> None:
    """For servers started with ``MIXDECIDE_MIGRATE_ON_START=0`` (a team deployment migrates once
    per deploy, before the servers start): refuse to serve an older or newer schema."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaNotCurrent(
            f"the database schema is at {current or 'nothing (empty database)'} but this release needs "
            f"{head}: run `python -m mixdecide.store upgrade` once for the deploy (deploy/README.md)"
        )


def upgrade(
    engine_or_url: Engine | str | None = None, revision: str = "head"
) -> tuple[str | None, str] | None:
    """Upgrade to ``revision`` (default: the latest); see the module docstring. Returns the
    revisions this call migrated from and to, or None when it found nothing to do (also when
    another process migrated while this one waited for the lock)."""
    engine = engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)
    try:
        target = head_revision() if revision == "head" else revision
        if current_revision(engine) == target:
            return None
        with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE holds the write lock until commit
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            before = MigrationContext.configure(conn).get_current_revision()  # under the lock
            if before == target:
                return None
            command.upgrade(alembic_config(conn), revision)
            return before, target
    finally:
        if engine is not engine_or_url:
            engine.dispose()
