"""Review r16lead in Chromium: while answers are open (the Group answers tab is a live fragment), a
group answer the facilitator changes shows at once on the Group result tab, and Publish sends
participants that result (#1); a typed "Why" is saved when typing pauses, without Enter (#12);
New round asks first below the controls (#11). Screenshots: artifacts/screenshots/workshop-r16-*."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from mixdecide.engine import assess
from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.wording import answer_label, step_name
from mixdecide.workshop import board_data, published_answers
from tests.helpers.browser import act, choose_option, open_app, open_tab, settle, shot
from tests.helpers.store import new_assessment
from tests.helpers.workshop import join_and_answer, server_db
from tests.helpers.workshop import open_workshop as create

pytestmark = pytest.mark.browser
PACK = load_pack()


@pytest.fixture
def open_workshop(server_env):
    """An open workshop with three participants' answers: (engine, workshop id, key, a token)."""
    engine = server_db(server_env)
    rec = new_assessment(engine, PACK, {"estimated_value_cad": 400_000, "timeline_months": 30})
    created = create(engine, PACK, rec.id, title="Booking platform")
    tokens = [
        join_and_answer(
            engine, PACK, created.workshop.code, name, {"need_clarity": clarity, "market_depth": depth}
        )
        for name, clarity, depth in (
            ("Dana", "problem_clear_solution_open", "few"),
            ("Ian", "problem_clear_solution_open", "few"),
            ("Fatima", "solution_known", "many"),
        )
    ]
    yield engine, created.workshop.id, created.secret, tokens[0]
    engine.dispose()


def _board(engine, wid, key):
    with session_scope(engine, readonly=True) as s:
        return board_data(session=s, workshop_id=wid, secret=key, pack=PACK)


def _route(answers) -> str:
    return step_name(PACK, assess(PACK, answers, today=dt.date.today()).top, "en")


def _a_change(board) -> tuple[str, str]:
    now = _route(board.group.answers)
    for q in board.questions:
        for o in PACK.questions[q].options:
            if _route({**board.group.answers, q: o.id}) != now:
                return q, o.id
    raise AssertionError("no single answer changes the route")


def _tab(page, name: str) -> None:
    """Open a tab (see open_tab) and let the run it starts finish."""
    act(page, lambda: open_tab(page, name))


def _result_header(page) -> str:
    panel = page.locator('[data-testid="stTabs"] [role="tabpanel"]:visible').first
    return panel.locator('[data-testid="stHeading"] h2').first.inner_text().strip()


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_an_open_round_s_group_answer_reaches_the_result_tab_and_publish(
    server, browser, open_workshop, width, height
):
    engine, wid, key, token = open_workshop
    page = browser.new_page(viewport={"width": width, "height": height})
    open_app(page, f"{server.url}/workshop?w={wid}&k={key}")
    _tab(page, "Group result")
    before = _result_header(page)
    assert before == _route(_board(engine, wid, key).group.answers)
    q, value = _a_change(_board(engine, wid, key))
    _tab(page, "Group answers")
    box = page.locator(".st-key-wk-c-" + q).first
    box.scroll_into_view_if_needed()
    act(page, lambda: choose_option(page, box, answer_label(PACK, q, value, "en")))
    deadline = time.monotonic() + 10
    while _board(engine, wid, key).group.answers.get(q) != value and time.monotonic() < deadline:
        time.sleep(0.2)
    settle(page)
    shot(page, f"workshop-r16-{width}-group-answer-set")
    _tab(page, "Group result")
    after = _result_header(page)
    shot(page, f"workshop-r16-{width}-result-follows")
    assert after == _route(_board(engine, wid, key).group.answers) and after != before  # no reload needed
    panel = page.locator('[data-testid="stTabs"] [role="tabpanel"]:visible').first
    act(page, lambda: panel.get_by_text("Show this result on participants' devices").click())
    with session_scope(engine, readonly=True) as s:
        got = published_answers(session=s, token=token, pack=PACK)
    assert got == _board(engine, wid, key).group.answers and _route(got) == after
    page.close()


def test_a_typed_why_is_saved_without_enter_and_new_round_asks_below(server, browser, open_workshop):
    engine, wid, key, _ = open_workshop
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_app(page, f"{server.url}/workshop?w={wid}&k={key}")
    act(page, lambda: page.locator('.st-key-wk-lock:not([data-stale="true"]) button').first.click())
    act(page, lambda: page.locator('.st-key-wk-confirm-lock:not([data-stale="true"]) button').first.click())
    _tab(page, "Group answers")
    note = page.locator(".st-key-wk-cnote-market_depth input")
    note.scroll_into_view_if_needed()
    note.click()
    note.press_sequentially("Two vendors at the fair", delay=30)  # no Enter, focus stays here
    deadline = time.monotonic() + 10
    saved = None
    while time.monotonic() < deadline:
        entry = _board(engine, wid, key).consensus.get("market_depth")
        saved = entry.note if entry is not None else None
        if saved == "Two vendors at the fair":
            break
        time.sleep(0.25)
    assert saved == "Two vendors at the fair"
    settle(page)
    shot(page, "workshop-r16-1280-why-saved")
    open_app(page, f"{server.url}/workshop?w={wid}&k={key}")  # back with the private link
    # the field shows the saved "Why" once the board has drawn (read at once, it was read while the
    # page was still being drawn anew: empty in 1 run of 4 on this machine, before and after)
    expect(page.locator(".st-key-wk-cnote-market_depth input")).to_have_value(
        "Two vendors at the fair", timeout=15_000
    )
    # a double-click on Lock answers: the second click lands on New round, which only asks
    page.evaluate("window.scrollTo(0, 0)")
    act(page, lambda: page.locator('.st-key-wk-unlock:not([data-stale="true"]) button').first.click())
    assert _board(engine, wid, key).workshop.status == "locked"
    confirm = page.locator(".st-key-wk-confirm")
    assert confirm.get_by_text("Start round 2?").is_visible()
    unlock = page.locator('.st-key-wk-unlock:not([data-stale="true"]) button').first.bounding_box()
    yes = page.locator('.st-key-wk-confirm-unlock:not([data-stale="true"]) button').first.bounding_box()
    assert yes["y"] >= unlock["y"] + unlock["height"]  # not where the button clicked was
    shot(page, "workshop-r16-1280-new-round-asks")
    page.close()
