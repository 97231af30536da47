"""The case library: real, publicly documented procurements, and the cases nearest to a project.

``cases.yaml`` in a pack folder lists public procurements as the record shows them: the buyer,
the route actually used, the answers to the questionnaire the record supports (``unknown`` where it
is silent), how it went and what others can learn, with at least one source URL. The file is
optional; when present, ``load_pack`` reads it through ``load_cases`` and refuses the pack on the
first bad case, naming it. ``pack_cases(pack)`` returns the loaded cases.

``nearest_cases`` ranks cases by their distance to a project's answers over the core questions the
project answered. Pure and deterministic; no file is read there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.conditions import UNKNOWN
from mixdecide.pack.models import Pack, PackError, Text

CASES_FILE = "cases.yaml"
_CACHE_KEY = "cases"

# What the record says happened, and the arrangements a route can be run through.
Outcome = Literal["awarded", "completed", "scaled", "stopped", "cancelled", "litigated", "ongoing", "unknown"]
Arrangement = Literal["cooperative_vehicle", "direct_award", "unsolicited_proposal"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)
ARRANGEMENTS: tuple[str, ...] = get_args(Arrangement)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseSource(_Model):
    """An official or first-hand record of the case."""

    title: str = Field(min_length=1)
    url: str
    publisher: str = ""

    @field_validator("url")
    @classmethod
    def _web_address(cls, v: str) -> str:
        if not v.startswith(("https://", "http://")):
            raise ValueError(f"source url must start with https:// or http://, got {v[:60]!r}")
        return v


class Case(_Model):
    """One real procurement as the public record shows it."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    buyer: str = Field(min_length=1)
    country: str = Field(min_length=2, max_length=2)  # ISO 3166 alpha-2 (EU programmes: the lead buyer's)
    region: str = ""
    year: int = Field(ge=1990, le=2100)
    title: Text
    summary: Text
    routes: list[str] = Field(default_factory=list)  # pack route ids actually used, main one first
    arrangement: Arrangement | None = None
    vehicle: str = ""  # the cooperative contract or exception used, as the record names it
    answers: dict[str, Any] = Field(default_factory=dict)
    outcome: Outcome
    lessons: Text
    sources: list[CaseSource] = Field(default_factory=list, validate_default=True)

    @field_validator("sources")
    @classmethod
    def _sourced(cls, v: list[CaseSource]) -> list[CaseSource]:
        if not v:
            raise ValueError("a case needs at least one source URL to an official or first-hand record")
        return v

    @field_validator("country")
    @classmethod
    def _upper(cls, v: str) -> str:
        if not v.isalpha() or not v.isupper():
            raise ValueError(f"country must be a two-letter upper-case code, got {v!r}")
        return v


class CasesFile(_Model):
    cases: list[Case] = Field(default_factory=list)


def check_cases(pack: Pack, cases: Iterable[Case]) -> tuple[Case, ...]:
    """Hold every case to the pack: unique ids, known routes, answers the questionnaire accepts.

    Raises PackError naming the file, the case and the problem.
    """
    out: list[Case] = []
    seen: set[str] = set()
    for c in cases:
        item = f"{CASES_FILE}: case {c.id!r}"
        if c.id in seen:
            raise PackError(f"{CASES_FILE}: case id {c.id!r} appears twice")
        seen.add(c.id)
        if not c.routes and c.arrangement is None:
            raise PackError(f"{item}: name the route(s) used or an arrangement")
        for r in c.routes:
            if r not in pack.routes:
                raise PackError(f"{item}: unknown route {r!r} (known: {', '.join(sorted(pack.routes))})")
        if len(set(c.routes)) != len(c.routes):
            raise PackError(f"{item}: a route is listed twice")
        try:
            normalize_answers(pack, c.answers)
        except AnswerError as exc:
            raise PackError(f"{item}: answers: {exc}") from None
        out.append(c)
    return tuple(out)


def parse_cases(raw: Any) -> list[Case]:
    """The cases of a parsed ``cases.yaml`` document; PackError names the case and the field."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise PackError(f"{CASES_FILE}: expected a mapping with a 'cases' list at the top level")
    try:
        return list(CasesFile.model_validate(raw).cases)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise PackError(f"{CASES_FILE}: {_where(raw, err['loc'])}: {_message(err)}") from None


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _where(raw: Any, loc: Sequence[Any]) -> str:
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


def load_cases(pack: Pack, raw: Any) -> tuple[Case, ...]:
    """Parse and check the cases of ``raw`` (the YAML document) and keep them with the pack."""
    cases = check_cases(pack, parse_cases(raw))
    pack.cache[_CACHE_KEY] = cases
    return cases


def pack_cases(pack: Pack) -> tuple[Case, ...]:
    """The cases loaded with the pack (none when the pack has no ``cases.yaml``)."""
    cached = pack.cache.get(_CACHE_KEY, ())
    return tuple(cached)


def cases_path(pack: Pack) -> Path:
    return pack.path / CASES_FILE


# ---------------------------------------------------------------------------------- nearest cases


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A case near a project: its distance (0 = same answers) and the questions it matches."""

    case: Case
    distance: float
    same: tuple[str, ...]  # core questions answered alike, in questionnaire order
    compared: int  # core questions both the project and the case answered


def core_questions(pack: Pack) -> tuple[str, ...]:
    """The pack's core question ids in questionnaire order (cached on the pack)."""
    key = "cases.core"
    if key not in pack.cache:
        pack.cache[key] = tuple(q.id for s in pack.sections for q in s.questions if q.core)
    return tuple(pack.cache[key])


def _known(v: Any) -> bool:
    return v is not None and v != UNKNOWN


def _gap(pack: Pack, qid: str, a: Any, b: Any) -> float:
    """How far two known answers to one question are apart, from 0 (same) to 1."""
    q = pack.questions[qid]
    if q.type == "choice":
        if a == b:
            return 0.0
        ids = [o.id for o in q.options]
        if len(ids) > 2 and a in ids and b in ids:  # options are listed in order: neighbours are closer
            return abs(ids.index(a) - ids.index(b)) / (len(ids) - 1)
        return 1.0
    x, y = float(a), float(b)
    top = max(abs(x), abs(y))
    return 0.0 if top == 0 else min(1.0, abs(x - y) / top)


# An answer only one side knows neither brings a case closer nor pushes it away: it counts as
# half a mismatch, the middle of the 0..1 scale every question is measured on.
NEUTRAL = 0.5


def case_distance(pack: Pack, answers: Mapping[str, Any], case: Case) -> Neighbour:
    """Distance from a project's answers to a case over the core questions the project answered."""
    asked = [q for q in core_questions(pack) if _known(answers.get(q))]
    total = 0.0
    same: list[str] = []
    compared = 0
    for q in asked:
        theirs = case.answers.get(q)
        if not _known(theirs):
            total += NEUTRAL
            continue
        compared += 1
        g = _gap(pack, q, answers[q], theirs)
        total += g
        if g == 0.0:
            same.append(q)
    distance = total / len(asked) if asked else NEUTRAL
    return Neighbour(case, round(distance, 6), tuple(same), compared)


def nearest_cases(
    pack: Pack, answers: Mapping[str, Any], cases: Sequence[Case] | None = None, k: int = 3
) -> list[Neighbour]:
    """The ``k`` cases nearest to ``answers`` (default: the pack's cases).

    Ordered by distance, then by more questions matched, then by case id, so the order never
    depends on file order or hashing.
    """
    pool = pack_cases(pack) if cases is None else cases
    scored = [case_distance(pack, answers, c) for c in pool]
    scored.sort(key=lambda n: (n.distance, -len(n.same), n.case.id))
    return scored[: max(k, 0)]


def main_route(case: Case) -> str | None:
    """The route a case is filed under: its first route, else its arrangement."""
    return case.routes[0] if case.routes else case.arrangement
