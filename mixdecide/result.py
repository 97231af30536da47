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


DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class Timeline:
    """The recommended strategy dated step by step: the Plan page's computation (mixdecide.plan),
    from the day of the assessment, with the pack's example approval levels and meetings. Every
    duration the Recommendation page states for the sequence is this one (review r16head, F1)."""

    start: dt.date
    end: dt.date  # when the last step that holds up the result ends
    deadline: dt.date | None  # start + the months the solution is needed in; None when unknown
    # the day the solution is first in use (a pilot in service, a purchase delivered): what the
    # deadline is met by (review r18head #3); None means at ``end``
    in_use: dt.date | None = None
    in_use_step: str | None = None  # the plan step that puts it in use; None: the plan's end

    @property
    def months(self) -> float:
        """The plan's length in months of 365.25/12 days, to one decimal (the rounding every page
        uses when it states it)."""
        return round((self.end - self.start).days / DAYS_PER_MONTH, 1)

    @property
    def first_use(self) -> dt.date:
        return self.in_use or self.end

    @property
    def use_months(self) -> float:
        """Months from the start to first use, to one decimal."""
        return round((self.first_use - self.start).days / DAYS_PER_MONTH, 1)

    @property
    def late(self) -> bool:
        """Whether the solution is first in use after the deadline (the full roll-out may end
        later without missing it)."""
        return self.deadline is not None and self.first_use > self.deadline

    @property
    def rollout_after(self) -> bool:
        """In use by the deadline, with the full roll-out ending after it."""
        return self.deadline is not None and not self.late and self.end > self.deadline


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
    ends: dt.date | None = None  # for "sequence" with a plan file: the day the solution is first in use
    deadline: dt.date | None = None  # for "sequence" with a plan file: the date it is needed by


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
    # the recommended strategy dated as the Plan page dates it; None without a plan file or strategy
    timeline: Timeline | None = None

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


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data: what dataclasses.asdict gives, texts as {"en", "fr"} and dates
    as ISO strings, in one walk. (asdict deep-copied every text first: a third of each save.)
    Plain values, most of the walk, return first: each answer's save walks the whole result."""
    if type(value) in _SCALARS:
        return value
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
