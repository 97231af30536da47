"""Scoring: the pack's rules split by effect and indexed by question (``Scorer``), and the ranking
of routes with each rule's contribution.

Shared by the engine (one assessment) and ``explain`` (re-scoring single-answer changes): both
read it, neither reads the other. ``BASE_RULE`` and ``CLAMP_RULE`` name the two parts of a score
that no rule of the pack gave.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from mixdecide.conditions import EvalContext
from mixdecide.pack.models import CompiledRule, Pack, Rule, Text
from mixdecide.result import Contribution, DeadlineWarning, Exclusion, RouteScore
from mixdecide.thresholds import ThresholdTable

BASE_RULE = "scoring.base"
CLAMP_RULE = "scoring.clamp"
_BASE_WHY = Text(
    en="Every route starts from the same base score.",
    fr="Tous les modes partent du même score de base.",
)
_CLAMP_WHY = Text(
    en="The score is kept within the pack's scale.",
    fr="Le score est maintenu dans l'échelle du module.",
)


@dataclass(frozen=True)
class Scorer:
    """The pack's rules, split by effect and indexed by the questions they read."""

    pack: Pack
    routes: tuple[str, ...]  # in tie-break order: earlier stage first, then pack order
    tie_order: Mapping[str, int]
    sequence_rules: tuple[CompiledRule, ...]
    by_question: Mapping[str, tuple[int, ...]]  # question -> indexes into scoring_rules
    scoring_rules: tuple[CompiledRule, ...]  # point rules then exclusion rules

    def fired(self, ctx: EvalContext) -> list[bool]:
        """Which scoring rules are certainly true for these answers."""
        return [r.cond.predicate(ctx) is True for r in self.scoring_rules]


def scorer(pack: Pack) -> Scorer:
    """The compiled scorer of ``pack`` (built once per loaded pack)."""
    cached = pack.cache.get("scorer")
    if isinstance(cached, Scorer):
        return cached
    point = tuple(r for r in pack.rules if r.rule.points or r.rule.graded)
    excl = tuple(r for r in pack.rules if r.rule.exclude)
    seq = tuple(r for r in pack.rules if r.rule.sequence)
    scoring_rules = point + excl
    index: dict[str, list[int]] = {}
    for i, r in enumerate(scoring_rules):
        graded = r.rule.curve or r.rule.deadline
        for q in r.cond.questions | ({graded.q} if graded else set()):
            index.setdefault(q, []).append(i)
    # On equal scores the route that comes earlier in a sequence wins: it keeps the others open.
    ordered = sorted(pack.routes, key=lambda r: (pack.routes[r].stage, list(pack.routes).index(r)))
    s = Scorer(
        pack=pack,
        routes=tuple(ordered),
        tie_order={r: i for i, r in enumerate(ordered)},
        sequence_rules=seq,
        by_question={q: tuple(v) for q, v in index.items()},
        scoring_rules=scoring_rules,
    )
    pack.cache["scorer"] = s
    return s


def make_context(table: ThresholdTable, answers: Mapping[str, Any], top: str | None = None) -> EvalContext:
    """An evaluation context whose threshold oracle reads these answers."""
    return EvalContext(answers=answers, above_threshold=partial(table.covered, answers=answers), top=top)


def _curve_table(rule: Rule) -> list[tuple[str, list[float], list[float]]]:
    """A curve's knots per route, with values already on the log scale when the curve asks for it."""
    assert rule.curve is not None
    log = rule.curve.log
    return [
        (route, [math.log10(x) if log else x for x, _ in knots], [y for _, y in knots])
        for route, knots in rule.curve.points.items()
    ]


def _interpolate(x: float, xs: list[float], ys: list[float]) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, x)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def rule_points(pack: Pack, rule: CompiledRule, answers: Mapping[str, Any]) -> Mapping[str, float]:
    """The points a fired rule gives each route: fixed, or graded by a number answer (a curve, or
    the deadline penalty read from each route's shortest typical duration), rounded to 0.1."""
    r = rule.rule
    if r.points:
        return r.points
    if r.curve:
        v = answers.get(r.curve.q)
        if not isinstance(v, int | float):
            return {}
        tables = pack.cache.setdefault("curves", {})
        table = tables.get(r.id)
        if table is None:
            table = tables[r.id] = _curve_table(r)
        x = math.log10(max(float(v), 1e-9)) if r.curve.log else float(v)
        return {route: round(_interpolate(x, xs, ys), 1) for route, xs, ys in table}
    if r.deadline:
        t = answers.get(r.deadline.q)
        if not isinstance(t, int | float):
            return {}
        d = r.deadline
        mins = pack.cache.get("min_months")
        if mins is None:
            mins = pack.cache["min_months"] = [(k, v.duration.min_months) for k, v in pack.routes.items()]
        out = {}
        for route, least in mins:
            # whole months short, counting a part month as one: the score changes only at whole
            # months, by at most per_month, and the penalty is the same for 2 and 2.5 months
            if least > t:
                out[route] = -round(min(d.max, d.per_month * math.ceil(least - t)), 1)
        return out
    return {}


_DAYS_PER_MONTH = 365.25 / 12


def deadline_warnings(
    pack: Pack,
    answers: Mapping[str, Any],
    *,
    legal: tuple[int, str] | None = None,
    top: str | None = None,
    sequence: tuple[str, ...] = (),
) -> tuple[DeadlineWarning, ...]:
    """Routes that cannot be done in the time available, per the pack's deadline rule(s): the
    shortest typical duration, raised for a procedure to ``legal`` (the longest minimum bid period
    in days of an agreement that applies, with its id); and, when the recommended ``sequence``
    (its route steps, ``top`` among them) adds up to more than the time available, its first
    route. Each route is scored down by the deadline rule (on its typical duration only) and shown
    with this warning, never hidden."""
    out: dict[str, DeadlineWarning] = {}
    deadlines = pack.cache.get("deadline_rules")
    if deadlines is None:
        deadlines = pack.cache["deadline_rules"] = tuple(
            r.rule.deadline for r in scorer(pack).scoring_rules if r.rule.deadline is not None
        )
    for d in deadlines:
        t = answers.get(d.q)
        if not isinstance(t, int | float):
            continue
        shortest: dict[str, tuple[float, str]] = {}
        for route, spec in pack.routes.items():
            least, basis = float(spec.duration.min_months), "route"
            if legal is not None and spec.kind == "procedure":
                floor = round(legal[0] / _DAYS_PER_MONTH, 1)
                if floor > least:
                    least, basis = floor, "legal"
            shortest[route] = (least, basis)
            if float(t) < least and route not in out:
                dur = spec.duration
                days, agreement = legal if basis == "legal" and legal else (0, None)
                out[route] = DeadlineWarning(route, float(t), least, dur.max_months, basis, days, agreement)
        steps = [s for s in sequence if s in pack.routes]
        if top in steps and len(steps) > 1:
            total = round(sum(shortest[s][0] for s in steps), 1)
            if float(t) < total and top not in out:  # its own miss says it first
                most = sum(pack.routes[s].duration.max_months for s in steps)
                out[top] = DeadlineWarning(top, float(t), total, most, "sequence")
    return tuple(out.values())


def _read(pack: Pack, rule: CompiledRule, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a rule read, by question id in order (the ids sorted once per pack)."""
    reads: dict[str, tuple[str, ...]] = pack.cache.setdefault("rule_reads", {})
    qs = reads.get(rule.rule.id)
    if qs is None:
        graded = rule.rule.curve or rule.rule.deadline
        qs = reads[rule.rule.id] = tuple(sorted(rule.cond.questions | ({graded.q} if graded else set())))
    return {q: answers.get(q) for q in qs}


def rank(
    pack: Pack, answers: Mapping[str, Any], fired: list[bool]
) -> tuple[list[RouteScore], list[RouteScore]]:
    """Scores with contributions for every route; returns (ranked best first, excluded)."""
    sc = scorer(pack)
    scoring = pack.meta.scoring
    contribs: dict[str, list[Contribution]] = {
        r: [Contribution(BASE_RULE, scoring.base, _BASE_WHY, {})] for r in sc.routes
    }
    totals = dict.fromkeys(sc.routes, scoring.base)
    exclusions: dict[str, list[Exclusion]] = {r: [] for r in sc.routes}
    for rule, on in zip(sc.scoring_rules, fired, strict=True):
        if not on:
            continue
        r = rule.rule
        read = _read(pack, rule, answers)
        if r.points or r.graded:
            for route, pts in rule_points(pack, rule, answers).items():
                if not pts:
                    continue
                totals[route] += pts
                contribs[route].append(Contribution(r.id, pts, r.rationale, read))
        else:
            for route in r.exclude or ():
                exclusions[route].append(Exclusion(r.id, r.rationale, read, r.lift))
    scores = []
    for route in sc.routes:
        total = totals[route]
        clamped = round(min(max(total, scoring.min), scoring.max), 1)  # graded points are tenths
        parts = contribs[route]
        if clamped != total:
            parts.append(Contribution(CLAMP_RULE, clamped - total, _CLAMP_WHY, {}))
        scores.append(RouteScore(route, clamped, tuple(parts), tuple(exclusions[route])))
    ranked = sorted((s for s in scores if not s.excluded), key=lambda s: sc.tie_order[s.route])
    ranked.sort(key=lambda s: -s.score)
    excluded = [s for s in scores if s.excluded]
    return ranked, excluded
