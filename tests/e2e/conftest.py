"""Real-browser tests: a real `streamlit run` server and Chromium driven by Playwright (helpers in
tests/helpers/browser.py).

Every test here is marked ``browser``. Without Chromium they skip with the reason, unless
REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os

import pytest

from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, Server, browser_unavailable


@pytest.fixture
def server_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env["MIXDECIDE_DB_PATH"] = str(tmp_path / "e2e.db")
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture
def server(server_env):
    srv = Server(server_env).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    reason = browser_unavailable()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    pg.console_errors = []

    def on_console(m) -> None:
        url = (m.location or {}).get("url", "")
        # Streamlit's frontend probes <page path>/_stcore/health before falling back to the root
        # on every deep link (/assess, /risk...); those two 404s are expected, not app errors.
        if m.type == "error" and not (
            "404" in m.text and url.endswith(("/_stcore/health", "/_stcore/host-config"))
        ):
            pg.console_errors.append(f"{m.text} ({url})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    ctx.close()
