"""The JSON export's file formats as pydantic models (extra fields forbidden, strict types, text
length limits), and the migration of version 1 to version 2."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mixdecide.pack.models import Pack
from mixdecide.reports.model import ASSESSMENT_STATUSES, CHECKLIST_STATUSES

SCHEMA = "mixdecide.assessment"
SCHEMA_VERSION = 2
# The store's limits (mixdecide.store.validate), so whatever the app saved can be imported again.
LIMITS = {"title": 200, "municipality": 120, "department": 120, "owner": 120, "note": 4000}
CONTROL_CHARS = re.compile(  # C0 controls but tab, line feed and carriage return
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)


def _no_control(value: str) -> str:
    if CONTROL_CHARS.search(value):
        raise ValueError("contains control characters")
    return value


def _text(limit: int) -> Any:
    return Annotated[str, Field(max_length=limit), AfterValidator(_no_control)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class ChecklistEntry(_Model):
    status: Literal[CHECKLIST_STATUSES] = "not_started"  # type: ignore[valid-type]
    owner: _text(LIMITS["owner"]) = ""  # type: ignore[valid-type]
    note: _text(LIMITS["note"]) = ""  # type: ignore[valid-type]


class AssessmentV2(_Model):
    title: _text(LIMITS["title"])  # type: ignore[valid-type]
    municipality: _text(LIMITS["municipality"]) = ""  # type: ignore[valid-type]
    department: _text(LIMITS["department"]) = ""  # type: ignore[valid-type]
    owner: _text(LIMITS["owner"]) = ""  # type: ignore[valid-type]
    status: Literal[ASSESSMENT_STATUSES] = "draft"  # type: ignore[valid-type]
    answers: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, _text(LIMITS["note"])] = Field(default_factory=dict)  # type: ignore[valid-type]
    checklist: dict[str, ChecklistEntry] = Field(default_factory=dict)


class PackRef(_Model):
    id: _text(100)  # type: ignore[valid-type]
    version: _text(50)  # type: ignore[valid-type]


class ExportV2(_Model):
    schema_id: Literal["mixdecide.assessment"] = Field(alias="schema")
    schema_version: Literal[2]
    exported_at: dt.datetime | None = Field(default=None, strict=False)
    pack: PackRef
    assessment: AssessmentV2
    result: dict[str, Any] | None = None


class ProjectV1(_Model):
    name: _text(LIMITS["title"])  # type: ignore[valid-type]
    city: _text(LIMITS["municipality"]) = ""  # type: ignore[valid-type]
    department: _text(LIMITS["department"]) = ""  # type: ignore[valid-type]
    owner: _text(LIMITS["owner"]) = ""  # type: ignore[valid-type]


class ExportV1(_Model):
    """Version 1: project details, answers and the ids of the checklist items marked done."""

    schema_version: Literal[1]
    project: ProjectV1
    answers: dict[str, Any] = Field(default_factory=dict)
    checklist_done: list[_text(200)] = Field(default_factory=list)  # type: ignore[valid-type]


def migrate_v1(v1: ExportV1, pack: Pack) -> ExportV2:
    """A version-1 file as version 2: "project" becomes the assessment's details, done items get
    status "done", and the pack is the one importing it (version 1 did not record one)."""
    return ExportV2.model_validate(
        {
            "schema": SCHEMA,
            "schema_version": 2,
            "pack": {"id": pack.id, "version": pack.version},
            "assessment": {
                "title": v1.project.name,
                "municipality": v1.project.city,
                "department": v1.project.department,
                "owner": v1.project.owner,
                "status": "draft",
                "answers": v1.answers,
                "notes": {},
                "checklist": {
                    item: {"status": "done", "owner": "", "note": ""} for item in v1.checklist_done
                },
            },
        }
    )
