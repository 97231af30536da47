"""Random but valid answer sets, for property tests and the engine benchmark."""

from __future__ import annotations

import random
from typing import Any

from mixdecide.pack import Pack


def random_answer_sets(pack: Pack, n: int, seed: int) -> list[dict[str, Any]]:
    """Random valid answers: each question missing, "unknown", or an option / a number near a cut point."""
    rng = random.Random(seed)
    numbers: dict[str, list[float]] = {}
    for q in pack.questions.values():
        if q.type != "number":
            continue
        cuts = {c for r in pack.rules for qid, c in r.cond.cut_points if qid == q.id}
        if q.id == pack.thresholds.value_question:
            cuts |= {v for a in pack.thresholds.agreements for p in a.periods for v in p.values.values()}
        values = {0.0, 1.0} | {v for c in cuts for v in (c - 1, c, c + 1)}
        low_ok = (lambda v, q=q: v > q.min) if q.min_exclusive else (lambda v, q=q: v >= q.min)
        numbers[q.id] = sorted(
            v for v in values if (q.min is None or low_ok(v)) and (q.max is None or v <= q.max)
        )
    sets = []
    for _ in range(n):
        answers: dict[str, Any] = {}
        for q in pack.questions.values():
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.30:
                answers[q.id] = "unknown"
            elif q.type == "choice":
                answers[q.id] = rng.choice(q.options).id
            else:
                answers[q.id] = rng.choice(numbers[q.id])
        sets.append(answers)
    return sets
