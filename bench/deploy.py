"""Deploy benchmark: what one app server holds, to size a team deployment (deploy/README.md).

Prints (never asserts):
- the database pool each server uses (MIXDECIDE_DB_POOL_SIZE + MIXDECIDE_DB_MAX_OVERFLOW);
- the server's memory at start, per idle session (page open, nothing clicked) and per active
  session (answering);
- click-to-settled p50/p95 with 1, 1 + step, ... sessions all answering at once, and the number
  of sessions one server holds on this machine before p95 exceeds 500 ms;
- a capacity table: servers needed for M concurrent users at that figure.

Run from the project root: .venv/bin/python bench/deploy.py [--max-sessions 40] [--step 5]
(BENCH_DEPLOY_PORT picks the server's port, default 8762; DATABASE_URL selects PostgreSQL.)
The figures depend on the machine and its load: run it on the machine you deploy to.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mixdecide.store.db import pool_sizes  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LABELS = [
    "We know the solution and can specify it",
    "A known kind of solution, adapted to our context",
    "The problem is clear; the solution is open",
    "We are still defining the problem",
]
P95_LIMIT_MS = 500.0
CLICK_JS = """
async (label) => {
  const el = document.querySelector('[data-testid=stApp]');
  const ended = new Promise(resolve => {
    const obs = new MutationObserver(records => {
      for (const r of records) {
        if (r.oldValue === 'running' && el.dataset.testScriptState === 'notRunning') {
          obs.disconnect(); resolve(performance.now()); return;
        }
      }
    });
    obs.observe(el, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
  });
  const target = [...document.querySelectorAll('label')].find(l => l.innerText.trim().startsWith(label));
  if (!target) return null;
  const t0 = performance.now();
  target.click();
  const t1 = await Promise.race([ended, new Promise(r => setTimeout(() => r(null), 15000))]);
  return t1 === null ? null : t1 - t0;
}
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the Streamlit server is one process)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> str:
    """Cores and CPU model, as the capacity table states them."""
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores{' ' + model if model else ''}"


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the app server did not start")


async def open_session(browser, url: str):
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    await page.goto(url)
    await page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    await page.get_by_text(LABELS[0], exact=True).first.wait_for(timeout=90_000)  # the questionnaire is drawn
    return page


async def answer_round(pages, rnd: int) -> list[float]:
    took = await asyncio.gather(
        *(p.evaluate(CLICK_JS, LABELS[(rnd + i) % len(LABELS)]) for i, p in enumerate(pages))
    )
    return [t for t in took if t is not None]


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    port = int(os.environ.get("BENCH_DEPLOY_PORT", "8762"))
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["MIXDECIDE_DB_PATH"] = str(Path(tempfile.mkdtemp()) / "bench-deploy.db")
    print("Deploy benchmark (one app server)")
    size, overflow = pool_sizes(env)
    if env.get("DATABASE_URL"):
        print(f"  database: PostgreSQL; pool per server: {size} + {overflow} overflow "
              "(MIXDECIDE_DB_POOL_SIZE / _MAX_OVERFLOW)")  # fmt: skip
    else:
        print(
            "  database: SQLite (its own pool, 10 + 20 in one process); set DATABASE_URL for a deployment's"
        )
    server = start_server(port, env)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            url = f"http://127.0.0.1:{port}/assess"
            warm = await open_session(browser, url)  # first run imports and caches: not a session's cost
            await warm.context.close()
            await asyncio.sleep(1)
            base = rss_mb(server.pid)
            idle_n = min(5, args.max_sessions)
            pages = [await open_session(browser, url) for _ in range(idle_n)]
            await asyncio.sleep(1)
            idle = (rss_mb(server.pid) - base) / idle_n
            for rnd in range(3):
                await answer_round(pages, rnd)
            active = (rss_mb(server.pid) - base) / idle_n
            print(f"  server memory at start: {base:.0f} MB; per idle session {idle:.1f} MB; "
                  f"per active session {active:.1f} MB (n={idle_n})")  # fmt: skip
            print(f"  {'sessions':>8}  {'p50 ms':>8}  {'p95 ms':>8}  {'RSS MB':>7}")
            held, loads = 0, [os.getloadavg()[0]]
            counts = [1, *range(args.step, args.max_sessions + 1, args.step)]
            for n in counts:
                while len(pages) < n:
                    pages.append(await open_session(browser, url))
                times: list[float] = []
                for rnd in range(args.rounds):
                    times += await answer_round(pages[:n], rnd)
                p95 = pct(times, 95)
                print(f"  {n:>8}  {pct(times, 50):>8.0f}  {p95:>8.0f}  {rss_mb(server.pid):>7.0f}")
                loads.append(os.getloadavg()[0])
                if p95 > P95_LIMIT_MS:
                    if not args.keep_going:
                        break
                elif held == (counts[counts.index(n) - 1] if counts.index(n) else 0):
                    held = n  # every count so far kept p95 within the limit
            await browser.close()
        print(f"  sessions one server holds here before p95 > {P95_LIMIT_MS:.0f} ms: {held}"
              + (" (the largest tried: raise --max-sessions)" if held == counts[-1] else ""))  # fmt: skip
        if held:
            print(
                "  capacity (every user clicking at the same moment, the worst case; idle users cost memory only):"
            )
            for users in (10, 25, 50, 100, 200):
                print(f"    {users:>4} concurrent users: {max(1, -(-users // held))} server(s)")
        db = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
        pool = f"{size} + {overflow}" if env.get("DATABASE_URL") else "SQLite"
        print("  rows for the capacity tables (README.md, deploy/README.md):")
        print(
            f"    | {machine()}, load average {min(loads):.1f}–{max(loads):.1f} during the run | {db} | {base:.0f} MB"
            f" | {idle:.1f} MB | {active:.1f} MB | {held} | {pool} |"
        )
        if held:
            for users in (10, 25, 50, 100, 200):
                print(f"    | {users} | {max(1, -(-users // held))} |")
    finally:
        server.terminate()
        server.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-sessions", type=int, default=40)
    parser.add_argument("--step", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=4, help="answers each session gives per step")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="measure every count up to --max-sessions, past the limit too",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
