"""The assessment as a versioned JSON file people can keep, send and import again.

``export_json`` writes schema version 2: the project details, answers, notes and checklist
progress, plus a snapshot of what the tool said (for the record; an import recomputes the result
from the answers). ``import_json`` trusts nothing: size, encoding, JSON syntax, the kind of file,
every field (pydantic, extra fields forbidden), every answer against the pack, every checklist
item and status, and text lengths. It migrates schema version 1 and refuses newer versions. Any
problem raises ``ImportProblem`` listing the first few in plain language.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.details import LINE_CONTROL, NOTE_CONTROL, DetailsError, check_what_happened, plain_error
from mixdecide.happened import used_route_ids
from mixdecide.pack.models import Pack
from mixdecide.plan_text import approver_text, basis_text, flag_text, length_text, step_label, summary_text
from mixdecide.reports.jsonmodels import (
    SCHEMA,
    SCHEMA_VERSION,
    ExportV1,
    ExportV2,
    migrate_v1,
)
from mixdecide.reports.model import ReportInput
from mixdecide.reports.plan_section import report_plan
from mixdecide.text import FileProblem, clip, echo, read_json_file

__all__ = [
    "MAX_IMPORT_BYTES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "ImportProblem",
    "ImportedAssessment",
    "export_json",
    "import_json",
]

MAX_IMPORT_BYTES = 2_000_000
_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive (perhaps a Word or Excel file)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}


class ImportProblem(FileProblem):
    """A file that cannot be imported as an assessment; ``problems`` lists the first few reasons."""


@dataclass(frozen=True)
class ImportedAssessment:
    """A checked assessment, ready to save: answers normalised, checklist complete per entry."""

    title: str
    municipality: str
    department: str
    owner: str
    status: str
    answers: dict[str, Any]
    notes: dict[str, str]
    checklist: dict[str, dict[str, str]]
    pack_id: str
    pack_version: str
    schema_version: int  # the version the file was written in (1 when it was migrated)
    exported_at: dt.datetime | None = None
    snapshot: dict[str, Any] | None = None  # what the tool said at export; never trusted
    outcome: dict[str, Any] | None = None  # what happened after the advice, checked
    warnings: tuple[str, ...] = field(default=())


# --- export -------------------------------------------------------------------------------------


def _plain_text(value: Any) -> str:
    """One line without the control characters an import refuses (so every export imports again)."""
    return " ".join(LINE_CONTROL.sub(" ", str(value)).split())


def _note_text(value: Any) -> str:
    """A note without the control characters an import refuses; tabs and line breaks kept."""
    return NOTE_CONTROL.sub("", str(value))


def _plan(inp: ReportInput, lang: str) -> dict[str, Any] | None:
    """The plan as the reports show it, for the record (an import recomputes it): dates, the
    approver, each step with its length and legal basis, and what does not fit, in ``lang``."""
    p = report_plan(inp, lang)
    if p is None:
        return None
    pack = inp.pack
    return {
        "start": p.start.isoformat(),
        "deadline": p.deadline.isoformat() if p.deadline else None,
        "end": p.end.isoformat(),
        "summary": summary_text(p, lang),
        "approver": approver_text(p, lang),
        "steps": [
            {
                "id": s.uid,
                "name": step_label(pack, s, lang),
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "days": s.days,
                "unit": s.unit,
                "length": length_text(s, lang),
                "basis": basis_text(s, lang, pack),
                "critical": s.critical,
            }
            for s in p.steps
        ],
        "problems": [flag_text(pack, p, f, lang) for f in p.flags if f.level != "info"],
        "notes": [flag_text(pack, p, f, lang) for f in p.flags if f.level == "info"],
    }


def export_json(inp: ReportInput, *, now: dt.datetime | None = None, lang: str = "en") -> str:
    """The assessment as schema-versioned JSON text (UTF-8, indented); the plan's wording in
    ``lang``."""
    now = now or dt.datetime.now(dt.UTC)
    plan = _plan(inp, lang)
    data = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "pack": {"id": inp.result.pack_id, "version": inp.result.pack_version},
        "assessment": {
            "title": _plain_text(inp.title),
            "municipality": _plain_text(inp.municipality),
            "department": _plain_text(inp.department),
            "owner": _plain_text(inp.owner),
            "status": inp.status,
            "answers": dict(inp.answers),
            "notes": {q: _note_text(n) for q, n in inp.notes.items()},
            "checklist": {
                item: {
                    k: (_note_text if k == "note" else _plain_text)(entry[k])
                    for k in ("status", "owner", "note")
                    if entry.get(k) is not None
                }
                for item, entry in inp.checklist.items()
            },
            **({"outcome": dict(inp.outcome)} if inp.outcome else {}),
        },
        "result": inp.result.to_dict(),
        **({"plan": plan} if plan else {}),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- import -------------------------------------------------------------------------------------


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith("function-")]  # validator wrappers
    return clip(".".join("schema" if p == "schema_id" else p for p in parts) or "file")


_FIELD_NAMES = {
    "title": "Project title",
    "municipality": "Municipality",
    "department": "Department",
    "owner": "Owner",
    "status": "Status",
    "note": "Note",
}


def _plain_where(loc: tuple[Any, ...], pack: Pack) -> str:
    """Where a problem is, as a reader of the dashboard names it: the project title, a checklist
    item's owner, the note on a question; the file's own path where there is no such name."""
    parts = [str(p) for p in loc if not str(p).startswith("function-")]
    if len(parts) >= 2 and parts[0] == "assessment":
        field = parts[1]
        if len(parts) == 2 and field in _FIELD_NAMES:
            return _FIELD_NAMES[field]
        items = {i.id: i for i in pack.checklist.items}
        if field == "checklist" and len(parts) == 4 and parts[2] in items:
            text = items[parts[2]].text.en
            return f"Checklist item \u201c{text}\u201d: {_FIELD_NAMES.get(parts[3], parts[3])}"
        if field == "notes" and len(parts) == 3 and parts[2] in pack.questions:
            return f"Note on the question \u201c{pack.questions[parts[2]].label.en}\u201d"
    return _where(loc)


def _validation_problems(exc: ValidationError, pack: Pack) -> list[str]:
    return [
        f"{_plain_where(e['loc'], pack)}: {plain_error(e, extra='is not a field of this file')}"
        for e in exc.errors()
    ]


def _read(data: bytes | str) -> Any:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray):
        raise ImportProblem([f"Expected the bytes of a file, got {type(data).__name__}."])
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportProblem(
            [
                f"The file is larger than {MAX_IMPORT_BYTES / 1_000_000:g} MB ({len(data) / 1_000_000:.1f} MB); "
                "a MIX Decide export is much smaller. Check that you chose the right file."
            ]
        )
    if not data.strip():
        raise ImportProblem(["The file is empty."])
    for magic, kind in _SIGNATURES.items():
        if data.startswith(magic):
            raise ImportProblem([f"This is {kind}, not a MIX Decide JSON export."])
    try:
        return read_json_file(bytes(data), "a MIX Decide JSON export")
    except FileProblem as exc:
        raise ImportProblem(exc.problems) from None


def _parse(raw: Any, pack: Pack) -> tuple[ExportV2, int]:
    wrong = (
        "This is not a MIX Decide assessment export: expected a JSON object with "
        f'"schema": "{SCHEMA}" (or a version-1 export with "schema_version": 1 and "project").'
    )
    if not isinstance(raw, dict):
        raise ImportProblem([wrong])
    version = raw.get("schema_version")
    if "schema" in raw and raw["schema"] != SCHEMA:
        raise ImportProblem([wrong])
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportProblem([wrong if "schema" not in raw else "schema_version: must be a whole number"])
    if version > SCHEMA_VERSION:
        raise ImportProblem(
            [
                f"This file was exported by a newer version of MIX Decide (format version {version}); this "
                f"version reads format {SCHEMA_VERSION} and older. Update MIX Decide, or export the file again "
                "from the version that made it."
            ]
        )
    try:
        if version == 1 and "schema" not in raw:
            return migrate_v1(ExportV1.model_validate(raw), pack), 1
        if version == SCHEMA_VERSION and "schema" in raw:
            return ExportV2.model_validate(raw), SCHEMA_VERSION
    except ValidationError as exc:
        raise ImportProblem(_validation_problems(exc, pack)) from None
    raise ImportProblem(
        [wrong if "schema" not in raw else f"schema_version: {version} is not a known version"]
    )


_QUESTION_PREFIX = re.compile(r"^question '[^']*': ")


def import_json(data: bytes | str, pack: Pack) -> ImportedAssessment:
    """Check an exported file against ``pack`` and return what it holds; raise ImportProblem."""
    doc, version = _parse(_read(data), pack)
    a = doc.assessment
    problems: list[str] = []
    warnings: list[str] = []
    if doc.pack.id != pack.id:
        problems.append(
            f"pack.id: the file was made with the rule pack {echo(doc.pack.id)}; this is {pack.id!r}"
        )
    elif doc.pack.version != pack.version:
        warnings.append(
            f"The file was made with version {doc.pack.version} of the rule pack; this is version "
            f"{pack.version}. The recommendation is recomputed with the current rules."
        )
    for qid, value in a.answers.items():
        try:
            normalize_answers(pack, {qid: value})
        except AnswerError as exc:
            msg = str(exc)
            msg = (
                "is not a question of this rule pack"
                if msg.startswith("unknown question id")
                else _QUESTION_PREFIX.sub("", msg)
            )
            problems.append(f"answers.{clip(qid)}: {msg}")
    problems += [
        f"notes.{clip(q)}: is not a question of this rule pack" for q in a.notes if q not in pack.questions
    ]
    items = {i.id for i in pack.checklist.items}
    problems += [
        f"checklist.{clip(i)}: is not an item of this rule pack's checklist"
        for i in a.checklist
        if i not in items
    ]
    outcome = None
    if a.outcome:
        try:
            outcome = check_what_happened(a.outcome, used_route_ids(pack))
        except DetailsError as exc:
            problems.append(f"outcome.{exc}")
    if problems:
        raise ImportProblem(problems)
    return ImportedAssessment(
        title=a.title,
        municipality=a.municipality,
        department=a.department,
        owner=a.owner,
        status=a.status,
        answers=normalize_answers(pack, a.answers),
        notes={q: n for q, n in a.notes.items() if n},
        checklist={i: e.model_dump() for i, e in a.checklist.items()},
        pack_id=doc.pack.id,
        pack_version=doc.pack.version,
        schema_version=version,
        exported_at=doc.exported_at,
        snapshot=doc.result,
        outcome=outcome or None,
        warnings=tuple(warnings),
    )
