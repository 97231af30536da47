"""Workshop benchmarks: the facilitator board with 30 participants, and how long an answer takes
to appear on it.

    .venv/bin/python bench/workshop.py [--participants 30] [--repeat 20] [--latency 12]
    .venv/bin/python bench/workshop.py --crowd 50 --crowd-only [--app-root DIR] [--port 8630]

1. Server-side render time of the facilitator board with 30 participants who answered the whole
   questionnaire: the board's data (four queries, aggregation, one engine run per participant),
   the live-board fragment as the app draws it (AppTest), and the whole facilitator page.
   Target: <= 300 ms for the board.
2. Answer -> board: a real `streamlit run` server shows the board in Chromium; a participant's
   answer is committed; the time until the board shows it, without any reload. The board redraws
   every REFRESH_S seconds, so the expected figure is up to REFRESH_S plus the render.
   Target: <= REFRESH_S + 1 s.

3. ``--crowd 50``: 50 participants as real Streamlit sessions over the WebSocket, idle and then
   answering the whole questionnaire; answer -> confirmation, the health endpoint, errors, server
   CPU and every answer stored exactly once (``bench/crowd.py``; ``--crowd-only`` skips 1 and 2,
   ``--app-root`` runs another checkout's server, e.g. the code before a change).

Runs on a temporary SQLite file, and also on a temporary schema of PostgreSQL when
TEST_DATABASE_URL or DATABASE_URL is set. Prints figures; never asserts on time (STYLE.md).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from mixdecide.pack import load_pack  # noqa: E402
from mixdecide.store import seed_demo, session_scope, upgrade  # noqa: E402
from mixdecide.store.db import make_engine  # noqa: E402
from mixdecide.workshop import board_data, create_workshop, join, save_participant_answer  # noqa: E402
from tests.helpers.databases import drop_schema, pg_schema_url  # noqa: E402
from tests.helpers.store import new_assessment  # noqa: E402

REFRESH_S = 3  # pages/workshop.py REFRESH_S
TARGET_BOARD_MS = 300
TARGET_LATENCY_S = REFRESH_S + 1
PACK = load_pack()
OPENING = {"need_clarity": "problem_clear_solution_open", "multi_buyer": "possible", "personal_data": "some"}


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.0f} ms"


def answers_for(i: int) -> dict:
    rng = random.Random(i)
    out = {}
    for q in PACK.questions.values():
        if q.id in OPENING:
            out[q.id] = OPENING[q.id]
        elif q.type == "choice":
            out[q.id] = rng.choice([o.id for o in q.options] + ["unknown"])
        else:
            out[q.id] = (
                rng.choice([6, 12, 24]) if q.id == "timeline_months" else rng.choice([50_000, 250_000])
            )
    return out


HELD_BACK = "sme_objective"  # left empty by the first participants; each timed answer fills one


def setup(url: str, participants: int, held_back: int):
    """A migrated, seeded database with one workshop answered in full by ``participants`` people
    (but for HELD_BACK by the first ``held_back`` of them)."""
    eng = make_engine(url)
    upgrade(eng)
    with session_scope(eng) as s:
        seed_demo(session=s, pack=PACK)
    aid = new_assessment(eng, PACK, title="Bench", actor="bench").id
    with session_scope(eng) as s:
        created = create_workshop(
            session=s,
            assessment_id=aid,
            title="Bench workshop",
            sections=[x.id for x in PACK.sections],
            actor="bench",
            pack=PACK,
        )
    tokens = []
    for i in range(participants):
        with session_scope(eng) as s:
            joined = join(session=s, code=created.workshop.code, name=f"Participant {i}")
            assert joined is not None
            for qid, value in answers_for(i).items():
                if i < held_back and qid == HELD_BACK:
                    continue
                save_participant_answer(
                    session=s, token=joined.token, question_id=qid, value=value, pack=PACK
                )
        tokens.append(joined.token)
    return eng, created, tokens


def time_board_data(eng, created, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        with session_scope(eng, readonly=True) as s:
            board = board_data(session=s, workshop_id=created.workshop.id, secret=created.secret, pack=PACK)
        out.append(time.perf_counter() - t0)
    assert len(board.participants) and board.answers_stored
    return out


BOARD_SCRIPT = """
import streamlit as st
from ui.state import get_pack
from ui import workshop_data as data
from ui.workshop_board import board_view
board = data.board(st.query_params["w"], st.query_params["k"])
board_view(get_pack(), board)
"""


def time_apptest(created, repeat: int) -> tuple[list[float], list[float]]:
    """(board fragment, whole facilitator page) server-side run times, through AppTest."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    params = {"w": created.workshop.id, "k": created.secret}
    fragment = AppTest.from_string(BOARD_SCRIPT, default_timeout=60)
    page = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=60)
    runs: tuple[list[float], list[float]] = ([], [])
    for at, out in ((fragment, runs[0]), (page, runs[1])):
        at.query_params.update(params)
        at.run()  # warm-up: imports, caches
        assert not at.exception, [e.value for e in at.exception]
        for _ in range(repeat):
            t0 = time.perf_counter()
            at.run()
            out.append(time.perf_counter() - t0)
        assert not at.exception, [e.value for e in at.exception]
    return runs


def measure_latency(url_env: dict[str, str], eng, created, tokens, samples: int) -> list[float] | str:
    """Seconds from a committed answer to the board showing it, in Chromium on a real server."""
    if samples <= 0:
        return "skipped (--latency 0)"
    try:
        from playwright.sync_api import sync_playwright

        from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, Server, open_app
    except ImportError as exc:
        return f"skipped ({exc})"
    if not Path(CHROMIUM).exists():
        return f"skipped (no Chromium at {CHROMIUM})"
    server = Server(url_env).start()
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            open_app(page, f"{server.url}/workshop?w={created.workshop.id}&k={created.secret}")
            metric = page.locator('[data-testid="stMetric"]').filter(has_text="Answers given").first
            value = metric.locator('[data-testid="stMetricValue"]')
            page.wait_for_function("el => el.innerText.trim().length > 0", arg=value.element_handle())
            rng = random.Random(1)
            for i in range(min(samples, len(tokens))):
                page.wait_for_timeout(rng.uniform(0, REFRESH_S * 1000))  # land anywhere in the refresh cycle
                before = value.inner_text().strip()
                with session_scope(eng) as s:  # one more answer: the board's count goes up by one
                    save_participant_answer(
                        session=s, token=tokens[i], question_id=HELD_BACK, value="yes", pack=PACK
                    )
                t0 = time.perf_counter()
                while time.perf_counter() - t0 < 4 * REFRESH_S:
                    try:
                        if value.inner_text().strip() != before:
                            break
                    except Exception:  # noqa: BLE001 - redrawn under our feet
                        pass
                    page.wait_for_timeout(25)
                out.append(time.perf_counter() - t0)
            browser.close()
    finally:
        server.stop()
    return out


def run(name: str, url: str, env: dict[str, str], args: argparse.Namespace) -> None:
    if args.crowd:
        from bench.crowd import run_crowd

        os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "MIXDECIDE_DB_PATH")})
        run_crowd(url=url, pack=PACK, args=args, env=env, tmp=Path(url.split("///")[-1]).parent)
        if args.crowd_only:
            return
    print(f"\n== {name}: {args.participants} participants x {len(PACK.questions)} answers ==")
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "MIXDECIDE_DB_PATH")})
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    eng, created, tokens = setup(url, args.participants, args.latency)
    data = time_board_data(eng, created, args.repeat)
    print(
        f"board data (4 queries + aggregation + {args.participants} engine runs): "
        f"median {ms(statistics.median(data))}, max {ms(max(data))}"
    )
    fragment, page = time_apptest(created, args.repeat)
    print(
        f"board fragment, server-side render (AppTest): median {ms(statistics.median(fragment))}, "
        f"max {ms(max(fragment))}  (target <= {TARGET_BOARD_MS} ms)"
    )
    print(
        f"whole facilitator page, server-side (AppTest): median {ms(statistics.median(page))}, max {ms(max(page))}"
    )
    latency = measure_latency(env, eng, created, tokens, args.latency)
    if isinstance(latency, str):
        print(f"answer -> board: {latency}")
    else:
        print(
            f"answer -> board in Chromium ({len(latency)} answers, refresh every {REFRESH_S} s): "
            f"median {statistics.median(latency):.2f} s, max {max(latency):.2f} s  "
            f"(target <= {TARGET_LATENCY_S} s)"
        )
    eng.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--latency", type=int, default=12, help="answers timed in the browser (0: skip)")
    parser.add_argument("--crowd", type=int, default=0, help="participants over the WebSocket (0: skip)")
    parser.add_argument("--crowd-only", action="store_true", help="only the crowd, on SQLite")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), help="seconds before each answer")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds the crowd sits idle first")
    parser.add_argument("--app-root", default=str(ROOT), help="checkout whose app.py the crowd server runs")
    parser.add_argument("--port", type=int, default=8630)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        env = {**os.environ, "MIXDECIDE_DB_PATH": str(path)}
        env.pop("DATABASE_URL", None)
        run("SQLite", f"sqlite:///{path}", env, args)
    base = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if args.crowd_only:
        return
    if base:
        url, schema = pg_schema_url(base, prefix="mixbench_")
        try:
            run("PostgreSQL", url, {**os.environ, "DATABASE_URL": url}, args)
        finally:
            drop_schema(base, schema)
    else:
        print("\n(PostgreSQL skipped: set TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()
