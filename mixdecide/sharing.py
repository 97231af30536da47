"""Sharing what was learned: an assessment as an anonymised case, and cases from elsewhere.

``anonymised_case`` turns a finished assessment (its core answers and what happened) into a case of
the case library's schema (``mixdecide.cases.Case``). Names and free text are left out unless the
user keeps them: the buyer becomes "A municipality", the title and summary are written from the
route and outcome, the lessons say they were not shared. ``case_file_json`` wraps cases as a
``cases.yaml`` document (``{"cases": [...]}``), so a file can be imported by another installation
or pasted into a pack.

``read_case_file`` trusts nothing in a file from elsewhere: size, encoding, JSON syntax, nesting,
the case model (types, unknown fields, a source with an http(s) URL), the pack (routes, question
ids, options), text limits (``mixdecide.details``), control characters and HTML or script in any
text. Any problem raises ``CaseFileProblem`` with the first few reasons in plain words.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from mixdecide.cases import Case, CasesFile, check_cases, core_questions, pack_cases, parse_cases
from mixdecide.details import (
    CASE_DEPTH_MAX,
    CASE_FILE_MAX_BYTES,
    CASE_SOURCES_MAX,
    CASE_TEXT_MAX,
    CASE_TITLE_MAX,
    CASE_URL_MAX,
    LINE_CONTROL,
    NAME_MAX,
    NOTE_CONTROL,
    OTHER_ROUTE,
    plain_error,
)
from mixdecide.i18n import LANGS, t
from mixdecide.pack.models import Pack, PackError
from mixdecide.text import ECHO_MAX, clip

CASES_PER_FILE_MAX = 20
CASE_ID_MAX = 64
# Markup a page or report could take for HTML: a tag, a comment, a processing instruction, or a
# script address. Shared text is plain text; a file holding any of these is refused outright.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html", re.IGNORECASE)
MAX_PROBLEMS = 5


class CaseFileProblem(ValueError):
    """A shared case file that cannot be imported; ``problems`` lists the first few reasons."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = [clip(p, 3 * ECHO_MAX) for p in problems[:MAX_PROBLEMS]] or [
            "The file could not be read."
        ]
        super().__init__("; ".join(self.problems))


class NotShareable(ValueError):
    """The assessment cannot be shared as a case yet; the message says what is missing."""


# ---------------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ShareChoices:
    """What the user keeps in a shared case (everything else is left out), and its source."""

    source_url: str
    source_title: str = ""
    keep_buyer: bool = False
    keep_summary: bool = False
    keep_lessons: bool = False
    summary: str = ""  # the user's own summary, used when ``keep_summary``


def case_id_for(assessment_id: str) -> str:
    """A stable id for the case an assessment becomes (re-exporting gives the same id, so a second
    import of the same case is recognised); the assessment id itself is not revealed."""
    return "shared_" + hashlib.sha256(assessment_id.encode()).hexdigest()[:12]


def _both(text: str) -> dict[str, str]:
    return {lang: text for lang in LANGS}


def _catalog(key: str, **values: Any) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in LANGS}


def anonymised_case(
    pack: Pack,
    *,
    assessment_id: str,
    title: str,
    municipality: str,
    answers: Mapping[str, Any],
    outcome: Mapping[str, Any] | None,
    year: int,
    choices: ShareChoices,
) -> Case:
    """The assessment as a case of the library's schema, checked like a case from a file.

    Raises NotShareable when no route of the pack is recorded as used, or when what is kept
    does not pass the checks a receiving installation applies (the message says which).
    """
    o = dict(outcome or {})
    route = o.get("route")
    if not route:
        raise NotShareable(t("share.need_route", "en"))
    if route == OTHER_ROUTE or route not in pack.routes:
        raise NotShareable(t("share.need_pack_route", "en"))
    award = o.get("award_date")
    if isinstance(award, str) and award[:4].isdigit():
        year = int(award[:4])
    route_names = {lang: pack.routes[route].name.get(lang) for lang in LANGS}
    outcome_id = o.get("outcome") or ("awarded" if award else "unknown")
    outcome_words = {lang: t(f"cases.outcome.{outcome_id}", lang) for lang in LANGS}
    core = set(core_questions(pack))
    kept_answers = {q: v for q, v in answers.items() if q in core and v is not None}
    summary = choices.summary.strip() or title.strip()
    lessons = str(o.get("lessons", "")).strip()
    data = {
        "id": case_id_for(assessment_id),
        "buyer": municipality.strip()
        if choices.keep_buyer and municipality.strip()
        else t("share.anon_buyer", "en"),
        "country": "CA",
        "region": "",
        "year": year,
        "title": _both(title.strip())
        if choices.keep_summary and title.strip()
        else {lang: t("share.anon_title", lang, route=route_names[lang], year=year) for lang in LANGS},
        "summary": _both(summary)
        if choices.keep_summary and summary
        else {
            lang: t("share.anon_summary", lang, route=route_names[lang], outcome=outcome_words[lang].lower())
            if outcome_id != "unknown"
            else t("share.anon_summary_open", lang, route=route_names[lang])
            for lang in LANGS
        },
        "routes": [route],
        "answers": kept_answers,
        "outcome": outcome_id,
        "lessons": _both(lessons) if choices.keep_lessons and lessons else _catalog("share.anon_lessons"),
        "sources": [
            {
                "title": choices.source_title.strip() or t("share.source_default", "en"),
                "url": choices.source_url.strip(),
            }
        ],
    }
    try:
        (case,) = _check(pack, {"cases": [data]}, taken=())
    except CaseFileProblem as exc:
        raise NotShareable(
            "; ".join(p.removeprefix("cases.0.").replace("cases[0].", "") for p in exc.problems)
        ) from None
    return case


def case_file_json(cases: Iterable[Case]) -> str:
    """Cases as a ``cases.yaml`` document in JSON (UTF-8, indented)."""
    doc = {"cases": [c.model_dump(mode="json", exclude_defaults=True) for c in cases]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------- import


def _read(data: bytes | str) -> Any:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray):
        raise CaseFileProblem([f"Expected the bytes of a file, got {type(data).__name__}."])
    if len(data) > CASE_FILE_MAX_BYTES:
        raise CaseFileProblem(
            [
                f"The file is {len(data) / 1000:.0f} kB; a shared case file is at most "
                f"{CASE_FILE_MAX_BYTES // 1000} kB. Check that you chose the right file."
            ]
        )
    if not data.strip():
        raise CaseFileProblem(["The file is empty."])
    if b"\x00" in data[:4096]:
        raise CaseFileProblem(["This is a binary file, not a shared case (JSON)."])
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileProblem([f"The file is not UTF-8 text (byte {exc.start} cannot be read)."]) from None
    _check_depth_text(text)

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not allowed in JSON")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise CaseFileProblem(
            [f"The file is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."]
        ) from None
    except (ValueError, RecursionError) as exc:
        raise CaseFileProblem([f"The file is not valid JSON: {exc}."]) from None


def _check_depth_text(text: str) -> None:
    """Refuse deep nesting before parsing (a hostile file of 10,000 '[' would exhaust the parser)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > CASE_DEPTH_MAX:
                raise CaseFileProblem(
                    [
                        f"The file nests objects and lists more than {CASE_DEPTH_MAX} deep; a shared case does not."
                    ]
                )
        elif ch in "]}":
            depth -= 1


def _strings(value: Any, where: str = "") -> Iterable[tuple[str, str]]:
    """Every text in a parsed file with where it is ("cases.0.summary.en")."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}.{i}" if where else str(i))


_MULTILINE = ("summary", "lessons")


def _text_problems(raw: Any) -> list[str]:
    problems = []
    for where, text in _strings(raw):
        last = where.split(".")
        multiline = any(p in _MULTILINE for p in last)
        if _MARKUP.search(text):
            problems.append(f"{clip(where)}: contains HTML or script; a shared case holds plain text only")
        elif (NOTE_CONTROL if multiline else LINE_CONTROL).search(text):
            problems.append(f"{clip(where)}: contains control characters")
    return problems


def _limit_problems(case: Case, i: int) -> list[str]:
    at = f"cases.{i}"
    problems = []

    def limit(where: str, text: str, most: int) -> None:
        if len(text) > most:
            problems.append(f"{at}.{where}: is {len(text)} characters long; the limit is {most}")

    limit("id", case.id, CASE_ID_MAX)
    limit("buyer", case.buyer, NAME_MAX)
    limit("region", case.region, NAME_MAX)
    limit("vehicle", case.vehicle, NAME_MAX)
    for lang in LANGS:
        limit(f"title.{lang}", case.title.get(lang), CASE_TITLE_MAX)
        limit(f"summary.{lang}", case.summary.get(lang), CASE_TEXT_MAX)
        limit(f"lessons.{lang}", case.lessons.get(lang), CASE_TEXT_MAX)
    if len(case.sources) > CASE_SOURCES_MAX:
        problems.append(f"{at}.sources: {len(case.sources)} sources; the limit is {CASE_SOURCES_MAX}")
    for j, s in enumerate(case.sources):
        limit(f"sources.{j}.title", s.title, CASE_TITLE_MAX)
        limit(f"sources.{j}.url", s.url, CASE_URL_MAX)
        limit(f"sources.{j}.publisher", s.publisher, NAME_MAX)
    return problems


def _check(pack: Pack, raw: Any, taken: Collection[str]) -> tuple[Case, ...]:
    if not isinstance(raw, dict) or "cases" not in raw:
        raise CaseFileProblem(
            [
                'This is not a shared case file: expected a JSON object with a "cases" list (as MIX Decide exports).'
            ]
        )
    if raw.get("similar_because"):
        raise CaseFileProblem(["similar_because: belongs to a rule pack, not to a shared case file"])
    if isinstance(raw["cases"], list) and not raw["cases"]:
        raise CaseFileProblem(["cases: the list is empty"])
    if isinstance(raw["cases"], list) and len(raw["cases"]) > CASES_PER_FILE_MAX:
        raise CaseFileProblem(
            [f"cases: {len(raw['cases'])} cases; a file holds at most {CASES_PER_FILE_MAX}"]
        )
    problems = _text_problems(raw)
    if problems:
        raise CaseFileProblem(problems)
    try:  # types as written: "2026" is not a year, "true" is not a flag
        CasesFile.model_validate(raw, strict=True)
    except ValidationError as exc:
        raise CaseFileProblem(
            [f"{_where(e['loc'])}: {plain_error(e, extra='is not a field of a case')}" for e in exc.errors()]
        ) from None
    try:
        parsed = parse_cases(raw)
        cases = check_cases(pack, parsed.cases)
    except PackError as exc:
        raise CaseFileProblem([str(exc).removeprefix("cases.yaml: ")]) from None
    for i, c in enumerate(cases):
        problems += _limit_problems(c, i)
        if c.id in taken:
            problems.append(
                f"cases.{i}.id: a case {c.id!r} is already in the case library; delete it first to replace it"
            )
    if problems:
        raise CaseFileProblem(problems)
    return cases


def _where(loc: tuple[Any, ...]) -> str:
    return clip(".".join(str(p) for p in loc if not str(p).startswith("function-")) or "file")


def read_case_file(data: bytes | str, pack: Pack, *, taken: Collection[str] = ()) -> tuple[Case, ...]:
    """The cases of a shared case file, checked against ``pack``; ``taken`` are the ids already in
    the library (the pack's own cases are always taken). Raises CaseFileProblem."""
    ids = {c.id for c in pack_cases(pack)} | set(taken)
    return _check(pack, _read(data), ids)


def stored_cases(pack: Pack, documents: Iterable[Mapping[str, Any]]) -> tuple[Case, ...]:
    """The local library's stored case documents as cases (each was checked at import; one that
    no longer fits the pack, e.g. after a pack update removed a route, is left out)."""
    out: list[Case] = []
    for doc in documents:
        try:
            out.extend(check_cases(pack, parse_cases({"cases": [dict(doc)]}).cases))
        except PackError:
            continue
    return tuple(out)
