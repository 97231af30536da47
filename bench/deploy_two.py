"""The team deployment under load: deploy/nginx.conf in front of two app servers sharing one
PostgreSQL database, N Chromium sessions split evenly across the two, all answering at once; one
server is killed mid-way; its sessions reconnect through nginx to the other and carry on.

Afterwards the database is checked: one assessment per session, every answer given stored exactly
once and in order (the first creates the assessment, each later one is one `answer_changed` audit
event and one version), the final answers are the last ones given, and no page showed an error.

Prints: sessions per server, answers given/stored, errors, reconnect time p50/p95 (from the kill
to the reconnected page's first finished run) and click-to-settled p50/p95, and the figures as
table rows ready to paste into deploy/README.md.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/i15load \\
        .venv/bin/python bench/deploy_two.py [--sessions 40] [--answers 8] [--ports 8780-8799]

The database must exist (createdb); the run works in a new schema of it and drops it at the end.
One machine plays many clients: nginx believes an `X-Bench-Client` address from 127.0.0.1 (the
realip module, added to this run's copy of the config only), and each session carries the
recipe's sticky cookie `mdroute` set to that address, so the recipe's own `hash $mdroute
consistent` places each session where the probe found it; each session's server is read from an
`X-Upstream` response header and, for its WebSocket, from nginx's access log.
With --signed-in each session first signs in (st.login) through nginx with its own person at a
local OpenID provider (oidc-provider-mock, as tests/e2e/test_sign_in.py), as an editor; after the
kill, the sessions that moved must still be signed in on the other server (the sign-in cookie is
signed with the cookie_secret both servers share). Without it they are anonymous (single-user mode).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from mixdecide.store.db import database_url, pool_sizes  # noqa: E402
from mixdecide.store.migrate import upgrade  # noqa: E402
from tests.helpers import oidc  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.helpers.databases import drop_schema, pg_schema_url  # noqa: E402
from tests.helpers.nginx import (  # noqa: E402
    CONF,
    insecure_context,
    render,
    self_signed_cert,
    start_nginx,
    wait_https,
)

# Each answer changes a value (so each is one save): the four questions of the first section,
# twice round with other options, then again. (question id, option id, the option's label)
PLAN: list[tuple[str, str, str]] = [
    ("need_clarity", "solution_known", "We know the solution and can specify it"),
    ("solution_maturity", "prototype", "Prototype"),
    ("outcome_measurable", "yes", "Yes"),
    ("service_criticality", "supporting", "Supporting or internal"),
    ("need_clarity", "problem_unclear", "We are still defining the problem"),
    ("solution_maturity", "near_market", "Near market"),
    ("outcome_measurable", "no", "No"),
    ("service_criticality", "core", "Core day-to-day service"),
]
CLIENT_HEADER = "X-Bench-Client"
# this run's additions to the HTTPS server block: many clients from one machine, and which
# server answered each request
EXTRA = f"""
    set_real_ip_from 127.0.0.1;
    real_ip_header {CLIENT_HEADER};
    add_header X-Upstream $upstream_addr always;
"""

# Logs every change of the connection and script state: [epoch ms, attribute, old, new]; and
# __backSince(i): since log entry i the connection came back and a run then finished (the page
# shows the new server's view, not what the browser still held from the old one).
WATCH_JS = """
() => {
  if (window.__log) return;
  window.__log = [];
  new MutationObserver(records => {
    for (const r of records) {
      window.__log.push([Date.now(), r.attributeName.replace('data-test-', ''), r.oldValue,
                         r.target.getAttribute(r.attributeName)]);
    }
  }).observe(document.documentElement, {attributes: true, subtree: true, attributeOldValue: true,
             attributeFilter: ['data-test-connection-state', 'data-test-script-state']});
  window.__backSince = (i) => {
    let back = false;
    for (const [, attr, old, now] of window.__log.slice(i)) {
      if (attr === 'connection-state') back = now === 'CONNECTED';
      else if (back && old === 'running' && now === 'notRunning') return true;
    }
    return false;
  };
}
"""
# Clicks the option with exactly this label in the questionnaire; resolves when the run that
# follows has finished ("done"), the connection dropped ("dropped") or nothing happened ("timeout").
CLICK_JS = """
async ([label, ms]) => {
  const app = document.querySelector('[data-testid=stApp]');
  const target = [...document.querySelectorAll('[data-testid=stMain] label')]
    .find(l => l.innerText.trim() === label);
  if (!target) return {outcome: 'missing', ms: 0, mark: window.__log.length};
  const mark = window.__log.length;
  const t0 = performance.now();
  const ended = new Promise(resolve => {
    const obs = new MutationObserver(records => {
      if (app.dataset.testConnectionState !== 'CONNECTED') { obs.disconnect(); resolve('dropped'); return; }
      for (const r of records) {
        if (r.attributeName === 'data-test-script-state' && r.oldValue === 'running'
            && app.dataset.testScriptState === 'notRunning') { obs.disconnect(); resolve('done'); return; }
      }
    });
    obs.observe(app, {attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state', 'data-test-connection-state']});
  });
  target.click();
  const outcome = await Promise.race([ended, new Promise(r => setTimeout(() => r('timeout'), ms))]);
  return {outcome, ms: performance.now() - t0, mark};
}
"""
CHECKED_JS = """
(label) => {
  const l = [...document.querySelectorAll('[data-testid=stMain] label')].find(l => l.innerText.trim() === label);
  const input = l && (l.querySelector('input') || document.getElementById(l.htmlFor));
  return !!(input && input.checked);
}
"""
READY_JS = """
() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
    && !!document.querySelector('[data-testid=stMain] h1')
    && [...document.querySelectorAll('[data-testid=stMain] label')].some(l => l.innerText.trim() === 'Prototype');
}
"""

# What the page shows when an option is missing: connection and script state, URL, main text.
SEEN_JS = """
() => {
  const app = document.querySelector('[data-testid=stApp]');
  const main = document.querySelector('[data-testid=stMain]');
  return `${app && app.dataset.testConnectionState}/${app && app.dataset.testScriptState} ${location.pathname}${location.search}: `
    + (main ? main.innerText.replace(/\\s+/g, ' ').slice(0, 400) : '(no main)');
}
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else float("nan")


@dataclass
class Session:
    index: int
    client: str  # the address nginx believes this session comes from
    upstream: str  # the server nginx sends it to
    signed_in: bool = False
    page: Any = None
    assessment: str = ""
    clicks_ms: list[float] = field(default_factory=list)
    timeouts: int = 0  # clicks with no finished run within the click timeout (counted at the timeout)
    reclicked: int = 0  # answers given again because the click was in flight when the server died
    errors: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)  # each click: label, outcome, shown afterwards
    states: list[list[Any]] = field(default_factory=list)


@dataclass
class Outcome:
    sessions: int
    per_server: dict[str, int]
    killed: str
    answers_given: int
    answers_stored: int
    assessments: int
    problems: list[str]  # what the database check found wrong
    errors: list[str]  # what the pages showed (exceptions, page errors, clicks that never finished)
    reconnect_ms: list[float]
    moved: int  # sessions of the killed server whose WebSocket nginx sent to the other one
    click_ms: list[float]
    timeouts: int
    reclicked: int
    click_timeout_s: float
    signed_in: bool
    # signed-in runs: sessions of the killed server still signed in as themselves at the end
    still_signed_in: int
    wall_s: float
    load: tuple[float, float, float]


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"the app server on {port} did not start; see {log}")


def start_provider(port: int, people: int, log: Path) -> subprocess.Popen[bytes]:
    """oidc-provider-mock with user0..user{people-1} at example.ca (a button each on its sign-in page),
    each with a verified e-mail: an unverified one names no organisation (mixdecide/auth.py)."""
    users = [
        {"sub": f"user{i}", "email": f"user{i}@example.ca", "email_verified": True, "name": f"User {i}"}
        for i in range(people)
    ]
    return oidc.start_provider(port, users, log)


def upstream_of(base: str, client: str) -> str:
    # the sticky cookie the session will carry (open_session): nginx routes by it
    req = urllib.request.Request(
        f"{base}/_stcore/health", headers={CLIENT_HEADER: client, "Cookie": f"mdroute={client}"}
    )
    with urllib.request.urlopen(req, context=insecure_context(), timeout=10) as r:
        return r.headers.get("X-Upstream", "")


def split_clients(base: str, upstreams: list[str], n: int) -> list[tuple[str, str]]:
    """n client addresses, as many sent to each server (the sticky hash decides where each goes;
    addresses are tried in order until every server has its share)."""
    want = {u: n // len(upstreams) + (1 if i < n % len(upstreams) else 0) for i, u in enumerate(upstreams)}
    chosen: list[tuple[str, str]] = []
    for i in range(1, 20 * n + 50):
        client = f"10.77.{i // 250}.{i % 250 + 1}"
        up = upstream_of(base, client)
        if want.get(up, 0) > 0:
            want[up] -= 1
            chosen.append((client, up))
            if len(chosen) == n:
                return chosen
    raise RuntimeError(f"could not split {n} clients over {upstreams}: {want} left")


async def wait_ready(page: Any, timeout_s: float, since: int | None = None) -> bool:
    """Until the questionnaire is drawn and idle; with `since` (a log mark), also until the
    connection came back after it and a run finished on the server it came back to."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            if (
                since is None or await page.evaluate("i => window.__backSince(i)", since)
            ) and await page.evaluate(READY_JS):
                return True
        except Exception:  # noqa: BLE001 - the page is navigating or reconnecting
            pass
        await asyncio.sleep(0.25)
    return False


async def open_session(browser: Any, base: str, s: Session) -> None:
    ctx = await browser.new_context(
        viewport={"width": 1280, "height": 900},
        ignore_https_errors=True,
        extra_http_headers={CLIENT_HEADER: s.client},
    )
    # deploy/nginx.conf routes by its mdroute cookie: the one split_clients probed with
    await ctx.add_cookies([{"name": "mdroute", "value": s.client, "url": base}])
    page = await ctx.new_page()
    page.on("pageerror", lambda e: s.errors.append(f"page error: {e}"))
    if s.signed_in:
        await page.goto(base)
        await page.get_by_role("button", name="Sign in").click(timeout=120_000)
        await page.wait_for_url("**/oauth2/authorize**", timeout=120_000)
        await page.get_by_role("button", name=f"user{s.index}", exact=True).click(timeout=60_000)
        await page.wait_for_url(f"{base}/**", timeout=120_000)
        try:
            await page.get_by_text("Signed in as").wait_for(timeout=120_000)
        except Exception:
            await page.screenshot(path=f"/tmp/deploy-two-signin-{s.index}.png")
            raise RuntimeError(f"session {s.index} did not sign in: {page.url}") from None
    await page.goto(f"{base}/assess")
    await page.evaluate(WATCH_JS)
    if not await wait_ready(page, 120):
        raise RuntimeError(f"session {s.index} did not draw the questionnaire")
    s.page = page


async def answer(
    s: Session, plan: list[tuple[str, str, str]], progress: dict[str, int], timeout_s: float
) -> None:
    """Give each answer of `plan` in turn. A click in flight when the connection drops is waited
    out: once the page is back (on the other server) the answer is checked and given again if the
    page does not show it, as a person would."""
    page = s.page
    for _, _, label in plan:
        for attempt in range(3):
            r = await page.evaluate(CLICK_JS, [label, timeout_s * 1000])
            if r["outcome"] == "done":
                s.clicks_ms.append(r["ms"])
            elif r["outcome"] == "dropped":
                if not await wait_ready(page, 120, since=r["mark"]):
                    s.errors.append(f"session {s.index}: the page did not come back after '{label}'")
                    return
                if s.signed_in and not await page.get_by_text("Signed in as").count():
                    s.errors.append(f"session {s.index}: not signed in any more after the reconnect")
                    return
            elif r["outcome"] == "timeout":
                s.clicks_ms.append(r["ms"])  # a lower bound: the run had not finished
                s.timeouts += 1
                if not await wait_ready(page, 120):
                    s.errors.append(f"session {s.index}: the page did not come back after '{label}'")
                    return
            else:
                seen = await page.evaluate(SEEN_JS)
                state = seen.split(" ", 1)[0]
                if state != "CONNECTED/notRunning" and attempt < 2 and await wait_ready(page, 120):
                    # the page was between runs or connections, as a person sees it for a moment
                    # before the options are back: they wait and click; an idle page without it fails
                    s.trace.append(f"{label}: missing while {state}, clicked again once the page was idle")
                    continue
                s.errors.append(f"session {s.index}: no option '{label}' on the page; it showed: {seen}")
                return
            await asyncio.sleep(0.3)
            shown = await page.evaluate(CHECKED_JS, label)
            s.trace.append(f"{label}: {r['outcome']}{'' if shown else ', not shown'}")
            if shown:
                break
            if attempt == 2:
                s.errors.append(f"session {s.index}: '{label}' not kept after 3 clicks")
                return
            s.reclicked += 1
        progress["done"] += 1
        exc = await page.locator('[data-testid="stException"]').count()
        if exc:
            s.errors.append(f"session {s.index}: an exception is shown after '{label}'")
            return
    if "a=" in page.url:
        s.assessment = page.url.split("a=", 1)[1].split("&")[0]


def check_database(
    url: str, sessions: list[Session], plan: list[tuple[str, str, str]]
) -> tuple[int, int, list[str]]:
    """(assessments, answers stored, problems): each session's assessment exists once, its audit
    trail is `created` then one `answer_changed` per later answer, in order, and it ends with the
    last answers given."""
    problems: list[str] = []
    stored = 0
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM assessment")).scalar_one()
            for s in sessions:
                if not s.assessment:
                    problems.append(f"session {s.index}: no assessment in its URL")
                    continue
                row = conn.execute(
                    text("SELECT version, answers FROM assessment WHERE id = :id"), {"id": s.assessment}
                ).one_or_none()
                if row is None:
                    problems.append(f"session {s.index}: assessment {s.assessment} not stored")
                    continue
                events = conn.execute(
                    text("SELECT action, target, new FROM audit_event WHERE assessment_id = :id ORDER BY id"),
                    {"id": s.assessment},
                ).all()
                created = [e for e in events if e.action == "created"]
                changed = [(e.target, e.new) for e in events if e.action == "answer_changed"]
                expected = [(q, o) for q, o, _ in plan[1:]]
                stored += len(created) + len(changed)
                if len(created) != 1:
                    problems.append(f"session {s.index}: {len(created)} 'created' events")
                if changed != expected:
                    problems.append(
                        f"session {s.index} ({s.upstream}): answer events {changed} != {expected}; clicks: {s.trace}"
                    )
                if row.version != len(plan):
                    problems.append(f"session {s.index}: version {row.version}, {len(plan)} answers given")
                answers = row.answers if isinstance(row.answers, dict) else {}
                final = {q: o for q, o, _ in plan}
                if {q: answers.get(q) for q in final} != final:
                    problems.append(f"session {s.index}: final answers {answers} != {final}")
    finally:
        engine.dispose()
    if count != len(sessions):
        problems.append(f"{count} assessments stored for {len(sessions)} sessions")
    return count, stored, problems


def reconnect_times(s: Session, kill_ms: float) -> float | None:
    """From the kill to the first run that finished after the page reconnected (None: it never
    dropped)."""
    dropped = back = False
    for at, attr, old, now in s.states:
        if at < kill_ms:
            continue
        if attr == "connection-state":
            dropped = dropped or now != "CONNECTED"
            back = dropped and now == "CONNECTED"
        elif back and old == "running" and now == "notRunning":
            return float(at - kill_ms)
    return None


def websocket_servers(access_log: Path) -> dict[str, list[str]]:
    """For each client address, the servers its WebSockets went to, in the order they closed."""
    seen: dict[str, list[str]] = {}
    for line in access_log.read_text(encoding="utf-8").splitlines():
        parts = line.split(maxsplit=3)  # client, status, uri, upstream(s) "a, b" when retried
        if len(parts) == 4 and parts[2].startswith("/_stcore/stream"):
            ups = [u.strip() for u in parts[3].split(",") if u.strip() not in ("-", "")]
            seen.setdefault(parts[0], []).extend(ups[-1:])
    return seen


def load_avg() -> tuple[float, float, float]:
    return os.getloadavg()


async def run_two(
    db_url: str,
    *,
    sessions: int = 40,
    answers: int = 8,
    ports: tuple[int, int, int, int, int],
    workdir: Path,
    per_browser: int = 10,
    click_timeout_s: float = 30,
    signed_in: bool = False,
    say: Any = print,
) -> Outcome:
    """The whole run; `ports` are (server A, server B, nginx HTTPS, nginx HTTP, OpenID provider)."""
    from playwright.async_api import async_playwright

    plan = [PLAN[i % len(PLAN)] for i in range(answers)]  # each one changes its question's value
    upgrade(db_url)  # once, as a deploy does (deploy/README.md); the servers do not migrate
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        MIXDECIDE_MIGRATE_ON_START="0",
        MIXDECIDE_SEED_DEMO="0",
        MIXDECIDE_TRUSTED_PROXIES="127.0.0.1",
        MIXDECIDE_DB_PATH=str(workdir / "unused.db"),
    )
    a_port, b_port, https, http, idp_port = ports
    idp = None
    if signed_in:
        idp = start_provider(idp_port, sessions, workdir / "oidc.log")
        secrets_file = workdir / "secrets.toml"
        secrets_file.write_text(
            f"""
[auth]
redirect_uri = "https://127.0.0.1:{https}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "mixdecide-bench"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "http://127.0.0.1:{idp_port}/.well-known/openid-configuration"

[mixdecide]
org_map = "example.ca=example"
default_role = "editor"
""",
            encoding="utf-8",
        )
        env["STREAMLIT_SECRETS_FILES"] = str(secrets_file)
    servers = {f"127.0.0.1:{p}": start_server(p, env, workdir / f"server-{p}.log") for p in (a_port, b_port)}
    proxy = None
    started = time.time()
    try:
        cert, key = self_signed_cert(workdir)
        site = render(
            CONF.read_text(encoding="utf-8"), https=https, http=http, upstreams=[a_port, b_port],
            cert=cert, key=key, extra=EXTRA,
        )  # fmt: skip
        proxy = start_nginx(workdir, site)
        base = f"https://127.0.0.1:{https}"
        wait_https(f"{base}/_stcore/health")
        people = [
            Session(i, c, u, signed_in=signed_in)
            for i, (c, u) in enumerate(split_clients(base, list(servers), sessions))
        ]
        per_server = dict(Counter(s.upstream for s in people))
        say(f"  sessions per server (X-Upstream): {per_server}")
        killed = f"127.0.0.1:{a_port}"

        async with async_playwright() as pw:
            browsers = [
                await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(math.ceil(sessions / per_browser))
            ]
            gate = asyncio.Semaphore(4)  # opening 40 pages at once only measures the queue

            async def opened(s: Session) -> None:
                async with gate:
                    await open_session(browsers[s.index // per_browser], base, s)

            t0 = time.time()
            await asyncio.gather(*(opened(s) for s in people))
            say(f"  {sessions} sessions open in {time.time() - t0:.0f} s; answering {answers} questions each")

            progress = {"done": 0}
            total = sessions * answers

            answering = asyncio.gather(*(answer(s, plan, progress, click_timeout_s) for s in people))
            while progress["done"] < total // 2 and not answering.done():
                await asyncio.sleep(0.1)
            if answering.done():
                raise RuntimeError(
                    "the sessions stopped before half the answers: "
                    + "; ".join(e for s in people for e in s.errors)
                )
            kill_ms = time.time() * 1000
            servers[killed].kill()  # as a crash or a power cut: no goodbye to the browsers
            say(f"  killed {killed} after {progress['done']} of {total} answers")
            await answering
            await asyncio.sleep(1)
            for s in people:
                s.states = await s.page.evaluate("() => window.__log")
            # after the reconnect, the other server still knows who each of the killed server's people is
            still_signed_in = 0
            for s in (p for p in people if signed_in and p.upstream == killed):
                # "Signed in as User 3 <user3@example.ca> · example · Editor" (the e-mail is drawn with
                # a word joiner before its "@", so the name is matched)
                if await s.page.get_by_text(re.compile(rf"Signed in as User {s.index}\b")).count():
                    still_signed_in += 1
                else:
                    shown = await s.page.evaluate(
                        "() => document.querySelector('[data-testid=stSidebar]')?.innerText.slice(0, 200)"
                    )
                    s.errors.append(
                        f"session {s.index}: not signed in as User {s.index} at the end: {shown!r}"
                    )
            for b in browsers:
                await b.close()  # closes every WebSocket: nginx logs where each one went
        time.sleep(1)

        on_killed = [s for s in people if s.upstream == killed]
        ws = websocket_servers(workdir / "access.log")
        moved = sum(1 for s in on_killed if ws.get(s.client, [])[-1:] == [f"127.0.0.1:{b_port}"])
        reconnect = [t for t in (reconnect_times(s, kill_ms) for s in on_killed) if t is not None]
        count, stored, problems = check_database(db_url, people, plan)
        errors = [e for s in people for e in s.errors]
        missing_reconnect = len(on_killed) - len(reconnect)
        if missing_reconnect:
            errors.append(f"{missing_reconnect} sessions of the killed server never showed a reconnect")
        return Outcome(
            sessions=sessions, per_server=per_server, killed=killed, answers_given=total,
            answers_stored=stored, assessments=count, problems=problems, errors=errors,
            reconnect_ms=reconnect, moved=moved, click_ms=[t for s in people for t in s.clicks_ms],
            timeouts=sum(s.timeouts for s in people), reclicked=sum(s.reclicked for s in people),
            click_timeout_s=click_timeout_s, signed_in=signed_in, still_signed_in=still_signed_in, wall_s=time.time() - started, load=load_avg(),
        )  # fmt: skip
    finally:
        if idp:
            idp.terminate()
            idp.wait(timeout=10)
        if proxy:
            proxy.terminate()
            proxy.wait(timeout=10)
        for proc in servers.values():
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def report(o: Outcome, pool: tuple[int, int]) -> str:
    survivors = o.sessions - o.per_server.get(o.killed, 0)
    lines = [
        f"  sessions: {o.sessions} ({'signed in' if o.signed_in else 'anonymous'}); per server: "
        + ", ".join(f"{u} {n}" for u, n in sorted(o.per_server.items())),
        f"  killed {o.killed} mid-way: {o.per_server.get(o.killed, 0)} sessions reconnected, "
        f"{o.moved} of them to the other server per nginx's log; {survivors} were not on it",
        *(
            [
                f"  still signed in as themselves after the reconnect: {o.still_signed_in} of "
                f"{o.per_server.get(o.killed, 0)} sessions of the killed server"
            ]
            if o.signed_in
            else []
        ),  # fmt: skip
        f"  answers given {o.answers_given}, stored {o.answers_stored} (exactly once each: "
        f"{'yes' if not o.problems else 'NO'}); assessments {o.assessments}",
        f"  errors: {len(o.errors)}; answers given again after the kill (click in flight): {o.reclicked}",
        f"  reconnect (kill to first finished run) p50 {pct(o.reconnect_ms, 50):.0f} ms, "
        f"p95 {pct(o.reconnect_ms, 95):.0f} ms (n={len(o.reconnect_ms)})",
        f"  click-to-settled p50 {pct(o.click_ms, 50):.0f} ms, p95 {pct(o.click_ms, 95):.0f} ms "
        f"(n={len(o.click_ms)}; {o.timeouts} clicks took longer than the {o.click_timeout_s:.0f} s timeout and count as "
        "that; clicks cut by the kill are not counted)",
        f"  pool per server {pool[0]} + {pool[1]} overflow; wall {o.wall_s:.0f} s; "
        f"load average {o.load[0]:.1f} {o.load[1]:.1f} {o.load[2]:.1f} ({os.cpu_count()} cores)",
    ]
    lines += [f"    problem: {p}" for p in o.problems[:20]] + [f"    error: {e}" for e in o.errors[:20]]
    lines += [
        "  row for deploy/README.md's table:",
        f"    | 2 servers, nginx, PostgreSQL | {o.sessions} | {pct(o.click_ms, 50):.0f} / "
        f"{pct(o.click_ms, 95):.0f} ms | {pct(o.reconnect_ms, 50) / 1000:.1f} / "
        f"{pct(o.reconnect_ms, 95) / 1000:.1f} s | {o.answers_stored}/{o.answers_given}, "
        f"{len(o.errors)} errors | {pool[0]} + {pool[1]} | load {o.load[0]:.1f}, {os.cpu_count()} cores |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--answers", type=int, default=8, help=f"answers each session gives (at most {len(PLAN)} "
                        "different ones; more repeat the cycle)")  # fmt: skip
    parser.add_argument(
        "--ports",
        default="8780-8784",
        help="five ports: server A, server B, nginx HTTPS, HTTP, OpenID provider",
    )
    parser.add_argument(
        "--signed-in", action="store_true", help="each session signs in first (OpenID provider)"
    )
    parser.add_argument(
        "--workdir", help="keep nginx's and the servers' logs here (default: a temporary folder)"
    )
    parser.add_argument(
        "--per-browser", type=int, default=10, help="sessions (contexts) per Chromium process"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgresql"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (createdb first): the servers share it")
    first = int(args.ports.split("-")[0])
    ports = (first, first + 1, first + 2, first + 3, first + 4)
    url, schema = pg_schema_url(base, prefix="deploytwo_")
    pool = pool_sizes(os.environ)
    who = "signed in" if args.signed_in else "anonymous"
    print(
        f"Two servers behind nginx on PostgreSQL ({args.sessions} {who} sessions, {args.answers} answers each)"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="deploy-two-") as tmp:
            if args.workdir:
                Path(args.workdir).mkdir(parents=True, exist_ok=True)
                tmp = args.workdir
            o = asyncio.run(
                run_two(url, sessions=args.sessions, answers=args.answers, ports=ports, workdir=Path(tmp),
                        per_browser=args.per_browser, signed_in=args.signed_in)
            )  # fmt: skip
        print(report(o, pool))
    finally:
        drop_schema(base, schema)
    if o.problems or o.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
