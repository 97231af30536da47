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
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.cases import (
    ARRANGEMENTS,
    Case,
    CasesFile,
    check_cases,
    core_questions,
    pack_cases,
    parse_cases,
    same_case,
)
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
from mixdecide.happened import award_paths, used_name
from mixdecide.i18n import LANGS, t
from mixdecide.pack.models import Pack, PackError
from mixdecide.text import FileProblem, clip, read_json_file
from mixdecide.wording import answer_label, question_label

CASES_PER_FILE_MAX = 20
CASE_ID_MAX = 64
# Markup a page or report could take for HTML: a tag, a comment, a processing instruction, or a
# script address. Shared text is plain text; a file holding any of these is refused outright.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html", re.IGNORECASE)
# Contact details a kept free text may carry (personal information: MFIPPA, PIPEDA): an e-mail
# address, a North American phone number.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")
# "City of Guelph" is named by "Guelph" too (and by "guelph.ca" in an address).
_PLACE_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:city|town|township|village|municipality|county|region|district|"
    r"united counties|regional municipality)\s+of|ville\s+de|municipalit[ée]\s+de|canton\s+de)\s+",
    re.IGNORECASE,
)
REMOVED = "[…]"


class CaseFileProblem(FileProblem):
    """A shared case file that cannot be imported; ``problems`` lists the first few reasons."""


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
    round_values: bool = True  # amounts in the answers to one significant figure (185,000 -> 200,000)
    strip_contacts: bool = (
        True  # e-mail addresses, phone numbers (and the name, unless kept) out of kept text
    )
    text_lang: str = "en"  # the language the kept texts are written in (the other is marked as such)


def case_id_for(assessment_id: str) -> str:
    """A stable id for the case an assessment becomes (re-exporting gives the same id, so a second
    import of the same case is recognised); the assessment id itself is not revealed."""
    return "shared_" + hashlib.sha256(assessment_id.encode()).hexdigest()[:12]


def _both(text: str, written_in: str = "en") -> dict[str, str]:
    """A text written in one language, for every language: the others say which language it is in
    (a French reader is not shown English text as if it were French)."""
    src = written_in if written_in in LANGS else "en"
    return {
        lang: text
        if lang == src
        else t("share.written_in", lang, lang_name=t(f"share.lang_name_{src}", lang), text=text)
        for lang in LANGS
    }


def municipality_names(municipality: str) -> list[str]:
    """The ways a text can name the municipality: "City of Guelph" and "Guelph" (at least 3 letters)."""
    full = " ".join(municipality.split())
    short = _PLACE_PREFIX.sub("", full)
    return [n for n in dict.fromkeys((full, short)) if len(n) >= 3]


def _name_pattern(municipality: str) -> re.Pattern[str] | None:
    names = municipality_names(municipality)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)


def identifying_details(text: str, municipality: str = "") -> list[str]:
    """What in ``text`` can identify a person or the municipality: "email", "phone", "name"
    (each once, in that order)."""
    found = []
    if _EMAIL.search(text):
        found.append("email")
    if _PHONE.search(text):
        found.append("phone")
    pattern = _name_pattern(municipality)
    if pattern is not None and pattern.search(text):
        found.append("name")
    return found


def strip_identifying(text: str, municipality: str = "", *, keep_name: bool = False) -> str:
    """``text`` with its e-mail addresses and phone numbers (and the municipality's name, unless
    ``keep_name``) replaced by "[…]"."""
    out = _PHONE.sub(REMOVED, _EMAIL.sub(REMOVED, text))
    pattern = None if keep_name else _name_pattern(municipality)
    return pattern.sub(REMOVED, out) if pattern is not None else out


def _is_amount(pack: Pack, qid: str) -> bool:
    """A money answer (its unit is CAD): the exact figure can be matched with a published award."""
    q = pack.questions[qid]
    return q.type == "number" and q.unit is not None and "CAD" in q.unit.get("en").upper()


def round_amount(value: float) -> float | int:
    """An amount to one significant figure (185,000 -> 200,000; 95,000 -> 90,000)."""
    if not value:
        return value
    digits = math.floor(math.log10(abs(value)))
    rounded = round(value, -digits)
    return int(rounded) if float(rounded).is_integer() else rounded


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
    paths = award_paths(pack)
    arrangement = route if route in paths and route in ARRANGEMENTS else None
    if route == OTHER_ROUTE or (route not in pack.routes and arrangement is None):
        raise NotShareable(t("share.need_pack_route", "en"))
    award = o.get("award_date")
    if isinstance(award, str) and award[:4].isdigit():
        year = int(award[:4])
    route_names = {lang: used_name(pack, route, lang) for lang in LANGS}
    outcome_id = o.get("outcome") or ("awarded" if award else "unknown")
    outcome_words = {lang: t(f"cases.outcome.{outcome_id}", lang) for lang in LANGS}
    core = set(core_questions(pack))
    kept_answers = {q: v for q, v in answers.items() if q in core and v is not None}
    if choices.round_values:
        kept_answers = {
            q: round_amount(v)
            if _is_amount(pack, q) and isinstance(v, int | float) and not isinstance(v, bool)
            else v
            for q, v in kept_answers.items()
        }
    summary = choices.summary.strip() or title.strip()
    lessons = str(o.get("lessons", "")).strip()
    if choices.strip_contacts:
        title, summary, lessons = (
            strip_identifying(x, municipality, keep_name=choices.keep_buyer)
            for x in (title, summary, lessons)
        )
    lg = choices.text_lang
    data = {
        "id": case_id_for(assessment_id),
        "buyer": municipality.strip()
        if choices.keep_buyer and municipality.strip()
        else t("share.anon_buyer", "en"),
        "country": "CA",
        "region": "",
        "year": year,
        "title": _both(title.strip(), lg)
        if choices.keep_summary and title.strip()
        else {lang: t("share.anon_title", lang, route=route_names[lang], year=year) for lang in LANGS},
        "summary": _both(summary, lg)
        if choices.keep_summary and summary
        else {
            lang: t("share.anon_summary", lang, route=route_names[lang], outcome=outcome_words[lang].lower())
            if outcome_id != "unknown"
            else t("share.anon_summary_open", lang, route=route_names[lang])
            for lang in LANGS
        },
        "routes": [] if arrangement else [route],
        **({"arrangement": arrangement} if arrangement else {}),
        "answers": kept_answers,
        "outcome": outcome_id,
        "lessons": _both(lessons, lg) if choices.keep_lessons and lessons else _catalog("share.anon_lessons"),
        "sources": [
            {
                "title": choices.source_title.strip() or t("share.source_default", "en"),
                "url": choices.source_url.strip(),
            }
        ],
    }
    try:
        (case,) = _check(pack, {"cases": [data]}, taken=(), one=True)
    except CaseFileProblem as exc:
        message = "; ".join(exc.problems)
        if choices.keep_lessons and any(p.startswith("Lessons") for p in exc.problems):
            message += ". " + t("share.untick_lessons", "en")
        elif choices.keep_summary and any(p.startswith(("Title", "Summary")) for p in exc.problems):
            message += ". " + t("share.untick_summary", "en")
        raise NotShareable(message) from None
    return case


def case_fields(pack: Pack, case: Case, lg: str) -> list[tuple[str, str]]:
    """Every field a case file carries, as (label, plain text) in reading order: what the share
    preview shows before a download and the import preview before a case enters the library."""
    routes = [used_name(pack, r, lg) for r in case.routes]
    if case.arrangement is not None:
        via = t(f"cases.arrangement.{case.arrangement}", lg)
        routes.append(f"{via} ({case.vehicle})" if case.vehicle else via)
    answers = [
        f"{question_label(pack, q, lg)} {answer_label(pack, q, v, lg)}"
        if question_label(pack, q, lg).rstrip().endswith("?")
        else f"{question_label(pack, q, lg)}: {answer_label(pack, q, v, lg)}"
        for q, v in case.answers.items()
        if q in pack.questions
    ]
    out = [
        (t("share.field.title", lg), case.title.get(lg)),
        (t("share.field.buyer", lg), case.buyer),
        (t("share.field.where", lg), ", ".join(x for x in (case.region, case.country) if x)),
        (t("share.field.year", lg), str(case.year)),
        (t("share.field.routes", lg), " + ".join(routes)),
        (t("share.field.outcome", lg), t(f"cases.outcome.{case.outcome}", lg)),
        (t("share.field.summary", lg), case.summary.get(lg)),
        (t("share.field.lessons", lg), case.lessons.get(lg)),
        (t("share.field.answers", lg, n=len(answers)), "\n".join(answers) or "—"),
    ]
    for s in case.sources:
        out.append((t("share.field.source", lg), f"{s.title}\n{s.url}"))
    out.append((t("share.field.id", lg), case.id))
    return out


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
                f"The file is {_size(len(data))}; a shared case file is at most "
                f"{_size(CASE_FILE_MAX_BYTES)}. Check that you chose the right file."
            ]
        )
    if not data.strip():
        raise CaseFileProblem(["The file is empty."])
    try:
        return read_json_file(bytes(data), "a shared case (JSON)", _check_depth_text)
    except FileProblem as exc:
        if isinstance(exc, CaseFileProblem):
            raise
        raise CaseFileProblem(exc.problems) from None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB".replace(".0 MB", " MB") if n >= 1_000_000 else f"{n / 1000:.0f} kB"


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
# A field of a shared case as a person calls it (the file's paths are not shown).
_FIELD_WORDS = {
    "id": "identifier",
    "buyer": "buyer",
    "country": "country",
    "region": "region",
    "year": "year",
    "title": "title",
    "summary": "summary",
    "routes": "routes used",
    "arrangement": "arrangement",
    "vehicle": "contract used",
    "answers": "answers",
    "outcome": "how it went",
    "lessons": "lessons",
    "sources": "source",
    "url": "address",
    "publisher": "publisher",
    "en": "(English)",
    "fr": "(French)",
    "cases": "case",
}


def field_label(where: str | tuple[Any, ...], pack: Pack | None = None) -> str:
    """ "cases.0.sources.0.url" as a person says it: "case 1, source 1, address"."""
    parts = [str(p) for p in where] if isinstance(where, tuple) else where.split(".")
    parts = [p for p in parts if p and not p.startswith("function-")]
    words: list[str] = []
    i = 0
    while i < len(parts):
        p = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if p in ("cases", "sources") and nxt is not None and nxt.isdigit():
            words.append(f"{_FIELD_WORDS[p]} {int(nxt) + 1}")
            i += 2
            continue
        if p == "answers" and nxt is not None:
            q = pack.questions.get(nxt) if pack is not None else None
            words.append(f"answer to “{q.label.get('en')}”" if q is not None else f"answer “{clip(nxt)}”")
            i += 2
            continue
        if p in ("en", "fr") and words:
            words[-1] += " " + _FIELD_WORDS[p]
        else:
            words.append(_FIELD_WORDS.get(p, clip(p)))
        i += 1
    return ", ".join(words) or "the file"


def _say(where: str | tuple[Any, ...], problem: str, pack: Pack | None = None, *, one: bool = False) -> str:
    label = field_label(where, pack)
    if one:  # an export: there is one case, not "case 1"
        label = label.removeprefix("case 1, ").removeprefix("case 1")
    label = label[:1].upper() + label[1:] if label else "The case"
    return f"{label}: {problem}"


def _url_problem(url: str) -> str | None:
    if not url.lower().startswith("https://"):
        return "the address must start with https:// (a secure web address of the public record)"
    return None


def _text_problems(raw: Any, *, one: bool = False) -> list[str]:
    problems = []
    for where, text in _strings(raw):
        last = where.split(".")
        multiline = any(p in _MULTILINE for p in last)
        if last[-1] == "url" and "sources" in last:
            bad = _url_problem(text)
            if bad:
                problems.append(_say(where, bad, one=one))
            continue
        if _MARKUP.search(text):
            problems.append(
                _say(where, "looks like HTML or script; a shared case holds plain text only", one=one)
            )
        elif (NOTE_CONTROL if multiline else LINE_CONTROL).search(text):
            problems.append(_say(where, "contains control characters", one=one))
    return problems


def _limit_problems(case: Case, i: int, *, one: bool = False) -> list[str]:
    at = f"cases.{i}"
    problems = []

    def limit(where: str, text: str, most: int) -> None:
        if len(text) > most:
            problems.append(
                _say(f"{at}.{where}", f"is {len(text):,} characters long; the limit is {most:,}", one=one)
            )

    limit("id", case.id, CASE_ID_MAX)
    limit("buyer", case.buyer, NAME_MAX)
    limit("region", case.region, NAME_MAX)
    limit("vehicle", case.vehicle, NAME_MAX)
    for lang in LANGS:
        limit(f"title.{lang}", case.title.get(lang), CASE_TITLE_MAX)
        limit(f"summary.{lang}", case.summary.get(lang), CASE_TEXT_MAX)
        limit(f"lessons.{lang}", case.lessons.get(lang), CASE_TEXT_MAX)
    if len(case.sources) > CASE_SOURCES_MAX:
        problems.append(
            _say(f"{at}.sources", f"{len(case.sources)} sources; the limit is {CASE_SOURCES_MAX}", one=one)
        )
    for j, s in enumerate(case.sources):
        limit(f"sources.{j}.title", s.title, CASE_TITLE_MAX)
        limit(f"sources.{j}.url", s.url, CASE_URL_MAX)
        limit(f"sources.{j}.publisher", s.publisher, NAME_MAX)
    return problems


def _pack_problems(pack: Pack, case: Case, i: int, *, one: bool = False) -> list[str]:
    """What ``check_cases`` refuses, every problem of the case, in words."""
    at = f"cases.{i}"
    problems = []
    if not case.routes and case.arrangement is None:
        problems.append(_say(f"{at}.routes", "name the route used", one=one))
    known = ", ".join(pack.routes[r].name.get("en") for r in pack.routes)
    for r in case.routes:
        if r not in pack.routes:
            problems.append(
                _say(
                    f"{at}.routes",
                    f"{echo_id(r)} is not a route this installation knows (known: {known})",
                    one=one,
                )
            )
    if len(set(case.routes)) != len(case.routes):
        problems.append(_say(f"{at}.routes", "a route is listed twice", one=one))
    try:
        normalize_answers(pack, case.answers)
    except AnswerError as exc:
        problems.append(_say(f"{at}.answers", str(exc), pack, one=one))
    return problems


def _answer_problems(pack: Pack, raw: Mapping[str, Any], *, one: bool = False) -> list[str]:
    """The answers' problems of every case of a file the model refused for another reason, so
    the file's problems are all said at once."""
    out = []
    cases = raw.get("cases")
    for i, c in enumerate(cases if isinstance(cases, list) else []):
        answers = c.get("answers") if isinstance(c, Mapping) else None
        if isinstance(answers, Mapping):
            try:
                normalize_answers(pack, dict(answers))
            except AnswerError as exc:
                out.append(_say(f"cases.{i}.answers", str(exc), pack, one=one))
    return out


def echo_id(value: str) -> str:
    return f"“{clip(value, 60)}”"


def _check(
    pack: Pack,
    raw: Any,
    taken: Collection[str],
    *,
    library: Iterable[Case] = (),
    builtin: Collection[str] = (),
    one: bool = False,
) -> tuple[Case, ...]:
    if not isinstance(raw, dict) or "cases" not in raw:
        raise CaseFileProblem(
            [
                'This is not a shared case file: expected a JSON object with a "cases" list (as MIX Decide exports).'
            ]
        )
    if raw.get("similar_because"):
        raise CaseFileProblem(
            ["The file holds wording for a rule pack (similar_because), not a shared case."]
        )
    if isinstance(raw["cases"], list) and not raw["cases"]:
        raise CaseFileProblem(["The file holds no case (its list of cases is empty)."])
    if isinstance(raw["cases"], list) and len(raw["cases"]) > CASES_PER_FILE_MAX:
        raise CaseFileProblem(
            [f"The file holds {len(raw['cases'])} cases; a file holds at most {CASES_PER_FILE_MAX}."]
        )
    # markup problems and type problems together: a file with both lists both (r15attack #9
    # listed only the markup, and the user learnt of the rest at the next upload)
    problems = _text_problems(raw, one=one)
    try:  # types as written: "2026" is not a year, "true" is not a flag
        CasesFile.model_validate(raw, strict=True)
    except ValidationError as exc:
        said = {p.split(":", 1)[0] for p in problems}  # one reason per field: markup already said
        problems += [
            why
            for e in exc.errors()
            if (why := _say(e["loc"], plain_error(e, extra="is not a field of a case"), pack, one=one)).split(
                ":", 1
            )[0]
            not in said
        ]
        raise CaseFileProblem(problems + _answer_problems(pack, raw, one=one)) from None
    if problems:
        raise CaseFileProblem(problems + _answer_problems(pack, raw, one=one))
    parsed = CasesFile.model_validate(raw)
    library = tuple(library)
    seen: list[Case] = []
    for i, c in enumerate(parsed.cases):
        problems += _pack_problems(pack, c, i, one=one)
        problems += _limit_problems(c, i, one=one)
        label = "" if one else f"Case {i + 1}: "
        if c.id in builtin:
            problems.append(
                f"{label}its identifier {echo_id(c.id)} is that of a built-in case of the case library; "
                "a shared case cannot take its place"
            )
        elif c.id in taken:
            problems.append(
                f"{label}a case with the identifier {echo_id(c.id)} is already in the local case library; "
                "delete it there first to replace it"
            )
        elif c.id in {x.id for x in seen}:
            problems.append(f"{label}the file holds the identifier {echo_id(c.id)} twice")
        twin = next((x for x in (*library, *seen) if same_case(c, x)), None)
        if twin is not None and twin.id != c.id:
            where = "a built-in case" if twin.id in builtin else "a case already in the case library"
            problems.append(
                f"{label}it has the same title, buyer and year as {where} "
                f"({echo_id(twin.title.get('en'))}, {clip(twin.buyer, 60)}, {twin.year}); "
                "a shared case cannot repeat or stand in for one"
            )
        seen.append(c)
    if problems:
        raise CaseFileProblem(problems)
    return tuple(seen)


def read_case_file(
    data: bytes | str, pack: Pack, *, taken: Collection[str] = (), library: Iterable[Case] = ()
) -> tuple[Case, ...]:
    """The cases of a shared case file, checked against ``pack``; ``taken`` are the ids already in
    the local library and ``library`` its cases (the pack's own cases are always taken: a file
    cannot reuse a built-in case's id, nor its title, buyer and year). Raises CaseFileProblem."""
    own = pack_cases(pack)
    builtin = {c.id for c in own}
    return _check(pack, _read(data), set(taken), library=(*own, *library), builtin=builtin)


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
