"""The rule pack's shape: pydantic models of its YAML files (extra fields forbidden) and the
loaded ``Pack`` with its compiled conditions.

Pure data: nothing here reads a file or checks one file against another (``load`` and ``checks``
do). Every other module that needs a pack type imports it from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mixdecide.conditions import Compiled


class PackError(ValueError):
    """The rule pack is malformed; the message names the file, the item and what is wrong."""


def follow_up_roots(order: list[str], visibility: Mapping[str, Compiled]) -> dict[str, str]:
    """Each question's numbered question: itself for a question always asked; for a follow-up (a
    question with a visibility condition) that of its parent, the latest question its condition
    reads, so "7a" and a follow-up of "7a" both belong to question 7."""
    place = {q: i for i, q in enumerate(order)}
    roots: dict[str, str] = {}
    for qid in order:
        cond = visibility.get(qid)
        parent = max(cond.questions, key=place.__getitem__) if cond is not None else qid
        roots[qid] = roots.get(parent, qid)
    return roots


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in every language of the product."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang`` (English when the language is not known)."""
        return self.fr if lang == "fr" else self.en


# What a legal statement rests on: a duty in a statute, regulation or agreement ("Must"), or
# practice the pack recommends ("Should").
Basis = Literal["mandatory", "good_practice"]
# Where a threshold value comes from: printed in an official text, computed from one by the
# agreement's own method, or neither (to be checked before relying on it).
Provenance = Literal["published", "derived", "verify"]


class Source(_Model):
    id: str
    title: str
    url: str
    publisher: str = ""
    # primary: the official text of a statute, regulation, agreement, judgment or government notice;
    # guidance: anything else (a guide, a summary, a secondary page). A mandatory item needs a primary one.
    kind: Literal["primary", "guidance"] = "guidance"
    verify: bool = False  # True where the official text was not available when encoding
    note: Text | None = None


class LegalNote(Text):
    """A route's legal precondition: a text with its basis and, when mandatory, its pinpoint."""

    basis: Basis = "good_practice"
    cite: str = ""  # instrument and article/section/paragraph, e.g. "Municipal Act, 2001, s. 270(1)"


class ConfidenceLevels(_Model):
    high: float = Field(gt=0)
    medium: float = Field(gt=0)


class Scoring(_Model):
    base: float
    min: float
    max: float
    confidence: ConfidenceLevels

    @model_validator(mode="after")
    def _ordered(self) -> Scoring:
        if not self.min <= self.base <= self.max:
            raise ValueError("scoring needs min <= base <= max")
        if self.confidence.medium > self.confidence.high:
            raise ValueError("confidence.medium must not exceed confidence.high")
        return self


class PackMeta(_Model):
    id: str
    version: str
    name: Text
    description: Text
    jurisdiction: Text
    disclaimer: Text
    scoring: Scoring
    sources: list[Source] = Field(min_length=1)


class Option(_Model):
    id: str
    label: Text
    help: Text | None = None


class Question(_Model):
    id: str
    type: Literal["choice", "number"]
    label: Text
    help: Text
    unknown_label: Text
    options: list[Option] = Field(default_factory=list)
    min: float | None = None
    min_exclusive: bool = False
    max: float | None = None
    unit: Text | None = None
    unit_one: Text | None = None  # the unit after exactly 1 ("1 month"), when it differs
    step: float | None = None
    visible_if: dict[str, Any] | None = None
    core: bool = False
    # False for a fact of the situation that nobody changes to get another route (an existing
    # contract, exclusive rights, what is being bought): "what would change it" leaves it out,
    # while an unknown answer to it is still explored ("answering this would settle it").
    lever: bool = True

    @model_validator(mode="after")
    def _shape(self) -> Question:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.type == "number" and self.options:
            raise ValueError("a number question has no options")
        return self


class Section(_Model):
    id: str
    title: Text
    intro: Text
    questions: list[Question] = Field(min_length=1)


class QuestionsFile(_Model):
    sections: list[Section] = Field(min_length=1)


class Duration(_Model):
    min_months: float = Field(ge=0)
    max_months: float = Field(ge=0)
    text: Text


class Route(_Model):
    id: str
    # procedure: a way to award (ranked as rivals in the strategy); arrangement: who buys (alone,
    # together, through an existing vehicle); stage: a step before or after a procedure (an RFI).
    kind: Literal["procedure", "arrangement", "stage"] = "procedure"
    name: Text
    short: Text
    summary: Text
    fits: list[Text] = Field(min_length=1)
    avoid: list[Text] = Field(min_length=1)
    duration: Duration
    steps: list[Text] = Field(min_length=1)
    legal: list[LegalNote] = Field(min_length=1)
    refs: list[str] = Field(min_length=1)
    stage: int  # position of this route when it appears in a sequence
    color: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")


class Step(_Model):
    """A sequence step that is not itself a route (e.g. the scale purchase after a pilot)."""

    id: str
    name: Text
    summary: Text
    stage: int
    refs: list[str] = Field(default_factory=list)


class StrategyOption(_Model):
    """One choice of a strategy part (a buyer arrangement, an award path, a path to purchase or an
    IP/data term): chosen when its condition is certainly true; ``when`` None is the default."""

    id: str
    name: Text
    summary: Text
    when: dict[str, Any] | None = None
    detail_question: str | None = None  # an answer the card shows with it (e.g. the ground)
    step: str | None = None  # a pack step this choice adds to the stages (first)...
    replaces_stages: bool = False  # ...or that becomes the only stage (a call-off, a direct award)
    # (paths that replace the stages) the path is what the city does, not a ranked procedure: the
    # pack steps that follow ``step``, the main steps shown in place of the route's, and the trade
    # obligations and checklist items the path sets aside (the competition is not the city's to run)
    then: list[str] = Field(default_factory=list)
    steps: list[Text] = Field(default_factory=list)
    sets_aside_obligations: list[str] = Field(default_factory=list)
    sets_aside_checklist: list[str] = Field(default_factory=list)
    procedure_follows: bool = True  # (purchase) False: nothing is bought, so no procedure follows an RFI
    # (paths that replace the stages) why this path, shown in the card's "Why" in place of the
    # comparison of two procedures: what makes it available and what it rests on
    why: list[Text] = Field(default_factory=list)
    legal: list[LegalNote] = Field(default_factory=list)
    refs: list[str] = Field(min_length=1)


class StrategySpec(_Model):
    """How the pack turns a ranking into a strategy. ``arrangements``, ``paths`` and ``purchase``
    take the first option that applies (the last must be a default, with no ``when``); every
    ``terms`` option that applies is listed."""

    arrangements: list[StrategyOption] = Field(min_length=1)
    paths: list[StrategyOption] = Field(min_length=1)
    purchase: list[StrategyOption] = Field(min_length=1)
    terms: list[StrategyOption] = Field(default_factory=list)


class RoutesFile(_Model):
    routes: list[Route] = Field(min_length=1)
    steps: list[Step] = Field(default_factory=list)
    strategy: StrategySpec | None = None


class SequenceEffect(_Model):
    step: str  # a route id or a step id
    note: Text


class Curve(_Model):
    """Points that vary smoothly with a number answer: straight lines between (value, points)
    knots, flat beyond the first and last; ``log`` interpolates on the value's logarithm."""

    q: str
    log: bool = False
    points: dict[str, list[tuple[float, float]]] = Field(min_length=1)

    @model_validator(mode="after")
    def _knots(self) -> Curve:
        for route, knots in self.points.items():
            xs = [x for x, _ in knots]
            if len(xs) < 2 or xs != sorted(set(xs)):
                raise ValueError(f"curve {route}: at least two knots, values strictly increasing")
            if self.log and xs[0] <= 0:
                raise ValueError(f"curve {route}: a log curve needs knots above 0")
        return self


class Deadline(_Model):
    """A graded penalty for each route whose shortest typical duration exceeds the time available:
    ``per_month`` points per month short, at most ``max``."""

    q: str
    per_month: float = Field(gt=0)
    max: float = Field(gt=0)
    # the development time, when asked: development longer than the time available makes the date
    # unachievable for any route that develops, which the result says first
    development_q: str | None = None


class Rule(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")
    when: dict[str, Any]
    points: dict[str, float] | None = None
    curve: Curve | None = None
    deadline: Deadline | None = None
    exclude: list[str] | None = None
    sequence: SequenceEffect | None = None
    rationale: Text
    lift: Text | None = None  # for a gate (exclude): the answer that would lift it
    refs: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_effect(self) -> Rule:
        effects = [e for e in (self.points, self.curve, self.deadline, self.exclude, self.sequence) if e]
        if len(effects) != 1:
            raise ValueError("a rule needs exactly one effect: points, curve, deadline, exclude or sequence")
        if self.exclude and self.lift is None:
            raise ValueError("a gate (exclude) needs `lift`: the answer that would lift it")
        return self

    @property
    def graded(self) -> bool:
        """True when the rule's points depend on the value of a number answer."""
        return self.curve is not None or self.deadline is not None


class RulesFile(_Model):
    rules: list[Rule] = Field(min_length=1)


class Band(_Model):
    id: str
    label: Text
    min: int = Field(ge=1, le=25)
    max: int = Field(ge=1, le=25)
    color: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    focus: bool = False  # risks in this band are the ones to act on ("Where to focus")


class Adjustment(_Model):
    id: str
    when: dict[str, Any]
    delta: int
    why: Text


class Scale(_Model):
    base: int = Field(ge=1, le=5)
    adjust: list[Adjustment] = Field(default_factory=list)


class Mitigation(_Model):
    id: str
    text: Text
    routes: list[str] = Field(default_factory=list)  # empty: fits every route
    when: dict[str, Any] | None = None


class Dimension(_Model):
    id: str
    name: Text
    short: Text  # for chart labels
    description: Text
    drivers: list[str] = Field(min_length=1)  # questions whose unknown answer means worst likelihood
    likelihood: Scale
    impact: Scale
    mitigations: list[Mitigation] = Field(min_length=1)
    refs: list[str] = Field(default_factory=list)


class RisksFile(_Model):
    unknown_likelihood: int = Field(ge=1, le=5)
    bands: list[Band] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)


class Principle(_Model):
    id: str
    name: Text


class ChecklistItem(_Model):
    id: str
    principle: str
    text: Text
    how: Text
    routes: list[str] = Field(default_factory=list)  # empty: every route
    # the strategy's award paths it belongs to (routes.yaml strategy.paths, e.g. a direct award);
    # empty: whatever the path
    paths: list[str] = Field(default_factory=list)
    applies_if: dict[str, Any] | None = None
    when_unknown: Literal["include", "exclude"] = "include"
    refs: list[str] = Field(min_length=1)
    basis: Basis = "good_practice"
    cite: str = ""  # pinpoint citation: instrument, article or section, paragraph
    why: Text | None = None  # one line: why this applies to this project
    in_force: dt.date | None = None  # when the duty it rests on took effect (mandatory items)


class ChecklistFile(_Model):
    principles: list[Principle] = Field(min_length=1)
    items: list[ChecklistItem] = Field(min_length=1)


class Period(_Model):
    start: dt.date  # valid from
    end: dt.date  # valid to (inclusive)
    values: dict[str, float]
    provenance: dict[str, Provenance] = Field(default_factory=dict)  # category -> provenance
    derivation: Text | None = None  # how a derived value was computed and from what
    # how the period reads in a finding instead of its dates, e.g. for a base value whose
    # indexed value in force was not read
    label: Text | None = None
    # an agreement whose lowest threshold bounds a to-verify (indexed) value from above: between the
    # base value and that threshold the agreement "may apply", never "applies"
    verify_below: str | None = None
    refs: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates(self) -> Period:
        if self.end < self.start:
            raise ValueError("a period must not end before it starts")
        return self

    @property
    def verify(self) -> list[str]:
        """Categories whose value is neither published nor derived: check before relying on it."""
        return [c for c, p in self.provenance.items() if p == "verify"]


class Obligation(_Model):
    id: str
    text: Text
    refs: list[str] = Field(min_length=1)
    basis: Basis = "mandatory"
    cite: str = ""  # pinpoint citation: agreement, article, paragraph
    why: Text | None = None  # one line: why it applies when the agreement does
    # routes it applies to (first route or a step of its sequence); empty: every route
    routes: list[str] = Field(default_factory=list)
    # the legal minimum number of days from notice to closing this obligation fixes (e.g. CETA's
    # 40 days): a procedure it binds cannot be shorter, whatever its typical duration
    min_days: int | None = Field(default=None, gt=0)


class Agreement(_Model):
    id: str
    name: Text
    scope: Text
    periods: list[Period] = Field(min_length=1)
    obligations: list[Obligation] = Field(min_length=1)
    # the date it first bound Ontario municipalities; before it the agreement did not apply at all
    in_force: dt.date | None = None


class NotProcurement(_Model):
    """Routes that buy nothing (a prize pays for a result): no trade agreement covers them as such."""

    routes: list[str] = Field(min_length=1)
    # route -> {question: answers}: the route buys nothing only when every question has one of
    # its answers (an RFI with no purchase planned); routes not named here always buy nothing
    only_if: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    note: Text  # what to say instead, e.g. that a later purchase is covered
    cite: str = ""
    refs: list[str] = Field(default_factory=list)

    def buys_nothing(self, route: str | None, answers: Mapping[str, Any]) -> bool:
        """True when ``route`` is one that buys nothing, given the answers."""
        if route not in self.routes:
            return False
        return all(answers.get(q) in allowed for q, allowed in self.only_if.get(route, {}).items())


class ThresholdsFile(_Model):
    category_question: str
    value_question: str
    not_procurement: NotProcurement | None = None
    # each category as it reads inside a sentence ("below its {category} threshold")
    categories: dict[str, Text]
    agreements: list[Agreement] = Field(min_length=1)
    # a value this share or less below a threshold it does not reach gets a caution to document
    # the valuation (options, renewals), e.g. 0.01 for 1%
    near_below: float | None = Field(default=None, gt=0, lt=1)


class Expectation(_Model):
    top: list[str] = Field(min_length=1)  # any of these is acceptable as the first route
    excluded: list[str] = Field(default_factory=list)
    not_excluded: list[str] = Field(default_factory=list)
    high_risk: list[str] = Field(default_factory=list)
    checklist: list[str] = Field(default_factory=list)
    not_checklist: list[str] = Field(default_factory=list)
    sequence: list[str] = Field(default_factory=list)  # steps that must appear, in this order
    # strategy parts (issue 11): the option ids expected, when the example is about them
    path: str | None = None
    arrangement: str | None = None
    purchase: str | None = None
    deadline_warned: list[str] = Field(default_factory=list)  # routes flagged as too slow


class Example(_Model):
    id: str
    title: Text
    story: Text
    today: dt.date  # the assessment date: thresholds depend on it, so an example never drifts
    answers: dict[str, Any]
    expect: Expectation
    refs: list[str] = Field(default_factory=list)


class ExamplesFile(_Model):
    examples: list[Example] = Field(min_length=1)


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    cond: Compiled


@dataclass(frozen=True)
class Pack:
    """A loaded, cross-checked rule pack with compiled conditions."""

    path: Path
    meta: PackMeta
    sections: tuple[Section, ...]
    questions: Mapping[str, Question]
    routes: Mapping[str, Route]
    steps: Mapping[str, Step]
    rules: tuple[CompiledRule, ...]
    strategy: StrategySpec | None
    risks: RisksFile
    checklist: ChecklistFile
    thresholds: ThresholdsFile
    examples: tuple[Example, ...]
    sources: Mapping[str, Source]
    visibility: Mapping[str, Compiled]
    compiled: Mapping[str, Compiled] = field(repr=False)  # "risk.<dim>.<scale>.<id>" -> condition
    # "strategy.<part>.<id>" -> condition
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # derived indexes

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def version(self) -> str:
        return self.meta.version

    def question_order(self) -> list[str]:
        """Question ids in questionnaire order (a follow-up right after the question it follows up)."""
        return [q.id for s in self.sections for q in s.questions]
