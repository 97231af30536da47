"""An error message repeats at most ECHO_MAX characters of a bad value (with "…"): a 1.2 MB list
once put 1.8 MB of text on the Home page on every rerun, and the CLI's one-line error for a
100,000-item list was 300 KB."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.cli import main
from mixdecide.details import DetailsError, check_details, check_entry
from mixdecide.reports.jsonio import ImportProblem, export_json, import_json
from mixdecide.text import ECHO_MAX, ELLIPSIS, clip, echo

HUGE_LIST = list(range(100_000))
HUGE_TEXT = "x" * 1_200_000


def test_clip_and_echo():
    assert clip("short") == "short"
    assert clip("y" * 500) == "y" * (ECHO_MAX - 1) + ELLIPSIS and len(clip("y" * 500)) == ECHO_MAX
    assert echo("abc") == "'abc'"
    assert len(echo(HUGE_LIST)) == ECHO_MAX and echo(HUGE_LIST).endswith(ELLIPSIS)


@pytest.mark.parametrize("value", [HUGE_LIST, HUGE_TEXT, {"k": HUGE_TEXT}])
@pytest.mark.parametrize("qid", ["need_clarity", "estimated_value_cad"])
def test_answer_errors_cap_the_value(pack, qid, value):
    with pytest.raises(AnswerError) as exc:
        normalize_answers(pack, {qid: value})
    assert len(str(exc.value)) < 3 * ECHO_MAX and ELLIPSIS in str(exc.value)


def test_an_unknown_question_id_is_capped(pack):
    with pytest.raises(AnswerError) as exc:
        normalize_answers(pack, {HUGE_TEXT: 1})
    assert len(str(exc.value)) < 2 * ECHO_MAX


def test_detail_errors_cap_the_value():
    with pytest.raises(DetailsError) as exc:
        check_details({"status": HUGE_TEXT})
    assert len(str(exc.value)) < 3 * ECHO_MAX
    with pytest.raises(DetailsError) as exc:
        check_entry(HUGE_LIST, HUGE_TEXT)  # type: ignore[arg-type]
    assert len(str(exc.value)) < 3 * ECHO_MAX


def test_the_cli_error_is_one_short_line(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {"need_clarity": HUGE_LIST}}))
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        assert main(["assess", str(path)]) == 2
    text = err.getvalue()
    assert text.count("\n") == 1 and len(text) <= 4 * ECHO_MAX + 10, len(text)
    assert "need_clarity" in text


def test_an_import_with_huge_values_lists_short_problems(pack):
    from mixdecide.engine import assess
    from mixdecide.reports.model import ReportInput

    example = pack.examples[0]
    doc = json.loads(export_json(ReportInput(pack=pack, result=assess(pack, example.answers), title="T")))
    doc["assessment"]["answers"] = {"need_clarity": HUGE_LIST, HUGE_TEXT: 1}
    doc["assessment"]["notes"] = {HUGE_TEXT[:5000]: "n"}
    doc["assessment"]["status"] = HUGE_TEXT
    with pytest.raises(ImportProblem) as exc:
        import_json(json.dumps(doc), pack)
    assert exc.value.problems
    assert sum(len(p) for p in exc.value.problems) < 20 * 3 * ECHO_MAX
    assert all(len(p) <= 3 * ECHO_MAX for p in exc.value.problems)
