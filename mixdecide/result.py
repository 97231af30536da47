"""The Assessment the engine returns: findings with their rule ids, answers read and reasons.

Plain frozen dataclasses (cheap to build on every keystroke); ``to_dict`` gives the JSON form the
CLI prints and the store snapshots. Texts are bilingual ``Text`` objects, serialised as
``{"en": ..., "fr": ...}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from mixdecide.pack.models import Text


@dataclass(frozen=True, slots=True)
class Contribution:
    """Points one rule gave one route, with the answers the rule read."""

    rule: str
    points: float
    why: Text
    answers: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A rule that ruled a route out, and why."""

    rule: str
    reason: Text
    answers: dict[str, Any]
    lift: Text | None = None  # the answer that would lift this gate


@dataclass(frozen=True, slots=True)
class RouteScore:
    """A route's score: the sum of its contributions (base and any clamp included)."""

    route: str
    score: float
    contributions: tuple[Contribution, ...]
    exclusions: tuple[Exclusion, ...] = ()

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)


@dataclass(frozen=True, slots=True)
class DeadlineWarning:
    """A route that usually takes longer than the time available (scored down, never hidden)."""

    route: str
    need_months: float
    min_months: float
    max_months: float
    # what sets the shortest duration: the route's typical range ("route"), a trade agreement's
    # minimum bid period ("legal", with its days and agreement) or the whole sequence ("sequence")
    basis: str = "route"
    legal_days: int = 0
    agreement: str | None = None


@dataclass(frozen=True, slots=True)
class SequenceStep:
    """One step of a recommended sequence: a route or a pack step, with the rule that added it."""

    step: str
    kind: str  # "route" | "step"
    stage: int
    rule: str | None  # None for the first route itself
    note: Text | None


@dataclass(frozen=True, slots=True)
class Change:
    """A single-answer change and the first route it would lead to."""

    question: str
    current: Any
    value: Any
    top: str | None


@dataclass(frozen=True, slots=True)
class UnknownImpact:
    """For an unanswered or "don't know" question: the first route each possible answer gives."""

    question: str
    outcomes: tuple[tuple[Any, str | None], ...]
    decisive: bool


@dataclass(frozen=True, slots=True)
class Confidence:
    level: str  # "high" | "medium" | "low"
    margin: float | None  # first minus second route; None when only one route remains
    runner_up: str | None
    decisive_unknowns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TradeFinding:
    """Whether a trade agreement applies at this value, category and date, and what it obliges."""

    agreement: str
    # "applies" | "does_not_apply" | "uncertain" | "not_procurement" (the route buys nothing) |
    # "not_in_force" (the date is before the agreement bound municipalities)
    status: str
    category: str | None
    threshold: float | None
    period_start: dt.date
    period_end: dt.date
    period_exact: bool
    verify: bool
    obligations: tuple[str, ...]
    provenance: str | None = None  # of the category's value: published | derived | verify


@dataclass(frozen=True, slots=True)
class Driver:
    """Why a risk dimension's likelihood or impact moved."""

    id: str
    scale: str  # "likelihood" | "impact"
    delta: int
    why: Text | None
    question: str | None = None  # set when the driver is an unanswered question


@dataclass(frozen=True, slots=True)
class RiskItem:
    dimension: str
    likelihood: int
    impact: int
    score: int
    band: str
    drivers: tuple[Driver, ...]
    unknown_drivers: tuple[str, ...]
    mitigations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChecklistFinding:
    item: str
    principle: str
    confirm: bool  # True when it applies only because an answer it depends on is unknown
    basis: str = "good_practice"  # mandatory ("Must") or good_practice ("Should"), from the pack


@dataclass(frozen=True, slots=True)
class StrategyChoice:
    """One part of the strategy: the pack's option id, and the answer it rests on when it has one."""

    id: str
    detail: Any = None


@dataclass(frozen=True, slots=True)
class Strategy:
    """A procurement strategy: the procedure (ranked procedures), the award path, who buys, the
    stages in order, and the contract model (path to purchase, IP and data terms)."""

    procedure: tuple[str, ...]
    path: StrategyChoice
    arrangement: StrategyChoice
    stages: tuple[str, ...]
    purchase: StrategyChoice
    terms: tuple[StrategyChoice, ...]


@dataclass(frozen=True)
class Assessment:
    """Everything the tool says about one set of answers (see DESIGN.md, "The result")."""

    pack_id: str
    pack_version: str
    assessed_on: dt.date
    answers: dict[str, Any]
    ranking: tuple[RouteScore, ...]
    excluded: tuple[RouteScore, ...]
    sequence: tuple[SequenceStep, ...]
    confidence: Confidence
    changes: tuple[Change, ...]
    unknowns: tuple[UnknownImpact, ...]
    trade: tuple[TradeFinding, ...]
    risks: tuple[RiskItem, ...]
    checklist: tuple[ChecklistFinding, ...]
    missing: tuple[str, ...]
    unknown: tuple[str, ...]
    visible: tuple[str, ...] = field(default=())
    deadline_warnings: tuple[DeadlineWarning, ...] = field(default=())
    strategy: Strategy | None = None  # None when the pack defines no strategy or every route is out
    # when the first route misses the date: the best-ranked route that fits it and buys something
    # (mixdecide.strategy.route_that_fits); None when the first route fits, or when none does
    best_fitting: str | None = None

    @property
    def top(self) -> str | None:
        """The recommended (first) route, or None when every route is excluded."""
        return self.ranking[0].route if self.ranking else None

    @property
    def top_misses_deadline(self) -> bool:
        """True when the first route's shortest typical duration is longer than the time available:
        it is then never shown as an unqualified recommendation."""
        return self.top is not None and any(w.route == self.top for w in self.deadline_warnings)

    def score_of(self, route: str) -> RouteScore:
        """The score entry of ``route`` (ranked or excluded)."""
        for r in (*self.ranking, *self.excluded):
            if r.route == route:
                return r
        raise KeyError(route)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; the ranking is sorted best first, as the CLI contract requires."""
        data: dict[str, Any] = _plain(self)
        data["top"] = self.top
        data["top_misses_deadline"] = self.top_misses_deadline
        return data


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data: what dataclasses.asdict gives, texts as {"en", "fr"} and dates
    as ISO strings, in one walk. (asdict deep-copied every text first: a third of each save.)"""
    if isinstance(value, Text):
        return {"en": value.en, "fr": value.fr}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        if set(value) == {"en", "fr"}:
            return dict(value)
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
