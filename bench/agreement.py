"""Agreement benchmark: does the engine pick the route real buyers used? Prints figures; never fails.

Runs every case of the pack's case library (``cases.yaml``) through the engine and prints hit@1,
hit@3, a confusion table by route and each disagreement with the first route's largest rule
contributions; then the same hit rates for a plain lookup of the factor-direction table in
``shared/domain/ROUTES.md`` as a baseline. Run from the project root:
``.venv/bin/python bench/agreement.py`` (or ``make agreement``); ``--pack`` picks another pack.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
from collections.abc import Mapping, Sequence  # noqa: E402
from typing import Any  # noqa: E402

from mixdecide.agreement import ASSESSED_ON, Agreement, expected_routes, measure  # noqa: E402
from mixdecide.cases import Case, main_route, pack_cases  # noqa: E402
from mixdecide.pack import Pack, load_pack  # noqa: E402

# ------------------------------------------------------------------ baseline: the direction table
# ROUTES.md "Direction of each factor", one line per factor, columns in this route order; each "+"
# adds one point and each "-" takes one away. Answers that match no row add nothing. This is the
# naive reading of the guidance the engine should beat; it lives here, not in the product.
BASE_ROUTES = ("traditional_rfp", "challenge_based", "pilot_sandbox", "rfi_market_sounding", "pre_commercial",
               "competitive_dialogue", "innovation_partnership", "prize", "joint_procurement")  # fmt: skip
DIRECTIONS = {  # factor -> signs per route, in BASE_ROUTES order
    "solution_known": "+++ -- - -- --- -- -- -- ++",
    "problem_open": "-- +++ + + + ++ ++ ++ -",
    "problem_unclear": "--- - + +++ - - -- + --",
    "research": "--- - -- + +++ -- + + ---",
    "prototype": "-- ++ + + ++ + +++ + --",
    "commercial": "+++ + ++ - --- 0 - - ++",
    "few_suppliers": "- + + ++ ++ + + ++ -",
    "above_ceta": "++ - -- + + ++ + - ++",
    "under_3_months": "+ - ++ -- --- --- --- --- ++",
    "low_appetite": "+ + +++ ++ + - - ++ +",
    "city_owns_ip": "++ - - 0 --- + - -- +",
    "low_capacity": "+ - ++ + --- --- --- - +++",
    "sme": "-- +++ ++ + +++ -- + ++ --",
    "several_buyers": "+ + 0 + ++ 0 + 0 +++",
    "high_visibility": "+ + + ++ 0 + 0 ++ +",
}
CETA_SUB_CENTRAL_CAD = 353_300  # ROUTES.md, goods and services 2024-2025; the naive baseline uses one figure


def factors(a: Mapping[str, Any]) -> list[str]:
    """The direction-table rows a set of answers matches."""
    value = a.get("estimated_value_cad")
    months = a.get("timeline_months")
    checks = {
        "solution_known": a.get("need_clarity") == "solution_known",
        "problem_open": a.get("need_clarity") == "problem_clear_solution_open",
        "problem_unclear": a.get("need_clarity") == "problem_unclear",
        "research": a.get("solution_maturity") == "research_needed",
        "prototype": a.get("solution_maturity") == "prototype",
        "commercial": a.get("solution_maturity") == "commercial",
        "few_suppliers": a.get("market_depth") in ("few", "one_or_none"),
        "above_ceta": isinstance(value, int | float) and value >= CETA_SUB_CENTRAL_CAD,
        "under_3_months": isinstance(months, int | float) and months < 3,
        "low_appetite": a.get("risk_appetite") == "low",
        "city_owns_ip": a.get("ip_ownership") == "city_must_own",
        "low_capacity": a.get("procurement_capacity") == "low",
        "sme": a.get("sme_objective") == "yes",
        "several_buyers": a.get("multi_buyer") in ("committed", "possible"),
        "high_visibility": a.get("political_visibility") == "high",
    }
    return [f for f, on in checks.items() if on]


def baseline_ranking(a: Mapping[str, Any]) -> list[str]:
    """Routes ranked by the summed signs of the matching rows (ties: table order)."""
    score = dict.fromkeys(BASE_ROUTES, 0)
    for f in factors(a):
        for route, signs in zip(BASE_ROUTES, DIRECTIONS[f].split(), strict=True):
            score[route] += signs.count("+") - signs.count("-")
    return sorted(BASE_ROUTES, key=lambda r: (-score[r], BASE_ROUTES.index(r)))


def baseline_rates(cases: Sequence[Case]) -> tuple[float, float, int]:
    known = frozenset(BASE_ROUTES)
    scored = [(c, expected_routes(c, known)) for c in cases]
    scored = [(c, e) for c, e in scored if e]
    if not scored:
        return 0.0, 0.0, 0
    ranks = [(baseline_ranking(c.answers), e) for c, e in scored]
    hit1 = sum(r[0] in e for r, e in ranks) / len(ranks)
    hit3 = sum(any(x in e for x in r[:3]) for r, e in ranks) / len(ranks)
    return hit1, hit3, len(ranks)


# ------------------------------------------------------------------ strategy view (issue 11)
def strategy_hit(pack: Pack, case: Case, known: frozenset[str]) -> bool | None:
    """Whether the engine's strategy matches what the buyer did: the first procedure is a route
    used, or buying together / an RFI stage / the award path is how the buyer did it. None when
    the case names nothing the engine knows."""
    from mixdecide.agreement import ASSESSED_ON as DAY
    from mixdecide.engine import assess

    expected = expected_routes(case, known)
    if not expected and case.arrangement is None:
        return None
    s = assess(pack, case.answers, today=DAY, explain=False).strategy
    if s is None:
        return False
    arrangement_ids = {"joint_procurement": {"joint", "cooperative_vehicle"}}
    return bool(
        (s.procedure and s.procedure[0] in expected)
        or any(s.arrangement.id in arrangement_ids.get(r, ()) for r in expected)
        or ("rfi_market_sounding" in expected and "rfi_market_sounding" in s.stages[:1])
        or (case.arrangement is not None and case.arrangement in (s.path.id, s.arrangement.id))
    )


def strategy_rate(pack: Pack, cases: Sequence[Case]) -> tuple[float, int]:
    known = frozenset(pack.routes)
    hits = [h for h in (strategy_hit(pack, c, known) for c in cases) if h is not None]
    return (sum(hits) / len(hits) if hits else 0.0), len(hits)


# ------------------------------------------------------------------ report
def confusion_table(result: Agreement) -> list[str]:
    table = result.confusion()
    used = sorted({u for u, _ in table})
    picked = sorted({p for _, p in table})
    abbrev = {r: r[:10] for r in picked}
    corner = "used / engine"
    width = max([len(u) for u in used] + [len(corner)])
    lines = [" ".join([f"{corner:<{width}}", *(f"{abbrev[p]:>10}" for p in picked)])]
    for u in used:
        cells = [f"{table.get((u, p), 0) or '.':>10}" for p in picked]
        lines.append(" ".join([f"{u:<{width}}", *cells]))
    return lines


def report(pack: Pack, cases: Sequence[Case]) -> list[str]:
    result = measure(pack, cases)
    scored = result.scored
    out = [
        f"pack {pack.id} {pack.version}: {len(cases)} cases, {len(scored)} scorable "
        f"(assessed on {ASSESSED_ON.isoformat()}; routes known to the engine: {len(pack.routes)})",
        "",
        f"engine    hit@1 {result.rate(1):6.1%}   hit@3 {result.rate(3):6.1%}   (n={len(scored)})",
    ]
    b1, b3, bn = baseline_rates(cases)
    out.append(f"baseline  hit@1 {b1:6.1%}   hit@3 {b3:6.1%}   (n={bn}; ROUTES.md direction table lookup)")
    if pack.strategy is not None:
        s1, sn = strategy_rate(pack, cases)
        out.append(
            f"strategy  hit@1 {s1:6.1%}                 (n={sn}; first procedure, or the buyer arrangement, "
            "first stage or award path the buyer used)"
        )
    unscorable = [r.case.id for r in result.results if not r.scorable]
    if unscorable:
        out.append(f"not scorable (no route the engine knows): {', '.join(unscorable)}")
    out += ["", "confusion (rows: main route the buyer used; columns: engine's first route)"]
    out += confusion_table(result)
    misses = [r for r in scored if not r.hit(1)]
    out += ["", f"disagreements at 1: {len(misses)}"]
    for r in misses:
        third = "yes" if r.hit(3) else "no"
        out.append(
            f"- {r.case.id}: used {sorted(r.expected) or [main_route(r.case)]}, engine "
            f"{list(r.ranked[:3])} (in top 3: {third})"
        )
        for c in r.top_contributions:
            out.append(f"    {c.points:+g} {c.rule}: {c.why.en[:90]}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument(
        "--pack", default=None, help="pack id or folder (default: MIXDECIDE_PACK or ontario-municipal)"
    )
    args = p.parse_args(argv)
    pack = load_pack(args.pack)
    cases = pack_cases(pack)
    if not cases:
        print(f"pack {pack.id} has no cases.yaml: nothing to measure")
        return 0
    try:
        print("\n".join(report(pack, cases)))
    except BrokenPipeError:  # piped into head: the reader has what it wanted
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
