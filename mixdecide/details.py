"""What people type about an assessment: its details, its notes and its checklist progress.

One definition per fact: each text's limit and each status list is written here once. The pages
take ``max_chars`` from these models, the store validates with them and the JSON import builds its
file format from them, so a value one of them accepts is never refused by another. The limits
are the widths of the store's columns (``store/models.py`` uses the same constants).

``check_details`` and ``check_entry`` return clean copies (whitespace stripped) or raise
``DetailsError`` whose message says, in plain words, which field is wrong and why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

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
LINE_CONTROL = re.compile("[\x00-\x1f\x7f]")
NOTE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
RequiredTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX), _refuse(LINE_CONTROL)
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
    if kind in ("dict_type", "model_type"):
        return "must be an object ({...})"
    if kind == "list_type":
        return "must be a list ([...])"
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
