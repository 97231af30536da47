"""What would change the recommendation: single-answer counterfactuals.

For each answered question, every other answer is tried alone; those that change the first route
are reported. For each unanswered or "don't know" question, every possible answer is tried and the
first route it would give is listed; a question is decisive when some answer changes the first
route. Only the rules that read the changed question are re-evaluated, so the whole exploration
costs a few hundred predicate calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from mixdecide.conditions import UNKNOWN, EvalContext
from mixdecide.pack.models import CompiledRule, Pack, Question
from mixdecide.result import Change, UnknownImpact
from mixdecide.scoring import Scorer, make_context, rule_points, scorer
from mixdecide.thresholds import ThresholdTable


def _dependents(pack: Pack) -> dict[str, frozenset[str]]:
    """Question -> the questions whose visibility depends on it, directly or not."""
    cached: dict[str, frozenset[str]] | None = pack.cache.get("dependents")
    if cached is not None:
        return cached
    direct: dict[str, set[str]] = {}
    for qid, cond in pack.visibility.items():
        for parent in cond.questions:
            direct.setdefault(parent, set()).add(qid)
    out: dict[str, frozenset[str]] = {}
    for q in pack.questions:
        seen: set[str] = set()
        stack = list(direct.get(q, ()))
        while stack:
            d = stack.pop()
            if d not in seen:
                seen.add(d)
                stack.extend(direct.get(d, ()))
        out[q] = frozenset(seen)
    pack.cache["dependents"] = out
    return out


def probes(pack: Pack, sc: Scorer, q: Question, table: ThresholdTable, category: Any) -> list[float]:
    """Values worth trying for a number question: each cut point a rule uses, and just below it.
    The same for every assessment with this threshold table and category: computed once."""
    memo: dict[tuple[Any, ...], list[float]] = pack.cache.setdefault("probes", {})
    values: tuple[Any, ...] = ()
    if q.id == table.value_question:  # the thresholds in force are probe values too
        values = tuple((a, tuple(sorted(v.items()))) for a, v in sorted(table.values.items()))
    key = (q.id, category, values)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _probes(pack, sc, q, table, category)
    return got


def _probes(pack: Pack, sc: Scorer, q: Question, table: ThresholdTable, category: Any) -> list[float]:
    cuts = {c for r in sc.scoring_rules for qid, c in r.cond.cut_points if qid == q.id}
    grid: set[float] = set()  # graded rules change all along their range: try round values in it
    for r in sc.scoring_rules:
        if r.rule.curve and r.rule.curve.q == q.id:
            xs = [x for knots in r.rule.curve.points.values() for x, _ in knots]
            grid.update(_round_values(min(xs), max(xs)) if r.rule.curve.log else _whole(min(xs), max(xs)))
        if r.rule.deadline and r.rule.deadline.q == q.id:
            d = r.rule.deadline
            for route in pack.routes.values():
                lo = route.duration.min_months - d.max / d.per_month
                grid.update(_whole(lo, route.duration.min_months))
    if q.id == table.value_question and any(r.cond.uses_threshold for r in sc.scoring_rules):
        for by_cat in table.values.values():
            if category in by_cat:
                cuts.add(by_cat[category])
            else:
                cuts.update(by_cat.values())
    values: set[float] = set()
    for c in cuts:
        values.update((c - 1, c, c + 1))  # just below, at and just above: fits gte/gt/lte/lt alike
    values.update(grid)

    def lo_ok(v: float) -> bool:
        assert q.min is not None
        return v > q.min if q.min_exclusive else v >= q.min

    return sorted(
        int(v) if float(v).is_integer() else v
        for v in values
        if (q.min is None or lo_ok(v)) and (q.max is None or v <= q.max)
    )


# Round amounts a person would name (the R10 series: 1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8).
_R10 = (1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.3, 8.0)


def _round_values(lo: float, hi: float) -> list[float]:
    """Round amounts from one step below ``lo`` to one step above ``hi``."""
    out: list[float] = []
    exp = math.floor(math.log10(lo)) - 1
    while True:
        for m in _R10:
            v = round(m * 10**exp)
            if v >= lo / 1.3 and v <= hi * 1.3:
                out.append(v)
        if 10**exp > hi:
            return out
        exp += 1


def _whole(lo: float, hi: float) -> list[float]:
    """Whole numbers from ``lo`` to ``hi`` (at least 1)."""
    return [float(v) for v in range(max(1, math.floor(lo)), math.ceil(hi) + 1)]


def _swings(pack: Pack) -> dict[str, dict[str, float] | None]:
    """Question -> for each route, the most its score can move with that question's answer (the
    rules reading it or any question whose visibility depends on it); None when a gate reads it."""
    cached: dict[str, dict[str, float] | None] | None = pack.cache.get("swings")
    if cached is not None:
        return cached
    sc = scorer(pack)
    deps = _dependents(pack)
    out: dict[str, dict[str, float] | None] = {}
    for q in pack.questions:
        idx: set[int] = set()
        for x in (q, *deps.get(q, frozenset())):
            idx.update(sc.by_question.get(x, ()))
        swing: dict[str, float] | None = {}
        for i in idx:
            r = sc.scoring_rules[i].rule
            if r.exclude:
                swing = None
                break
            assert swing is not None
            if r.points:
                most = {route: abs(p) for route, p in r.points.items()}
            elif r.curve:
                # from any point of the curve to any other, or to nothing when it stops firing
                most = {
                    route: max(0.0, *(y for _, y in k)) - min(0.0, *(y for _, y in k))
                    for route, k in r.curve.points.items()
                }
            else:
                assert r.deadline is not None
                most = dict.fromkeys(pack.routes, r.deadline.max)
            for route, m in most.items():
                swing[route] = swing.get(route, 0.0) + m
        out[q] = swing
    pack.cache["swings"] = out
    return out


# a rule as "what would change it" re-evaluates it: predicate, rule, re-graded, fired now,
# the routes it excludes, its fixed points
_Step = tuple[
    Callable[[Any], Any], CompiledRule, bool, bool, "list[str] | None", "Mapping[str, float] | None"
]


def _no_threshold(_agreement: str) -> None:
    return None  # visibility never reads a trade threshold


class _Explorer:
    def __init__(
        self,
        pack: Pack,
        sc: Scorer,
        table: ThresholdTable,
        clean: Mapping[str, Any],
        shown: Mapping[str, Any],
        fired: list[bool],
    ) -> None:
        self.pack, self.sc, self.table = pack, sc, table
        self.clean, self.shown, self.fired = clean, shown, fired
        self.deps = _dependents(pack)
        self.totals = dict.fromkeys(sc.routes, pack.meta.scoring.base)
        self.excl = dict.fromkeys(sc.routes, 0)
        self.prepared: dict[str, tuple[tuple[_Step, ...], dict[str, float]]] = {}
        self.dep_order: dict[str, tuple[tuple[str, Callable[[EvalContext], Any]], ...]] = {}
        self.scratch: dict[str, Any] = {}
        self.scratch_ctx = make_context(table, self.scratch)
        self.scratch_q: str | None = None
        for rule, on in zip(sc.scoring_rules, fired, strict=True):
            if on:
                self._apply(rule, 1, self.totals, self.excl, shown)

    def _apply(
        self,
        rule: CompiledRule,
        sign: int,
        totals: dict[str, float],
        excl: dict[str, int],
        answers: Mapping[str, Any],
    ) -> None:
        r = rule.rule
        if r.points or r.graded:
            for route, pts in rule_points(self.pack, rule, answers).items():
                totals[route] += sign * pts
        else:
            for route in r.exclude or ():
                excl[route] += sign

    def _prepared(self, qid: str) -> tuple[tuple[_Step, ...], dict[str, float]]:
        """For a question: the rules to re-evaluate, each as (predicate, rule, re-graded, fired
        now, routes it excludes, fixed points), and the totals with the re-graded rules' current
        points taken out (computed once per question)."""
        got = self.prepared.get(qid)
        if got is not None:
            return got
        moved = {qid, *self.deps.get(qid, frozenset())}
        idx: set[int] = set()
        for q in moved:
            idx.update(self.sc.by_question.get(q, ()))
        rules = self.sc.scoring_rules
        base = dict(self.totals)
        steps = []
        for i in sorted(idx):
            rule = rules[i]
            g = rule.rule.curve or rule.rule.deadline
            # a graded rule's points change with this answer only when it grades by this question
            # (or one it shows or hides); otherwise only its firing can change, like a fixed rule
            regraded = g is not None and g.q in moved
            if regraded and self.fired[i]:
                for route, pts in rule_points(self.pack, rule, self.shown).items():
                    base[route] -= pts
            fixed = rule.rule.points or None
            steps.append((rule.cond.predicate, rule, regraded, self.fired[i], rule.rule.exclude, fixed))
        got = self.prepared[qid] = (tuple(steps), base)
        return got

    def _dependents_in_order(self, qid: str) -> tuple[tuple[str, Callable[[EvalContext], Any]], ...]:
        """The questions ``qid`` shows or hides, in questionnaire order, with their visibility."""
        got = self.dep_order.get(qid)
        if got is None:
            deps = self.deps.get(qid, frozenset())
            got = self.dep_order[qid] = tuple(
                (d, self.pack.visibility[d].predicate) for d in self.pack.question_order() if d in deps
            )
        return got

    def could_flip(self, qid: str, top: str) -> bool:
        """False when no answer to ``qid`` can change the first route: even if every rule that
        reads it (or a question it shows or hides) swung fully against the first route and for
        another, the first would still lead. Sound, so the outcome is the same, only cheaper."""
        swing = _swings(self.pack).get(qid)
        if swing is None:  # a gate reads it: it may rule the first route out
            return True
        lo, hi = self.pack.meta.scoring.min, self.pack.meta.scoring.max

        def clamp(v: float) -> float:
            return hi if v > hi else lo if v < lo else v

        worst_top = clamp(self.totals[top] - swing.get(top, 0.0))
        for route in self.sc.routes:
            rival = route != top and not self.excl[route]
            if rival and clamp(self.totals[route] + swing.get(route, 0.0)) >= worst_top - 0.1:
                return True
        return False

    def top_with(self, qid: str, value: Any) -> str | None:
        deps = self.deps.get(qid, frozenset())
        if deps:
            # only the questions it shows or hides can change: decide theirs again, in questionnaire
            # order (a visible_if reads earlier questions only, so this equals visible_answers)
            shown = dict(self.shown)
            shown[qid] = value
            vis_ctx = EvalContext(answers=shown, above_threshold=_no_threshold)
            for d, pred in self._dependents_in_order(qid):
                if pred(vis_ctx) is True and d in self.clean:
                    shown[d] = self.clean[d]
                else:
                    shown.pop(d, None)
            ctx = make_context(self.table, shown)
        else:
            # one scratch copy of the answers and its context, reused for every value tried
            if self.scratch_q != qid:
                self.scratch = dict(self.shown)
                self.scratch_ctx = make_context(self.table, self.scratch)
                self.scratch_q = qid
            shown, ctx = self.scratch, self.scratch_ctx
            shown[qid] = value
        steps, base = self._prepared(qid)
        totals = base.copy()
        excl = self.excl
        copied = False
        pack = self.pack
        for pred, rule, regraded, was, exclude, fixed in steps:
            now = pred(ctx) is True
            if regraded:  # points depend on the value itself, not only on firing
                if now:
                    for route, pts in rule_points(pack, rule, shown).items():
                        totals[route] += pts
            elif now is not was:
                sign = 1 if now else -1
                if exclude:
                    if not copied:
                        excl, copied = dict(excl), True
                    for route in exclude:
                        excl[route] += sign
                else:
                    for route, pts in (fixed or rule_points(pack, rule, shown)).items():
                        totals[route] += sign * pts
        lo, hi = self.pack.meta.scoring.min, self.pack.meta.scoring.max
        best, best_score = None, -1e18
        for route in self.sc.routes:
            if excl[route]:
                continue
            s = totals[route]
            s = hi if s > hi else lo if s < lo else s
            # scores are sums of tenths: a real lead is at least 0.1, float noise far less
            if s > best_score + 0.05:
                best, best_score = route, s
        return best


_COARSE = 8  # a number question with more probe values than this is tried coarsely first


def _coarse_then_fine(ex: _Explorer, qid: str, values: list[Any]) -> list[tuple[Any, str | None]]:
    """What a number question's values do, cheaply: every fourth value (and the last), then
    every value between two tried ones whose first routes differ. Each outcome listed is exact;
    a route that leads only strictly between two tried values with the same leader is not seen."""
    step = 4
    tried: dict[int, str | None] = {}
    for i in [*range(0, len(values), step), len(values) - 1]:
        tried[i] = ex.top_with(qid, values[i])
    marks = sorted(tried)
    for a, b in zip(marks, marks[1:], strict=False):
        if tried[a] != tried[b]:
            for i in range(a + 1, b):
                tried[i] = ex.top_with(qid, values[i])
    return [(values[i], tried[i]) for i in sorted(tried)]


def explore(
    pack: Pack,
    table: ThresholdTable,
    clean: Mapping[str, Any],
    shown: Mapping[str, Any],
    visible: list[str],
    fired: list[bool],
    top: str | None,
    *,
    changes_too: bool = True,
) -> tuple[tuple[Change, ...], tuple[UnknownImpact, ...]]:
    """Single-answer changes that change the first route, and what each unknown could do.

    With ``changes_too=False`` only the open questions are explored (enough for confidence).
    """
    sc = scorer(pack)
    ex = _Explorer(pack, sc, table, clean, shown, fired)
    category = shown.get(table.category_question)
    changes: list[Change] = []
    unknowns: list[UnknownImpact] = []
    for qid in visible:
        q = pack.questions[qid]
        current = shown.get(qid)
        is_unknown = current is None or current == UNKNOWN
        if not is_unknown and not (changes_too and q.lever):
            continue  # a fact nobody changes to get another route is never offered as a change
        if q.type == "choice":
            candidates: list[Any] = [o.id for o in q.options if o.id != current]
        else:
            candidates = [v for v in probes(pack, sc, q, table, category) if v != current]
        outcomes: list[tuple[Any, str | None]]
        if top is not None and not ex.could_flip(qid, top):
            outcomes = [(v, top) for v in candidates]  # no answer to it can move the first route
        elif q.type == "number" and len(candidates) > _COARSE:
            outcomes = _coarse_then_fine(ex, qid, candidates)
        else:
            outcomes = [(v, ex.top_with(qid, v)) for v in candidates]
        if is_unknown:
            if q.type == "number":
                outcomes = [o for i, o in enumerate(outcomes) if i == 0 or o[1] != outcomes[i - 1][1]]
            decisive = any(t != top for _, t in outcomes)
            unknowns.append(UnknownImpact(qid, tuple(outcomes), decisive))
            continue
        flips = [(v, t) for v, t in outcomes if t != top]
        if q.type == "number":
            nearest: dict[str | None, tuple[Any, str | None]] = {}
            for v, t in sorted(flips, key=lambda o: abs(o[0] - current)):
                nearest.setdefault(t, (v, t))
            flips = sorted(nearest.values(), key=lambda o: o[0])
        changes.extend(Change(qid, current, v, t) for v, t in flips)
    return tuple(changes), tuple(unknowns)
