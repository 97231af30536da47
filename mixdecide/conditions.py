"""Typed condition trees of the rule pack, compiled to fast three-valued predicates.

A condition is a small dict: ``{q: id, in: [...]}``, ``{q: id, gte: n}`` (also ``gt``, ``lte``,
``lt``), ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}``, ``{unknown: id}``, ``{known: id}``,
``{above_threshold: AGREEMENT}`` and, where the pack allows it, ``{top: [route, ...]}``.

Evaluation is three-valued (Kleene logic): ``True``, ``False`` or ``None`` (cannot tell, because an
answer it reads is unknown or missing). A rule only fires on ``True``, so an unknown answer never
silently counts as any option; ``{unknown: q}`` lets a rule react to the uncertainty itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

UNKNOWN = "unknown"

Tri = bool | None
Predicate = Callable[["EvalContext"], Tri]

COMPARATORS = ("gte", "gt", "lte", "lt")


@dataclass(slots=True)
class EvalContext:
    """What a condition can read: the visible answers, a threshold oracle and the top route."""

    answers: Mapping[str, Any]
    above_threshold: Callable[[str], Tri]
    top: str | None = None


class ConditionError(ValueError):
    """A condition in the pack is malformed or names something that does not exist."""


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """The facts about a question that conditions are checked against at load time."""

    type: str  # "choice" | "number"
    options: frozenset[str]


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled condition: the predicate, the questions it reads and its numeric cut points."""

    predicate: Predicate
    questions: frozenset[str]
    cut_points: tuple[tuple[str, float], ...]  # (question id, constant) pairs for counterfactuals
    uses_threshold: frozenset[str]
    uses_top: bool


def compile_condition(
    raw: Any,
    *,
    questions: Mapping[str, QuestionInfo],
    routes: frozenset[str],
    agreements: frozenset[str],
    threshold_questions: tuple[str, ...],
    allow_top: bool,
    path: str = "when",
) -> Compiled:
    """Validate ``raw`` against the pack's ids and compile it; raise ConditionError naming the path.

    ``threshold_questions`` are the questions an ``above_threshold`` test reads (the pack's value
    and category questions): a change to either can change its verdict.
    """
    builder = _Builder(questions, routes, agreements, threshold_questions, allow_top)
    predicate = builder.build(raw, path)
    return Compiled(
        predicate=predicate,
        questions=frozenset(builder.read),
        cut_points=tuple(sorted(set(builder.cuts))),
        uses_threshold=frozenset(builder.thresholds),
        uses_top=builder.top,
    )


class _Builder:
    def __init__(
        self,
        questions: Mapping[str, QuestionInfo],
        routes: frozenset[str],
        agreements: frozenset[str],
        threshold_questions: tuple[str, ...],
        allow_top: bool,
    ) -> None:
        self.questions = questions
        self.routes = routes
        self.agreements = agreements
        self.threshold_questions = threshold_questions
        self.allow_top = allow_top
        self.read: set[str] = set()
        self.cuts: list[tuple[str, float]] = []
        self.thresholds: set[str] = set()
        self.top = False

    def build(self, raw: Any, path: str) -> Predicate:
        if not isinstance(raw, Mapping) or not raw:
            raise ConditionError(f"{path}: a condition must be a non-empty mapping, got {raw!r}")
        keys = set(raw)
        if "q" in keys:
            return self._question(raw, path)
        if len(keys) != 1:
            raise ConditionError(f"{path}: expected exactly one operator, got {sorted(keys)}")
        (op,) = keys
        value = raw[op]
        if op in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f"{path}.{op}: needs a non-empty list of conditions")
            parts = tuple(self.build(v, f"{path}.{op}[{i}]") for i, v in enumerate(value))
            return _all(parts) if op == "all" else _any(parts)
        if op == "not":
            inner = self.build(value, f"{path}.not")
            return _not(inner)
        if op in ("unknown", "known"):
            qid = self._question_id(value, f"{path}.{op}")
            return _is_unknown(qid) if op == "unknown" else _not(_is_unknown(qid))
        if op == "above_threshold":
            if value not in self.agreements:
                raise ConditionError(
                    f"{path}.above_threshold: unknown trade agreement {value!r} "
                    f"(known: {', '.join(sorted(self.agreements))})"
                )
            self.thresholds.add(value)
            self.read.update(self.threshold_questions)
            return _above(value)
        if op == "top":
            if not self.allow_top:
                raise ConditionError(f"{path}.top: 'top' is only allowed where the top route is known")
            ids = value if isinstance(value, list) else [value]
            for r in ids:
                if r not in self.routes:
                    raise ConditionError(f"{path}.top: unknown route {r!r}")
            self.top = True
            return _top(frozenset(ids))
        raise ConditionError(f"{path}: unknown operator {op!r}")

    def _question_id(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or value not in self.questions:
            raise ConditionError(f"{path}: unknown question {value!r}")
        self.read.add(value)
        return value

    def _question(self, raw: Mapping[str, Any], path: str) -> Predicate:
        qid = self._question_id(raw["q"], f"{path}.q")
        info = self.questions[qid]
        ops = set(raw) - {"q"}
        if not ops:
            raise ConditionError(f"{path}: question {qid!r} needs an operator (in, gte, gt, lte, lt)")
        if "in" in ops:
            if ops != {"in"}:
                raise ConditionError(f"{path}: 'in' cannot be combined with {sorted(ops - {'in'})}")
            if info.type != "choice":
                raise ConditionError(f"{path}: operator 'in' does not fit {info.type} question {qid!r}")
            values = raw["in"]
            if not isinstance(values, list) or not values:
                raise ConditionError(f"{path}.in: needs a non-empty list of option ids")
            for v in values:
                if v not in info.options:
                    raise ConditionError(f"{path}.in: question {qid!r} has no option {v!r}")
            return _member(qid, frozenset(values))
        bad = ops - set(COMPARATORS)
        if bad:
            raise ConditionError(f"{path}: unknown operator(s) {sorted(bad)} for question {qid!r}")
        if info.type != "number":
            raise ConditionError(f"{path}: operator {sorted(ops)[0]!r} does not fit choice question {qid!r}")
        bounds: list[tuple[str, float]] = []
        for op in COMPARATORS:
            if op in raw:
                c = raw[op]
                if isinstance(c, bool) or not isinstance(c, int | float):
                    raise ConditionError(f"{path}.{op}: needs a number, got {c!r}")
                bounds.append((op, float(c)))
                self.cuts.append((qid, float(c)))
        return _compare(qid, tuple(bounds))


# --- predicate factories (closures keep evaluation cheap: no dict dispatch at run time) ---


def _member(qid: str, values: frozenset[str]) -> Predicate:
    def pred(ctx: EvalContext) -> Tri:
        v = ctx.answers.get(qid)
        if v is None or v == UNKNOWN:
            return None
        return v in values

    return pred


def _compare(qid: str, bounds: tuple[tuple[str, float], ...]) -> Predicate:
    def pred(ctx: EvalContext) -> Tri:
        v = ctx.answers.get(qid)
        if v is None or v == UNKNOWN:
            return None
        for op, c in bounds:
            if op == "gte" and not v >= c:
                return False
            if op == "gt" and not v > c:
                return False
            if op == "lte" and not v <= c:
                return False
            if op == "lt" and not v < c:
                return False
        return True

    return pred


def _all(parts: tuple[Predicate, ...]) -> Predicate:
    return _kleene(parts, decisive=False)


def _any(parts: tuple[Predicate, ...]) -> Predicate:
    return _kleene(parts, decisive=True)


def _kleene(parts: tuple[Predicate, ...], *, decisive: bool) -> Predicate:
    """AND (``decisive=False``: one False settles it) or OR (``decisive=True``: one True does);
    otherwise any undecided part leaves the whole undecided."""

    def pred(ctx: EvalContext) -> Tri:
        result: Tri = not decisive
        for p in parts:
            r = p(ctx)
            if r is decisive:
                return decisive
            if r is None:
                result = None
        return result

    return pred


def _not(inner: Predicate) -> Predicate:
    def pred(ctx: EvalContext) -> Tri:
        r = inner(ctx)
        return None if r is None else not r

    return pred


def _is_unknown(qid: str) -> Predicate:
    def pred(ctx: EvalContext) -> Tri:
        v = ctx.answers.get(qid)
        return v is None or v == UNKNOWN

    return pred


def _above(agreement: str) -> Predicate:
    def pred(ctx: EvalContext) -> Tri:
        return ctx.above_threshold(agreement)

    return pred


def _top(routes: frozenset[str]) -> Predicate:
    def pred(ctx: EvalContext) -> Tri:
        return None if ctx.top is None else ctx.top in routes

    return pred
