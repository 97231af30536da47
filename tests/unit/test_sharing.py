"""What happened after the advice (checked in one place), an assessment as an anonymised case, and
shared case files from elsewhere: every bad or hostile file is refused with a precise message."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mixdecide.cases import nearest_cases, pack_cases, with_local
from mixdecide.details import CASE_DEPTH_MAX, CASE_FILE_MAX_BYTES, DetailsError, check_what_happened
from mixdecide.sharing import (
    CaseFileProblem,
    NotShareable,
    ShareChoices,
    anonymised_case,
    case_file_json,
    read_case_file,
    stored_cases,
)
from mixdecide.text import md_escape
from tests.helpers.injection import MARKDOWN_PAYLOADS, markup_from

TODAY = dt.date(2026, 11, 30)
ANSWERS = {
    "need_clarity": "problem_clear_solution_open",
    "solution_maturity": "near_market",
    "market_depth": "few",
    "estimated_value_cad": 95000,
    "procurement_category": "services",
    "timeline_months": 12,
}
OUTCOME = {
    "route": "pilot_sandbox",
    "award_date": "2026-05-04",
    "award_value": 88000.0,
    "outcome": "scaled",
    "lessons": "Sound the market two months earlier; Guelph's fleet team was decisive.",
}
URL = "https://guelph.bidsandtenders.ca/award/1234"


# ---------------------------------------------------------------------------------- what happened


def test_what_happened_is_checked_and_cleaned(pack):
    clean = check_what_happened({**OUTCOME, "lessons": "  kept  "}, pack.routes, today=TODAY)
    assert clean == {**OUTCOME, "lessons": "kept"}
    other = check_what_happened({"route": "other", "other_route": "Sole source"}, pack.routes, today=TODAY)
    assert other == {"route": "other", "other_route": "Sole source"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"route": "pilot_sandbox", "award_date": "2026-12-01"}, "award_date: 2026-12-01 is in the future"),
        ({"route": "pilot_sandbox", "award_date": "1989-12-31"}, "award_date: 1989-12-31 is before 1990"),
        (
            {"route": "pilot_sandbox", "award_date": "30/11/2026"},
            "award_date: must be a date written YYYY-MM-DD",
        ),
        ({"route": "pilot_sandbox", "award_value": -1}, "award_value: must be 0 or more"),
        ({"route": "pilot_sandbox", "award_value": "88000"}, "award_value: must be a number, not str"),
        ({"route": "pilot_sandbox", "award_value": True}, "award_value: must be a number, not bool"),
        ({"route": "pilot_sandbox", "award_value": 2e12}, "award_value: must be at most 1,000,000,000,000"),
        ({"route": "pilot_sandbox", "outcome": "won"}, "outcome: 'won' is not one of scaled, stopped"),
        ({"route": "teleport"}, "route: 'teleport' is not a route of this rule pack"),
        ({"route": "other"}, "other_route: say which route was used"),
        ({"route": "pilot_sandbox", "other_route": "x"}, "other_route: only for a route that is not"),
        (
            {"route": "pilot_sandbox", "lessons": "x" * 4001},
            "lessons: is 4001 characters long; the limit is 4000",
        ),
        ({"route": "pilot_sandbox", "lessons": "a\x00b"}, "lessons: contains control characters"),
        ({"route": "pilot_sandbox", "colour": "red"}, "colour: is not a known field"),
        ({"award_value": 3}, "route: is missing"),
    ],
)
def test_what_happened_refuses_with_the_field_and_the_reason(pack, values, message):
    with pytest.raises(DetailsError) as err:
        check_what_happened(values, pack.routes, today=TODAY)
    assert str(err.value).startswith(message), str(err.value)


# ---------------------------------------------------------------------------------- export


def _case(pack, **choices):
    return anonymised_case(
        pack,
        assessment_id="d1c66fff6a34419495787198de6de36e",
        title="Guelph fleet electrification pilot",
        municipality="City of Guelph",
        answers={**ANSWERS, "not_a_core_question_note": "x"},
        outcome=OUTCOME,
        year=2026,
        choices=ShareChoices(source_url=URL, **choices),
    )


def test_an_anonymised_case_leaves_out_names_and_free_text(pack):
    case = _case(pack)
    text = case_file_json([case])
    for secret in ("Guelph", "fleet", "Sound the market", "d1c66fff"):
        assert secret not in text
    assert case.buyer == "A municipality"
    assert case.routes == ["pilot_sandbox"] and case.outcome == "scaled" and case.year == 2026
    assert case.answers == ANSWERS  # core answers only
    assert case.sources[0].url == URL
    assert case.lessons.en == "Not shared." and case.lessons.fr == "Non partagées."
    assert "Pilot" in case.title.en and case.summary.fr.startswith("Une municipalité a utilisé")


def test_ticked_names_and_texts_are_kept(pack):
    case = _case(pack, keep_buyer=True, keep_summary=True, keep_lessons=True, summary="Ten e-vans, 2 depots.")
    assert case.buyer == "City of Guelph"
    assert case.title.en == case.title.fr == "Guelph fleet electrification pilot"
    assert case.summary.en == "Ten e-vans, 2 depots."
    assert case.lessons.fr == OUTCOME["lessons"]


def test_the_same_assessment_always_becomes_the_same_case_id(pack):
    assert _case(pack).id == _case(pack, keep_buyer=True).id


@pytest.mark.parametrize(
    ("outcome", "url", "message"),
    [
        (None, URL, "Record the route actually used"),
        (
            {"route": "other", "other_route": "Sole source"},
            URL,
            "a shared case names one of the pack's routes",
        ),
        (OUTCOME, "", "source url must start with https://"),
        (OUTCOME, "javascript:alert(1)", "sources.0.url: contains HTML or script"),
        (OUTCOME, "https://x.example/<script>", "HTML or script"),
    ],
)
def test_a_case_that_cannot_be_shared_says_why(pack, outcome, url, message):
    with pytest.raises(NotShareable) as err:
        anonymised_case(
            pack,
            assessment_id="a" * 32,
            title="t",
            municipality="m",
            answers=ANSWERS,
            outcome=outcome,
            year=2026,
            choices=ShareChoices(source_url=url),
        )
    assert message.lower() in str(err.value).lower(), str(err.value)


def test_an_exported_case_imports_and_is_its_own_nearest_case(pack):
    case = _case(pack)
    (back,) = read_case_file(case_file_json([case]).encode(), pack)
    assert back == case
    stored = stored_cases(pack, [back.model_dump(mode="json", exclude_defaults=True)])
    near = nearest_cases(pack, ANSWERS, with_local(pack, stored), k=3)
    assert near[0].case.id == case.id and near[0].distance == 0
    assert len(with_local(pack, stored) or ()) == len(pack_cases(pack)) + 1


# ---------------------------------------------------------------------------------- import


def _file(pack, **change) -> dict:
    doc = json.loads(case_file_json([_case(pack)]))
    doc["cases"][0].update(change)
    return doc


def _refused(pack, data, *, taken=()) -> str:
    with pytest.raises(CaseFileProblem) as err:
        read_case_file(data if isinstance(data, bytes | str) else json.dumps(data), pack, taken=taken)
    return "; ".join(err.value.problems)


def test_malformed_json_is_refused_with_its_position(pack):
    assert "not valid JSON" in _refused(pack, b'{"cases": [')
    assert "line 1" in _refused(pack, b'{"cases": [')
    assert "NaN is not allowed" in _refused(pack, b'{"cases": [NaN]}')
    assert "empty" in _refused(pack, b"   ")
    assert "not UTF-8" in _refused(pack, b'{"cases": "\xff\xfe"}')
    assert "binary" in _refused(pack, b"\x00\x01PK")


def test_wrong_kinds_of_file_are_refused(pack):
    assert 'expected a JSON object with a "cases" list' in _refused(pack, [1, 2])
    assert 'expected a JSON object with a "cases" list' in _refused(pack, {"assessment": {}})
    assert "the list is empty" in _refused(pack, {"cases": []})
    assert "belongs to a rule pack" in _refused(pack, {**_file(pack), "similar_because": {"x": 1}})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": "2026"}, "cases.0.year: must be a whole number, not '2026'"),
        ({"year": 1800}, "year"),
        ({"routes": "pilot_sandbox"}, "routes"),
        ({"answers": {"no_such_question": "x"}}, "unknown question id"),
        ({"answers": {"market_depth": "bottomless"}}, "market_depth"),
        ({"answers": {"estimated_value_cad": "lots"}}, "estimated_value_cad"),
        ({"routes": ["teleport"]}, "unknown route 'teleport'"),
        ({"outcome": "won"}, "outcome"),
        ({"sources": []}, "at least one source URL"),
        ({"sources": [{"title": "x", "url": "ftp://x.example/a"}]}, "must start with https:// or http://"),
        ({"sources": [{"title": "x", "url": "javascript:alert(1)"}]}, "HTML or script"),
        ({"sources": [{"title": "x"}]}, "url"),
        ({"colour": "red"}, "colour"),
        ({"buyer": "x" * 121}, "buyer: is 121 characters long; the limit is 120"),
        ({"summary": {"en": "x" * 4001, "fr": "y"}}, "summary.en: is 4001 characters long"),
        ({"lessons": {"en": "<script>alert(1)</script>", "fr": "ok"}}, "lessons.en: contains HTML or script"),
        ({"summary": {"en": "fine", "fr": "<img src=x onerror=alert(1)>"}}, "summary.fr: contains HTML"),
        ({"buyer": "<!-- x -->"}, "buyer: contains HTML"),
        ({"title": {"en": "a\u202eb", "fr": "c"}}, "title.en: contains control characters"),
    ],
)
def test_a_bad_field_is_refused_precisely(pack, change, message):
    problem = _refused(pack, _file(pack, **change))
    assert message in problem, problem


def test_oversized_and_deeply_nested_files_are_refused_before_parsing(pack):
    big = json.dumps(_file(pack, summary={"en": "x" * CASE_FILE_MAX_BYTES, "fr": "y"}))
    assert f"at most {CASE_FILE_MAX_BYTES // 1000} kB" in _refused(pack, big.encode())
    deep = "[" * 20_000 + "]" * 20_000
    assert f"more than {CASE_DEPTH_MAX} deep" in _refused(pack, deep.encode())
    nested = _file(pack, answers={"market_depth": [[[[[["few"]]]]]]})
    assert "deep" in _refused(pack, nested)


def test_a_case_already_in_the_library_or_the_pack_is_refused(pack):
    data = case_file_json([_case(pack)])
    assert "already in the case library" in _refused(pack, data, taken={_case(pack).id})
    own = pack_cases(pack)[0].id
    assert "already in the case library" in _refused(pack, _file(pack, id=own))


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_injection_corpus_in_summary_and_lessons(pack, payload):
    """Markup is refused outright; what is accepted is plain text and is drawn as text."""
    doc = _file(pack, summary={"en": payload, "fr": payload}, lessons={"en": payload, "fr": payload})
    try:
        (case,) = read_case_file(json.dumps(doc), pack)
    except CaseFileProblem as exc:
        assert "contains HTML or script" in str(exc), str(exc)
        assert "<" in payload or "javascript:" in payload
        return
    assert case.summary.en == payload.strip() or case.summary.en == payload
    for text in (case.summary.en, case.lessons.fr):
        assert markup_from(md_escape(text)) == set()
