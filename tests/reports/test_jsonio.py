"""JSON export and import: round trip, version 1 migration, and every way a file can be wrong."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mixdecide.reports.jsonio import (
    MAX_IMPORT_BYTES,
    SCHEMA,
    SCHEMA_VERSION,
    ImportProblem,
    export_json,
    import_json,
)
from mixdecide.reports.markdown import render_markdown
from tests.helpers.reports import CHECKLIST_OWNER, FULL_EXAMPLE, example, make_input


def exported(inp) -> dict:
    return json.loads(export_json(inp))


def problems_of(data, pack) -> list[str]:
    with pytest.raises(ImportProblem) as info:
        import_json(data if isinstance(data, bytes) else json.dumps(data).encode(), pack)
    return info.value.problems


def test_export_shape(full_input):
    data = exported(full_input)
    assert data["schema"] == SCHEMA and data["schema_version"] == SCHEMA_VERSION == 2
    assert data["pack"] == {"id": "ontario-municipal", "version": full_input.pack.version}
    assert set(data["assessment"]) == {
        "title",
        "municipality",
        "department",
        "owner",
        "status",
        "answers",
        "notes",
        "checklist",
    }
    assert data["result"]["top"] == full_input.result.top
    assert dt.datetime.fromisoformat(data["exported_at"]).tzinfo is not None


def test_the_export_holds_the_plan_the_reports_show(full_input, pack):
    plan = exported(full_input)["plan"]
    a = full_input.result
    assert plan["start"] == a.assessed_on.isoformat()
    assert plan["deadline"] > plan["start"] and plan["end"] >= plan["steps"][-1]["start"]
    assert plan["approver"].startswith("Approval at this value")
    report = render_markdown(pack, a, lang="en", inp=full_input).replace("\\", "")
    assert [s["name"] in report for s in plan["steps"]] == [True] * len(plan["steps"])
    assert any(s["critical"] for s in plan["steps"]) and {s["unit"] for s in plan["steps"]} <= {"bd", "cd"}
    # in the language of the download, and only for the record: the import recomputes the result
    french = json.loads(export_json(full_input, lang="fr"))["plan"]
    assert french["steps"][0]["name"].startswith("Appel à solutions")
    assert french["steps"][0]["start"] == plan["steps"][0]["start"]
    doc = exported(full_input)
    doc["plan"] = {"steps": "whatever was written here"}
    assert import_json(json.dumps(doc).encode(), pack).answers == full_input.answers


def test_round_trip_every_example(pack, example_inputs):
    for ex_id, inp in example_inputs.items():
        got = import_json(export_json(inp).encode("utf-8"), pack)
        assert got.answers == inp.answers, ex_id
        assert got.notes == inp.notes, ex_id
        assert got.checklist == {
            k: {"status": v["status"], "owner": v["owner"], "note": v["note"]}
            for k, v in inp.checklist.items()
        }, ex_id
        assert (got.title, got.municipality, got.department, got.owner, got.status) == (
            inp.title,
            inp.municipality,
            inp.department,
            inp.owner,
            inp.status,
        )
        assert got.schema_version == 2 and got.warnings == ()
        assert got.snapshot["top"] == inp.result.top


def test_round_trip_keeps_unicode_and_markup_as_text(pack):
    inp = make_input(
        pack,
        example(pack, FULL_EXAMPLE),
        title="Défi « bac vert » <b>&amp;</b> ✓",
        notes={"market_depth": "ligne 1\nligne 2 — =1+2"},
    )
    got = import_json(export_json(inp).encode(), pack)
    assert got.title == inp.title and got.notes == inp.notes
    assert got.checklist[next(iter(inp.checklist))]["owner"] == CHECKLIST_OWNER


def test_malformed_json(pack):
    (msg,) = problems_of(b'{"schema": "mixdecide.assessment", ', pack)
    assert msg.startswith("The file is not valid JSON") and "line 1" in msg


@pytest.mark.parametrize(
    "data,word",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (b"\x00\x01\x02\x03binary", "binary file"),
    ],
)
def test_binary_files(pack, data, word):
    (msg,) = problems_of(data, pack)
    assert word in msg


def test_not_utf8(pack):
    (msg,) = problems_of('{"title": "Café"}'.encode("latin-1"), pack)
    assert "not UTF-8" in msg


def test_oversized(pack):
    data = b'{"x": "' + b"a" * MAX_IMPORT_BYTES + b'"}'
    (msg,) = problems_of(data, pack)
    assert msg.startswith("The file is larger than 2 MB")


@pytest.mark.parametrize(
    "data",
    [[1, 2], {"answers": {"market_depth": "few"}}, {"schema": "other.thing", "schema_version": 2}, "text"],
)
def test_wrong_kind_of_file(pack, data):
    (msg,) = problems_of(data, pack)
    assert msg.startswith("This is not a MIX Decide assessment export")


def test_empty_file(pack):
    assert problems_of(b"  \n", pack) == ["The file is empty."]


def test_newer_schema_version(pack, full_input):
    data = exported(full_input)
    data["schema_version"] = 3
    (msg,) = problems_of(data, pack)
    assert "newer version of MIX Decide (format version 3)" in msg and "format 2 and older" in msg


def test_unknown_question_and_bad_option(pack, full_input):
    data = exported(full_input)
    data["assessment"]["answers"]["colour_of_bins"] = "green"
    data["assessment"]["answers"]["market_depth"] = "lots"
    problems = problems_of(data, pack)
    assert "answers.market_depth: 'lots' is not one of many, few, one_or_none, unknown" in problems
    assert "answers.colour_of_bins: is not a question of this rule pack" in problems


def test_extra_fields_forbidden(pack, full_input):
    data = exported(full_input)
    data["assessment"]["budget_code"] = "X-1"
    data["surprise"] = True
    problems = problems_of(data, pack)
    assert "assessment.budget_code: is not a field of this file" in problems
    assert "surprise: is not a field of this file" in problems


def test_text_limits_and_types(pack, full_input):
    data = exported(full_input)
    data["assessment"]["title"] = "x" * 201
    data["assessment"]["notes"]["market_depth"] = "n" * 4001
    data["assessment"]["owner"] = 42
    problems = problems_of(data, pack)
    # each problem names the field as the dashboard does, not by the file's path
    question = pack.questions["market_depth"].label.en
    assert "Project title: is 201 characters long; the limit is 200" in problems
    assert (
        f"Note on the question \u201c{question}\u201d: is 4001 characters long; the limit is 4000" in problems
    )
    assert "Owner: must be text, not int" in problems


def test_checklist_ids_and_statuses(pack, full_input):
    data = exported(full_input)
    data["assessment"]["checklist"] = {
        "no.such_item": {"status": "done"},
        "bylaw.compliance": {"status": "finished", "owner": "A"},
    }
    item = next(i.text.en for i in pack.checklist.items if i.id == "bylaw.compliance")
    problems = problems_of(data, pack)
    assert any(
        p.startswith(f"Checklist item \u201c{item}\u201d: Status: 'finished' is not one of") for p in problems
    )
    data["assessment"]["checklist"] = {"no.such_item": {"status": "done"}}
    assert problems_of(data, pack) == ["checklist.no.such_item: is not an item of this rule pack's checklist"]


def test_control_characters_rejected(pack, full_input):
    data = exported(full_input)
    data["assessment"]["municipality"] = "Guelph\x00"
    assert problems_of(data, pack) == ["Municipality: contains control characters"]


def test_other_pack_is_a_problem_other_version_a_warning(pack, full_input):
    data = exported(full_input)
    data["pack"]["id"] = "quebec-municipal"
    assert any(
        p.startswith("pack.id: the file was made with the rule pack 'quebec-municipal'")
        for p in problems_of(data, pack)
    )
    data["pack"] = {"id": pack.id, "version": "0.9.0"}
    got = import_json(json.dumps(data).encode(), pack)
    assert got.warnings and "version 0.9.0" in got.warnings[0]


def test_problems_are_capped(pack, full_input):
    data = exported(full_input)
    data["assessment"]["answers"] = {f"q{i}": 1 for i in range(20)}
    assert len(problems_of(data, pack)) == 5


def test_migrates_version_1(pack):
    v1 = {
        "schema_version": 1,
        "project": {
            "name": "Green bin contamination",
            "city": "Guelph",
            "department": "Solid waste",
            "owner": "Ana",
        },
        "answers": {"need_clarity": "problem_clear_solution_open", "estimated_value_cad": 80000.0},
        "checklist_done": ["bylaw.compliance"],
    }
    got = import_json(json.dumps(v1).encode(), pack)
    assert got.schema_version == 1
    assert (got.title, got.municipality, got.department, got.owner, got.status) == (
        "Green bin contamination",
        "Guelph",
        "Solid waste",
        "Ana",
        "draft",
    )
    assert got.answers == {"need_clarity": "problem_clear_solution_open", "estimated_value_cad": 80000}
    assert got.checklist == {"bylaw.compliance": {"status": "done", "owner": "", "note": ""}}
    assert got.notes == {} and got.pack_id == pack.id


def test_version_1_is_validated_too(pack):
    v1 = {
        "schema_version": 1,
        "project": {"name": "x", "town": "y"},
        "answers": {"market_depth": "lots"},
        "checklist_done": ["nope"],
    }
    problems = problems_of(v1, pack)
    assert "project.town: is not a field of this file" in problems


def test_version_1_bad_answer(pack):
    v1 = {
        "schema_version": 1,
        "project": {"name": "x"},
        "answers": {"market_depth": "lots"},
        "checklist_done": ["nope"],
    }
    problems = problems_of(v1, pack)
    assert "answers.market_depth: 'lots' is not one of many, few, one_or_none, unknown" in problems
    assert "checklist.nope: is not an item of this rule pack's checklist" in problems


def test_nan_and_deep_nesting(pack, full_input):
    text = export_json(full_input).replace('"estimated_value_cad": ', '"estimated_value_cad": NaN, "x": ', 1)
    assert "not valid JSON" in problems_of(text.encode(), pack)[0]
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "not valid JSON" in problems_of(deep, pack)[0] or "not a MIX Decide" in problems_of(deep, pack)[0]


def test_str_input_and_bom(pack, full_input):
    text = export_json(full_input)
    assert import_json(text, pack).answers == full_input.answers
    assert import_json(b"\xef\xbb\xbf" + text.encode(), pack).answers == full_input.answers


def test_export_drops_control_characters_so_it_imports_again(pack, full_input):
    from dataclasses import replace

    inp = replace(full_input, title="Bins\x00\x07 project", notes={"market_depth": "a\x1bb\nc"})
    got = import_json(export_json(inp).encode(), pack)
    assert got.title == "Bins project" and got.notes == {"market_depth": "ab\nc"}


OUTCOME = {
    "route": "pilot_sandbox",
    "award_date": "2025-09-30",
    "award_value": 48500.5,
    "outcome": "scaled",
    "lessons": "Two sites at once.\nKeep the evaluation panel small.",
}


def test_what_happened_is_exported_and_imported_again(pack):
    inp = make_input(pack, example(pack, FULL_EXAMPLE), outcome=dict(OUTCOME))
    data = exported(inp)
    assert data["assessment"]["outcome"] == OUTCOME
    back = import_json(json.dumps(data).encode(), pack)
    assert back.outcome == OUTCOME
    plain = make_input(pack, example(pack, FULL_EXAMPLE))
    assert "outcome" not in exported(plain)["assessment"]
    assert import_json(json.dumps(exported(plain)).encode(), pack).outcome is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"award_date": "2999-01-01"}, "outcome.award_date: 2999-01-01 is in the future"),
        ({"award_value": -3}, "outcome.award_value: must be 0 or more"),
        ({"route": "teleport"}, "outcome.route: 'teleport' is not a route of this rule pack"),
        ({"outcome": "won"}, "outcome.outcome: 'won' is not one of"),
    ],
)
def test_a_bad_outcome_in_a_file_is_refused(pack, change, message):
    data = exported(make_input(pack, example(pack, FULL_EXAMPLE), outcome={**OUTCOME, **change}))
    found = problems_of(data, pack)
    assert any(p.startswith(message) for p in found), found
