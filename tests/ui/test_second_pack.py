"""The whole app and the CLI on a second, tiny rule pack (tests/packs/mini), selected with
MIXDECIDE_PACK. Its question, route, band and category ids all differ from the Ontario pack's, so
a page or a module that names one of those fails here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from mixdecide.pack import PACK_ENV, load_pack
from tests.helpers.apptest import APP, ROOT, answer_all, goto, texts

MINI = ROOT / "tests" / "packs" / "mini"
PAGES = (
    "home",
    "assess",
    "recommendation",
    "risk",
    "checklist",
    "rules",
    "present",
    "portfolio",
    "compare",
    "workshop",
    "join",
)


@pytest.fixture(autouse=True)
def _mini_pack(monkeypatch):
    monkeypatch.setenv(PACK_ENV, str(MINI))


@pytest.fixture(scope="module")
def mini():
    return load_pack(MINI)


def test_every_page_renders_with_the_second_pack(app, mini):
    for page in PAGES:
        goto(app, page)
        assert app.title, f"{page} has no title"
    goto(app, "rules")
    assert mini.meta.name.en in texts(app)


def test_every_page_renders_in_french_with_the_second_pack(mini):
    # A fresh app per page: AppTest formats a widget's options in the test's thread, where the
    # session's language is not known, so a second page run after a French one trips over it.
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["lang"] = "fr"
        at.run()
        goto(at, page)
        assert at.title, f"{page} has no title"
        if page == "rules":
            assert mini.meta.name.fr in texts(at)


@pytest.mark.parametrize("example", ["mini01_proven_tender", "mini03_rushed_trial"])
def test_answering_gives_the_examples_route_on_every_result_page(app, mini, example):
    ex = next(e for e in mini.examples if e.id == example)
    answer_all(app, mini, ex.answers)
    assert app.session_state["answers"] == ex.answers
    goto(app, "recommendation")
    assert mini.routes[ex.expect.top[0]].name.en in [h.value for h in app.header]
    for page in ("risk", "checklist", "present", "portfolio", "compare"):
        goto(app, page)
    goto(app, "risk")
    assert "Where to focus" in texts(app)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mixdecide", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )


def test_the_cli_validates_and_assesses_with_the_second_pack(tmp_path, mini):
    proc = _cli("validate-pack", str(MINI))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: mini-federal") and "3 examples pass" in proc.stdout
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": mini.examples[0].answers}))
    env = {**os.environ, PACK_ENV: str(MINI)}
    for extra, environ in (([], env), (["--pack", str(MINI)], None)):
        proc = _cli("assess", str(answers), "--date", "2026-03-01", *extra, env=environ)
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        assert data["pack_id"] == "mini-federal" and data["top"] == "open_tender"
    proc = _cli("assess", str(answers), "--format", "md", "--date", "2026-03-01", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Open tender" in proc.stdout and "goods" in proc.stdout
