"""Report fixtures: the pack's own examples run through the engine, dressed as real assessments
(built by tests/helpers/reports.py)."""

from __future__ import annotations

import os

import pytest

from mixdecide.pack import Pack
from mixdecide.reports import ReportInput
from mixdecide.reports.images import browser_path, unavailable_reason
from tests.helpers.reports import FULL_EXAMPLE, example, make_input


@pytest.fixture(scope="session")
def full_input(pack: Pack) -> ReportInput:
    return make_input(pack, example(pack, FULL_EXAMPLE))


@pytest.fixture(scope="session")
def example_inputs(pack: Pack) -> dict[str, ReportInput]:
    return {ex.id: make_input(pack, ex) for ex in pack.examples}


@pytest.fixture(scope="session")
def browser() -> str:
    """The Chromium kaleido will use; skipped with a reason when there is none, unless
    REQUIRE_BROWSER=1 (CI with a browser), where a missing browser is a failure."""
    path = browser_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {unavailable_reason()}")
        pytest.skip(f"{unavailable_reason()}: chart images cannot be drawn here")
    return path


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Charts behave as on a machine without Chromium."""
    from mixdecide.reports import images

    monkeypatch.setattr(images, "browser_path", lambda: None)


@pytest.fixture(autouse=True)
def _fresh_pdf_cache() -> None:
    """Each test lays its PDF out again (the cache is keyed by content, not by monkeypatches)."""
    from mixdecide.reports.pdf import clear_cache

    clear_cache()
