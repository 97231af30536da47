"""The facilitator and participant pages through AppTest, on a throwaway SQLite database."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from mixdecide.pack import load_pack
from mixdecide.store import get_assessment, session_scope
from mixdecide.workshop import RATE_LIMIT, rejoin, round_status
from mixdecide.workshop.models import ANSWER
from tests.helpers.apptest import ROOT, goto, new_app, ok, texts
from tests.helpers.workshop import JOIN_SUBMIT, answer, facilitator, has_widget, join_code, lock, participant

SECTIONS = ["need", "market"]
PACK = load_pack()


def _engine():
    from ui.db import engine

    return engine()


def _token(at) -> str:
    return at.query_params["p"]


def test_facilitator_creates_a_workshop_with_a_code_and_two_links():
    at, wid, secret = facilitator(SECTIONS, title="Salt team")
    code = join_code(at)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}", code)
    # the key leaves the address bar at once (a screen-share shows it); the session keeps it
    assert at.query_params["w"] == wid and "k" not in at.query_params
    assert at.session_state["wk.fac"] == {"w": wid, "k": secret}
    codes = [c.value for c in at.code]
    assert any(c.endswith(f"/join?code={code.replace('-', '')}") for c in codes)
    assert not any(secret in c for c in codes)  # the board is often on a shared screen
    at.session_state["wk.fac_link.open"] = True  # the facilitator opens "Your private facilitator link"
    ok(at.run())
    assert not any(secret in c.value for c in at.code)  # opening the box is not enough (review)
    ok(at.toggle(key="wk.fac_link.shown").set_value(True).run())  # "Show the link"
    codes = [c.value for c in at.code]
    assert any(f"/workshop?w={wid}&k={secret}" in c for c in codes)  # in the private expander
    assert "Anyone with this link can run this workshop" in texts(at)
    assert "Nobody has joined yet" in texts(at)


def test_participant_joins_answers_privately_and_continues_after_a_refresh():
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    p = participant(f" {code.lower()} ", "Sam")
    assert p.session_state["wk.participant"] is True
    token = _token(p)
    assert "You joined as" in texts(p) and "Sam" in texts(p)
    answer(p, "need_clarity", "problem_clear_solution_open")
    assert has_widget(p, "preferred_solution")  # a conditional question appears
    # numbered as on the Assess page (1, 1a, 2 …), so "question 1a" means the same thing to everyone
    headings = [m.value.split("\n")[0] for m in p.markdown if m.value.startswith("#### ")]  # then its help
    assert headings[:3] == [
        f"#### 1. {PACK.questions['need_clarity'].label.en}",
        f"#### 1a. {PACK.questions['preferred_solution'].label.en}",
        f"#### 2. {PACK.questions['solution_maturity'].label.en}",
    ], headings[:3]
    assert "Your answers" in [h.value for h in p.subheader]  # told which answers are their own
    answer(p, "market_depth", "few")
    with session_scope(_engine(), readonly=True) as s:
        assert rejoin(session=s, token=token).answers == {
            "need_clarity": "problem_clear_solution_open",
            "market_depth": "few",
        }
    # a refresh / another device: a new session with only the link
    again = goto(new_app(), "join", p=token)
    assert again.session_state["wk.participant"] is True
    assert again.radio(key="wk.q.market_depth").value == "few"
    assert again.radio(key="wk.q.need_clarity").value == "problem_clear_solution_open"
    ok(again.button(key="wk.finish").click().run())
    assert "Thank you" in texts(again)


def test_code_in_the_link_is_filled_in():
    fac, _, _ = facilitator(SECTIONS)
    code = join_code(fac)
    at = goto(new_app(), "join", code=code)
    assert at.text_input(key="wk.join.code").value == code
    at.text_input(key="wk.join.name").input("Ana")
    ok(at.button(key=JOIN_SUBMIT).click().run())
    assert at.session_state["wk.participant"] is True


@pytest.mark.parametrize("code", ["ABC-DE", "0000OO", "<b>x</b>", "22222222"])
def test_bad_codes_are_refused(code):
    facilitator(SECTIONS)
    at = participant(code, "Sam")
    assert "No open workshop has this code" in texts(at)
    assert "wk.token" not in at.session_state and not at.query_params.get("p")


def test_guessing_codes_is_rate_limited():
    fac, _, _ = facilitator(SECTIONS)
    real = join_code(fac)
    at = goto(new_app(), "join")
    at.text_input(key="wk.join.name").input("Sam")
    for i in range(RATE_LIMIT):
        at.text_input(key="wk.join.code").input(f"23456{'789ABC'[i % 6]}")
        ok(at.button(key=JOIN_SUBMIT).click().run())
    at.text_input(key="wk.join.code").input(real)  # even the right code waits now
    ok(at.button(key=JOIN_SUBMIT).click().run())
    assert "Too many wrong codes" in texts(at)
    assert "wk.token" not in at.session_state


def _wait_said(at: AppTest) -> int | None:
    found = re.search(r"Too many wrong codes — try again in (\d+) s", texts(at))
    return int(found.group(1)) if found else None


def test_wrong_code_backoff_is_said_in_seconds_and_doubles():
    """r15 #4: what README promises ("a backoff that doubles"), as a guesser sees it: after
    RATE_LIMIT wrong codes the next try says how many seconds to wait; once they have passed, one
    more wrong code doubles the wait."""
    import time

    facilitator(SECTIONS)
    at = goto(new_app(), "join")
    at.text_input(key="wk.join.name").input("Sam")

    def guess(code: str) -> AppTest:
        at.text_input(key="wk.join.code").input(code)
        return ok(at.button(key=JOIN_SUBMIT).click().run())

    for i in range(RATE_LIMIT):
        guess(f"23456{'789ABC'[i % 6]}")
        assert _wait_said(at) is None, i  # a typist's first few mistakes: no wait
    first = _wait_said(guess("234567"))
    assert first is not None and 1 <= first <= 5, texts(at)
    time.sleep(first + 0.5)
    guess("234568")  # counted: the wait has passed
    assert _wait_said(at) is None and "No open workshop has this code" in texts(at)
    second = _wait_said(guess("234569"))
    assert second is not None and 2 * first - 2 <= second <= 10, (first, second)


def test_closed_workshop_code_expires_and_participants_see_it_ended():
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    p = participant(code, "Sam")
    ok(fac.button(key="wk.close").click().run())
    ok(fac.button(key="wk.confirm.close").click().run())  # closing asks first
    assert "The join code has expired" in texts(fac)
    late = participant(code, "Late")
    assert "No open workshop has this code" in texts(late)
    ok(p.run())
    assert "This workshop has ended" in texts(p)
    assert not [r for r in p.radio if r.key.startswith("wk.q.")]


@pytest.mark.parametrize("which", ["wrong", "join code", "participant token"])
def test_only_the_facilitator_secret_opens_the_board(which):
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    p = participant(code, "Sam")
    key = {"wrong": secret[:-3] + "abc", "join code": code, "participant token": _token(p)}[which]
    at = goto(new_app(), "workshop", w=wid, k=key)
    assert "This facilitator link is not valid" in texts(at)
    assert code not in texts(at) and not at.code
    assert "wk.fac" not in at.session_state


def test_participant_cannot_reach_the_board_or_other_pages():
    fac, wid, secret = facilitator(SECTIONS)
    p = participant(join_code(fac), "Sam")
    ok(p.run())
    assert list(p.session_state["_pages"]) == ["join"]  # navigation offers nothing else
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        p.switch_page("pages/workshop.py")
    # even holding the facilitator link, a participant's session stays on the join page
    p.query_params.update({"w": wid, "k": secret})
    ok(p.run())
    assert p.title[0].value == "Workshop"
    assert [c.value for c in p.code] == [f"/join?p={_token(p)}"]  # only their own link
    assert "Lock answers" not in [b.label for b in p.button]


def test_the_board_page_itself_refuses_a_participant_session():
    fac, wid, secret = facilitator(SECTIONS)
    at = goto(new_app(), "workshop", w=wid, k=secret)
    assert at.code  # a facilitator session sees the links
    at.session_state["wk.participant"] = True
    ok(at.run())
    assert "Lock answers" not in [b.label for b in at.button] and not at.code


def test_participants_do_not_see_each_other_and_names_are_inert():
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    payload = "![x](http://evil.example/p.png) <script>alert(1)</script>"
    evil = participant(code, payload)
    answer(evil, "market_depth", "many")
    other = participant(code, "Quiet Quinn")
    answer(other, "market_depth", "few")
    ok(evil.run())
    assert "Quiet Quinn" not in texts(evil)
    # the default message does not promise more than the facilitator can undo
    assert "The facilitator can choose to show names" in texts(evil)
    assert "Your answers are private" not in texts(evil)
    ok(fac.run())
    board = texts(fac)
    assert "Quiet Quinn" in board and payload in board  # in the participants table, as text
    for md in fac.markdown:
        assert "](http://evil" not in md.value and "<script>" not in md.value
    # names hidden by default: nobody's answer or route is linked to a name
    assert not [e for e in fac.expander if e.label == "Who answered what"]
    ok(fac.toggle(key="wk.names").set_value(True).run())
    ok(fac.button(key="wk.confirm.names").click().run())  # showing names asks first
    assert [e for e in fac.expander if e.label == "Who answered what"]
    # the participant page polls (status, round, published, show_names): the toggle redraws it
    with session_scope(_engine(), readonly=True) as s:
        assert round_status(session=s, token=_token(evil))[3] is True
    ok(evil.run())
    assert [w for w in evil.warning if "Names are shown" in w.value]
    assert "Names are hidden" not in texts(evil)


def test_lock_makes_the_questionnaire_read_only_and_unlock_opens_a_new_round():
    fac, wid, secret = facilitator(SECTIONS)
    p = participant(join_code(fac), "Sam")
    answer(p, "market_depth", "few")
    lock(fac)
    ok(p.run())
    assert "The facilitator has locked the answers" in texts(p)
    assert not [r for r in p.radio if r.key.startswith("wk.q.")]
    assert "How many suppliers could plausibly meet the need?" in texts(p) and "A few" in texts(p)
    ok(fac.button(key="wk.unlock").click().run())
    ok(fac.button(key="wk.confirm.unlock").click().run())  # a new round asks first
    ok(p.run())
    assert p.radio(key="wk.q.market_depth").value == "few"
    assert "Round 2" in texts(p)


def test_consensus_defaults_notes_apply_and_group_result():
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    for name, depth, sme in (
        ("A", "few", "yes"),
        ("B", "few", "yes"),
        ("C", "many", "no"),
        ("D", "many", "yes"),
    ):
        p = participant(code, name)
        answer(p, "market_depth", depth)
        answer(p, "sme_objective", sme)
    ok(fac.run())
    assert "4" in [str(m.value) for m in fac.metric]
    lock(fac)
    # nothing set yet: the widgets are empty and name the automatic answer (it moves, they do not)
    assert fac.selectbox(key="wk.c.market_depth").value is None
    assert fac.selectbox(key="wk.c.market_depth").proto.placeholder == "Automatic: Don't know"  # split 2-2
    assert fac.selectbox(key="wk.c.sme_objective").proto.placeholder == "Automatic: Yes"  # 3 of 4
    assert "Yes: 3 · No: 1" in texts(fac)  # the count apart from the option's name
    ok(fac.selectbox(key="wk.c.market_depth").set_value("few").run())
    assert "Saved as the group's answer." in texts(fac)  # next to the control, not at the top
    ok(fac.text_input(key="wk.cnote.market_depth").input("[Two vendors](http://x.example) at the fair").run())
    assert "Set by" in texts(fac)
    assert fac.text_input(key="wk.cnote.market_depth").value == "[Two vendors](http://x.example) at the fair"
    ok(fac.button(key="wk.apply").click().run())
    ok(fac.button(key="wk.apply.yes").click().run())  # asked first: what will change
    assert "Saved: the assessment is now at version" in texts(fac)
    with session_scope(_engine(), readonly=True) as s:
        from mixdecide.workshop import check_facilitator

        w = check_facilitator(session=s, workshop_id=wid, secret=secret)
        rec = get_assessment(session=s, id=w.assessment_id)
    assert rec.answers["market_depth"] == "few" and rec.answers["sme_objective"] == "yes"
    assert fac.header or fac.title  # the route card of the group result


def test_every_answer_stored_once_through_the_page():
    fac, wid, secret = facilitator(["market"])
    p = participant(join_code(fac), "Sam")
    for value in ("few", "many", "unknown", "few"):
        answer(p, "market_depth", value)
    with _engine().connect() as conn:
        assert conn.execute(select(func.count()).select_from(ANSWER)).scalar_one() == 1


def test_presentation_mode_shows_code_board_and_result_without_the_secret():
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    answer(participant(code, "Sam"), "market_depth", "few")
    # The page on its own (ui/nav.py sends presentation mode to /present before any page runs).
    at = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=120)
    at.session_state["present"] = True
    at.query_params.update({"w": wid, "k": secret})
    ok(at.run())
    shown = texts(at)
    assert code in [t.value for t in at.title]  # the join screen first: code and QR code
    assert len(at.get("image")) == 1
    assert secret not in shown and not any(secret in c.value for c in at.code)
    assert not [b for b in at.button if b.key in ("wk.lock", "wk.apply", "wk.close")]
    ok(at.button(key="clicker.next").click().run())
    assert "Where the group disagrees" in str([c.proto for c in at.get("plotly_chart")])
    ok(at.button_group(key="wk.view").set_value("result").run())
    assert "From the group's answers" in texts(at)
    assert at.title[-1].value in {r.name.en for r in PACK.routes.values()}
    ok(at.button(key="wk.present.exit").click().run())
    assert at.session_state["present"] is False
    assert not any(secret in c.value for c in at.code)  # back on the board, still hidden


def test_french():
    fac, wid, secret = facilitator(SECTIONS, lang="fr")
    assert fac.title[0].value == "Animer un atelier"
    p = goto(new_app(lang="fr"), "join")
    assert p.title[0].value == "Rejoindre un atelier"
    p.text_input(key="wk.join.code").input(join_code(fac))
    p.text_input(key="wk.join.name").input("Zoé")
    ok(p.button(key=JOIN_SUBMIT).click().run())
    assert "Vous participez sous le nom" in texts(p)


def test_personal_link_continues_in_a_new_session():
    fac, _, _ = facilitator(SECTIONS)
    p = participant(join_code(fac), "Sam")
    answer(p, "market_depth", "many")
    link = next(c.value for c in p.code if "/join?p=" in c.value)
    token = link.split("p=")[1]
    assert token == _token(p)
    again = goto(new_app(), "join", p=token)  # what opening the personal link does
    assert again.radio(key="wk.q.market_depth").value == "many"


def test_refresh_at_the_root_url_continues():
    fac, _, _ = facilitator(SECTIONS)
    p = participant(join_code(fac), "Sam")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["p"] = _token(p)
    ok(at.run())
    assert at.title[0].value == "Workshop"


def test_an_edit_in_one_section_survives_a_save_in_another():
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    p = participant(code, "Sam")
    answer(p, "need_clarity", "solution_known")
    answer(p, "market_depth", "few")
    lock(fac)
    ok(fac.selectbox(key="wk.c.need_clarity").set_value("problem_unclear").run())  # section "need"
    ok(fac.selectbox(key="wk.c.market_depth").set_value("many").run())  # section "market"
    with session_scope(_engine(), readonly=True) as s:
        from mixdecide.workshop import board_data

        b = board_data(session=s, workshop_id=wid, secret=secret, pack=PACK)
    assert b.consensus["need_clarity"].value == "problem_unclear"
    assert b.consensus["market_depth"].value == "many"
    assert fac.selectbox(key="wk.c.need_clarity").value == "problem_unclear"


def test_participants_see_the_project_and_the_group_result_once_published():
    fac, wid, secret = facilitator(SECTIONS)
    p = participant(join_code(fac), "Sam")
    shown = texts(p)
    assert "About the project" in [e.label for e in p.expander]  # folded above the questions (r17lead #7)
    with session_scope(_engine(), readonly=True) as s:
        from mixdecide.workshop import check_facilitator

        rec = get_assessment(
            session=s, id=check_facilitator(session=s, workshop_id=wid, secret=secret).assessment_id
        )
    assert rec.title in [t.value for t in p.text]  # typed text, shown as plain text
    assert "The group's result" not in shown
    answer(p, "market_depth", "few")
    ok(fac.run())
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(p.run())
    assert "The group's result" in texts(p)
    assert "Recommended route" in texts(p)
    # the publish time is the viewer's (no browser zone here: the municipality's, Toronto), named
    zone = dt.datetime.now(ZoneInfo("America/Toronto")).strftime("%Z")
    assert re.search(rf"Published by the facilitator at \d\d:\d\d {zone}\.", texts(p))
    assert re.search(rf"Published at \d\d:\d\d {zone}\.", texts(fac))
    ok(fac.toggle(key="wk.publish").set_value(False).run())
    ok(p.run())
    assert "The group's result" not in texts(p)


def test_reloading_the_facilitator_page_says_how_to_return():
    """After a reload the key is no longer in the address bar: the page says how to get back,
    instead of an unexplained empty "Create" form (UX review #4)."""
    _, wid, _ = facilitator(SECTIONS)
    reloaded = goto(new_app(), "workshop", w=wid)  # a new session: what a browser reload is
    notes = [i.value for i in reloaded.info]
    assert any("Paste the private link you copied" in n for n in notes)
    fresh = goto(new_app(), "workshop")  # a plain visit is not told about a workshop it never had
    assert not [i for i in fresh.info if "facilitator link" in i.value]


def test_after_a_reload_pasting_the_private_link_reopens_the_board():
    """Review r14 #2: a reload locked the facilitator out of a live workshop. Pasting the private
    link brings the board back; a wrong link is refused and changes nothing; the key is never
    left on screen or in the address bar."""
    created, wid, secret = facilitator(SECTIONS, title="Green-bin r14")
    code = join_code(created)
    reloaded = goto(new_app(), "workshop", w=wid)
    box = reloaded.text_input(key="wk.reopen.link")
    assert box.proto.type == box.proto.PASSWORD  # masked: the key is never readable on screen
    submit = next(b for b in reloaded.button if b.label == "Open my workshop")
    box.input(f"http://localhost:8501/workshop?w={wid}&k={secret[:-2]}xx")
    ok(submit.click().run())
    assert any("That is not the private link of a workshop" in e.value for e in reloaded.error)
    assert "wk.fac" not in reloaded.session_state
    box = reloaded.text_input(key="wk.reopen.link")
    assert box.value == ""
    box.input(f"  http://localhost:8501/workshop?w={wid}&k={secret}  ")
    ok(next(b for b in reloaded.button if b.label == "Open my workshop").click().run())
    assert join_code(reloaded) == code
    assert reloaded.query_params["w"] == wid and "k" not in reloaded.query_params
    assert reloaded.session_state["wk.fac"] == {"w": wid, "k": secret}
    assert "Green-bin r14" in texts(reloaded)


def test_participants_are_told_when_names_are_shown_after_the_lock():
    """Review r14 #8: after the lock the "names are hidden" notice vanished and nothing replaced it
    when the facilitator turned names on."""
    fac, _, _ = facilitator(SECTIONS)
    p = participant(join_code(fac), "Ben")
    answer(p, "market_depth", "few")
    lock(fac)
    ok(p.run())
    assert "Names are hidden for now" in texts(p)
    ok(fac.toggle(key="wk.names").set_value(True).run())
    ok(fac.button(key="wk.confirm.names").click().run())  # showing names asks first
    ok(p.run())
    assert any(w.value.startswith("Names are shown") for w in p.warning)
    assert "Names are hidden for now" not in texts(p)


def test_the_room_shows_no_result_before_anyone_answered():
    """Review r19fac #4: with nobody's answer in, the Result screen showed the assessment's own route
    in headline type, which anchored the room before it had said anything."""
    fac, wid, secret = facilitator(SECTIONS)
    at = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=120)
    at.session_state["present"] = True
    at.query_params.update({"w": wid, "k": secret})
    ok(at.run())
    routes = {r.name.en for r in PACK.routes.values()}
    for view in ("result", "why", "risks"):
        ok(at.button_group(key="wk.view").set_value(view).run())
        assert "the group's result appears here once people have answered" in texts(at), view
        assert not routes & {t.value for t in at.title}, view
        assert not at.get("plotly_chart"), view
    answer(participant(join_code(fac), "Sam"), "market_depth", "few")
    ok(at.button_group(key="wk.view").set_value("result").run())
    assert at.title[-1].value in routes  # the first answer in: the group's result
