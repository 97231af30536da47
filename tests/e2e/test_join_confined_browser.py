"""Review r16lead findings a browser shows: a browser that joined a workshop stays on its
participant's page in a new tab, at the root address or at /portfolio (#3), and the same link in
a second tab resumes instead of joining twice (#9); the join page has one "Your name" (#14); the
presentation header keeps the workshop's status in view at 1920x1080 (#15)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.workshop import close_workshop, lock_round, unlock_round
from mixdecide.workshop.models import PARTICIPANT
from tests.helpers.browser import act, open_app, settle, shot
from tests.helpers.store import new_assessment
from tests.helpers.workshop import open_workshop, server_db

pytestmark = pytest.mark.browser


@pytest.fixture
def made(server_env):
    pack = load_pack()
    engine = server_db(server_env)
    rec = new_assessment(
        engine, pack, {"estimated_value_cad": 1_200_000}, title="On-demand transit booking platform"
    )
    created = open_workshop(
        engine, pack, rec.id, title="Transit booking platform: route workshop", actor="Lead"
    )
    yield engine, created
    engine.dispose()


def _count(engine) -> int:
    with session_scope(engine, readonly=True) as s:
        return int(s.execute(select(func.count()).select_from(PARTICIPANT)).scalar_one())


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_a_participant_browser_stays_on_its_page_and_does_not_join_twice(
    server, browser, made, width, height
):
    engine, created = made
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    code = created.workshop.code
    open_app(page, f"{server.url}/join?code={code}")
    names = page.get_by_label("Your name", exact=True)
    names.first.wait_for(timeout=20_000)  # the join form is drawn (open_app can return before it)
    assert names.count() == 1, page.evaluate(
        "() => [...document.querySelectorAll('label')].map(l => l.innerText + ' | ' + (l.closest('[data-testid=stSidebar]') ? 'sidebar' : 'main'))"
    )  # one "Your name" (the sidebar's audit name is not on this page)
    names.fill("Ian")
    act(page, lambda: page.get_by_role("button", name="Join").click())
    page.wait_for_selector("text=You joined as")
    settle(page)
    shot(page, f"r16ws2-joined-{width}")
    assert _count(engine) == 1
    for path in ("/", "/portfolio", "/assess", f"/join?code={code}"):  # new tabs, same browser
        tab = ctx.new_page()
        open_app(tab, server.url + path)
        tab.wait_for_selector("text=You joined as")
        assert "Ian" in tab.inner_text("[data-testid=stMain]")
        sidebar = tab.locator("[data-testid=stSidebar]")
        links = sidebar.locator("a").all_inner_texts() if sidebar.count() else []
        assert not [x for x in links if "Portfolio" in x or "Assess" in x], (path, links)
        assert tab.get_by_label("Your name", exact=True).count() == 0
        if path == "/portfolio":
            shot(tab, f"r16ws2-portfolio-is-join-{width}")
        tab.close()
    assert _count(engine) == 1  # the second tab resumed Ian, it did not join again
    if width == 1280:  # a facilitator who tried the join link here leaves it: the app's pages again
        act(page, lambda: page.get_by_text("Come back later or on another device").click())
        act(page, lambda: page.get_by_role("button", name="Leave on this device").click())
        tab = ctx.new_page()
        open_app(tab, server.url + "/portfolio")
        tab.wait_for_selector("[data-testid=stSidebar] a:has-text('Portfolio')", timeout=20_000)
        assert "You joined as" not in tab.inner_text("[data-testid=stMain]")
        assert _count(engine) == 1  # Ian's answers stay
    ctx.close()


def test_the_presentation_header_keeps_the_status_clear_of_exit(server, browser, made):
    engine, created = made
    wid, key = created.workshop.id, created.secret
    with session_scope(engine) as s:
        lock_round(session=s, workshop_id=wid, secret=key)
        unlock_round(session=s, workshop_id=wid, secret=key)
        close_workshop(session=s, workshop_id=wid, secret=key)
    for width, height in ((1920, 1080), (1280, 720)):
        page = browser.new_page(viewport={"width": width, "height": height})
        open_app(page, f"{server.url}/workshop?w={wid}&k={key}")
        act(
            page,
            lambda page=page: (
                page.locator('[data-testid="stSidebar"]').get_by_text("Presentation mode").click()
            ),
        )
        page.wait_for_selector(".st-key-wk-present-exit button")
        settle(page)
        shot(page, f"r16ws2-present-header-{width}")
        line = page.locator(".st-key-present-context [data-testid=stText]")
        assert line.inner_text().startswith("Closed (round 2)")
        status = page.evaluate(
            """() => { const s = document.querySelector('.st-key-present-context [data-testid=stText] span');
                const r = document.createRange(); r.setStart(s.firstChild, 0); r.setEnd(s.firstChild, 'Closed (round 2)'.length);
                return r.getBoundingClientRect().right; }"""
        )
        exit_left = page.locator(".st-key-wk-present-exit button").bounding_box()["x"]
        box = line.bounding_box()
        assert status <= exit_left and box["x"] + box["width"] <= exit_left + 1, (
            width,
            status,
            exit_left,
            box,
        )
        page.close()
