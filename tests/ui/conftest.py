"""AppTest fixtures: the real app.py, driven by widget keys, on a throwaway database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers.apptest import APP


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Each UI test gets its own SQLite file, never the developer's data/ database."""
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
