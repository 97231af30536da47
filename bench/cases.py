"""Similar-cases benchmark: time to find the 3 nearest of 1,000 cases. Prints figures; never asserts.

The 1,000 cases are the pack's real cases with their answers replaced by random valid answer
sets (fixed seed), so the library's size, not its content, is what is measured.
Run from the project root: ``.venv/bin/python bench/cases.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from mixdecide.cases import Case, CaseIndex, nearest_cases, pack_cases, with_local  # noqa: E402
from mixdecide.pack import load_pack  # noqa: E402
from tests.helpers.answers import random_answer_sets  # noqa: E402

SEED = 20261129
LIBRARY = 1_000
QUERIES = 300
TARGET_MS = 5.0


def main() -> None:
    pack = load_pack()
    real = pack_cases(pack)
    answers = random_answer_sets(pack, LIBRARY + QUERIES, seed=SEED)
    library = [
        Case.model_validate(
            {**real[i % len(real)].model_dump(), "id": f"case_{i:04d}", "answers": answers[i]}
        )
        for i in range(LIBRARY)
    ]
    queries = answers[LIBRARY:]
    t0 = time.perf_counter_ns()
    index = CaseIndex(pack, library)  # built once per loaded pack in the product
    build_ms = (time.perf_counter_ns() - t0) / 1e6
    for q in queries[:30]:  # warm up
        index.nearest(q)
    samples, cpu = [], []
    for q in queries:
        t0, c0 = time.perf_counter_ns(), time.process_time_ns()
        index.nearest(q, k=3)
        samples.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    p50 = statistics.median(samples)
    print(
        f"MIX Decide similar-cases benchmark - pack {pack.id}; Python {platform.python_version()}; seed {SEED}"
    )
    print(
        f"nearest 3 of {LIBRARY} cases   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   ({QUERIES} queries; "
        f"target <= {TARGET_MS:g} ms: {'met' if p50 <= TARGET_MS else 'MISSED'})"
    )
    cpu50 = statistics.median(cpu)
    print(
        f"CPU time per lookup      p50 {cpu50:6.2f} ms   (steadier on a shared machine; {'met' if cpu50 <= TARGET_MS else 'MISSED'})"
    )
    print(f"index of {LIBRARY} cases built once in {build_ms:.1f} ms")
    # The Recommendation page with a local case library: the pack's cases plus 1,000 imported ones,
    # looked up through nearest_cases(with_local(...)) as the page does on every run.
    combined = with_local(pack, library)
    nearest_cases(pack, queries[0], combined)  # the first run builds the index
    local = []
    for q in queries:
        t0 = time.perf_counter_ns()
        nearest_cases(pack, q, with_local(pack, library), k=3)
        local.append((time.perf_counter_ns() - t0) / 1e6)
    print(
        f"pack + {LIBRARY} local cases p50 {statistics.median(local):6.2f} ms   (per page run, index kept between runs)"
    )


if __name__ == "__main__":
    main()
