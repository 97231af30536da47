"""The JSON export's file formats as pydantic models (extra fields forbidden, strict types), and
the migration of version 1 to version 2.

An assessment's details and checklist entries are ``mixdecide.details``' models, the ones the
pages and the store use, so whatever the app saved can be imported again; on top of them a file
may hold no control characters.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mixdecide.details import ChecklistEntry, Details, Name, Note, RequiredTitle
from mixdecide.pack.models import Pack

SCHEMA = "mixdecide.assessment"
SCHEMA_VERSION = 2
# The text types of mixdecide.details already refuse control characters (tab and line breaks
# only in notes): a file is held to the same model as typing.
InertTitle = RequiredTitle
InertName = Name
InertNote = Note


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class ChecklistEntryV2(ChecklistEntry):
    pass


class AssessmentV2(Details):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: RequiredTitle  # required in a file (the store requires one; a new session may have none)
    answers: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, InertNote] = Field(default_factory=dict)
    checklist: dict[str, ChecklistEntryV2] = Field(default_factory=dict)
    # what happened after the advice (checked against the pack by import_json: details.WhatHappened)
    outcome: dict[str, Any] | None = None


class PackRef(_Model):
    id: str = Field(max_length=100)
    version: str = Field(max_length=50)


class ExportV2(_Model):
    schema_id: Literal["mixdecide.assessment"] = Field(alias="schema")
    schema_version: Literal[2]
    exported_at: dt.datetime | None = Field(default=None, strict=False)
    pack: PackRef
    assessment: AssessmentV2
    result: dict[str, Any] | None = None
    plan: dict[str, Any] | None = None  # what the plan said at export, for the record: never read


class ProjectV1(_Model):
    name: InertTitle
    city: InertName = ""
    department: InertName = ""
    owner: InertName = ""


class ExportV1(_Model):
    """Version 1: project details, answers and the ids of the checklist items marked done."""

    schema_version: Literal[1]
    project: ProjectV1
    answers: dict[str, Any] = Field(default_factory=dict)
    checklist_done: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list)


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
