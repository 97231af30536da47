"""Many people saving at once: every accepted save is stored, every stale one refused, and the
database never reports itself locked."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from mixdecide.engine import assess
from mixdecide.store import (
    StaleSave,
    audit_trail,
    get_assessment,
    save_assessment,
    session_scope,
)
from mixdecide.store.models import AssessmentRisk
from tests.helpers.store import new_assessment

THREADS = 20
SAVES_PER_THREAD = 50  # 1,000 saves in all


@pytest.mark.slow
def test_concurrent_saves(engine, pack):
    results = [assess(pack, ex.answers, today=ex.today) for ex in pack.examples[:4]]
    shared = new_assessment(engine, pack, title="Shared by every thread").id
    private = [new_assessment(engine, pack, title=f"Thread {t}'s own").id for t in range(THREADS)]

    lock = threading.Lock()
    accepted: Counter[str] = Counter()
    stale: Counter[str] = Counter()
    values: dict[str, set[int]] = defaultdict(set)
    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def worker(t: int) -> None:
        start.wait()
        for i in range(SAVES_PER_THREAD):
            target = shared if i % 2 == 0 else private[t]
            value = t * 1000 + i + 1  # unique, so every accepted save changes exactly one answer
            try:
                with session_scope(engine, readonly=True) as s:
                    rec = get_assessment(session=s, id=target)
                with session_scope(engine) as s:
                    save_assessment(
                        session=s,
                        id=target,
                        expected_version=rec.version,
                        actor=f"user-{t}",
                        answers={**rec.answers, "estimated_value_cad": value},
                        result=results[i % 4],
                    )
            except StaleSave:
                with lock:
                    stale[target] += 1
            except Exception as exc:  # anything else (e.g. OperationalError) fails the test
                with lock:
                    errors.append(repr(exc))
            else:
                with lock:
                    accepted[target] += 1
                    values[target].add(value)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()

    assert errors == []  # zero OperationalError / "database is locked"
    assert sum(accepted.values()) + sum(stale.values()) == THREADS * SAVES_PER_THREAD
    assert accepted[shared] >= 1
    assert all(stale[p] == 0 and accepted[p] == SAVES_PER_THREAD // 2 for p in private)
    with session_scope(engine, readonly=True) as s:
        for target in [shared, *private]:
            rec = get_assessment(session=s, id=target)
            assert rec.version - 1 == accepted[target]
            changes = [
                e for e in audit_trail(session=s, id=target, limit=10_000) if e.action == "answer_changed"
            ]
            assert len(changes) == accepted[target]
            assert {e.new for e in changes} == values[target]
            assert rec.answers["estimated_value_cad"] == changes[0].new  # the last accepted save won
            risk_rows = s.execute(
                select(func.count()).where(AssessmentRisk.assessment_id == target)
            ).scalar_one()
            assert risk_rows == len(rec.risks) == len(results[0].risks)
    print(
        f"\naccepted {sum(accepted.values())}, stale {sum(stale.values())} (shared: {accepted[shared]} accepted)"
    )
