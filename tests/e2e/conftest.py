"""Real-browser tests: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Without /usr/bin/chromium the tests skip with the reason, unless REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure. Screenshots go to artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _browser_available() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-test.txt)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `streamlit run app.py` process on its own port and database."""

    def __init__(self, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or free_port()
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.log = ARTIFACTS.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server did not start; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


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
    reason = _browser_available()
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


def settle(page, timeout: float = 30_000) -> None:
    """Wait until the app reports that its script is no longer running.

    Right after a click the run may not have started yet, so prefer ``act`` for interactions.
    """
    page.wait_for_timeout(200)  # give a just-triggered run time to start
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(150)  # let the last deltas paint


_WATCH_RUN = """
() => {
  const el = document.querySelector('[data-testid=stApp]');
  window.__runEnded = new Promise(resolve => {
    const obs = new MutationObserver(records => {
      for (const r of records) {
        if (r.oldValue === 'running' && el.dataset.testScriptState === 'notRunning') {
          obs.disconnect(); resolve(true); return;
        }
      }
    });
    obs.observe(el, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
  });
}
"""


def act(page, action, timeout: float = 30_000) -> None:
    """Do something that makes the app rerun, and wait until that run has really finished.

    Watching the state attribute change (running -> notRunning) cannot miss a fast run or return
    before a slow one has started, which a plain "is it not running?" check can, on a busy machine.
    """
    page.evaluate(_WATCH_RUN)
    action()
    page.evaluate("ms => Promise.race([window.__runEnded, new Promise(r => setTimeout(r, ms))])", 5000)
    settle(page, timeout)


def open_app(page, url: str, timeout: float = 45_000) -> None:
    """Load a URL and wait for the first page to be drawn (title present, script finished)."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    settle(page, timeout)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_serious(page) -> list[str]:
    """Serious or critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sidebar_link(page, name: str):
    return page.locator(f'[data-testid="stSidebar"] a[href^="{name}"]').first
