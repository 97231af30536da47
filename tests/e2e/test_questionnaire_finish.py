"""The last section's "See the result" button, drawn inside the questionnaire fragment, still
switches to the Recommendation page."""

from __future__ import annotations

import pytest

from tests.helpers.browser import act, open_app

pytestmark = pytest.mark.browser


def test_see_the_result_from_the_last_section(server, page):
    open_app(page, server.url)
    act(page, lambda: page.locator(".st-key-home-new button").click())
    for _ in range(10):  # Next section until the last one
        nxt = page.locator(".st-key-assess-next button")
        if not nxt.count():
            break
        act(page, nxt.click)
    act(page, lambda: page.locator(".st-key-assess-finish button").click())
    page.wait_for_url("**/recommendation**", timeout=20_000)
    assert (
        page.get_by_role("heading", name="Recommendation").first.is_visible() or "recommendation" in page.url
    )
    assert page.console_errors == []
