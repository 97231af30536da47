"""Store benchmarks: save latency, and portfolio queries over 10,000 stored assessments.

    .venv/bin/python bench/store.py [--n 10000] [--saves 300]

Runs on a temporary SQLite file and, when TEST_DATABASE_URL or DATABASE_URL is set, on a
temporary schema of that PostgreSQL database (dropped afterwards). Prints figures with the
targets next to them; never asserts on time (STYLE.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from mixdecide.engine import assess  # noqa: E402
from mixdecide.pack import load_pack  # noqa: E402
from mixdecide.store import (  # noqa: E402
    PortfolioFilter,
    get_assessment,
    list_assessments,
    portfolio_summary,
    save_assessment,
    session_scope,
    upgrade,
)
from mixdecide.store.db import database_url, make_engine  # noqa: E402
from mixdecide.store.models import Assessment, AssessmentRisk, AuditEvent  # noqa: E402
from mixdecide.store.rows import result_columns, risk_rows  # noqa: E402
from tests.helpers.store import new_assessment  # noqa: E402

TARGET_SAVE_P95_MS = {"sqlite": 30, "postgresql": 50}
TARGET_QUERY_S = 1.0
MUNICIPALITIES = ["Guelph", "London", "Barrie", "Kitchener", "Thunder Bay", "Kingston", "Peterborough",
                  "County of Wellington", "Windsor", "Greater Sudbury", "Ottawa", "Hamilton"]  # fmt: skip
DEPARTMENTS = ["Public Works", "Transit", "Parks and Recreation", "Information Technology", "Water and Wastewater",
               "Community Services", "Fire and Rescue", "Planning and Development"]  # fmt: skip
OWNERS = [
    "Priya Raman",
    "Marc Tremblay",
    "Jennifer Okafor",
    "Daniel Schultz",
    "Anne Lacroix",
    "Robert Meyers",
]
STATUSES = ["draft"] * 6 + ["final"] * 3 + ["archived"]


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bench_saves(engine, pack, results, n: int) -> tuple[float, float]:
    """Latency of one realistic autosave unit of work: load, save answers + snapshot + risk rows."""
    rec = new_assessment(engine, pack, results[0].answers, title="Bench save", actor="bench")
    version, times = rec.version, []
    for i in range(n):
        result = results[i % len(results)]
        answers = {**result.answers, "estimated_value_cad": 10_000 + i}
        t0 = time.perf_counter()
        with session_scope(engine) as s:
            version = save_assessment(
                session=s,
                id=rec.id,
                expected_version=version,
                actor="bench",
                answers=answers,
                notes={"funding": f"note {i}"},
                result=result,
            )
        times.append((time.perf_counter() - t0) * 1000)
    with session_scope(engine, readonly=True) as s:
        assert get_assessment(session=s, id=rec.id).version == n + 1
    return pct(times, 50), pct(times, 95)


def bulk_insert(engine, pack, results, n: int) -> float:
    """Insert n realistic assessments (with snapshots, risk rows, one audit event each) via executemany."""
    now = dt.datetime.now(dt.UTC)
    docs = [(result_columns(r), risk_rows(r), dict(r.answers)) for r in results]
    t0 = time.perf_counter()
    batch = 1000
    with engine.begin() as conn:
        for start in range(0, n, batch):
            rows, risks, events = [], [], []
            for i in range(start, min(start + batch, n)):
                cols, risk, answers = docs[i % len(docs)]
                at = now - dt.timedelta(minutes=7 * i)
                id = uuid.uuid4().hex
                rows.append(
                    {
                        **cols,
                        "id": id,
                        "title": f"Project {i}: {results[i % len(results)].top} study",
                        "municipality": MUNICIPALITIES[i % len(MUNICIPALITIES)],
                        "department": DEPARTMENTS[(i // 3) % len(DEPARTMENTS)],
                        "owner": OWNERS[(i // 7) % len(OWNERS)],
                        "status": STATUSES[i % len(STATUSES)],
                        "created_at": at,
                        "updated_at": at,
                        "created_by": "bench",
                        "updated_by": "bench",
                        "version": 1,
                        "answers": answers,
                        "notes": {},
                        "checklist": {},
                    }
                )
                risks += [{**r, "assessment_id": id} for r in risk]
                events.append({"assessment_id": id, "at": at, "actor": "bench", "action": "imported"})
            conn.execute(insert(Assessment.__table__), rows)
            conn.execute(insert(AssessmentRisk.__table__), risks)
            conn.execute(insert(AuditEvent.__table__), events)
    with engine.connect() as conn:  # what autovacuum / a periodic ANALYZE would have done
        conn.execute(text("ANALYZE"))
        conn.commit()
    return time.perf_counter() - t0


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """(first call, median of the next calls) in milliseconds."""
    out = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out[0], statistics.median(out[1:])


def bench_queries(engine, n: int) -> list[tuple[str, float, float]]:
    cases = {
        "list: first page (50), default filter": lambda s: list_assessments(session=s),
        "list: municipality + department + text search": lambda s: list_assessments(
            session=s,
            filters=PortfolioFilter(municipality=["Guelph", "London"], department="Transit", text="pilot"),
        ),
        "list: sort by risk, page at offset 5000": lambda s: list_assessments(
            session=s, filters=PortfolioFilter(include_archived=True), sort="risk_desc", offset=5000
        ),
        "summary: whole portfolio": lambda s: portfolio_summary(session=s),
        "summary: filtered (2 municipalities, high band)": lambda s: portfolio_summary(
            session=s, filters=PortfolioFilter(municipality=["Guelph", "Kingston"], risk_band="high")
        ),
        "list page + summary (one dashboard render)": lambda s: (
            list_assessments(session=s),
            portfolio_summary(session=s),
        ),
    }
    out = []
    for name, fn in cases.items():

        def run(fn=fn):
            with session_scope(engine, readonly=True) as s:
                fn(s)

        first, median = timed(run)
        out.append((name, first, median))
    with session_scope(engine, readonly=True) as s:
        assert portfolio_summary(session=s, filters=PortfolioFilter(include_archived=True)).total >= n
    return out


def bench_portfolio_page(url: str, repeat: int = 5) -> tuple[float, float]:
    """Server-side render of the Portfolio page (AppTest: script run + every element) on ``url``."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.disable(logging.WARNING)
    os.environ["DATABASE_URL"] = url
    try:
        at = AppTest.from_file(
            str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120
        ).run()
        at.switch_page("pages/portfolio.py")
        times = []
        for _ in range(repeat + 1):
            t = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t) * 1000)
            assert not at.exception, [e.value for e in at.exception]
        return times[0], statistics.median(times[1:])
    finally:
        os.environ.pop("DATABASE_URL", None)


def run(label: str, url: str, pack, results, n: int, saves: int) -> None:
    engine = make_engine(url)
    kind = engine.dialect.name
    try:
        upgrade(engine)
        p50, p95 = bench_saves(engine, pack, results, saves)
        target = TARGET_SAVE_P95_MS[kind]
        print(
            f"{label}: save (answers + {len(results[0].risks)} risk rows + snapshot ~40 kB), {saves} saves: "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 <= {target} ms: {'met' if p95 <= target else 'MISSED'})"
        )
        secs = bulk_insert(engine, pack, results, n)
        print(
            f"{label}: bulk insert of {n:,} assessments (+{n * len(results[0].risks):,} risk rows): {secs:.1f} s"
        )
        for name, first, median in bench_queries(engine, n):
            verdict = "met" if max(first, median) <= TARGET_QUERY_S * 1000 else "MISSED"
            print(
                f"{label}: {name}: first {first:.1f} ms, median {median:.1f} ms "
                f"(target <= {TARGET_QUERY_S * 1000:.0f} ms: {verdict})"
            )
        first, median = bench_portfolio_page(url)
        verdict = "met" if median <= TARGET_QUERY_S * 1000 else "MISSED"
        print(
            f"{label}: Portfolio page server-side render (AppTest, {n:,} stored): first {first:.0f} ms "
            f"(incl. engine start), median {median:.0f} ms (target <= {TARGET_QUERY_S * 1000:.0f} ms: {verdict})"
        )
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="assessments to store for the query benchmark")
    parser.add_argument("--saves", type=int, default=300, help="saves to time")
    args = parser.parse_args()
    pack = load_pack()
    results = [assess(pack, ex.answers, today=ex.today) for ex in pack.examples]
    print(
        f"MIX Decide store benchmark: {args.saves} saves, {args.n:,} assessments; Python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", pack, results, args.n, args.saves)
    pg = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not pg or not database_url(pg).startswith("postgresql"):
        print("PostgreSQL: skipped (set TEST_DATABASE_URL or DATABASE_URL)")
        return 0
    base = database_url(pg)
    schema = f"mixbench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        run("PostgreSQL", url.render_as_string(hide_password=False), pack, results, args.n, args.saves)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
