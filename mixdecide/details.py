"""What people type about an assessment: its details, its notes and its checklist progress.

One definition per fact: each text's limit and each status list is written here once. The pages
take ``max_chars`` from these models, the store validates with them and the JSON import builds its
file format from them, so a value one of them accepts is never refused by another. The limits
are the widths of the store's columns (``store/models.py`` uses the same constants).

``check_details`` and ``check_entry`` return clean copies (whitespace stripped) or raise
``DetailsError`` whose message says, in plain words, which field is wrong and why.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from mixdecide.text import clip, echo

TITLE_MAX = 200
NAME_MAX = 120  # municipality, department, owner and the audit trail's actor
NOTE_MAX = 4000

AssessmentStatus = Literal["draft", "final", "archived"]
ChecklistStatus = Literal["not_started", "in_progress", "done", "not_applicable"]
ASSESSMENT_STATUSES: tuple[str, ...] = get_args(AssessmentStatus)
CHECKLIST_STATUSES: tuple[str, ...] = get_args(ChecklistStatus)
COMPLETE_STATUSES = ("done", "not_applicable")  # an item needing no more work
STARTED_STATUS = "in_progress"

# Control characters are refused, never stored: PostgreSQL cannot hold NUL in text at all (SQLite
# can), so accepting them made the two databases behave differently. A note keeps tab and line
# breaks; a one-line field takes none.
# Text-direction overrides and isolates (U+202A-E, U+2066-9) and the Unicode line and paragraph
# separators count as control characters too: they let a title display as something it is not.
_INVISIBLE_CONTROL = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
LINE_CONTROL = re.compile(f"[\x00-\x1f{_INVISIBLE_CONTROL}]")
NOTE_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_INVISIBLE_CONTROL}]")
CONTROL_MESSAGE = "contains control characters"


def _refuse(pattern: re.Pattern[str]) -> AfterValidator:
    def check(value: str) -> str:
        if pattern.search(value):
            raise ValueError(CONTROL_MESSAGE)
        return value

    return AfterValidator(check)


Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TITLE_MAX), _refuse(LINE_CONTROL)]


# A title where one is required (a stored assessment, an imported file): blank, spaces or a
# no-break space alone are refused like an empty one.
def _visible(value: str) -> str:
    """A required title needs a character a reader can see: zero-width and format characters alone
    (U+200B, U+FEFF ...) would list an assessment with an empty name."""
    if not any(unicodedata.category(c)[0] not in "CZ" for c in value):
        raise ValueError(BLANK_MESSAGE)
    return value


BLANK_MESSAGE = "must contain visible text"
RequiredTitle = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX),
    _refuse(LINE_CONTROL),
    AfterValidator(_visible),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX), _refuse(LINE_CONTROL)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX), _refuse(NOTE_CONTROL)]


class DetailsError(ValueError):
    """A detail, note or checklist entry that does not fit its model; the message says why."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Details(_Model):
    """An assessment's project details (the store requires a title; a new session has none yet)."""

    title: Title = ""
    municipality: Name = ""
    department: Name = ""
    owner: Name = ""
    status: AssessmentStatus = "draft"


class ChecklistEntry(_Model):
    """Progress on one checklist item."""

    status: ChecklistStatus = "not_started"
    owner: Name = ""
    note: Note = ""


DETAIL_FIELDS: tuple[str, ...] = tuple(Details.model_fields)
ENTRY_FIELDS: tuple[str, ...] = tuple(ChecklistEntry.model_fields)
DEFAULT_ENTRY: dict[str, str] = ChecklistEntry().model_dump()


def max_chars(model: type[BaseModel], field: str) -> int:
    """The longest text ``model.field`` accepts: what a page gives its widget as ``max_chars``."""
    for meta in model.model_fields[field].metadata:
        limit = getattr(meta, "max_length", None)
        if limit is not None:
            return int(limit)
    raise KeyError(f"{model.__name__}.{field} has no length limit")


def _num(x: Any) -> str:
    return f"{x:,.0f}" if isinstance(x, int | float) and float(x).is_integer() else str(x)


def plain_error(err: Mapping[str, Any], *, extra: str = "is not a known field") -> str:
    """One pydantic error as a person would say it (without the field's name); ``extra`` is what
    an unexpected field is told."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "string_too_long":
        return f"is {len(str(value))} characters long; the limit is {ctx.get('max_length')}"
    if kind == "string_too_short":
        return "must not be empty (spaces alone do not count)"
    if kind == "extra_forbidden":
        return extra
    if kind == "missing":
        return "is missing"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        return f"{echo(value)} is not one of {expected}"
    if kind in ("string_type", "str_type"):
        return f"must be text, not {type(value).__name__}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"must be a whole number, not {echo(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"must be a number, not {echo(value)}"
    if kind == "bool_type":
        return f"must be true or false, not {echo(value)}"
    if kind in ("dict_type", "model_type"):
        return "must be an object ({...})"
    if kind == "list_type":
        return "must be a list ([...])"
    shown = _num(value) if isinstance(value, int | float) and not isinstance(value, bool) else echo(value)
    if kind == "greater_than_equal":
        return f"must be {_num(ctx.get('ge'))} or more, not {shown}"
    if kind == "less_than_equal":
        return f"must be at most {_num(ctx.get('le'))}, not {shown}"
    if kind == "finite_number":
        return "must be a finite number"
    if kind.startswith(("date_parsing", "date_from_datetime", "date_type")):
        return f"must be a date written YYYY-MM-DD, not {echo(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


def _problem(exc: ValidationError, prefix: str = "") -> DetailsError:
    first = exc.errors()[0]
    where = clip(".".join(str(p) for p in first["loc"]))
    return DetailsError(f"{prefix}{where}: {plain_error(first)}")


def check_details(values: Mapping[str, Any]) -> dict[str, str]:
    """Some or all of the details, each checked against ``Details``; a clean copy of those given."""
    unknown = sorted(str(k) for k in values if k not in DETAIL_FIELDS)
    if unknown:
        raise DetailsError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(DETAIL_FIELDS)}")
    try:
        checked = Details.model_validate(values)
    except ValidationError as exc:
        raise _problem(exc) from None
    return {k: getattr(checked, k) for k in values}


def check_entry(entry: Mapping[str, Any], item: str = "") -> dict[str, str]:
    """A checklist entry (missing or empty fields take their defaults), checked against
    ``ChecklistEntry``; ``item`` names it in the message."""
    if not isinstance(entry, Mapping):
        raise DetailsError(f"checklist item {echo(item)} must be an object with {', '.join(ENTRY_FIELDS)}")
    given = {k: v for k, v in entry.items() if v is not None and (v != "" or k != "status")}
    try:
        return ChecklistEntry.model_validate(given).model_dump()
    except ValidationError as exc:
        raise _problem(exc, f"checklist item {echo(item)}: " if item else "") from None


@cache
def _adapter(kind: str) -> TypeAdapter[str]:
    return TypeAdapter({"name": Name, "note": Note}[kind], config=ConfigDict(strict=True))


def check_name(value: Any, where: str = "name") -> str:
    """A person's name (e.g. the audit trail's actor), stripped and checked against ``NAME_MAX``."""
    try:
        return _adapter("name").validate_python(value)
    except ValidationError as exc:
        raise DetailsError(f"{where}: {plain_error(exc.errors()[0])}") from None


def check_note(value: Any, where: str = "note") -> str:
    """A question's note, stripped and checked against ``NOTE_MAX``."""
    try:
        return _adapter("note").validate_python(value)
    except ValidationError as exc:
        raise DetailsError(f"{where}: {plain_error(exc.errors()[0])}") from None


# ---------------------------------------------------------------------------------- what happened

# What an assessment records after the advice: the route actually used, the award and how it went.
# The outcome ids are those of the case library (``mixdecide.cases.Outcome``), so an assessment
# exported as a case keeps its outcome as it is.
# One vocabulary for both: the form offers every outcome a case can record.
ResultOutcome = Literal[
    "awarded", "completed", "scaled", "stopped", "cancelled", "litigated", "ongoing", "unknown"
]
RESULT_OUTCOMES: tuple[str, ...] = get_args(ResultOutcome)
OTHER_ROUTE = "other"  # a route outside the pack, described in ``other_route``
ROUTE_ID_MAX = 64  # the width of the store's route columns
LESSONS_MAX = NOTE_MAX
AWARD_VALUE_MAX = 1e12  # CAD; anything larger is a typing error, not a municipal award
AWARD_YEAR_MIN = 1990

Lessons = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=LESSONS_MAX), _refuse(NOTE_CONTROL)
]


class WhatHappened(BaseModel):
    """What was actually done, recorded any time after the advice (all but the route optional)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    route: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ROUTE_ID_MAX)]
    other_route: Name = ""  # what the route was, when ``route`` is "other"
    award_date: dt.date | None = Field(default=None, strict=False)  # ISO text in a file
    award_value: float | None = Field(
        default=None, strict=False, ge=0, le=AWARD_VALUE_MAX, allow_inf_nan=False
    )
    outcome: ResultOutcome | None = None
    lessons: Lessons = ""

    @field_validator("award_value", mode="before")
    @classmethod
    def _number(cls, v: Any) -> Any:
        if isinstance(v, bool) or (v is not None and not isinstance(v, int | float)):
            raise ValueError(f"must be a number, not {type(v).__name__}")
        return v

    @field_validator("award_date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is not None and not isinstance(v, str | dt.date) or isinstance(v, dt.datetime):
            raise ValueError(f"must be a date (YYYY-MM-DD), not {type(v).__name__}")
        return v

    @model_validator(mode="after")
    def _other(self) -> WhatHappened:
        if self.route == OTHER_ROUTE and not self.other_route:
            raise ValueError("other_route: say which route was used when it is not in the list")
        if self.route != OTHER_ROUTE and self.other_route:
            raise ValueError(
                "other_route: leave it empty unless the route used is “Other (not one of these)”"
            )
        return self


WHAT_HAPPENED_FIELDS: tuple[str, ...] = tuple(WhatHappened.model_fields)


def check_what_happened(
    values: Mapping[str, Any], routes: Collection[str], *, today: dt.date | None = None
) -> dict[str, Any]:
    """What happened, checked: a route of the pack (``routes``) or "other" with its name, an award
    date neither in the future nor before 1990, a value from 0 to a trillion CAD, one of the
    outcomes, lessons within ``LESSONS_MAX``. A clean JSON-ready copy (date as ISO text, empty
    optional fields dropped); ``DetailsError`` says which field and why."""
    if not isinstance(values, Mapping):
        raise DetailsError("what happened must be an object with " + ", ".join(WHAT_HAPPENED_FIELDS))
    try:
        checked = WhatHappened.model_validate(dict(values))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = clip(".".join(str(p) for p in first["loc"])) or "what happened"
        msg = plain_error(first)
        if ": " in msg and msg.split(": ", 1)[0] in WHAT_HAPPENED_FIELDS and not first["loc"]:
            where, msg = msg.split(": ", 1)
        raise DetailsError(f"{where}: {msg}") from None
    if checked.route != OTHER_ROUTE and checked.route not in routes:
        raise DetailsError(
            f"route: {echo(checked.route)} is not a route of this rule pack (or {OTHER_ROUTE!r})"
        )
    today = today or dt.datetime.now(dt.UTC).date()
    if checked.award_date is not None:
        if checked.award_date > today:
            raise DetailsError(
                f"award_date: {checked.award_date.isoformat()} is in the future; record the award once it is made"
            )
        if checked.award_date.year < AWARD_YEAR_MIN:
            raise DetailsError(f"award_date: {checked.award_date.isoformat()} is before {AWARD_YEAR_MIN}")
    out = checked.model_dump()
    out["award_date"] = checked.award_date.isoformat() if checked.award_date else None
    return {k: v for k, v in out.items() if v not in (None, "")}


# ---------------------------------------------------------------------------------- shared cases

# A case shared between installations (``mixdecide.sharing``) is held to these limits on top of
# the case library's model: a file from elsewhere is untrusted input.
CASE_TITLE_MAX = TITLE_MAX
CASE_TEXT_MAX = NOTE_MAX  # summary, lessons (each language)
CASE_URL_MAX = 500
CASE_SOURCES_MAX = 5
CASE_FILE_MAX_BYTES = 1_000_000  # 1 MB: the upload widget's own limit (max_upload_size=1), stated once
CASE_DEPTH_MAX = 6  # nesting of objects and lists in a shared case file
