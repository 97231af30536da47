"""Shared pytest fixtures."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import yaml

from mixdecide.pack import DEFAULT_PACK, PACK_ENV, PACKS_DIR, Pack, load_pack

# Property tests draw 200 examples each; `make test-fast` sets HYPOTHESIS_PROFILE=fast (25) for the
# edit loop, and `make test` runs the full profile.
hypothesis.settings.register_profile("full", max_examples=200)
hypothesis.settings.register_profile("fast", max_examples=25)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))

# The suite is written against the Ontario pack; a MIXDECIDE_PACK left in the shell would point
# the app and the CLI at another one. Tests of a second pack set it themselves (monkeypatch).
os.environ.pop(PACK_ENV, None)

# db_url / engine: a fresh SQLite file and, with TEST_DATABASE_URL, a fresh PostgreSQL schema
pytest_plugins = ["tests.helpers.databases"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs a real browser must say so with the ``browser`` marker, so that
    ``-m "not browser"`` and the fast target leave it out and CI knows it must not skip."""
    unmarked = [
        i.nodeid
        for i in items
        if "browser" in getattr(i, "fixturenames", ()) and not i.get_closest_marker("browser")
    ]
    if unmarked:
        raise pytest.UsageError("tests using a browser without @pytest.mark.browser: " + ", ".join(unmarked))


# engine fixtures ---------------------------------------------------------------------------------
# The real Ontario pack (loaded once), a fixed assessment date inside the 2026-27 threshold period,
# a complete answer set for the 18 core questions of DESIGN.md, and a factory that copies the pack
# folder and rewrites one of its YAML files (for deliberately broken or re-weighted packs).


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(DEFAULT_PACK)


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 3, 1)


@pytest.fixture
def full_answers() -> dict[str, Any]:
    """A challenge-shaped project with every core question answered (a fresh dict per test)."""
    return {
        "need_clarity": "problem_clear_solution_open",
        "solution_maturity": "prototype",
        "market_depth": "few",
        "purchase_intent": "buy_if_successful",
        "estimated_value_cad": 120_000,
        "procurement_category": "services",
        "timeline_months": 12,
        "risk_appetite": "moderate",
        "personal_data": "none",
        "ip_ownership": "licence_ok",
        "procurement_capacity": "moderate",
        "sme_objective": "yes",
        "multi_buyer": "no",
        "political_visibility": "moderate",
        "can_host_test": "yes",
        "service_criticality": "core",
        "outcome_measurable": "yes",
        "funding": "secured",
    }


@pytest.fixture
def pack_copy(tmp_path: Path) -> Callable[..., Path]:
    """``pack_copy(file, mutate)``: a copy of the real pack with ``file``.yaml passed through ``mutate``.

    ``mutate`` receives the parsed YAML and changes it in place (or returns a replacement); the
    file is written back with ``yaml.safe_dump``, which quotes strings such as "yes". Called with
    no arguments it returns an untouched copy.
    """

    def make(file: str | None = None, mutate: Callable[[Any], Any] | None = None) -> Path:
        root = tmp_path / "pack"
        if not root.exists():
            shutil.copytree(PACKS_DIR / DEFAULT_PACK, root)
        if file is not None and mutate is not None:
            path = root / f"{file}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            replaced = mutate(data)
            data = data if replaced is None else replaced
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return root

    return make
