"""Agreement between the engine and what real buyers did: hit@1, hit@3 and a confusion table.

Each case of the library is assessed on its recorded answers; the engine "agrees" at 1 when its
first route is one the buyer used, at 3 when one of its first three is. A case's expected routes
are its ``routes`` plus its ``arrangement`` when the engine knows that arrangement as a route
(so the measure follows the engine as it gains routes such as ``cooperative_vehicle``), and, when
the engine reports a path or strategy of its own, a match on the arrangement counts too.
A case none of whose routes the engine knows is reported as not scorable, never as a miss.

Pure: the bench (``bench/agreement.py``) prints what these functions compute.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mixdecide.cases import Case, main_route
from mixdecide.engine import assess
from mixdecide.pack.models import Pack
from mixdecide.result import Assessment, Contribution
from mixdecide.scoring import BASE_RULE

# Cases are assessed on one fixed date so the figures never drift with the calendar; the trade
# thresholds in force that day only matter where a case records a CAD value.
ASSESSED_ON = dt.date(2026, 3, 1)

# Attribute names under which an engine may report the arrangement it recommends alongside the
# route (a cooperative vehicle, a direct award...). Read defensively: older engines have none.
_PATH_ATTRS = ("path", "arrangement", "strategy")


def expected_routes(case: Case, known: frozenset[str]) -> frozenset[str]:
    """The route ids that count as agreeing with this case, among those the engine knows."""
    wanted = set(case.routes)
    if case.arrangement is not None:
        wanted.add(case.arrangement)
    return frozenset(wanted & known)


def engine_path(result: Any) -> str | None:
    """The arrangement or strategy id an engine reports next to its ranking, if any: a string
    attribute, or one level down in an object or mapping (``result.strategy.path``)."""
    path = getattr(getattr(getattr(result, "strategy", None), "path", None), "id", None)
    if isinstance(path, str) and path != "competition":  # the strategy's award path (issue 11)
        return path
    for name in _PATH_ATTRS:
        value = getattr(result, name, None)
        if isinstance(value, str):
            return value
        if value is None:
            continue
        for inner in (*_PATH_ATTRS, "id"):
            nested = value.get(inner) if isinstance(value, Mapping) else getattr(value, inner, None)
            if isinstance(nested, str):
                return nested
    return None


@dataclass(frozen=True)
class CaseResult:
    """How the engine fared on one case."""

    case: Case
    expected: frozenset[str]
    ranked: tuple[str, ...]  # the engine's routes, best first
    path: str | None  # the arrangement the engine reported, if any
    top_contributions: tuple[Contribution, ...]  # the first route's largest rule contributions

    @property
    def scorable(self) -> bool:
        return bool(self.expected) or (self.case.arrangement is not None and self.path is not None)

    @property
    def top(self) -> str | None:
        return self.ranked[0] if self.ranked else None

    def hit(self, k: int) -> bool:
        if self.case.arrangement is not None and self.path == self.case.arrangement:
            return True
        return any(r in self.expected for r in self.ranked[:k])


@dataclass(frozen=True)
class Agreement:
    results: tuple[CaseResult, ...]

    @property
    def scored(self) -> tuple[CaseResult, ...]:
        return tuple(r for r in self.results if r.scorable)

    def rate(self, k: int) -> float:
        scored = self.scored
        return sum(r.hit(k) for r in scored) / len(scored) if scored else 0.0

    def confusion(self) -> Counter[tuple[str, str]]:
        """(route the buyer used, engine's first route) -> number of cases."""
        out: Counter[tuple[str, str]] = Counter()
        for r in self.scored:
            out[(main_route(r.case) or "?", r.top or "none")] += 1
        return out


def _largest(result: Assessment, n: int) -> tuple[Contribution, ...]:
    if not result.ranking:
        return ()
    parts = [c for c in result.ranking[0].contributions if c.rule != BASE_RULE and c.points]
    parts.sort(key=lambda c: (-abs(c.points), c.rule))
    return tuple(parts[:n])


def measure(
    pack: Pack,
    cases: Sequence[Case],
    *,
    today: dt.date = ASSESSED_ON,
    assess_fn: Callable[..., Any] = assess,
    contributions: int = 3,
) -> Agreement:
    """Run every case through the engine and compare with what the buyer did."""
    known = frozenset(pack.routes)
    out = []
    for c in cases:
        result = assess_fn(pack, c.answers, today=today, explain=False)
        ranked = tuple(rs.route for rs in result.ranking)
        out.append(
            CaseResult(
                case=c,
                expected=expected_routes(c, known),
                ranked=ranked,
                path=engine_path(result),
                top_contributions=_largest(result, contributions),
            )
        )
    return Agreement(tuple(out))
