"""Reading a rule pack folder: each YAML file parsed into its model, then cross-checked.

A pack is a folder of YAML files (pack, questions, routes, rules, risks, checklist, thresholds,
examples, and the optional case library ``cases.yaml``). ``load_pack`` validates every file,
checks that every id it references exists and that every operator fits its question, and compiles
the conditions once. Any problem raises ``PackError`` whose message names the file, the item and
the bad reference.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from mixdecide.cases import CASES_FILE, load_cases
from mixdecide.conditions import ConditionError
from mixdecide.pack.checks import check_and_compile
from mixdecide.pack.models import (
    ChecklistFile,
    ExamplesFile,
    Pack,
    PackError,
    PackMeta,
    QuestionsFile,
    RisksFile,
    RoutesFile,
    RulesFile,
    ThresholdsFile,
)
from mixdecide.text import locate

PACKS_DIR = Path(__file__).resolve().parents[2] / "data" / "packs"
DEFAULT_PACK = "ontario-municipal"
PACK_ENV = "MIXDECIDE_PACK"  # a pack id or folder the app, the CLI and the store use instead
PACK_FILES = ("pack", "questions", "routes", "rules", "risks", "checklist", "thresholds", "examples")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ten times faster


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except FileNotFoundError:
        raise PackError(f"{path.name}: file is missing from the pack folder {path.parent}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise PackError(f"{path.name}: not valid YAML{where}: {problem}") from None


def _parse(model: type[BaseModel], path: Path) -> Any:
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise PackError(f"{path.name}: expected a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = locate(raw, err["loc"])
        raise PackError(f"{path.name}: {where}: {err['msg']}") from None


def resolve_pack_path(pack: str | Path | None) -> Path:
    """A pack id (folder under data/packs) or a path to a pack folder; None means the pack
    ``MIXDECIDE_PACK`` names, else ``DEFAULT_PACK``."""
    if pack is None:
        pack = os.environ.get(PACK_ENV) or DEFAULT_PACK
    p = Path(pack)
    if p.is_dir():
        return p
    candidate = PACKS_DIR / str(pack)
    if candidate.is_dir():
        return candidate
    raise PackError(f"no rule pack {str(pack)!r} (looked for {p} and {candidate})")


def load_pack(pack: str | Path | None = None) -> Pack:
    """Load, validate and cross-check a rule pack (default: see ``resolve_pack_path``); raise
    PackError naming file, item and problem."""
    root = resolve_pack_path(pack)
    files = {
        "pack": _parse(PackMeta, root / "pack.yaml"),
        "questions": _parse(QuestionsFile, root / "questions.yaml"),
        "routes": _parse(RoutesFile, root / "routes.yaml"),
        "rules": _parse(RulesFile, root / "rules.yaml"),
        "risks": _parse(RisksFile, root / "risks.yaml"),
        "checklist": _parse(ChecklistFile, root / "checklist.yaml"),
        "thresholds": _parse(ThresholdsFile, root / "thresholds.yaml"),
        "examples": _parse(ExamplesFile, root / "examples.yaml"),
    }
    try:
        loaded = check_and_compile(root, files)
    except ConditionError as exc:  # pragma: no cover - check_and_compile wraps these
        raise PackError(str(exc)) from None
    # The case library is optional: a pack without cases.yaml simply has no cases.
    cases = root / CASES_FILE
    load_cases(loaded, _read_yaml(cases) if cases.is_file() else None)
    return loaded
