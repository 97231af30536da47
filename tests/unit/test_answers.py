"""Answer validation (what is an error, what is merely uncertain) and question visibility."""

from __future__ import annotations

import math

import pytest

from mixdecide.answers import AnswerError, normalize_answers, visible_answers
from mixdecide.engine import assess


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"need_clarty": "problem_unclear"}, ["need_clarty"]),
        ({"need_clarity": "problem_unclera"}, ["need_clarity", "problem_unclera"]),
        ({"need_clarity": "Problem_Unclear"}, ["need_clarity", "Problem_Unclear"]),
        ({"need_clarity": 3}, ["need_clarity", "3"]),
        ({"sme_objective": True}, ["sme_objective", "True"]),  # an unquoted YAML yes
        ({"estimated_value_cad": -1}, ["estimated_value_cad", "-1", "at least 0"]),
        ({"estimated_value_cad": "100000"}, ["estimated_value_cad", "not a number"]),
        ({"estimated_value_cad": "lots"}, ["estimated_value_cad", "not a number"]),
        ({"estimated_value_cad": [100]}, ["estimated_value_cad", "not a number"]),
        ({"estimated_value_cad": True}, ["estimated_value_cad", "not a number"]),
        ({"estimated_value_cad": False}, ["estimated_value_cad", "not a number"]),
        ({"estimated_value_cad": math.nan}, ["estimated_value_cad", "not a number"]),
        ({"estimated_value_cad": math.inf}, ["estimated_value_cad", "not a number"]),
        ({"timeline_months": -math.inf}, ["timeline_months", "not a number"]),
        ({"timeline_months": 0}, ["timeline_months", "greater than 0"]),
        ({"timeline_months": -3}, ["timeline_months", "greater than 0"]),
        ({"timeline_months": 121}, ["timeline_months", "at most 120"]),
    ],
)
def test_invalid_answers_raise_naming_question_and_value(pack, answers, words):
    with pytest.raises(AnswerError) as err:
        normalize_answers(pack, answers)
    for word in words:
        assert word in str(err.value)


def test_answers_must_be_a_mapping(pack):
    with pytest.raises(AnswerError, match="mapping"):
        normalize_answers(pack, [("need_clarity", "problem_unclear")])


def test_one_bad_answer_among_good_ones_still_fails(pack, full_answers):
    with pytest.raises(AnswerError, match="funding"):
        normalize_answers(pack, {**full_answers, "funding": "lots"})


def test_valid_numbers_at_their_limits_are_accepted(pack):
    clean = normalize_answers(pack, {"estimated_value_cad": 0, "timeline_months": 0.5})
    assert clean == {"estimated_value_cad": 0, "timeline_months": 0.5}
    assert normalize_answers(pack, {"timeline_months": 120})["timeline_months"] == 120


def test_whole_floats_come_back_as_ints(pack):
    clean = normalize_answers(pack, {"estimated_value_cad": 139000.0})
    assert clean["estimated_value_cad"] == 139000
    assert type(clean["estimated_value_cad"]) is int


def test_unknown_is_accepted_for_every_question(pack, today):
    answers = dict.fromkeys(pack.questions, "unknown")
    assert normalize_answers(pack, answers) == answers
    result = assess(pack, answers, today=today)
    assert set(result.unknown) == set(result.visible)
    assert result.missing == ()


def test_none_answers_are_dropped_as_missing(pack, today):
    clean = normalize_answers(pack, {"need_clarity": None, "funding": "secured"})
    assert clean == {"funding": "secured"}
    result = assess(pack, {"need_clarity": None}, today=today)
    assert "need_clarity" in result.missing
    assert "need_clarity" not in result.answers


def test_normalize_does_not_change_the_callers_dict(pack, full_answers):
    before = dict(full_answers)
    normalize_answers(pack, {**full_answers, "pia_status": None})
    assert full_answers == before


def test_huge_integer_is_an_answer_error_not_a_crash(pack):
    with pytest.raises(AnswerError, match="estimated_value_cad"):
        normalize_answers(pack, {"estimated_value_cad": 10**400})


# --- visibility ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("personal_data", "visible"),
    [("none", False), ("some", True), ("sensitive", True), ("unknown", False), (None, False)],
)
def test_pia_status_is_asked_only_when_personal_data_is_involved(pack, personal_data, visible):
    shown, questions = visible_answers(pack, {"personal_data": personal_data, "pia_status": "planned"})
    assert ("pia_status" in questions) is visible
    assert ("pia_status" in shown) is visible


def test_hidden_answers_change_nothing_in_the_result(pack, full_answers, today):
    # personal_data is "none", so a stray PIA answer (left over from an earlier edit) must vanish.
    with_stray = assess(pack, {**full_answers, "pia_status": "not_started"}, today=today)
    without = assess(pack, full_answers, today=today)
    assert "pia_status" not in with_stray.answers
    assert "pia_status" not in with_stray.visible
    assert with_stray.to_dict() == without.to_dict()


def test_hidden_answer_counts_again_once_its_question_is_visible(pack, full_answers, today):
    answers = {**full_answers, "personal_data": "sensitive", "pia_status": "not_started"}
    result = assess(pack, answers, today=today)
    assert result.answers["pia_status"] == "not_started"
    challenge = result.score_of("challenge_based")
    assert "privacy.sensitive_without_pia" in {c.rule for c in challenge.contributions}


def test_missing_list_respects_visible_if(pack, today):
    nothing = assess(pack, {}, today=today)
    conditional = set(pack.visibility)  # every question with a visible_if
    assert {"pia_status", "preferred_solution", "buyer_governance", "city_offers_access"} <= conditional
    assert not conditional & set(nothing.missing)
    assert set(nothing.missing) == set(pack.questions) - conditional

    shown = assess(
        pack,
        {
            "personal_data": "some",
            "need_clarity": "solution_adaptable",
            "multi_buyer": "possible",
            "solution_maturity": "prototype",
            "can_host_test": "yes",
            "outcome_measurable": "yes",
        },
        today=today,
    )
    assert conditional <= set(shown.missing)


def test_missing_follows_questionnaire_order(pack, today):
    result = assess(pack, {}, today=today)
    order = pack.question_order()
    assert list(result.missing) == [q for q in order if q in result.missing]
