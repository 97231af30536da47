"""Scoring: the pack's rules split by effect and indexed by question (``Scorer``), and the ranking
of routes with each rule's contribution.

Shared by the engine (one assessment) and ``explain`` (re-scoring single-answer changes): both
read it, neither reads the other. ``BASE_RULE`` and ``CLAMP_RULE`` name the two parts of a score
that no rule of the pack gave.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from mixdecide.conditions import EvalContext
from mixdecide.pack.models import CompiledRule, Pack, Text
from mixdecide.result import Contribution, Exclusion, RouteScore
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
    point = tuple(r for r in pack.rules if r.rule.points)
    excl = tuple(r for r in pack.rules if r.rule.exclude)
    seq = tuple(r for r in pack.rules if r.rule.sequence)
    scoring_rules = point + excl
    index: dict[str, list[int]] = {}
    for i, r in enumerate(scoring_rules):
        for q in r.cond.questions:
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


def _read(rule: CompiledRule, answers: Mapping[str, Any]) -> dict[str, Any]:
    return {q: answers.get(q) for q in sorted(rule.cond.questions)}


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
        read = _read(rule, answers)
        if r.points:
            for route, pts in r.points.items():
                totals[route] += pts
                contribs[route].append(Contribution(r.id, pts, r.rationale, read))
        else:
            for route in r.exclude or ():
                exclusions[route].append(Exclusion(r.id, r.rationale, read))
    scores = []
    for route in sc.routes:
        total = totals[route]
        clamped = min(max(total, scoring.min), scoring.max)
        parts = contribs[route]
        if clamped != total:
            parts.append(Contribution(CLAMP_RULE, clamped - total, _CLAMP_WHY, {}))
        scores.append(RouteScore(route, clamped, tuple(parts), tuple(exclusions[route])))
    ranked = sorted((s for s in scores if not s.excluded), key=lambda s: sc.tie_order[s.route])
    ranked.sort(key=lambda s: -s.score)
    excluded = [s for s in scores if s.excluded]
    return ranked, excluded
