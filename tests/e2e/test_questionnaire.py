"""Questionnaire behaviour only a browser shows: the language survives a reload, keyboard focus
follows "Next section", Tab after the title reaches the next field, and arrowing through a
radio's options saves one answer where it settles, not one version per option passed."""

from __future__ import annotations

import re

import pytest

from tests.helpers.browser import act, open_app, settle, shot

pytestmark = pytest.mark.browser


def _new(page, url: str) -> None:
    open_app(page, url)
    act(page, lambda: page.locator(".st-key-home-new button").click())
    page.get_by_label("Project title").wait_for()


def _version(page) -> int:
    text = page.get_by_text("Saved automatically").first.inner_text()
    return int(re.search(r"version (\d+)", text).group(1))


def test_reload_keeps_french(server, page):
    open_app(page, server.url)
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_text("Français").click())
    assert "lang=fr" in page.url
    page.reload()
    settle(page)
    page.wait_for_selector('[data-testid="stMain"] h1')
    assert page.get_by_role("heading", name="MIX Décision").first.is_visible()


def test_tab_after_the_title_reaches_the_next_field(server, page):
    _new(page, server.url)
    page.get_by_label("Project title").fill("Road salt")
    act(page, lambda: page.get_by_label("Project title").press("Tab"))
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused in ("Municipality", "Department")  # the details box stayed open
    assert page.get_by_label("Municipality").is_visible()


def test_next_section_moves_focus_and_scroll_to_its_heading(server, page):
    _new(page, server.url)
    page.mouse.wheel(0, 4000)
    act(page, lambda: page.locator(".st-key-assess-next button").click())
    page.wait_for_function("document.activeElement.tagName === 'H2'", timeout=5000)
    heading = page.evaluate("document.activeElement.innerText")
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert heading == "The market"
    assert 0 <= top < 200
    shot(page, "assess-next-section-focus")


def test_arrowing_through_a_radio_saves_once_where_it_settles(server, page):
    _new(page, server.url)
    page.get_by_label("Project title").fill("Road salt")
    act(page, lambda: page.get_by_label("Project title").press("Enter"))
    before = _version(page)
    first = page.locator(".st-key-q-need_clarity input[type=radio]").first
    first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
    page.wait_for_timeout(1500)  # the pause that settles it
    settle(page)
    radios = page.locator(".st-key-q-need_clarity input[type=radio]")
    assert radios.nth(3).is_checked()  # where the arrows stopped
    assert _version(page) == before + 1  # one save, not three
