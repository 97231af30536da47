"""The command line contract of DESIGN.md: JSON out sorted best first; bad input exits 2 with one line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from mixdecide.cli import main
from mixdecide.engine import assess

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    """The CLI in this process (its exit status, stdout and stderr): the contract, without paying
    for a Python start-up per case. ``run_process`` checks the real ``python -m mixdecide``."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing an option
            code = int(exc.code or 0)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def run_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mixdecide", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def write_json(tmp_path: Path, payload, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return str(path)


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert proc.stdout == ""
    for word in words:
        assert word in lines[0]


def assess_cli(tmp_path: Path, answers: dict, fmt: str, today) -> subprocess.CompletedProcess:
    """``assess`` of ``answers`` in format ``fmt`` on the date ``today``."""
    return run(
        "assess", write_json(tmp_path, {"answers": answers}), "--format", fmt, "--date", today.isoformat()
    )


def test_assess_prints_the_ranking_best_first(tmp_path, pack, full_answers, today):
    proc = assess_cli(tmp_path, full_answers, "json", today)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    ranking = data["ranking"]
    assert all({"route", "score"} <= set(r) for r in ranking)
    scores = [r["score"] for r in ranking]
    assert scores == sorted(scores, reverse=True)
    expected = assess(pack, full_answers, today=today)
    assert [(r["route"], r["score"]) for r in ranking] == [(r.route, r.score) for r in expected.ranking]
    assert data["top"] == expected.top == ranking[0]["route"]


def test_assess_defaults_to_json_and_accepts_an_empty_questionnaire(tmp_path):
    proc = run("assess", write_json(tmp_path, {"answers": {}}))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ranking"] and data["missing"]
    assert data["confidence"]["level"] == "low"


def test_assess_markdown(tmp_path, pack, full_answers, today):
    proc = assess_cli(tmp_path, full_answers, "md", today)
    assert proc.returncode == 0, proc.stderr
    top = assess(pack, full_answers, today=today).top
    assert proc.stdout.lstrip().startswith("#")
    text = proc.stdout.replace("\\", "")  # Markdown escapes such as \( and \)
    assert pack.routes[top].name.en in text


def test_assess_reads_the_dashboards_json_export(tmp_path, pack, full_answers, today):
    """A file downloaded from the dashboard (its answers under "assessment") is read as it is."""
    export = {"schema_version": 2, "assessment": {"title": "Snow routing", "answers": full_answers}}
    proc = run("assess", write_json(tmp_path, export), "--date", today.isoformat())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["top"] == assess(pack, full_answers, today=today).top


def test_malformed_json_names_line_and_column_once(tmp_path):
    proc = run("assess", write_json(tmp_path, '{"answers": {"a": "unterminated}}'))
    assert proc.returncode == 2
    assert " at at " not in proc.stderr and "line 1, column" in proc.stderr


BAD_INPUT = [
    ("malformed JSON", '{"answers": {"need_clarity": "problem_unclear",}}', ["malformed JSON"]),
    ("unknown question id", {"answers": {"need_clarty": "problem_unclear"}}, ["need_clarty"]),
    ("wrong type", {"answers": {"timeline_months": "soon"}}, ["timeline_months"]),
    ("option not offered", {"answers": {"funding": "plenty"}}, ["funding", "plenty"]),
    ("negative value", {"answers": {"estimated_value_cad": -5}}, ["estimated_value_cad"]),
    ("boolean for a choice", {"answers": {"sme_objective": True}}, ["sme_objective"]),
    ("NaN", '{"answers": {"estimated_value_cad": NaN}}', ["estimated_value_cad"]),
    ('missing "answers" key', {"need_clarity": "problem_unclear"}, ["answers"]),
    ("answers not an object", {"answers": ["need_clarity"]}, ["answers"]),
    ("not an object at all", "[1, 2, 3]", ["answers"]),
]


@pytest.mark.parametrize(("payload", "words"), [b[1:] for b in BAD_INPUT], ids=[b[0] for b in BAD_INPUT])
def test_bad_answers_file_exits_2_with_one_line(tmp_path, payload, words):
    assert_one_line_error(run("assess", write_json(tmp_path, payload)), *words)


def test_missing_file_exits_2_with_one_line(tmp_path):
    assert_one_line_error(run("assess", str(tmp_path / "nowhere.json")), "nowhere.json")


def test_unknown_pack_exits_2_with_one_line(tmp_path):
    proc = run("assess", write_json(tmp_path, {"answers": {}}), "--pack", "no-such-pack")
    assert_one_line_error(proc, "no-such-pack")


@pytest.mark.parametrize(
    "args",
    [["--format", "pdf"], ["--date", "2026-13-01"]],
    ids=["unknown format", "bad date"],
)
def test_bad_options_exit_2_with_one_line(tmp_path, args):
    assert_one_line_error(run("assess", write_json(tmp_path, {"answers": {}}), *args))


def test_huge_integer_exits_2_with_one_line(tmp_path):
    payload = '{"answers": {"estimated_value_cad": 1' + "0" * 400 + "}}"
    assert_one_line_error(run("assess", write_json(tmp_path, payload)), "estimated_value_cad")


def test_validate_pack_accepts_the_real_pack(pack):
    proc = run("validate-pack", str(ROOT / "data" / "packs" / "ontario-municipal"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"ok: {pack.id} {pack.version}")
    assert f"{len(pack.rules)} rules" in proc.stdout


def test_validate_pack_rejects_a_broken_pack_with_one_line(pack_copy):
    def bad_route(data):
        data["rules"][0]["points"]["tradtional_rfp"] = 2

    proc = run("validate-pack", str(pack_copy("rules", bad_route)))
    assert_one_line_error(proc, "rules.yaml", "tradtional_rfp")


@pytest.mark.parametrize(
    ("file", "mutate", "words"),
    [
        (
            "thresholds",
            lambda d: d["agreements"][1]["obligations"][0].pop("cite") and None,
            ["thresholds.yaml", "CETA", "pinpoint"],
        ),
        (
            "checklist",
            lambda d: next(i for i in d["items"] if i["id"] == "bylaw.compliance").update(
                refs=["mix_report"]
            ),
            ["checklist.yaml", "bylaw.compliance", "only to guidance"],
        ),
        (
            "thresholds",
            lambda d: d["agreements"][2]["periods"][0].pop("provenance") and None,
            ["thresholds.yaml", "OQTCA", "provenance"],
        ),
    ],
    ids=["obligation without pinpoint", "mandatory item sourced to guidance", "threshold without provenance"],
)
def test_validate_pack_refuses_an_unsourced_legal_statement(pack_copy, file, mutate, words):
    assert_one_line_error(run("validate-pack", str(pack_copy(file, mutate))), *words)


def test_validate_pack_reports_malformed_yaml_on_one_line(pack_copy):
    root = pack_copy()
    (root / "rules.yaml").write_text("rules:\n  - id: [need.oops\n", encoding="utf-8")
    assert_one_line_error(run("validate-pack", str(root)), "rules.yaml")


def test_the_module_entry_point_keeps_the_contract(tmp_path, full_answers, today):
    """``python -m mixdecide`` itself: JSON on stdout with status 0, one line on stderr with 2."""
    good = run_process("assess", write_json(tmp_path, {"answers": full_answers}), "--date", today.isoformat())
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["ranking"]
    assert_one_line_error(run_process("assess", write_json(tmp_path, "[1, 2]", "bad.json")), "answers")


def test_every_example_runs_through_the_cli_with_ranking_and_strategy(tmp_path):
    from mixdecide.pack import load_pack

    pack = load_pack()
    for e in pack.examples:
        path = write_json(tmp_path, {"answers": e.answers}, name=f"{e.id}.json")
        done = run("assess", path, "--date", e.today.isoformat())
        assert done.returncode == 0, (e.id, done.stderr)
        out = json.loads(done.stdout)
        scores = [r["score"] for r in out["ranking"]]
        assert scores == sorted(scores, reverse=True), e.id
        assert {r["route"] for r in out["ranking"]} <= set(pack.routes)
        assert out["ranking"][0]["route"] in e.expect.top, e.id
        strategy = out["strategy"]
        assert set(strategy) == {"procedure", "path", "arrangement", "stages", "purchase", "terms"}
        assert strategy["procedure"] and strategy["stages"], e.id


def test_validate_pack_names_a_broken_plan_file(pack_copy, capsys):
    """Issue 12: validate-pack also checks the optional plan.yaml."""

    def bad(data):
        data["periods"]["bid_open"]["days"] = -5

    root = pack_copy("plan", bad)
    assert main(["validate-pack", str(root)]) != 0
    assert "plan.yaml: periods.bid_open.days" in capsys.readouterr().err
