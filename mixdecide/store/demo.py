"""Demo assessments (``data/demo/*.json``) seeded on first start so a new user sees a full portfolio.

Each file holds one assessment with a fixed id, the rule pack it was written for, its answers,
notes, checklist progress and the date it was assessed on (only the demos of the pack in use are
seeded); the result is computed by the engine, so the snapshot, top route and risk
rows are real. Seeding is idempotent: an id already present (even soft-deleted) is skipped, so a
demo someone deleted never comes back.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlmodel import Session

from mixdecide.answers import normalize_answers
from mixdecide.engine import assess
from mixdecide.store.db import ROOT
from mixdecide.store.models import ASSESSMENT
from mixdecide.store.rows import insert_assessment, is_valid_id, result_columns, risk_rows
from mixdecide.store.validate import clean_checklist, clean_meta, clean_notes

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

DEMO_DIR = ROOT / "data" / "demo"
DEMO_ACTOR = "MIX Decide demo"
SEED_LOCK_KEY = 0x4D49584445454453  # advisory lock: two servers seeding at once on PostgreSQL
A = ASSESSMENT


@functools.cache
def demo_ids(directory: Path = DEMO_DIR) -> frozenset[str]:
    """The ids of the demo assessments that come with the app (the Portfolio marks them)."""
    return frozenset(d["id"] for d in load_demos(directory))


def load_demos(directory: Path = DEMO_DIR) -> list[dict[str, Any]]:
    """The demo files, in file-name order."""
    demos = []
    for path in sorted(directory.glob("*.json")):
        demo = json.loads(path.read_text(encoding="utf-8"))
        if not is_valid_id(demo.get("id")):
            raise ValueError(f"{path.name}: id must be a lowercase uuid4 hex string")
        demo["file"] = path.name
        demos.append(demo)
    return demos


def _timestamp(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)


def demo_values(demo: dict[str, Any], pack: Pack) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The assessment row and risk rows of one demo (answers checked, result computed)."""
    answers = normalize_answers(pack, demo["answers"])
    result = assess(pack, answers, today=dt.date.fromisoformat(demo["assessed_on"]))
    meta = clean_meta({k: demo[k] for k in ("title", "municipality", "department", "owner", "status")})
    values = {
        **meta,
        **result_columns(result),
        "id": demo["id"],
        "answers": answers,
        "notes": clean_notes(demo.get("notes") or {}, pack),
        "checklist": clean_checklist(demo.get("checklist") or {}, pack),
        "created_at": _timestamp(demo["created_at"]),
        "updated_at": _timestamp(demo["updated_at"]),
        "created_by": demo["owner"],
        "updated_by": demo["owner"],
    }
    return values, risk_rows(result)


def seed_demo(*, session: Session, pack: Pack, directory: Path = DEMO_DIR) -> int:
    """Add the demo assessments of ``pack`` that are not stored yet; return how many were added."""
    demos = [d for d in load_demos(directory) if d.get("pack") == pack.id]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK_KEY})
    ids = [d["id"] for d in demos]
    present = set(session.execute(select(A.c.id).where(A.c.id.in_(ids))).scalars())
    added = 0
    for demo in demos:
        if demo["id"] in present:
            continue
        values, risks = demo_values(demo, pack)
        insert_assessment(
            session=session,
            values=values,
            risks=risks,
            actor=DEMO_ACTOR,
            event=("imported", None, None, {"demo": demo["file"]}),
        )
        added += 1
    return added
