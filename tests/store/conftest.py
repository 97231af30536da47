"""Fixtures for the persistence tests (db_url and engine come from tests/databases.py)."""

from __future__ import annotations

import pytest

from mixdecide.pack import Pack, load_pack


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()
