"""Rule-pack models (pydantic, extra fields forbidden), the YAML loader and its cross-checks.

A pack is a folder of YAML files (pack, questions, routes, rules, risks, checklist, thresholds,
examples). ``load_pack`` validates every file, checks that every id it references exists and that
every operator fits its question, and compiles the conditions once. Any problem raises
``PackError`` whose message names the file, the item and the bad reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mixdecide.conditions import Compiled, ConditionError, QuestionInfo, compile_condition

PACKS_DIR = Path(__file__).resolve().parent.parent / "data" / "packs"
DEFAULT_PACK = "ontario-municipal"
LANGS = ("en", "fr")
PACK_FILES = ("pack", "questions", "routes", "rules", "risks", "checklist", "thresholds", "examples")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ten times faster


class PackError(ValueError):
    """The rule pack is malformed; the message names the file, the item and what is wrong."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in every language of the product."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang`` (English when the language is not known)."""
        return self.fr if lang == "fr" else self.en


class Source(_Model):
    id: str
    title: str
    url: str
    publisher: str = ""
    verify: bool = False  # True where the official text was not available when encoding
    note: Text | None = None


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
    step: float | None = None
    visible_if: dict[str, Any] | None = None
    core: bool = False

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
    name: Text
    short: Text
    summary: Text
    fits: list[Text] = Field(min_length=1)
    avoid: list[Text] = Field(min_length=1)
    duration: Duration
    steps: list[Text] = Field(min_length=1)
    legal: list[Text] = Field(min_length=1)
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


class RoutesFile(_Model):
    routes: list[Route] = Field(min_length=1)
    steps: list[Step] = Field(default_factory=list)


class SequenceEffect(_Model):
    step: str  # a route id or a step id
    note: Text


class Rule(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")
    when: dict[str, Any]
    points: dict[str, float] | None = None
    exclude: list[str] | None = None
    sequence: SequenceEffect | None = None
    rationale: Text
    refs: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_effect(self) -> Rule:
        effects = [e for e in (self.points, self.exclude, self.sequence) if e]
        if len(effects) != 1:
            raise ValueError("a rule needs exactly one effect: points, exclude or sequence")
        return self


class RulesFile(_Model):
    rules: list[Rule] = Field(min_length=1)


class Band(_Model):
    id: str
    label: Text
    min: int = Field(ge=1, le=25)
    max: int = Field(ge=1, le=25)
    color: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")


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
    applies_if: dict[str, Any] | None = None
    when_unknown: Literal["include", "exclude"] = "include"
    refs: list[str] = Field(min_length=1)


class ChecklistFile(_Model):
    principles: list[Principle] = Field(min_length=1)
    items: list[ChecklistItem] = Field(min_length=1)


class Period(_Model):
    start: dt.date
    end: dt.date
    values: dict[str, float]
    verify: list[str] = Field(default_factory=list)  # categories whose value needs checking
    refs: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates(self) -> Period:
        if self.end < self.start:
            raise ValueError("a period must not end before it starts")
        return self


class Obligation(_Model):
    id: str
    text: Text
    refs: list[str] = Field(min_length=1)


class Agreement(_Model):
    id: str
    name: Text
    scope: Text
    periods: list[Period] = Field(min_length=1)
    obligations: list[Obligation] = Field(min_length=1)


class ThresholdsFile(_Model):
    category_question: str
    value_question: str
    agreements: list[Agreement] = Field(min_length=1)


class Expectation(_Model):
    top: list[str] = Field(min_length=1)  # any of these is acceptable as the first route
    excluded: list[str] = Field(default_factory=list)
    not_excluded: list[str] = Field(default_factory=list)
    high_risk: list[str] = Field(default_factory=list)
    checklist: list[str] = Field(default_factory=list)
    not_checklist: list[str] = Field(default_factory=list)
    sequence: list[str] = Field(default_factory=list)  # steps that must appear, in this order


class Example(_Model):
    id: str
    title: Text
    story: Text
    today: dt.date | None = None
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
    risks: RisksFile
    checklist: ChecklistFile
    thresholds: ThresholdsFile
    examples: tuple[Example, ...]
    sources: Mapping[str, Source]
    visibility: Mapping[str, Compiled]
    compiled: Mapping[str, Compiled] = field(repr=False)  # "risk.<dim>.<scale>.<id>" -> condition
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # derived indexes

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def version(self) -> str:
        return self.meta.version

    def question_order(self) -> list[str]:
        """Question ids in questionnaire order."""
        return [q.id for s in self.sections for q in s.questions]


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except FileNotFoundError:
        raise PackError(f"{path.name}: file is missing from the pack folder {path.parent}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise PackError(f"{path.name}: not valid YAML{where}: {problem}") from None


def _parse(model: type[BaseModel], path: Path) -> Any:
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise PackError(f"{path.name}: expected a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = _locate(raw, err["loc"])
        raise PackError(f"{path.name}: {where}: {err['msg']}") from None


def _locate(raw: Any, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic error location into 'rules[3] (id=x).field' so the item can be found."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id={node['id']})"
            parts.append(label)
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "top level"


def resolve_pack_path(pack: str | Path | None) -> Path:
    """A pack id (folder under data/packs) or a path to a pack folder."""
    if pack is None:
        return PACKS_DIR / DEFAULT_PACK
    p = Path(pack)
    if p.is_dir():
        return p
    candidate = PACKS_DIR / str(pack)
    if candidate.is_dir():
        return candidate
    raise PackError(f"no rule pack {str(pack)!r} (looked for {p} and {candidate})")


def load_pack(pack: str | Path | None = None) -> Pack:
    """Load, validate and cross-check a rule pack; raise PackError naming file, item and problem."""
    from mixdecide.pack_checks import check_and_compile  # split for module size

    root = resolve_pack_path(pack)
    files = {
        "pack": _parse(PackMeta, root / "pack.yaml"),
        "questions": _parse(QuestionsFile, root / "questions.yaml"),
        "routes": _parse(RoutesFile, root / "routes.yaml"),
        "rules": _parse(RulesFile, root / "rules.yaml"),
        "risks": _parse(RisksFile, root / "risks.yaml"),
        "checklist": _parse(ChecklistFile, root / "checklist.yaml"),
        "thresholds": _parse(ThresholdsFile, root / "thresholds.yaml"),
        "examples": _parse(ExamplesFile, root / "examples.yaml"),
    }
    try:
        return check_and_compile(root, files)
    except ConditionError as exc:  # pragma: no cover - check_and_compile wraps these
        raise PackError(str(exc)) from None


def question_info(questions: Mapping[str, Question]) -> dict[str, QuestionInfo]:
    """The condition compiler's view of the questions."""
    return {
        q.id: QuestionInfo(type=q.type, options=frozenset(o.id for o in q.options))
        for q in questions.values()
    }


def compile_in(
    raw: dict[str, Any], *, file: str, item: str, info, routes, agreements, allow_top: bool
) -> Compiled:
    """Compile one condition, turning a ConditionError into a PackError naming file and item."""
    try:
        return compile_condition(
            raw, questions=info, routes=routes, agreements=agreements, allow_top=allow_top
        )
    except ConditionError as exc:
        raise PackError(f"{file}: {item}: {exc}") from None
