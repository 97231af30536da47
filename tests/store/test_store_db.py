"""Engine set-up: URLs, SQLite pragmas and write locking."""

from __future__ import annotations

import ast
import pathlib
import threading
import time

import pytest
from sqlalchemy import text

from mixdecide.store.db import DEFAULT_DB_PATH, database_url, make_engine, session_scope


def test_database_url_choice(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("MIXDECIDE_DB_PATH", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_DB_PATH}"
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "x.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/mix")
    assert database_url() == "postgresql+psycopg://u:p@db:5432/mix"
    assert database_url("postgresql://u@h/d?sslmode=require") == "postgresql+psycopg://u@h/d?sslmode=require"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    engine = make_engine("postgresql://u@127.0.0.1:1/none")  # no connection is made here
    assert engine.dialect.driver == "psycopg" and engine.pool._pre_ping
    engine.dispose()


def test_sqlite_settings(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'a.db'}")  # creates the folder
    try:
        with session_scope(engine, readonly=True) as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert s.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    finally:
        engine.dispose()


def test_sqlite_writers_wait_instead_of_failing(tmp_path):
    """A transaction that reads, then writes, while another writer holds the lock: with BEGIN
    IMMEDIATE it waits; a deferred one would fail at once with "database is locked"."""
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (0)"))
    holding = threading.Event()

    def slow_writer():
        with session_scope(engine) as s:
            s.execute(text("UPDATE t SET n = n + 1"))
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    holding.wait()
    with session_scope(engine) as s:
        n = s.execute(text("SELECT n FROM t")).scalar_one()
        s.execute(text("UPDATE t SET n = :n"), {"n": n + 1})
    thread.join()
    with session_scope(engine, readonly=True) as s:
        assert s.execute(text("SELECT n FROM t")).scalar_one() == 2  # no lost update
    engine.dispose()


def test_session_scope_rolls_back_on_error(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        s.execute(text("INSERT INTO t VALUES (1)"))
        raise RuntimeError("boom")
    with session_scope(engine, readonly=True) as s:
        assert s.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
    engine.dispose()


def test_store_never_imports_streamlit():
    root = pathlib.Path(__file__).resolve().parents[2] / "mixdecide" / "store"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] == "streamlit" for n in names), path.name
