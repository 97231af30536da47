"""Review r16 #1, #6 and #11 in the store: the workshop record a facilitator signs (who, when, how
each answer came about, overrides from a second window), publishing exactly what was shown, and
a second click of "New round" opening nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.engine import assess
from mixdecide.reports import ReportInput, render
from mixdecide.store import session_scope
from mixdecide.workshop import (
    ResultChanged,
    board_data,
    close_workshop,
    join,
    lock_round,
    save_participant_answer,
    set_consensus,
    set_published,
    set_show_names,
    unlock_round,
)
from mixdecide.workshop.aggregate import question_stats
from mixdecide.workshop.record import events, how_answered, workshop_record


def _stats(*answers: str):
    return question_stats("q", "choice", {f"p{i}": a for i, a in enumerate(answers)}, options=["a", "b", "c"])


@pytest.mark.parametrize(
    ("answers", "source", "value", "how"),
    [
        (("a", "a", "a"), "default", "a", "agreed"),
        (("a", "a", "b"), "default", "a", "majority"),
        (("a", "b", "c"), "default", "unknown", "split_unknown"),
        (("a", "a", "a"), "consensus", "a", "agreed"),
        (("a", "a", "b"), "consensus", "a", "majority"),
        (("a", "a", "b"), "consensus", "b", "facilitator"),
        (("a", "b", "c"), "consensus", "b", "tie_picked"),
        (("a", "a", "b", "b", "c"), "consensus", "c", "facilitator"),
        (("a", "b"), "consensus", "c", "unproposed"),
        # review r19fac #7: a 1-1-1 split the facilitator counted as don't know had no majority to
        # depart from ("not the answer most participants gave" was wrong)
        (("a", "b", "unknown"), "consensus", "unknown", "facilitator_unknown"),
        (("a", "a", "unknown"), "consensus", "unknown", "facilitator_unknown"),
        (("unknown", "unknown"), "consensus", "unknown", "agreed"),
        ((), "consensus", "a", "unproposed"),
        ((), "assessment", "a", "assessment"),
    ],
)
def test_how_each_group_answer_came_about(answers, source, value, how):
    assert how_answered(_stats(*answers), None, source, value) == how


def test_a_number_nobody_gave_is_not_an_agreed_answer():
    stats = question_stats("v", "number", {"p1": 1_000_000, "p2": 1_500_000})
    assert how_answered(stats, None, "consensus", 1_200_000.0) == "unproposed"
    assert how_answered(stats, None, "consensus", 1_500_000.0) == "tie_picked"  # 5.0 and 5 are one answer


def _people(engine, pack, code, answers):
    tokens = []
    with session_scope(engine) as s:
        for name, given in answers:
            token = join(session=s, code=code, name=name, clients=[f"session:{name}"]).token
            for q, v in given.items():
                save_participant_answer(session=s, token=token, question_id=q, value=v, pack=pack)
            tokens.append(token)
    return tokens


def _report(engine, pack, w, secret) -> str:
    with session_scope(engine, readonly=True) as s:
        board = board_data(session=s, workshop_id=w.id, secret=secret, pack=pack)
        record = workshop_record(board, events(s, board))
    a = assess(pack, board.group.answers, today=dt.date(2026, 11, 30))
    inp = ReportInput(pack=pack, result=a, title="Salt", workshop=record)
    return render("md", inp, "en", images=False).decode().replace("\\", "")  # Markdown escapes off


def test_the_report_records_who_when_and_how_each_answer_came_about(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    _people(
        engine,
        pack,
        w.code,
        [
            (
                "Dana",
                {
                    "need_clarity": "problem_clear_solution_open",
                    "market_depth": "few",
                    "sme_objective": "yes",
                },
            ),
            (
                "Ian",
                {
                    "need_clarity": "problem_clear_solution_open",
                    "market_depth": "many",
                    "sme_objective": "yes",
                },
            ),
            ("Fatima", {"need_clarity": "problem_clear_solution_open", "market_depth": "one_or_none"}),
        ],
    )
    kw = {"workshop_id": w.id, "secret": secret, "pack": pack}
    with session_scope(engine) as s:
        lock_round(session=s, workshop_id=w.id, secret=secret, actor="Fran")
        # a 1-1-1 tie the facilitator settled by picking one of the three
        set_consensus(session=s, **kw, question_id="market_depth", value="few", actor="Fran", window="A")
        # an answer no participant gave
        set_consensus(session=s, **kw, question_id="outcome_measurable", value="no", actor="Fran", window="A")
        # the second facilitator window replaces the first one's answer
        set_consensus(session=s, **kw, question_id="market_depth", value="many", actor="Lee", window="B")
        unlock_round(session=s, workshop_id=w.id, secret=secret, actor="Fran")
        lock_round(session=s, workshop_id=w.id, secret=secret, actor="Fran")
        close_workshop(session=s, workshop_id=w.id, secret=secret, actor="Fran")
    text = _report(engine, pack, w, secret)
    section = text[text.index("Workshop: Salt workshop") :]
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert f"Date: {today}" in section
    assert "Facilitator: Fran, Lee" in section
    # names were hidden during the workshop: who took part is on record (review r18lead #5), who
    # voted what is not
    assert "Participants: 3" in section and "Dana (joined " in section
    assert "who gave which answer is not recorded" in section
    assert f"Round 1: opened {today}" in section and "answers locked" in section
    assert "Round 2: opened" in section and "workshop closed" in section
    assert "Agreed by all participants who answered: The problem is clear; the solution is open" in section
    assert "Participants were tied; the facilitator picked: Many" in section
    assert "Set by the facilitator; no participant gave this answer: No" in section
    assert "(set by Lee, " in section
    assert "Answers changed from a second facilitator window" in section
    assert "A few (set by Fran) replaced by Many (a competitive market) (set by Lee" in section
    # nothing the facilitator chose, and nothing nobody proposed, reads as "Agreed answer"
    assert "Agreed answer" not in section


def test_names_are_in_the_record_when_they_were_shown(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    _people(engine, pack, w.code, [("Dana", {"market_depth": "few"}), ("Ian", {"market_depth": "few"})])
    with session_scope(engine) as s:
        set_show_names(session=s, workshop_id=w.id, secret=secret, show=True)
    section = _report(engine, pack, w, secret)
    # review r18lead #5: who took part is a list (names as they joined), named votes allowed
    assert "Participants: 2" in section and "- Dana (joined " in section and "- Ian (joined " in section
    assert "who gave which answer is not recorded" not in section
    assert "Answer of most participants" not in section  # 2 of 2: agreed by all
    assert "Agreed by all participants who answered: A few" in section


def test_publish_refuses_a_result_other_than_the_one_shown(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    kw = {"workshop_id": w.id, "secret": secret, "pack": pack}
    with session_scope(engine) as s:
        set_consensus(session=s, **kw, question_id="market_depth", value="few", actor="Fran")
        shown = dict(board_data(session=s, **kw).group.answers)
        set_published(session=s, workshop_id=w.id, secret=secret, published=True, pack=pack, expected=shown)
        set_consensus(session=s, **kw, question_id="market_depth", value="many", actor="Lee")
    with session_scope(engine) as s, pytest.raises(ResultChanged):  # the screen still showed "few"
        set_published(session=s, workshop_id=w.id, secret=secret, published=True, pack=pack, expected=shown)
    with session_scope(engine, readonly=True) as s:
        board = board_data(session=s, **kw)
    assert board.workshop.published_answers == shown  # participants keep what was published
    assert board.workshop.published_answers["market_depth"] == "few"


def test_a_second_new_round_click_opens_nothing(engine, workshop):
    w, secret = workshop.workshop, workshop.secret
    with session_scope(engine) as s:
        lock_round(session=s, workshop_id=w.id, secret=secret)
        assert unlock_round(session=s, workshop_id=w.id, secret=secret, expected_round=1).round == 2
        lock_round(session=s, workshop_id=w.id, secret=secret)
        # the same click again (the screen still said round 1): round 2 stays locked
        again = unlock_round(session=s, workshop_id=w.id, secret=secret, expected_round=1)
    assert again.round == 2 and again.status == "locked"


def test_the_record_says_when_the_assessment_was_saved_again_after_the_workshop(engine, pack, workshop):
    """Review r19fac #1: someone changed the assessment after the workshop's answers were saved; the
    record downloaded afterwards still said only "Saved as the assessment's answers (version 5)"."""
    from mixdecide.store import save_assessment
    from mixdecide.workshop import apply_consensus

    w, secret = workshop.workshop, workshop.secret
    _people(engine, pack, w.code, [("Dana", {"market_depth": "few"}), ("Ian", {"market_depth": "few"})])
    with session_scope(engine) as s:
        applied = apply_consensus(session=s, workshop_id=w.id, secret=secret, pack=pack, actor="Fran")
    text = _report(engine, pack, w, secret)
    assert f"Saved as the assessment's answers (version {applied})." in text
    assert "saved again since" not in text  # as the workshop left it
    with session_scope(engine) as s:
        now = save_assessment(
            session=s, id=w.assessment_id, expected_version=applied, actor="Someone",
            answers={"market_depth": "one_or_none"}, pack=pack,
        )  # fmt: skip
    text = _report(engine, pack, w, secret)
    assert now == applied + 1
    assert f"The assessment has been saved again since (it is now at version {now})" in text
