"""A crowded workshop: N participants as real Streamlit sessions over the WebSocket.

    .venv/bin/python bench/workshop.py --crowd 50 [--think 1 4] [--idle 30] [--app-root DIR] [--port 8630]

1. Idle: N participants have their page open and do nothing for ``--idle`` seconds; their pages'
   status checks are all the server does. The health endpoint is polled every 0.5 s.
2. Answering: each participant answers the whole questionnaire, a random ``--think`` seconds
   (1-4 s) before each answer. Answer -> confirmation is the time from the changed widget being
   sent to the end of the run it causes (the participant sees the progress bar move). The health
   endpoint is polled meanwhile.
3. The database is read back: every answer sent is stored exactly once, with the value last sent.

Targets: answer -> confirmation p95 <= 1 s, health p95 <= 200 ms, 0 errors, every answer stored
exactly once. ``--app-root`` runs the server from another checkout (e.g. the code before a change)
against the same database. Prints figures; never asserts on time (STYLE.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from sqlalchemy import create_engine, select

from bench.st_client import StClient
from mixdecide.pack import Pack
from mixdecide.workshop.models import ANSWER

TARGETS = "targets: answer p95 <= 1 s, health p95 <= 200 ms, 0 errors, every answer stored once"
PQ = "wk.q."  # ui/workshop_keys.py PQ: the participant's answer widget of a question


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def figure(name: str, values: list[float], unit: str = "s") -> str:
    if not values:
        return f"{name}: no samples"
    k = 1000 if unit == "ms" else 1
    return (
        f"{name}: n={len(values)} p50 {k * pct(values, 50):.{0 if k > 1 else 2}f} {unit}, "
        f"p95 {k * pct(values, 95):.{0 if k > 1 else 2}f} {unit}, max {k * max(values):.{0 if k > 1 else 2}f} {unit}"
    )


def start_server(root: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with socket.socket() as probe:  # a server left on the port would answer the health check
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is in use: pick another with --port")
    cmd = [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"server did not start; see {log}")


@dataclass
class Poller:
    url: str
    samples: list[float] = field(default_factory=list)
    failures: int = 0

    def _get(self) -> float:
        t0 = time.perf_counter()
        with urllib.request.urlopen(self.url, timeout=60) as r:
            r.read()
        return time.perf_counter() - t0

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                self.samples.append(await asyncio.to_thread(self._get))
            except OSError:
                self.failures += 1
            await asyncio.sleep(0.5)


@dataclass
class Participant:
    client: StClient
    pack: Pack
    rng: random.Random
    sent: dict[str, Any] = field(default_factory=dict)  # question id -> value last sent
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _pending(self) -> list[str]:
        qids = [k[len(PQ) :] for k in self.client.widgets if k.startswith(PQ)]
        return [q for q in qids if q in self.pack.questions and q not in self.sent]

    def _value(self, qid: str) -> tuple[Any, Any]:
        """(what the widget sends, what the store should hold)."""
        q = self.pack.questions[qid]
        if q.type == "choice":
            ids = [o.id for o in q.options] + ["unknown"]
            w = self.client.widgets[PQ + qid]
            i = self.rng.randrange(len(w.options))
            return w.options[i], ids[i]
        # a duration (bounded above) or an amount
        value = float(self.rng.choice([6, 12, 24]) if q.max is not None and q.max < 1000 else 250_000)
        return value, value

    async def answer_all(self, think: tuple[float, float]) -> None:
        while True:
            pending = self._pending()
            if not pending:
                return
            qid = pending[0]
            widget_value, stored = self._value(qid)
            await asyncio.sleep(self.rng.uniform(*think))
            self.sent[qid] = stored  # sent: the server may store it even if it never confirms
            try:
                self.latencies.append(await self.client.set_and_run(PQ + qid, widget_value, timeout=90))
            except TimeoutError:
                self.errors.append(f"timeout answering {qid}")
                return
            except websockets.ConnectionClosed as exc:
                self.errors.append(f"connection closed answering {qid}: {exc}")
                return


async def _open(base: str, token: str, stagger: float) -> StClient:
    await asyncio.sleep(stagger)
    c = StClient(base=base, page="join", query=f"p={token}")
    await c.connect()
    await c.run(timeout=180)
    return c


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux): a figure a busy machine does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def crowd_async(
    port: int, tokens: list[str], pack: Pack, idle_s: float, think: tuple[float, float], pid: int
):
    base = f"ws://127.0.0.1:{port}"
    poll = Poller(f"http://127.0.0.1:{port}/_stcore/health")
    clients = await asyncio.gather(*(_open(base, t, i * 0.2) for i, t in enumerate(tokens)))
    stop = asyncio.Event()
    task = asyncio.create_task(poll.run(stop))
    c0 = cpu_seconds(pid)
    await asyncio.sleep(idle_s)
    idle_cpu = cpu_seconds(pid) - c0
    stop.set()
    await task
    idle = (list(poll.samples), poll.failures, idle_cpu)
    status_runs = sum(c.fragment_runs for c in clients)

    poll = Poller(poll.url)
    stop = asyncio.Event()
    task = asyncio.create_task(poll.run(stop))
    people = [Participant(c, pack, random.Random(i)) for i, c in enumerate(clients)]
    t0, c0 = time.perf_counter(), cpu_seconds(pid)
    await asyncio.gather(*(p.answer_all(think) for p in people))
    answering_s = time.perf_counter() - t0
    busy_cpu = cpu_seconds(pid) - c0
    stop.set()
    await task
    for c in clients:
        await c.close()
    return idle, status_runs, (list(poll.samples), poll.failures, busy_cpu), people, answering_s


def stored_exactly_once(
    eng, participant_ids: list[str], people: list[Participant]
) -> tuple[int, int, list[str]]:
    """(answers checked, answers wrong, problems): each sent answer is one row with the value
    last sent, and nothing else is stored."""
    problems: list[str] = []
    n = bad = 0
    with eng.connect() as s:
        for pid, person in zip(participant_ids, people, strict=True):
            rows = s.execute(
                select(ANSWER.c.question_id, ANSWER.c.value).where(ANSWER.c.participant_id == pid)
            ).all()
            qids = [q for q, _ in rows]
            if len(qids) != len(set(qids)):
                problems.append(f"{pid}: a question stored twice")
            got = dict(rows)
            for qid, value in person.sent.items():
                n += 1
                if qid not in got:
                    bad += 1
                    problems.append(f"{pid}: {qid} missing")
                elif got[qid] != value and not (isinstance(value, float) and float(got[qid]) == value):
                    bad += 1
                    problems.append(f"{pid}: {qid} stored {got[qid]!r}, sent {value!r}")
            extra = set(got) - set(person.sent)
            if extra:
                problems.append(f"{pid}: unexpected answers {sorted(extra)}")
    return n, bad, problems


# Run with the checkout under test's own code, so that its schema (migrations) is the one made.
SETUP = """
import json, sys
from mixdecide.pack import load_pack
from mixdecide.store import make_engine, seed_demo, session_scope, upgrade
from mixdecide.workshop import create_workshop, join
from tests.helpers.store import new_assessment
url, n = sys.argv[1], int(sys.argv[2])
pack = load_pack()
eng = make_engine(url)
upgrade(eng)
with session_scope(eng) as s:
    seed_demo(session=s, pack=pack)
aid = new_assessment(eng, pack, title="Bench", actor="bench").id
with session_scope(eng) as s:
    w = create_workshop(session=s, assessment_id=aid, title="Bench workshop",
                        sections=[x.id for x in pack.sections], actor="bench", pack=pack)
out = {"workshop": w.workshop.id, "tokens": [], "ids": []}
for i in range(n):
    with session_scope(eng) as s:  # no client keys: the bench is not the rate limit's subject
        j = join(session=s, code=w.workshop.code, name=f"Participant {i}")
    out["tokens"].append(j.token)
    out["ids"].append(j.participant.id)
print(json.dumps(out))
"""


def setup_in(root: Path, url: str, n: int, env: dict[str, str]) -> tuple[list[str], list[str]]:
    """(participant tokens, participant ids) of a new workshop, made by ``root``'s code."""
    run_env = {**env, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", SETUP, url, str(n)], cwd=root, env=run_env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out["tokens"], out["ids"]


def run_crowd(*, url: str, pack: Pack, args, env: dict[str, str], tmp: Path) -> None:
    root = Path(args.app_root).resolve()
    print(f"\n== crowd: {args.crowd} participants over the WebSocket, server from {root} ==")
    tokens, ids = setup_in(root, url, args.crowd, env)
    eng = create_engine(url)
    server = start_server(root, args.port, env, tmp / "server.log")
    try:
        idle, status_runs, busy, people, answering_s = asyncio.run(
            crowd_async(args.port, tokens, pack, args.idle, (args.think[0], args.think[1]), server.pid)
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"idle {args.idle:.0f} s, {status_runs} status checks run: " + figure("health", idle[0], "ms"))
    print(f"idle: server CPU {idle[2]:.1f} s in {args.idle:.0f} s")
    latencies = [x for p in people for x in p.latencies]
    print(f"answering ({answering_s:.0f} s): " + figure("answer -> confirmation", latencies))
    print(
        f"answering: server CPU {busy[2]:.1f} s in {answering_s:.0f} s, "
        f"{1000 * busy[2] / max(len(latencies), 1):.0f} ms per answer"
    )
    print("answering: " + figure("health", busy[0], "ms"))
    errors = [e for p in people for e in p.errors + p.client.exceptions]
    errors += [f"health failed {idle[1] + busy[1]} times"] if idle[1] + busy[1] else []
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    n, bad, problems = stored_exactly_once(eng, ids, people)
    eng.dispose()
    print(
        f"stored exactly once: {n - bad}/{n} answers sent"
        + (f"; problems: {problems[:3]}" if problems else " - yes")
    )
    print(TARGETS)
