"""Command line: ``python -m mixdecide assess FILE.json [--pack ID] [--format json|md]`` and
``python -m mixdecide validate-pack PATH`` (loads the pack and runs its examples). Bad input, a broken
pack or a failing example exits with status 2 and one line on stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from mixdecide.answers import AnswerError
from mixdecide.cases import pack_cases
from mixdecide.drafts import drafts_spec
from mixdecide.engine import assess
from mixdecide.examples import run_examples
from mixdecide.pack import DEFAULT_PACK, PackError, load_pack
from mixdecide.plan import plan_spec
from mixdecide.text import ECHO_MAX, clip

MAX_INPUT_BYTES = 1_000_000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse prints usage otherwise)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m mixdecide", description="MIX Decide: recommend a procurement route.")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assess", help="assess a project's answers")
    a.add_argument("file", help='JSON file: {"answers": {question_id: value}}')
    a.add_argument("--pack", help=f"rule pack id or folder (default: $MIXDECIDE_PACK, else {DEFAULT_PACK})")
    a.add_argument("--format", choices=("json", "md"), default="json")
    a.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the Markdown output")
    a.add_argument("--date", help="assessment date (YYYY-MM-DD) for trade-agreement thresholds")
    v = sub.add_parser("validate-pack", help="load a rule pack, run its examples, report the first problem")
    v.add_argument("path")
    return p


def _fail(message: str) -> int:
    # one line, whatever the message quotes (a value is already capped where it is echoed)
    print(f"error: {clip(' '.join(message.split()), 4 * ECHO_MAX)}", file=sys.stderr)
    return 2


def _read_answers(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"{path}: no such file")
    if p.stat().st_size > MAX_INPUT_BYTES:
        raise ValueError(f"{path}: larger than {MAX_INPUT_BYTES // 1000} kB")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: malformed JSON ({exc.msg}; line {exc.lineno}, column {exc.colno})"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("assessment"), dict) and "answers" not in data:
        data = data["assessment"]  # the dashboard's JSON export holds its answers here
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ValueError(f'{path}: expected an object {{"answers": {{question_id: value}}}}')
    answers: dict[str, Any] = data["answers"]
    return answers


def _validate_pack(path: str) -> int:
    """Load the pack (every file and cross-check) and run its examples; one line either way."""
    try:
        pack = load_pack(path)
        plan_spec(pack)  # the optional plan.yaml and drafts/ folder (issue 12)
        drafts_spec(pack)
    except PackError as exc:
        return _fail(str(exc))
    failed = [o for o in run_examples(pack) if not o.passed]
    if failed:
        first = failed[0]
        more = f" ({len(failed) - 1} more example(s) fail)" if len(failed) > 1 else ""
        return _fail(f"examples.yaml: example {first.example.id!r}: {'; '.join(first.problems)}{more}")
    print(
        f"ok: {pack.id} {pack.version}: {len(pack.questions)} questions, {len(pack.routes)} routes, "
        f"{len(pack.rules)} rules, {len(pack.risks.dimensions)} risk dimensions, "
        f"{len(pack.checklist.items)} checklist items, {len(pack.examples)} examples pass, "
        f"{len(pack_cases(pack))} sourced cases"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate-pack":
        return _validate_pack(args.path)
    try:
        today = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        return _fail(f"--date {args.date!r} is not a date (YYYY-MM-DD)")
    try:
        answers = _read_answers(args.file)
        pack = load_pack(args.pack)
        result = assess(pack, answers, today=today)
    except (ValueError, AnswerError, PackError) as exc:
        return _fail(str(exc))
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from mixdecide.reports.markdown import render_markdown

        sys.stdout.write(render_markdown(pack, result, lang=args.lang))
    return 0
