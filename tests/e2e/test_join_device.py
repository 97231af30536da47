"""A participant's own device, in real Chromium at a phone's size (390x844): opening the personal
link on a new device shows the workshop (no "Page not found" over it), the project reads without
sideways scrolling, and the group's result appears once the facilitator publishes it, with the
warning when an answer the workshop never asked decides it (review r14 F1), in their language.
Screenshots: artifacts/screenshots/join-device-*.png."""

from __future__ import annotations

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.workshop import set_published
from tests.helpers.browser import act, axe_serious, open_app, settle, shot
from tests.helpers.demo import guelph_draft_answers
from tests.helpers.store import new_assessment
from tests.helpers.workshop import join_and_answer, open_workshop, server_db

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLE = "Réduire la contamination plastique des bacs verts — projet pilote 2027"
_SIDEWAYS = """
() => [document.scrollingElement, ...document.querySelectorAll('[data-testid=stMain] *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll', 'visible'].includes(getComputedStyle(e).overflowX)
    && e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => (e.dataset && e.dataset.testid) || e.tagName)
"""


@pytest.fixture
def room(server_env):
    """A workshop on "The need" and "The market" of an assessment whose first route rests on an
    answer in "Money and time" (a test site is available): (engine, workshop, participant token)."""
    pack = load_pack()
    engine = server_db(server_env)
    demo = guelph_draft_answers()  # the demo as a draft: "a test site" alone decides pilot vs challenge
    rec = new_assessment(
        engine,
        pack,
        {**demo, "city_offers_access": "yes"},
        title=TITLE,
        municipality="Ville du Grand Sudbury",
        department="Travaux publics et environnement",
    )
    created = open_workshop(engine, pack, rec.id, title="Bacs verts")
    token = join_and_answer(engine, pack, created.workshop.code, "Sam", {"market_depth": "few"})
    yield engine, created, token
    engine.dispose()


def _whole_page(page, name: str) -> None:
    """A screenshot of the whole page: the main column scrolls, so the window is made as tall as it."""
    tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": PHONE["width"], "height": max(PHONE["height"], tall)})
    page.wait_for_timeout(300)
    shot(page, name)
    page.set_viewport_size(PHONE)


def test_a_participant_phone_shows_the_project_and_the_published_result_with_its_warning(
    server, browser, room
):
    engine, created, token = room
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    open_app(page, f"{server.url}/join?p={token}")  # the personal link, on a new device
    page.wait_for_selector("text=You joined as")
    page.wait_for_timeout(1000)
    assert page.get_by_text("Page not found").count() == 0
    # the project is folded above the questions (review r17lead #7): the title is one tap away
    act(page, lambda: page.get_by_text("About the project").first.click())
    assert page.get_by_text(TITLE).first.is_visible()
    assert page.get_by_text("The group's result").count() == 0  # not published yet
    assert page.evaluate(_SIDEWAYS) == []

    with session_scope(engine) as s:  # the facilitator publishes; the page notices by itself
        set_published(
            session=s,
            workshop_id=created.workshop.id,
            secret=created.secret,
            published=True,
            pack=load_pack(),
        )
    page.get_by_text("The group's result").wait_for(timeout=30_000)
    settle(page)
    warning = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="Please note")
    assert warning.count() == 1
    text = warning.inner_text()
    assert "Please note: this result, Pilot / sandbox, rests on answers" in text
    assert "Can you host a test with real users, sites or data? — Yes" in text
    box = warning.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # the whole width of it on screen
    assert page.get_by_text("Page not found").count() == 0
    assert page.evaluate(_SIDEWAYS) == []
    assert axe_serious(page) == []
    _whole_page(page, "join-device-en-390")

    french = ctx.new_page()  # the same link in French (the language is in the URL)
    open_app(french, f"{server.url}/join?p={token}&lang=fr")
    french.get_by_text("Le résultat du groupe").wait_for()
    notice = french.locator('[data-testid="stAlertContentWarning"]').filter(has_text="À noter")
    assert "À noter : ce résultat, Projet pilote / bac à sable, repose sur" in notice.inner_text()
    assert french.get_by_text("Page not found").count() == 0
    assert french.evaluate(_SIDEWAYS) == []
    _whole_page(french, "join-device-fr-390")
    ctx.close()
