"""Report fixtures: the pack's own examples run through the engine, dressed as real assessments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mixdecide.engine import assess
from mixdecide.pack import Example, Pack
from mixdecide.reports import ReportInput
from mixdecide.reports.images import browser_path

LANGS = ("en", "fr")
# ex07: a challenge with a sequence, an excluded route and a decisive unknown, so every section
# of the report has content.
FULL_EXAMPLE = "ex07_seniors_isolation_challenge"
MUNICIPALITY = "Ville de Sainte-Agathe-des-Monts"
DEPARTMENT = "Services communautaires"
OWNER = "Émilie Tremblay"
CHECKLIST_OWNER = "Jean-François Côté"
NOTE = "Confirmed with procurement on 2026-02-14: three vendors replied."


def example(pack: Pack, example_id: str) -> Example:
    return next(e for e in pack.examples if e.id == example_id)


def make_input(pack: Pack, ex: Example, **overrides) -> ReportInput:
    """A ReportInput for a pack example, with project details, a note, checklist progress and a
    workshop, like one a person filled in."""
    result = assess(pack, ex.answers, today=ex.today)
    first = result.checklist[0].item if result.checklist else None
    values = {
        "pack": pack,
        "result": result,
        "title": ex.title.en,
        "municipality": MUNICIPALITY,
        "department": DEPARTMENT,
        "owner": OWNER,
        "status": "draft",
        "answers": dict(ex.answers),
        "notes": {"market_depth": NOTE},
        "checklist": {first: {"status": "in_progress", "owner": CHECKLIST_OWNER, "note": "Draft ready"}}
        if first
        else {},
        "workshop": {
            "participants": 6,
            "distributions": {"market_depth": {"few": 4, "many": 1, "unknown": 1}},
            "consensus_notes": {"market_depth": "We agreed on 'few' after the supplier scan."},
        },
    }
    values.update(overrides)
    return ReportInput(**values)


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
            pytest.fail(
                "REQUIRE_BROWSER=1 but no Chromium was found (looked at $BROWSER_PATH and /usr/bin/chromium)"
            )
        pytest.skip("no Chromium at /usr/bin/chromium or $BROWSER_PATH: chart images cannot be drawn here")
    return path


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Charts behave as on a machine without Chromium."""
    from mixdecide.reports import images

    monkeypatch.setattr(images, "browser_path", lambda: None)


def fonts_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "fonts"


def md_to_html(md: str) -> str:
    """Markdown rendered the way GitHub does (cmark-gfm with autolinks, tables and strikethrough),
    with raw HTML let through, so any markup that survives escaping would show up."""
    cmarkgfm = pytest.importorskip(
        "cmarkgfm", reason="cmarkgfm (GitHub's Markdown parser) is a test dependency"
    )
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
