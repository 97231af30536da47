"""Engine benchmark: prints figures for the real pack, next to their targets. Never asserts on time.

Run from the project root: ``.venv/bin/python bench/engine.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import datetime as dt  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from mixdecide.answers import normalize_answers, visible_answers  # noqa: E402
from mixdecide.engine import assess  # noqa: E402
from mixdecide.explain import explore  # noqa: E402
from mixdecide.pack import Pack, load_pack  # noqa: E402
from mixdecide.scoring import make_context, rank, scorer  # noqa: E402
from mixdecide.thresholds import threshold_table  # noqa: E402
from tests.helpers.answers import random_answer_sets  # noqa: E402

SEED = 20260301
TODAY = dt.date(2026, 3, 1)
LATENCY_SETS = 2_000
THROUGHPUT_SETS = 10_000
TARGET_ASSESS_P50_MS = 1.0
TARGET_EXPLAIN_MS = 50.0


def timings_ms(fn, inputs) -> list[float]:
    out = []
    for x in inputs:
        t0 = time.perf_counter_ns()
        fn(x)
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def cpu_timings_ms(fn, inputs) -> list[float]:
    """CPU time of this thread per call: what the code costs, without the time another process on
    a shared machine holds the core (wall-clock figures include that wait)."""
    out = []
    for x in inputs:
        t0 = time.thread_time_ns()
        fn(x)
        out.append((time.thread_time_ns() - t0) / 1e6)
    return out


def p50_p95(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), q[94]


def explain_only(pack: Pack):
    """A callable that runs just the what-would-change-it analysis, the rest prepared beforehand."""
    sc = scorer(pack)
    table = threshold_table(pack, TODAY)

    def prepare(answers):
        clean = normalize_answers(pack, answers)
        shown, visible = visible_answers(pack, clean)
        fired = sc.fired(make_context(table, shown))
        ranked, _ = rank(pack, shown, fired)
        return clean, shown, visible, fired, ranked[0].route if ranked else None

    def run(prepared):
        clean, shown, visible, fired, top = prepared
        explore(pack, table, clean, shown, visible, fired, top)

    return prepare, run


def verdict(value: float, target: float) -> str:
    return f"target <= {target:g} ms: {'met' if value <= target else 'MISSED'}"


def main() -> None:
    t0 = time.perf_counter()
    pack = load_pack()
    first_load = time.perf_counter() - t0
    reloads = []
    for _ in range(3):
        t0 = time.perf_counter()
        load_pack()
        reloads.append(time.perf_counter() - t0)

    print(
        f"MIX Decide engine benchmark - pack {pack.id} {pack.version} "
        f"({len(pack.questions)} questions, {len(pack.routes)} routes, {len(pack.rules)} rules)"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}; seed {SEED}; date {TODAY}")
    print()
    print(
        f"load_pack              first {first_load * 1000:8.1f} ms   median of 3 reloads "
        f"{statistics.median(reloads) * 1000:8.1f} ms"
    )

    sets = random_answer_sets(pack, LATENCY_SETS, seed=SEED)
    for answers in sets[:200]:  # warm up caches (scorer, dependents) and the interpreter
        assess(pack, answers, today=TODAY)

    full = timings_ms(lambda a: assess(pack, a, today=TODAY), sets)
    fast = timings_ms(lambda a: assess(pack, a, today=TODAY, explain=False), sets)
    prepare, run = explain_only(pack)
    prepared = [prepare(a) for a in sets]
    explain = timings_ms(run, prepared)

    full50, full95 = p50_p95(full)
    fast50, fast95 = p50_p95(fast)
    ex50, ex95 = p50_p95(explain)
    print(
        f"assess (explain=True)  p50 {full50:8.3f} ms   p95 {full95:8.3f} ms   "
        f"over {len(sets):,} answer sets   [p50 {verdict(full50, TARGET_ASSESS_P50_MS)}]"
    )
    print(
        f"assess (explain=False) p50 {fast50:8.3f} ms   p95 {fast95:8.3f} ms   "
        f"over {len(sets):,} answer sets   [p50 {verdict(fast50, TARGET_ASSESS_P50_MS)}]"
    )
    print(
        f"what-would-change-it   p50 {ex50:8.3f} ms   p95 {ex95:8.3f} ms   "
        f"(explain.explore alone; full minus fast p50 {full50 - fast50:.3f} ms)   "
        f"[p95 {verdict(ex95, TARGET_EXPLAIN_MS)}]"
    )

    cpu50, cpu95 = p50_p95(cpu_timings_ms(lambda a: assess(pack, a, today=TODAY), sets))
    print(
        f"assess CPU time        p50 {cpu50:8.3f} ms   p95 {cpu95:8.3f} ms   "
        f"(explain=True, this thread's CPU only)   [p50 {verdict(cpu50, TARGET_ASSESS_P50_MS)}]"
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load is not None:
        print(f"load average           {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")

    many = random_answer_sets(pack, THROUGHPUT_SETS, seed=SEED + 1)
    t0 = time.perf_counter()
    for answers in many:
        assess(pack, answers, today=TODAY)
    elapsed = time.perf_counter() - t0
    print(
        f"throughput             {len(many) / elapsed:8.0f} calls/s   "
        f"({len(many):,} answer sets, explain=True, {elapsed:.2f} s)"
    )


if __name__ == "__main__":
    main()
