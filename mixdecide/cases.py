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

import heapq
import operator
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.conditions import UNKNOWN
from mixdecide.i18n import t
from mixdecide.pack.models import Pack, PackError, Text
from mixdecide.text import locate

CASES_FILE = "cases.yaml"
_CACHE_KEY = "cases"
_BECAUSE_KEY = "cases.because"

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
        if any(ch.isspace() or ch in '<>"`' for ch in v):
            raise ValueError(f'source url must not contain spaces or any of < > " `, got {v[:60]!r}')
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
    # core question id -> how "alike on this question" reads in a reason ("same market depth")
    similar_because: dict[str, Text] = Field(default_factory=dict)
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


def parse_cases(raw: Any) -> CasesFile:
    """A parsed ``cases.yaml`` document, validated; PackError names the case and the field."""
    if raw is None:
        return CasesFile()
    if not isinstance(raw, dict):
        raise PackError(f"{CASES_FILE}: expected a mapping with a 'cases' list at the top level")
    try:
        return CasesFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise PackError(f"{CASES_FILE}: {locate(raw, err['loc'])}: {_message(err)}") from None


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def load_cases(pack: Pack, raw: Any) -> tuple[Case, ...]:
    """Parse and check the cases of ``raw`` (the YAML document) and keep them with the pack."""
    parsed = parse_cases(raw)
    core = set(core_questions(pack))
    for qid in parsed.similar_because:
        if qid not in core:
            raise PackError(f"{CASES_FILE}: similar_because: {qid!r} is not a core question of the pack")
    cases = check_cases(pack, parsed.cases)
    pack.cache[_CACHE_KEY] = cases
    pack.cache[_BECAUSE_KEY] = dict(parsed.similar_because)
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
    same: tuple[str, ...]  # core questions answered alike (see ALIKE), in questionnaire order
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
    return _number_gap(float(a), float(b))


def _number_gap(x: float, y: float) -> float:
    """Numbers compare by their difference relative to the larger: 90 and 100 are 0.1 apart."""
    top = max(abs(x), abs(y))
    return 0.0 if top == 0 else min(1.0, abs(x - y) / top)


# An answer only one side knows neither brings a case closer nor pushes it away: it counts as
# half a mismatch, the middle of the 0..1 scale every question is measured on.
NEUTRAL = 0.5
# Two answers are "alike" (named in the reason) when they are at most this far apart: equal
# options, or numbers within a quarter of the larger one.
ALIKE = 0.25


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
        if g <= ALIKE and (g == 0.0 or pack.questions[q].type != "choice"):
            same.append(q)
    distance = total / len(asked) if asked else NEUTRAL
    return Neighbour(case, round(distance, 6), tuple(same), compared)


class CaseIndex:
    """The cases' core answers laid out by question, so one project is compared with a thousand
    cases in a few milliseconds. Gives exactly what ``case_distance`` gives, case by case."""

    def __init__(self, pack: Pack, cases: Sequence[Case]) -> None:
        self.pack = pack
        self.cases = tuple(cases)
        self.core = core_questions(pack)
        self.columns: dict[str, list[Any]] = {
            q: [c.answers.get(q) if _known(c.answers.get(q)) else None for c in self.cases] for q in self.core
        }

    def _gaps(self, q: str, mine: Any) -> tuple[list[float], list[bool]]:
        question = self.pack.questions[q]
        column = self.columns[q]
        if question.type == "choice":
            ids = [o.id for o in question.options]
            table = {o: _gap(self.pack, q, mine, o) for o in ids}
            gaps = [NEUTRAL if v is None else table.get(v, 1.0) for v in column]
            return gaps, [v is not None and v == mine for v in column]
        x = float(mine)
        gaps = [NEUTRAL if v is None else _number_gap(x, float(v)) for v in column]
        return gaps, [v is not None and g <= ALIKE for v, g in zip(column, gaps, strict=True)]

    def nearest(self, answers: Mapping[str, Any], k: int = 3) -> list[Neighbour]:
        """The ``k`` nearest cases: by distance, then more questions alike, then case id."""
        if k <= 0 or not self.cases:
            return []
        asked = [q for q in self.core if _known(answers.get(q))]
        n = len(self.cases)
        totals = [0.0] * n
        alike = [0] * n
        for q in asked:
            gaps, same = self._gaps(q, answers[q])
            totals = list(map(operator.add, totals, gaps))
            alike = list(map(operator.add, alike, same))
        scale = len(asked)
        dist = [round(t / scale, 6) if scale else NEUTRAL for t in totals]
        best = heapq.nsmallest(k, range(n), key=lambda i: (dist[i], -alike[i], self.cases[i].id))
        return [case_distance(self.pack, answers, self.cases[i]) for i in best]


def case_index(pack: Pack) -> CaseIndex:
    """The index of the pack's own cases (built once per loaded pack)."""
    key = "cases.index"
    index = pack.cache.get(key)
    if not isinstance(index, CaseIndex) or index.cases != pack_cases(pack):
        index = CaseIndex(pack, pack_cases(pack))
        pack.cache[key] = index
    return index


def nearest_cases(
    pack: Pack, answers: Mapping[str, Any], cases: Sequence[Case] | None = None, k: int = 3
) -> list[Neighbour]:
    """The ``k`` cases nearest to ``answers`` (default: the pack's cases).

    Ordered by distance, then by more questions answered alike, then by case id, so the order
    never depends on file order or hashing.
    """
    index = case_index(pack) if cases is None else _extra_index(pack, tuple(cases))
    return index.nearest(answers, k)


def _extra_index(pack: Pack, cases: tuple[Case, ...]) -> CaseIndex:
    """The index of another list of cases (the pack's and the local library's), kept until the
    list changes: the Recommendation page asks on every run with the same cases."""
    key = "cases.index.extra"
    index = pack.cache.get(key)
    if not isinstance(index, CaseIndex) or not (index.cases is cases or index.cases == cases):
        index = CaseIndex(pack, cases)
        pack.cache[key] = index
    return index


def _fingerprint(case: Case) -> tuple[str, int, frozenset[str]]:
    def norm(x: str) -> str:
        return " ".join(x.casefold().split())

    return norm(case.buyer), case.year, frozenset(norm(case.title.get(lang)) for lang in ("en", "fr"))


def same_case(a: Case, b: Case) -> bool:
    """Two cases that claim to be the same procurement: same buyer and year, and a title in common."""
    fa, fb = _fingerprint(a), _fingerprint(b)
    return fa[0] == fb[0] and fa[1] == fb[1] and bool(fa[2] & fb[2])


def with_local(pack: Pack, local: Sequence[Case]) -> tuple[Case, ...] | None:
    """The pack's cases and the local library's (None, the pack's cached index, when there are
    no local cases). A local case whose id the pack also uses, or that repeats a case already
    listed (same buyer, year and title), is left out: no case is shown twice."""
    if not local:
        return None
    own = pack_cases(pack)
    ids = {c.id for c in own}
    out = list(own)
    keys: dict[tuple[str, int], list[frozenset[str]]] = {}  # (buyer, year) -> titles seen
    for c in own:
        f = _fingerprint(c)
        keys.setdefault((f[0], f[1]), []).append(f[2])
    for c in local:
        f = _fingerprint(c)
        if c.id in ids or any(f[2] & titles for titles in keys.get((f[0], f[1]), [])):
            continue
        ids.add(c.id)
        keys.setdefault((f[0], f[1]), []).append(f[2])
        out.append(c)
    return tuple(out)


def main_route(case: Case) -> str | None:
    """The route a case is filed under: its first route, else its arrangement."""
    return case.routes[0] if case.routes else case.arrangement


# ---------------------------------------------------------------------------------- wording


def similar_because(pack: Pack) -> Mapping[str, Text]:
    """How "alike on this question" reads, per core question (from ``cases.yaml``)."""
    because: Mapping[str, Text] = pack.cache.get(_BECAUSE_KEY, {})
    return because


def reason(pack: Pack, neighbour: Neighbour, lang: str, limit: int = 3) -> str:
    """Why a case is near, in words: "same problem stage, same market depth"."""
    because = similar_because(pack)
    parts = []
    for q in neighbour.same[:limit]:
        text = because.get(q)
        label = (
            text.get(lang)
            if text
            else t("cases.same_answer", lang, question=pack.questions[q].label.get(lang))
        )
        parts.append(label)
    if not parts:
        return t("cases.reason_none", lang)
    more = len(neighbour.same) - len(parts)
    joined = ", ".join(parts)
    return t("cases.reason_more", lang, items=joined, more=more) if more > 0 else joined


@dataclass(frozen=True, slots=True)
class RouteSplit:
    """Which route most of the nearest cases used, when it is not the engine's first."""

    route: str
    count: int
    of: int


def nearest_disagree(
    neighbours: Sequence[Neighbour], top: str | None, local: Collection[str] = ()
) -> RouteSplit | None:
    """The route most of ``neighbours`` used (a strict majority), when it differs from ``top``.

    A case counts for every route it used, so a case that combined a market sounding with the
    engine's first route agrees with it. None when the nearest cases agree or are split. Cases
    whose id is in ``local`` (shared by other municipalities, not verified) are not counted.
    """
    neighbours = [n for n in neighbours if n.case.id not in local]
    if not neighbours:
        return None
    if top is not None and any(top in n.case.routes or top == n.case.arrangement for n in neighbours):
        agreeing = sum(top in n.case.routes or top == n.case.arrangement for n in neighbours)
        if agreeing * 2 >= len(neighbours):
            return None
    counts: dict[str, int] = {}
    for n in neighbours:
        r = main_route(n.case)
        if r is not None:
            counts[r] = counts.get(r, 0) + 1
    if not counts:
        return None
    route, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if route == top or count * 2 <= len(neighbours):
        return None
    return RouteSplit(route, count, len(neighbours))


@dataclass(frozen=True, slots=True)
class CaseView:
    """A nearby case as the dashboard and the reports show it, in one language (plain text:
    escape it where it becomes Markdown)."""

    id: str
    title: str
    meta: str  # buyer, country and region, year
    used: str  # route names, and the arrangement and vehicle where there is one
    outcome: str
    why: str  # why it is similar
    summary: str
    lessons: str
    sources: tuple[tuple[str, str], ...]  # (title, url)
    distance: float
    local: bool = False  # from this installation's local case library, not the pack


def case_view(pack: Pack, neighbour: Neighbour, lang: str, *, local: bool = False) -> CaseView:
    """What to show about one nearby case (``local``: imported into this installation)."""
    c = neighbour.case
    names = [pack.routes[r].name.get(lang) for r in c.routes if r in pack.routes]
    if c.arrangement is not None:
        via = t(f"cases.arrangement.{c.arrangement}", lang)
        names.append(f"{via} ({c.vehicle})" if c.vehicle else via)
    where = ", ".join(x for x in (c.region, c.country) if x)
    used = " + ".join(names)
    return CaseView(
        id=c.id,
        title=c.title.get(lang),
        meta=f"{c.buyer} · {where} · {c.year}",
        used=used[:1].upper() + used[1:],
        outcome=t(f"cases.outcome.{c.outcome}", lang),
        why=reason(pack, neighbour, lang),
        summary=c.summary.get(lang),
        lessons=c.lessons.get(lang),
        sources=tuple((s.title, s.url) for s in c.sources),
        distance=neighbour.distance,
        local=local,
    )


def _route_name(pack: Pack, route: str, lang: str) -> str:
    if route in pack.routes:
        return pack.routes[route].name.get(lang)
    return t(f"cases.arrangement.{route}", lang) if route in _ARRANGEMENTS else route


_ARRANGEMENTS = ("cooperative_vehicle", "direct_award", "unsolicited_proposal")


def route_tally(
    pack: Pack, neighbours: Sequence[Neighbour], top: str | None, lang: str, local: Collection[str] = ()
) -> str:
    """How many of the nearest cases used which route, and how many used the engine's first:
    "Of the 3 most similar cases, 2 used X and 1 used Y; 1 used Y, the first route here."
    Cases whose id is in ``local`` (shared by other municipalities, not verified) are counted
    apart: "1 more was shared by another municipality (not verified) and is not counted." """
    shared = sum(n.case.id in local for n in neighbours)
    neighbours = [n for n in neighbours if n.case.id not in local]
    apart = t("cases.tally_local", lang, count=shared) if shared else ""
    if not neighbours:
        return apart
    counts: dict[str, int] = {}
    for n in neighbours:
        r = main_route(n.case)
        if r is not None:
            counts[r] = counts.get(r, 0) + 1
    items = [
        t(
            "cases.tally_item_top" if r == top else "cases.tally_item",
            lang,
            count=c,
            route=_route_name(pack, r, lang),
        )
        for r, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    joined = (
        items[0]
        if len(items) == 1
        else ", ".join(items[:-1]) + t("cases.tally_and", lang) + items[-1]
        if items
        else ""
    )
    out = t("cases.tally", lang, of=len(neighbours), items=joined)
    if top is not None and top not in counts:  # else the tally already marks it
        agreeing = sum(top in n.case.routes or top == n.case.arrangement for n in neighbours)
        key = "cases.tally_top" if agreeing else "cases.tally_top_none"
        out += " " + t(key, lang, count=agreeing, of=len(neighbours), top=pack.routes[top].name.get(lang))
    return f"{out} {apart}" if apart else out


def route_note(
    pack: Pack, neighbours: Sequence[Neighbour], top: str | None, lang: str, local: Collection[str] = ()
) -> tuple[str, bool]:
    """The banner over the nearest cases: which routes they used (how many each, how many used the
    engine's first route) and that the ranking was not changed by them. Returns (text, True when most used another route);
    ("", False) when there are no cases."""
    if not neighbours:
        return "", False
    tally = route_tally(pack, neighbours, top, lang, local)
    if nearest_disagree(neighbours, top, local) is None or top is None:
        return f"{tally} {t('cases.not_changed', lang)}", False
    return f"{tally} {t('cases.not_changed_weigh', lang)}", True
