"""Real-browser tests' building blocks: a `streamlit run` server, Chromium driven by Playwright,
waiting for a run to finish, screenshots and axe-core. Fixtures live in tests/e2e/conftest.py.

Chromium is the one ``mixdecide.reports.images.browser_path`` finds ($MIXDECIDE_CHROMIUM, else a
system Chromium). Screenshots go to artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from mixdecide.reports.images import CHROMIUM_ENV, browser_path

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser tests skip (browser_unavailable says why)
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = browser_path() or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set {CHROMIUM_ENV})"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-test.txt)"
    return None


def free_port() -> int:
    """A free port: the first free one of E2E_PORTS ("8620-8629") when set (a shared machine gives
    each person a range), else any the system offers."""
    first, _, last = os.environ.get("E2E_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in E2E_PORTS={os.environ['E2E_PORTS']}")


class Server:
    """A `streamlit run app.py` process on its own port and database."""

    def __init__(self, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or 0  # chosen when started, so two servers made together get two ports
        self.env = env
        self.proc: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return ARTIFACTS.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.port = self.port or free_port()
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
        base = self.env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
        health = f"{self.url}/{base}/_stcore/health" if base else f"{self.url}/_stcore/health"
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
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


def choose_option(page, field, label: str, attempts: int = 8) -> None:
    """Pick ``label`` in the selectbox ``field`` (its element container), by clicking the option.

    On a page that redraws itself every few seconds (a live board), a redraw can close the open
    list: keys pressed then (ArrowDown, Enter) fall into a closed list and choose nothing. The
    option is clicked by its name, and the list opened again when a redraw closed it. What the
    choice then does (a confirmation, a refusal) is for the caller to wait for."""
    option = page.get_by_role("option", name=label, exact=True)
    for _ in range(attempts):
        field.get_by_role("combobox").click()
        try:
            option.wait_for(timeout=5_000)
            option.click(timeout=5_000)
        except PlaywrightTimeout:  # a redraw closed the list: open it again
            page.keyboard.press("Escape")
            continue
        return
    raise AssertionError(f"could not choose {label!r}: the list kept closing")


def open_tab(page, name: str) -> None:
    """Select the tab ``name`` and wait until it is the selected one. A page that redraws itself
    every few seconds (a live board) is never "stable" for Playwright's click checks: the tab is
    clicked anyway, and again if a redraw lost the click (React Aria keeps a hidden copy of the
    tab list: the visible one is clicked)."""
    from playwright.sync_api import expect

    tab = page.locator('[data-testid="stTab"]:visible').filter(has_text=name).first
    for _ in range(10):
        tab.click(force=True, timeout=90_000)  # a starved renderer can take a minute to answer
        try:
            expect(tab).to_have_attribute("aria-selected", "true", timeout=5_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the {name!r} tab never opened")


def open_box_until(page, title: str, inside, attempts: int = 20) -> None:
    """Wait until ``inside`` shows, opening the box ``title`` whenever it is folded. The box folds
    when the page redraws with the change's message, and a check made while that redraw was under
    way (the button not drawn yet, the box still open) clicked the open box shut (a CI failure)."""
    box = page.locator('[data-testid="stExpander"]').filter(has_text=title).first
    for _ in range(attempts):
        if inside.is_visible():
            return
        if box.locator("details").get_attribute("open") is None:
            box.locator("summary").click()
        page.wait_for_timeout(500)
    inside.wait_for(state="visible", timeout=30_000)


def choose_in_box(page, title: str, option: str, attempts: int = 20) -> None:
    """Open the box ``title`` and choose its radio option ``option``, until the option reads
    checked. A click made while the box was still opening landed on a moving list, and the choice
    never came (a CI failure: the button the choice shows never appeared)."""
    box = page.locator('[data-testid="stExpander"]').filter(has_text=title).first
    radio = box.get_by_role("radio", name=option)
    label = box.get_by_text(option, exact=True).first
    for _ in range(attempts):
        if box.locator("details").get_attribute("open") is None:
            box.locator("summary").click()
            page.wait_for_timeout(600)  # the box's opening animation
            continue
        if radio.is_checked():
            return
        label.click()
        settle(page)
    raise AssertionError(f"{option!r} in {title!r} never read checked")


def message_on_tab(page, text: str, tab: str, timeout: float = 60_000) -> None:
    """Wait for ``text`` drawn on the tab ``tab``, and see it there. The run that draws it can bring
    the page back to its first tab (seen on the workshop board after a group answer is saved: the
    message is then drawn in a hidden tab, and waiting for it to be visible times out), so it is
    waited for in the page, then read on its tab."""
    from playwright.sync_api import expect

    message = page.get_by_text(text, exact=False).first
    message.wait_for(state="attached", timeout=timeout)
    open_tab(page, tab)
    expect(message).to_be_visible(timeout=60_000)


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
