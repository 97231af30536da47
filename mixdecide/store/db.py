"""Engines and sessions: SQLite by default, PostgreSQL when ``DATABASE_URL`` is set.

SQLite is tuned for several app threads and processes writing to one file: WAL (readers never
block the writer), a busy timeout, foreign keys on, and every write transaction opened with
``BEGIN IMMEDIATE``. The last point matters most: a deferred transaction that reads and then writes
cannot wait for the write lock when another writer got there first (SQLite would deadlock), so it
fails at once with "database is locked" whatever the busy timeout. Taking the write lock at BEGIN
makes a second writer simply wait its turn.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "data" / "mixdecide.db"
BUSY_TIMEOUT_S = 10.0
# Execution option read by the "begin" hook: how a SQLite transaction starts.
BEGIN_MODE = "mixdecide_sqlite_begin"


def database_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``DATABASE_URL``, else the SQLite file (``MIXDECIDE_DB_PATH``).

    ``postgres://`` and ``postgresql://`` (what hosting platforms hand out) are rewritten to the
    psycopg 3 driver.
    """
    url = url or os.environ.get("DATABASE_URL") or None
    if url is None:
        path = Path(os.environ.get("MIXDECIDE_DB_PATH") or DEFAULT_DB_PATH)
        return f"sqlite:///{path}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _dumps(value: Any) -> str:
    # Compact and UTF-8: snapshots are tens of kB and hold French text.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


POOL_SIZE_ENV = "MIXDECIDE_DB_POOL_SIZE"
MAX_OVERFLOW_ENV = "MIXDECIDE_DB_MAX_OVERFLOW"


def pool_sizes(env: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(pool size, overflow) of one app server's PostgreSQL pool: ``MIXDECIDE_DB_POOL_SIZE``
    (default 5) and ``MIXDECIDE_DB_MAX_OVERFLOW`` (default 10). With N servers the database must
    accept N × (size + overflow) connections (deploy/README.md); a value that is not a whole
    number from 1 (0 for the overflow) to 200 is refused with a message naming the variable."""
    env = os.environ if env is None else env
    out = []
    for name, default, low in ((POOL_SIZE_ENV, 5, 1), (MAX_OVERFLOW_ENV, 10, 0)):
        raw = (env.get(name) or "").strip()
        try:
            value = int(raw) if raw else default
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
        if not low <= value <= 200:
            raise ValueError(f"{name} must be between {low} and 200, not {value}")
        out.append(value)
    return out[0], out[1]


def make_engine(url: str | None = None) -> Engine:
    """Create the engine once per process (the UI caches it); see the module docstring."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    size, overflow = pool_sizes()
    return create_engine(
        url,
        json_serializer=_dumps,
        pool_pre_ping=True,  # a load balancer or a database restart drops idle connections
        pool_size=size,
        max_overflow=overflow,
        pool_recycle=1800,
        pool_timeout=30,
    )


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        json_serializer=_dumps,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        pool_size=10,
        max_overflow=20,
        pool_timeout=60,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; the "begin" hook emits BEGIN.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # durable across app crashes in WAL mode
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_MODE, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


# SQLite lets one writer in at a time and makes the others poll (sleeping up to 100 ms between
# tries). With 30 people answering a workshop at once in one server process, a poller kept losing
# the race for up to 7 s (busy timeout: 10 s), and on a loaded 2-core machine 20 threads saving at
# once lost it for longer than the timeout ("database is locked", a save refused). So every SQLite
# writer of a process waits its turn on this lock instead, and the database lock is only contended
# between processes. Re-entrant, so a write scope opened inside another on the same thread behaves
# as it did before (SQLite's own busy wait). PostgreSQL needs nothing of the sort.
_SQLITE_WRITERS = threading.RLock()


@contextmanager
def session_scope(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """One Session per unit of work: commit when the block ends, roll back if it raises.

    On SQLite a transaction takes the write lock when it starts, so writers queue instead of
    failing. ``readonly=True`` starts a deferred transaction instead (a consistent snapshot that
    never waits for or blocks a writer); do not write in such a scope. SQLite writers of this
    process wait their turn on a lock rather than poll the database (``_SQLITE_WRITERS``). Objects
    stay readable after the block (no expiry on commit).
    """
    if not readonly and engine.dialect.name == "sqlite":
        with _SQLITE_WRITERS, _session(engine, readonly=False) as session:
            yield session
        return
    with _session(engine, readonly=readonly) as session:
        yield session


@contextmanager
def _session(engine: Engine, *, readonly: bool) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        if readonly and engine.dialect.name == "sqlite":
            session.connection(execution_options={BEGIN_MODE: "DEFERRED"})
        try:
            yield session
            if readonly:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
