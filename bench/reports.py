"""How long each report format takes for a full assessment, with and without chart images.

    .venv/bin/python bench/reports.py [--repeat N] [--lang en|fr]

Targets (DESIGN.md "Outputs"): each format within 2 s without images and 6 s with them. The
first run with images also starts Chromium (kaleido), so it is reported on its own line. This
script prints figures only; nothing asserts on time.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="en", choices=("en", "fr"))
    args = parser.parse_args()
    pack = load_pack()
    inp = full_input(pack)
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
