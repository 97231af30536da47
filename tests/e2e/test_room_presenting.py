"""Presentation mode as a room sees it (reviews r16fac, r16head): Space right after the sidebar's
toggle moves the slides (it used to switch presentation off), Shift+Space goes back, a reload keeps
the screen, and the workshop's screens show the round's status, every disputed question over as
many screens as they take, and the people who joined. Screenshots: artifacts/screenshots/room-*.png.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers.browser import act, open_app, settle, shot

pytestmark = pytest.mark.browser

_HEADER = ".st-key-present-context [data-testid=stText]"
_FITS = f"""
() => {{ const h = document.querySelector('{_HEADER}'); const m = document.querySelector('[data-testid=stMain]');
  return [h.scrollWidth, h.clientWidth, m.scrollHeight, m.clientHeight]; }}
"""
_VIEW = "[data-testid=stMain] [data-variant=segmented_control][aria-checked=true]"


def _header(page) -> str:
    return page.locator(_HEADER).first.inner_text()


def _toggle_on(page) -> None:
    act(page, lambda: page.locator("[data-testid=stSidebar]").get_by_text("Presentation mode").click())
    page.wait_for_selector(".st-key-clicker-next button")
    settle(page)


def _press(page, key: str) -> None:
    act(page, lambda: page.keyboard.press(key))
    page.wait_for_timeout(300)


def test_space_after_the_sidebar_toggle_moves_the_slides_and_a_reload_keeps_the_screen(server, page):
    open_app(page, server.url)
    act(page, lambda: page.locator(".st-key-home-demo button").click())
    aid = parse_qs(urlsplit(page.url).query)["a"][0]
    _toggle_on(page)
    assert "Screen 1 of 6" in _header(page)
    for _ in range(3):
        _press(page, " ")
    assert page.locator(".st-key-clicker-next button").count() == 1  # still presenting
    assert "Screen 4 of 6" in _header(page)
    _press(page, "Shift+Space")
    assert "Screen 3 of 6" in _header(page)
    shot(page, "room-deck-after-space")
    # the screen is in the address: a reload (a new session) comes back to it
    assert "slide=3" in page.url and f"a={aid}" in page.url
    open_app(page, page.url)
    assert "Screen 3 of 6" in _header(page)
    # the Why screen gives the top 3 reasons, not one and "and 3 more"
    # (long reasons that would not fit 1280x720 at 28 px are counted on the slide, never dropped)
    shown = page.locator("[data-testid=stMain] .st-key-present-why li").count()
    text = page.locator("[data-testid=stMain]").inner_text()
    assert shown == 3 and "more reason" not in text or shown == 2 and "1 more reason" in text, (shown, text)
    assert page.console_errors == []


def test_workshop_room_screens_fit_show_status_and_every_disputed_question(server, browser):
    fac = browser.new_page(viewport={"width": 1280, "height": 720})
    open_app(fac, server.url)
    act(fac, lambda: fac.locator(".st-key-home-demo button").click())
    act(fac, lambda: fac.locator('[data-testid="stSidebar"] a[href^="workshop"]').first.click())
    fac.locator(".st-key-wk-create-facilitator input").fill(
        "Fran Facilitator"
    )  # the name is asked (r17lead #1)
    act(fac, lambda: fac.locator(".st-key-wk-create-submit button").click())
    fac.wait_for_selector("text=Join code")
    settle(fac)
    # the join link is 127.0.0.1 here: the facilitator (not the room) is told phones cannot open it
    assert fac.get_by_text("MIXDECIDE_PUBLIC_URL").count() == 1
    code = fac.locator('[data-testid="stMain"] h1').filter(has_text="-").first.inner_text().strip()
    picks = {
        "need_clarity": (
            "We know the solution and can specify it",
            "The problem is clear; the solution is open",
        ),
        "solution_maturity": ("Commercial, proven elsewhere", "Prototype"),
        "service_criticality": ("Critical (safety or essential service)", "Supporting or internal"),
        "market_depth": ("Many (a competitive market)", "A few"),
    }
    for i, name in enumerate(("Ann", "Bob")):
        p = browser.new_page(viewport={"width": 390, "height": 844})
        open_app(p, f"{server.url}/join?code={code.replace('-', '')}")
        p.locator(".st-key-wk-join-name input").fill(name)
        act(p, lambda p=p: p.locator(".st-key-wk-join-submit button").click())
        p.wait_for_selector("text=You joined as")
        for qid, options in picks.items():
            box = p.locator(f".st-key-wk-q-{qid}")
            if box.count():
                act(p, lambda box=box, o=options[i]: box.get_by_text(o, exact=True).click())
        p.close()

    _toggle_on(fac)
    main = fac.locator("[data-testid=stMain]")
    fac.wait_for_selector("text=Joined: 2", timeout=15_000)  # the join screen counts, live
    assert "scan the QR code or open the link" in main.inner_text()
    seen: list[str] = []
    for _ in range(8):  # Space through every screen, from the toggle's focus on
        fac.wait_for_timeout(800)
        view = fac.locator(_VIEW).inner_text()
        text = main.inner_text()
        head_w, head_shown, height, shown = fac.evaluate(_FITS)
        shot(fac, f"room-workshop-{len(seen) + 1}-{view}")
        assert "Round 1: answers open" in _header(fac), view  # the round's status is never clipped
        assert head_w <= head_shown, view
        assert height <= shown, f"{view} scrolls at 1280x720 ({height} > {shown})"
        assert "facilitator's board" not in text
        seen.append(view)
        if view == "Board":
            seen[-1] += ":" + text.split("Questions ")[1].split("\n")[0] if "Questions " in text else ""
        if view == "Risks":
            break
        _press(fac, " ")
    boards = [s for s in seen if s.startswith("Board")]
    assert seen[0] == "Join" and seen[-1] == "Risks"
    assert len(boards) >= 2, seen  # the disputed questions took more than one screen, all of them shown
    assert any("of 4" in s for s in boards), seen
    _press(fac, "Shift+Space")
    assert fac.locator(_VIEW).inner_text() == "Why"
