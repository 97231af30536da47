"""Review r14 findings on the facilitator's side and the participants' devices: two facilitator
windows never overwrite each other's group answer unseen, participants keep the published result
until it is published again, and the words a room reads ("none set yet", "and 1 more")."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.narrative import room_reasons
from mixdecide.store import session_scope
from mixdecide.workshop import (
    ConsensusChanged,
    published_answers,
    result_changed_since_publishing,
    round_status,
    set_consensus,
    set_published,
)
from mixdecide.workshop.charts import basis_text
from mixdecide.workshop.context import project_facts
from tests.helpers.workshop import board_of, join_as, save_answer


def _set(engine, pack, created, value, expected, actor):
    with session_scope(engine) as s:
        return set_consensus(
            session=s,
            workshop_id=created.workshop.id,
            secret=created.secret,
            question_id="market_depth",
            value=value,
            actor=actor,
            pack=pack,
            expected=expected,
        )


def test_a_stale_facilitator_window_cannot_overwrite_a_group_answer(engine, pack, workshop):
    # both windows open the Group answers tab: no group answer yet
    seen_a = seen_b = None
    entry = _set(engine, pack, workshop, "few", seen_a, "Fran")  # window A sets "A few"
    # window B, still showing "nothing set", picks "Many": refused, and told what it now is
    with pytest.raises(ConsensusChanged) as refused:
        _set(engine, pack, workshop, "many", seen_b, "Sam")
    assert refused.value.current.value == "few" and refused.value.current.set_by == "Fran"
    assert board_of(engine, pack, workshop).consensus["market_depth"].value == "few"  # not overwritten
    # B, now showing A's answer (its version), may change it; then A's old version is stale
    again = _set(engine, pack, workshop, "many", refused.value.current.set_at, "Sam")
    assert board_of(engine, pack, workshop).consensus["market_depth"].value == "many"
    with pytest.raises(ConsensusChanged):
        _set(engine, pack, workshop, "one_or_none", entry.set_at, "Fran")
    assert again.set_by == "Sam"


def test_participants_keep_the_published_result_until_it_is_published_again(engine, pack, workshop):
    w, secret = workshop.workshop, workshop.secret
    sam = join_as(engine, w.code, "Sam")
    save_answer(engine, pack, sam.token, "market_depth", "few")
    with session_scope(engine) as s:
        set_published(session=s, workshop_id=w.id, secret=secret, published=True, pack=pack)
    with session_scope(engine, readonly=True) as s:
        first = published_answers(session=s, token=sam.token, pack=pack)
        stamp = round_status(session=s, token=sam.token)[4]
    assert first["market_depth"] == "few" and stamp
    assert not result_changed_since_publishing(board_of(engine, pack, workshop))

    ana = join_as(engine, w.code, "Ana")
    for who in (ana, join_as(engine, w.code, "Bo")):  # the room now leans to "Many"
        save_answer(engine, pack, who.token, "market_depth", "many")
    board = board_of(engine, pack, workshop)
    assert board.group.answers["market_depth"] == "many"
    assert result_changed_since_publishing(board)  # the facilitator is told, with "Publish again"
    with session_scope(engine, readonly=True) as s:  # participants still see what was published
        assert published_answers(session=s, token=sam.token, pack=pack)["market_depth"] == "few"

    with session_scope(engine) as s:
        set_published(session=s, workshop_id=w.id, secret=secret, published=True, pack=pack)
    with session_scope(engine, readonly=True) as s:
        assert published_answers(session=s, token=sam.token, pack=pack)["market_depth"] == "many"
        assert round_status(session=s, token=sam.token)[4] > stamp  # their pages redraw with it
    with session_scope(engine) as s:
        set_published(session=s, workshop_id=w.id, secret=secret, published=False)
    with session_scope(engine, readonly=True) as s:
        assert published_answers(session=s, token=sam.token, pack=pack) is None
        assert round_status(session=s, token=sam.token)[2:] == (False, False, "")


@pytest.mark.parametrize(
    ("agreed", "defaults", "lang", "expected"),
    [
        (0, 1, "en", "none set by the facilitator yet, 1 set automatically from the participants' answers"),
        (2, 0, "en", "2 set by the facilitator, none taken from participants' answers yet and 33 kept as"),
        (0, 0, "fr", "aucune fixée par l'animateur pour l'instant, aucune tirée des réponses"),
        (1, 3, "fr", "1 fixée par l'animateur, 3 fixées automatiquement d'après les réponses"),
    ],
)
def test_the_result_basis_never_says_zero_set(agreed, defaults, lang, expected):
    text = basis_text(agreed, defaults, 35, lang)
    assert expected in text and " 0 " not in text


def test_the_result_basis_names_every_answer_so_the_counts_add_up():
    # review r14: "3 set by the facilitator and 4 taken from the most common answer" of 9
    text = basis_text(3, 4, 9, "en")
    assert "3 set by the facilitator, 4 set automatically" in text
    assert "and 2 kept as the assessment has them" in text
    assert basis_text(3, 6, 9, "en").count(" kept ") == 0


def test_the_why_screen_says_how_many_reasons_it_leaves_out():
    short = ["a" * 50, "b" * 50, "c" * 50, "d" * 50]
    assert room_reasons(short) == (short[:3], 1)  # the top 3, and "and 1 more"
    long = ["a" * 300, "b" * 300, "c" * 50]  # 5 + 5 lines of 60 characters: only one fits 7 lines
    assert room_reasons(long) == (long[:1], 2)
    assert room_reasons(["x" * 900]) == (["x" * 900], 0)  # one reason is always shown
    assert room_reasons([]) == ([], 0)


def test_the_participants_project_card_has_value_date_and_problem(pack):
    answers = {"estimated_value_cad": 400_000, "timeline_months": 18, "need_clarity": "problem_unclear"}
    en = dict(project_facts(pack, answers, {}, dt.date(2026, 11, 30), "en"))
    assert en == {
        "Estimated value": "$400,000",
        "Needed in use by": "May 30, 2028",
        "The problem": pack.questions["need_clarity"].options[-1].label.en,
    }
    notes = {"need_clarity": "Plastic bags foul the organics plant."}
    fr = dict(project_facts(pack, answers, notes, dt.date(2026, 11, 30), "fr"))
    assert fr["Valeur estimée"] == "400\u00a0000\u00a0$"
    assert fr["Date de mise en service visée"] == "30 mai 2028"
    assert fr["Le problème"] == "Plastic bags foul the organics plant."  # the team's own words
    assert project_facts(pack, {}, {}, None, "en") == []  # nothing unknown is shown
