"""Keyboard focus in the questionnaire stays where the person is working (review r16head #8):
after "Next section" it is on the new section's heading and Tab reaches the first question, and
answering a question by keyboard (Space on a radio, Enter in a number field) leaves the focus on
that question instead of dropping it to the page body."""

from __future__ import annotations

import pytest

from tests.helpers.browser import act, open_app, settle, shot

pytestmark = pytest.mark.browser

ACTIVE = "(() => { const a = document.activeElement; return a ? a.tagName + '|' + (a.type || '') + '|' + (a.getAttribute('aria-label') || a.innerText || '').slice(0, 60) : '' })()"


def _new(page, url: str) -> None:
    open_app(page, url)
    act(page, lambda: page.locator(".st-key-home-new button").click())
    page.get_by_label("Project title").wait_for()


def _next_section_by_keyboard(page) -> None:
    page.locator(".st-key-assess-next button").focus()
    act(page, lambda: page.keyboard.press("Enter"))
    page.wait_for_function("document.activeElement.tagName === 'H2'", timeout=5000)
    page.wait_for_timeout(600)  # any later redraw must not take the focus away


def test_space_on_a_radio_after_next_section_keeps_focus_on_it(server, page):
    _new(page, server.url)
    _next_section_by_keyboard(page)
    assert page.evaluate("document.activeElement.innerText") == "The market"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.type")
    assert focused == "radio", page.evaluate(ACTIVE)  # Tab from the heading reaches the first question
    name = page.evaluate("document.activeElement.name")
    act(page, lambda: page.keyboard.press("Space"))
    page.wait_for_timeout(800)
    settle(page)
    assert page.evaluate("document.activeElement.type") == "radio", page.evaluate(ACTIVE)
    assert page.evaluate("document.activeElement.name") == name
    assert page.evaluate("document.activeElement.checked")
    shot(page, "assess-focus-after-space")


def test_enter_in_the_value_field_keeps_focus_on_it(server, page):
    _new(page, server.url)
    _next_section_by_keyboard(page)
    _next_section_by_keyboard(page)
    field = page.get_by_label("Estimated total value (CAD)")
    field.click()
    field.fill("400000")
    act(page, lambda: field.press("Enter"))
    page.wait_for_timeout(800)
    settle(page)
    assert "$400,000" in page.locator(".st-key-qbox-estimated_value_cad").inner_text()  # saved and shown
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label == "Estimated total value (CAD)", page.evaluate(ACTIVE)
    shot(page, "assess-focus-after-enter")
