"""Review r16lead through AppTest: what the facilitator publishes is what the Group result tab
shows (#1), the tab warns when the published, saved and shown results differ and saving asks
first (#7), showing names asks first (#10), New round and Close ask first (#11), and progress
counts do not tell who opened which follow-up while names are hidden (#10)."""

from __future__ import annotations

import datetime as dt
import re

from mixdecide.engine import assess
from mixdecide.pack import load_pack
from mixdecide.store import get_assessment, session_scope
from mixdecide.wording import step_name
from mixdecide.workshop import board_data, published_answers, set_consensus
from tests.helpers.apptest import ok, texts
from tests.helpers.workshop import answer, facilitator, join_code, lock, participant

PACK = load_pack()
SECTIONS = ["need", "market"]


def _engine():
    from ui.db import engine

    return engine()


def _board(wid: str, secret: str):
    with session_scope(_engine(), readonly=True) as s:
        return board_data(session=s, workshop_id=wid, secret=secret, pack=PACK)


def _route(answers) -> str:
    return step_name(PACK, assess(PACK, answers, today=dt.date.today()).top, "en")


def _shown_route(fac) -> str:
    """The route on the Group result tab (its card's header)."""
    names = {step_name(PACK, r, "en") for r in PACK.routes}
    return next(h.value for h in fac.header if h.value in names)


def _a_change(board) -> tuple[str, str]:
    """(question, answer) of the workshop that, as the group's answer, changes the first route."""
    now = _route(board.group.answers)
    for q in board.questions:
        for o in PACK.questions[q].options:
            if _route({**board.group.answers, q: o.id}) != now:
                return q, o.id
    raise AssertionError("no single answer changes the route")


def _locked_workshop():
    fac, wid, secret = facilitator(SECTIONS)
    p = participant(join_code(fac), "Dana")
    answer(p, "need_clarity", "problem_clear_solution_open")
    answer(p, "market_depth", "few")
    answer(p, "outcome_measurable", "yes")
    ok(fac.run())
    lock(fac)
    return fac, p, wid, secret


def test_the_result_tab_follows_a_group_answer_and_publish_sends_exactly_that():
    fac, p, wid, secret = _locked_workshop()
    before = _shown_route(fac)
    assert before == _route(_board(wid, secret).group.answers)
    q, value = _a_change(_board(wid, secret))
    ok(fac.selectbox(key=f"wk.c.{q}").set_value(value).run())
    board = _board(wid, secret)
    assert board.group.answers[q] == value
    after = _shown_route(fac)
    assert after == _route(board.group.answers) and after != before  # the tab shows the new route
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    with session_scope(_engine(), readonly=True) as s:
        got = published_answers(session=s, token=p.query_params["p"], pack=PACK)
    assert got == board.group.answers and _route(got) == after  # the participant gets what was on screen


def test_publish_is_refused_when_the_answers_changed_after_the_tab_was_drawn():
    fac, p, wid, secret = _locked_workshop()
    shown = _shown_route(fac)
    q, value = _a_change(_board(wid, secret))
    with session_scope(_engine()) as s:  # a second facilitator window changes an answer meanwhile
        set_consensus(
            session=s,
            workshop_id=wid,
            secret=secret,
            question_id=q,
            value=value,
            actor="Lee",
            pack=PACK,
        )
    ok(fac.toggle(key="wk.publish").set_value(True).run())  # this window still showed the old result
    assert "Nothing was published: the group's answers changed after this result was drawn" in texts(fac)
    with session_scope(_engine(), readonly=True) as s:
        assert published_answers(session=s, token=p.query_params["p"], pack=PACK) is None
    assert _shown_route(fac) != shown  # and the tab now shows the current result, to publish again
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    with session_scope(_engine(), readonly=True) as s:
        got = published_answers(session=s, token=p.query_params["p"], pack=PACK)
    assert got is not None and got[q] == value


def test_saving_as_the_assessment_asks_first_and_out_of_step_results_are_named():
    fac, p, wid, secret = _locked_workshop()
    aid = _board(wid, secret).workshop.assessment_id
    with session_scope(_engine(), readonly=True) as s:
        version = get_assessment(session=s, id=aid).version
    ok(fac.button(key="wk.apply").click().run())
    shown = texts(fac)
    assert "Save the group's answers as the assessment's? This changes" in shown
    assert f"(it is now at version {version})" in shown
    with session_scope(_engine(), readonly=True) as s:
        assert get_assessment(session=s, id=aid).version == version  # nothing yet
    ok(fac.button(key="wk.apply.no").click().run())
    assert "This changes" not in texts(fac)
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(fac.button(key="wk.apply").click().run())
    ok(fac.button(key="wk.apply.yes").click().run())
    with session_scope(_engine(), readonly=True) as s:
        assert get_assessment(session=s, id=aid).version == version + 1
    assert "These results are not all the same" not in texts(fac)  # all three agree
    q, value = _a_change(_board(wid, secret))
    ok(fac.selectbox(key=f"wk.c.{q}").set_value(value).run())
    shown = texts(fac)
    assert "These results are not all the same" in shown
    assert f"On this tab (the group's answers now): {_shown_route(fac)}" in shown
    assert "On participants' devices (published at" in shown
    assert f"In the saved assessment (version {version + 1})" in shown


def test_new_round_and_close_ask_first():
    fac, p, wid, secret = _locked_workshop()
    ok(fac.button(key="wk.unlock").click().run())  # where Lock answers was: a double-click lands here
    assert _board(wid, secret).workshop.status == "locked"
    assert "Start round 2?" in texts(fac)
    ok(fac.button(key="wk.confirm.cancel").click().run())
    assert "Start round 2?" not in texts(fac) and _board(wid, secret).workshop.status == "locked"
    ok(fac.button(key="wk.unlock").click().run())
    ok(fac.button(key="wk.confirm.unlock").click().run())
    w = _board(wid, secret).workshop
    assert (w.status, w.round) == ("open", 2)
    ok(fac.button(key="wk.close").click().run())
    assert "cannot be reopened" in texts(fac) and _board(wid, secret).workshop.status == "open"
    ok(fac.button(key="wk.confirm.close").click().run())
    assert _board(wid, secret).workshop.status == "closed"


def test_showing_names_asks_first_and_progress_hides_follow_ups_meanwhile():
    fac, wid, secret = facilitator(SECTIONS)
    p = participant(join_code(fac), "Dana")
    assert "for the answers you have already given too" in texts(p)  # told before, not after
    answer(p, "need_clarity", "problem_clear_solution_open")  # opens a follow-up question
    ok(fac.run())
    table = next(d.value for d in fac.dataframe if "Name" in d.value.columns)
    progress = [c for c in table.columns if c.startswith("Answered")][0]
    # a share, not "1 / 6" telling which follow-up questions her answers opened
    assert re.fullmatch(r"\d+ %", table[progress].tolist()[0])
    ok(fac.toggle(key="wk.names").set_value(True).run())
    assert "including those earlier answers" in texts(fac)
    assert not _board(wid, secret).workshop.show_names  # not until confirmed
    ok(fac.button(key="wk.confirm.names").click().run())
    assert _board(wid, secret).workshop.show_names
    table = next(d.value for d in fac.dataframe if "Name" in d.value.columns)
    assert "/" in table[progress].tolist()[0]  # names shown: the exact count
