"""The 150-character bug in a real browser: a field takes no more than the model's limit, and a long
owner never blocks the saves that follow (each checklist save sends the whole checklist)."""

from __future__ import annotations

import pytest

from mixdecide.details import ChecklistEntry, Details, max_chars
from tests.helpers.browser import act, open_app, shot, sidebar_link

pytestmark = pytest.mark.browser

LONG = "Procurement lead for the Green Bin programme, Solid Waste Services, City of Guelph " * 2  # 166


def _type(page, field, text: str) -> None:
    """Type ``text`` key by key, as a person would (the widget stops at its max_chars), then commit
    it with Enter."""
    field.click()
    field.press("Control+a")
    field.press_sequentially(text)
    act(page, lambda: field.press("Enter"))


def test_a_long_checklist_owner_stops_at_the_limit_and_later_saves_still_work(server, page):
    assert len(LONG) > max_chars(ChecklistEntry, "owner")
    open_app(page, server.url)
    act(page, lambda: page.get_by_role("button", name="Open the demo").click())
    act(page, lambda: sidebar_link(page, "checklist").click())
    owners = page.locator('[class*="st-key-cl-owner-"] input:visible')
    statuses = page.locator('[class*="st-key-cl-status-"]:visible')

    _type(page, owners.first, LONG)
    kept = LONG[: max_chars(ChecklistEntry, "owner")]
    assert owners.first.input_value() == kept

    # a later save of another item goes through: pick "Done" for the second item
    statuses.nth(1).get_by_role("combobox").click()  # opens the list: no rerun yet
    act(page, lambda: page.get_by_role("option", name="Done", exact=True).click())
    assert page.get_by_text("NOT saved").count() == 0
    shot(page, "limits-1-checklist")

    open_app(page, page.url)  # reload: both changes were stored
    owners = page.locator('[class*="st-key-cl-owner-"] input:visible')
    statuses = page.locator('[class*="st-key-cl-status-"]:visible')
    assert owners.first.input_value() == kept.strip()
    assert statuses.nth(1).get_by_role("combobox").input_value() == "Done"


def test_project_details_stop_at_the_models_limits(server, page):
    open_app(page, server.url)
    act(page, lambda: page.get_by_role("button", name="Open the demo").click())
    act(page, lambda: sidebar_link(page, "assess").click())
    if not page.locator(".st-key-meta-owner input").is_visible():
        act(page, lambda: page.get_by_text("Project details").first.click())
    for field in ("title", "owner"):
        box = page.locator(f".st-key-meta-{field} input")
        _type(page, box, LONG * 2)
        assert len(box.input_value()) == max_chars(Details, field)
    assert page.get_by_text("NOT saved").count() == 0
    # and the next answer is saved as usual
    act(page, lambda: page.get_by_text("We are still defining the problem", exact=True).first.click())
    assert page.get_by_text("NOT saved").count() == 0
    open_app(page, page.url)
    if not page.locator(".st-key-meta-owner input").is_visible():
        act(page, lambda: page.get_by_text("Project details").first.click())
    assert len(page.locator(".st-key-meta-owner input").input_value()) == max_chars(Details, "owner")
    assert page.get_by_role("radio", name="We are still defining the problem").is_checked()
