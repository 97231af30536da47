"""How long each report format takes for a full assessment, with and without chart images; and
the plan and first drafts of issue 12.

    .venv/bin/python bench/reports.py [--repeat N] [--lang en|fr] [--only reports|plan]

Targets (DESIGN.md "Outputs"): each format within 2 s without images and 6 s with them. The
first run with images also starts Chromium (kaleido), so it is reported on its own line. Issue 12:
each draft (rendered and written as Word) within 1 s; the Plan page's server-side run within
150 ms. This script prints figures only; nothing asserts on time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mixdecide.engine import assess  # noqa: E402
from mixdecide.pack import load_pack  # noqa: E402
from mixdecide.reports import FORMATS, ReportInput, images, render  # noqa: E402

TARGET = {False: 2.0, True: 6.0}
DRAFT_TARGET = 1.0
PLAN_PAGE_TARGET = 0.150


def full_input(pack) -> ReportInput:
    """The pack example with the most checklist items, filled in like a real assessment."""
    ex = max(pack.examples, key=lambda e: len(assess(pack, e.answers, today=e.today).checklist))
    result = assess(pack, ex.answers, today=ex.today)
    return ReportInput(
        pack=pack,
        result=result,
        title=ex.title.en,
        municipality="City of Guelph",
        department="Engineering",
        owner="A. Analyst",
        answers=dict(ex.answers),
        notes={
            q: "Checked with the procurement office; see the file note of 2026-02-14." for q in result.visible
        },
        checklist={
            c.item: {"status": "in_progress", "owner": "J. Côté", "note": "Drafted, awaiting review."}
            for c in result.checklist
        },
        workshop={
            "participants": 9,
            "distributions": {q: {"unknown": 2, str(v): 7} for q, v in ex.answers.items()},
            "consensus_notes": {q: "Agreed after discussion." for q in result.visible},
        },
    )


def _best(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def plan_and_drafts(pack, inp: ReportInput, lang: str, repeat: int) -> None:
    """The plan's arithmetic, each draft (template + Word file) and the Plan page's server run."""
    import datetime as dt
    import os
    import tempfile

    from mixdecide import drafts
    from mixdecide.plan import build_plan, default_profile
    from mixdecide.plan_text import plan_ics

    start = dt.date(2026, 3, 2)
    profile = default_profile(pack, start, lang)
    assert profile is not None
    best, median = _best(lambda: build_plan(pack, inp.result, profile, start=start), repeat * 10)
    plan = build_plan(pack, inp.result, profile, start=start)
    assert plan is not None
    print(f"plan ({len(plan.steps)} steps): build best {best * 1000:6.2f} ms  median {median * 1000:6.2f} ms")
    best, median = _best(lambda: plan_ics(pack, plan, lang, inp.title), repeat)
    print(f"  .ics          best {best * 1000:6.2f} ms  median {median * 1000:6.2f} ms")
    draft_input = drafts.DraftInput(
        pack=pack, result=inp.result, title=inp.title, municipality=inp.municipality,
        department=inp.department, owner=inp.owner, notes=inp.notes, plan=plan,
    )  # fmt: skip
    print(f"drafts (target <= {DRAFT_TARGET:g} s each, render + Word):")
    direct = assess(
        pack, {**inp.answers, "direct_award_ground": "exclusive_rights"}, today=inp.result.assessed_on
    )
    for spec in drafts.spec_list(pack):
        source = draft_input
        if spec.id not in [d.id for d in drafts.available(pack, inp.result)]:
            source = drafts.DraftInput(**{**draft_input.__dict__, "result": direct})
        best, median = _best(
            lambda spec=spec, source=source: drafts.to_docx(drafts.render(source, spec.id, lang)), repeat
        )
        flag = "ok" if best <= DRAFT_TARGET else "OVER TARGET"
        print(f"  {spec.id:14} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms  {flag}")
    from streamlit.testing.v1 import AppTest

    os.environ["MIXDECIDE_DB_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.db")
    os.environ.pop("DATABASE_URL", None)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    at.session_state["answers"] = dict(inp.answers)
    at.session_state["lang"] = lang
    at.switch_page("pages/plan.py").run()  # warm: pack, engine, imports
    assert not at.exception, [e.value for e in at.exception]
    best, median = _best(lambda: at.run(), repeat * 3)
    flag = "ok" if best <= PLAN_PAGE_TARGET else "OVER TARGET"
    print(
        f"Plan page server run (AppTest, warm; target <= {PLAN_PAGE_TARGET * 1000:.0f} ms): "
        f"best {best * 1000:6.1f} ms  median {median * 1000:6.1f} ms  {flag}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="en", choices=("en", "fr"))
    parser.add_argument("--only", choices=("reports", "plan"), default=None)
    args = parser.parse_args()
    pack = load_pack()
    inp = full_input(pack)
    if args.only != "reports":
        plan_and_drafts(pack, inp, args.lang, args.repeat)
        if args.only == "plan":
            return
    print(
        f"assessment: {inp.title!r}, {len(inp.result.checklist)} checklist items, "
        f"{len(inp.result.visible)} questions, lang={args.lang}, best of {args.repeat}"
    )
    reason = images.unavailable_reason()
    print(
        f"chart images: {'available (' + str(images.browser_path()) + ')' if reason is None else 'unavailable: ' + reason}"
    )
    for with_images in (False, True):
        if with_images and reason is None:
            start = time.perf_counter()
            render("html", inp, args.lang, images=True)
            print(
                f"  first report with images (starts Chromium, draws 3 charts): {time.perf_counter() - start:.2f} s"
            )
            images._cache.clear()  # measure drawing, not the cache, below
        print(f"{'with' if with_images else 'without'} images (target <= {TARGET[with_images]:g} s each):")
        for fmt in FORMATS:
            times, size = [], 0
            for _ in range(args.repeat):
                if with_images:
                    images._cache.clear()
                start = time.perf_counter()
                size = len(render(fmt, inp, args.lang, images=with_images))
                times.append(time.perf_counter() - start)
            best = min(times)
            flag = "ok" if best <= TARGET[with_images] else "OVER TARGET"
            print(
                f"  {fmt:5} best {best:6.3f} s  median {statistics.median(times):6.3f} s  "
                f"{size / 1000:8.1f} kB  {flag}"
            )


if __name__ == "__main__":
    main()
