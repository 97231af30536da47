"""The full journey in real Chromium: Home → Assess → Recommendation → Risk → Checklist.

Asserts what only a browser shows: charts drawn as SVG, no console errors, no serious or critical
accessibility violations (axe-core), the sidebar language switch; saves a screenshot per page.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers.browser import act, axe_serious, open_app, shot, sidebar_link

pytestmark = pytest.mark.browser


def _choose(page, label: str) -> None:
    act(page, lambda: page.get_by_text(label, exact=True).first.click())


def test_full_journey_draws_charts_without_errors(server, page):
    open_app(page, server.url)
    assert page.get_by_role("heading", name="MIX Decide").first.is_visible()
    shot(page, "01-home")
    assert axe_serious(page) == []

    act(page, lambda: page.get_by_role("button", name="Start a new assessment").click())
    page.get_by_label("Project title").fill("Smart winter road patrol")
    act(page, lambda: page.get_by_label("Project title").press("Enter"))
    _choose(page, "The problem is clear; the solution is open")
    _choose(page, "Near market")
    shot(page, "02-assess")
    assert axe_serious(page) == []

    act(page, lambda: page.get_by_role("button", name="Next section").click())
    _choose(page, "A few")
    act(page, lambda: sidebar_link(page, "recommendation").click())
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=20_000)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert page.get_by_text("Recommended route").first.is_visible()
    shot(page, "03-recommendation")
    assert axe_serious(page) == []

    act(page, lambda: sidebar_link(page, "risk").click())
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=20_000)
    assert page.locator(".js-plotly-plot").count() == 2  # radar and matrix
    shot(page, "04-risk")
    assert axe_serious(page) == []

    act(page, lambda: sidebar_link(page, "checklist").click())
    assert page.get_by_text("items complete").first.is_visible()
    shot(page, "05-checklist")
    assert axe_serious(page) == []

    act(page, lambda: sidebar_link(page, "rules").click())
    shot(page, "06-rules")
    assert axe_serious(page) == []

    act(page, lambda: sidebar_link(page, "portfolio").click())
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=20_000)
    assert page.locator(".js-plotly-plot").count() == 2  # routes and risk bands
    shot(page, "09-portfolio")
    assert axe_serious(page) == []

    act(page, lambda: sidebar_link(page, "compare").click())
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=20_000)
    shot(page, "10-compare")
    assert axe_serious(page) == []
    assert page.console_errors == []


def test_sidebar_language_switch_keeps_answers(server, page):
    open_app(page, server.url + "/assess")
    _choose(page, "We know the solution and can specify it")
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="Français").click())
    assert page.get_by_role("heading", name="Évaluer votre projet").is_visible()
    checked = page.get_by_role("radio", name="Nous connaissons la solution et pouvons la préciser")
    assert checked.is_checked()
    shot(page, "07-assess-fr")
    assert page.console_errors == []


def test_presentation_mode_from_the_url(server, page):
    # with nothing answered there is nothing to present: it says so (review r17room #2: it showed a
    # result built from no answers)
    open_app(page, server.url + "/?present=1")
    assert page.get_by_text("Nothing to present yet").is_visible()
    assert page.get_by_role("button", name="Open an assessment").is_visible()
    assert axe_serious(page) == []
    open_app(page, server.url)
    act(page, lambda: page.locator(".st-key-home-demo button").click())
    aid = parse_qs(urlsplit(page.url).query)["a"][0]
    open_app(page, f"{server.url}/?a={aid}&present=1")
    assert page.get_by_role("button", name="Next").is_visible()
    shot(page, "08-present-1")
    for i in range(2, 5):
        act(page, lambda: page.get_by_role("button", name="Next").click())
        shot(page, f"08-present-{i}")
    assert axe_serious(page) == []
    assert page.console_errors == []
