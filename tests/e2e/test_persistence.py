"""Nothing is lost: reload, server restart and a new browser all get every answer back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.helpers.browser import Server, act, open_app, shot, sidebar_link

pytestmark = pytest.mark.browser

# Ten answers across the first three sections, as a user clicks them.
CLICKS = [
    [
        ("The problem is clear; the solution is open"),
        ("No, we are open to any approach"),
        ("Prototype"),
        ("Supporting or internal"),
    ],
    [("A few"), ("No, it is our need alone")],
    [
        ("Services (including software as a service)"),
        ("External grant or program"),
        ("Buy if a test or development succeeds"),
    ],
]


def _answer_ten(page) -> None:
    for i, labels in enumerate(CLICKS):
        for label in labels:
            act(page, lambda label=label: page.get_by_text(label, exact=True).first.click())
        if i == 0:  # a yes/no question shares its labels with others: pick it inside its card
            act(
                page,
                lambda: (
                    page.locator(".st-key-qbox-outcome_measurable").get_by_text("Yes", exact=True).click()
                ),
            )
        if i < len(CLICKS) - 1:
            act(page, lambda: page.get_by_role("button", name="Next section").click())


def _answered(page) -> int:
    """Answers given, as the progress line counts them: core questions plus follow-ups
    ("9 of 27 questions answered · follow-up questions: 1 of 5 answered" is 10)."""
    line = page.get_by_text("questions answered").first.inner_text()
    return sum(int(n) for n in re.findall(r"(\d+) of \d+", line))


def test_reload_restart_and_new_browser_keep_every_answer(server_env, browser):
    srv = Server(server_env).start()
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        open_app(page, srv.url)
        act(page, lambda: page.get_by_role("button", name="Start a new assessment").click())
        _answer_ten(page)
        assert _answered(page) == 10
        url = page.url
        assert "a=" in url, url
        open_app(page, url)  # reload
        assert _answered(page) == 10
        shot(page, "persist-1-after-reload")
        ctx.close()
    finally:
        srv.stop()

    restarted = Server(server_env, port=srv.port).start()  # same database file, new process
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        open_app(page, url)  # a new browser context: no cookies, no session, only the link
        assert _answered(page) == 10
        # the link carries the section the user was on (?sec=, review r18head #6): the third
        assert "sec=" in url, url
        assert page.locator("[data-testid=stMain] h2").first.inner_text().strip() == "Money and time"
        shot(page, "persist-2-after-restart")
        # resume: back to the market section, change an answer, it is saved too
        act(page, lambda: page.get_by_role("button", name="Previous section").click())
        act(page, lambda: page.get_by_text("Many (a competitive market)", exact=True).first.click())
        assert _answered(page) == 10  # changed an answer, did not add one
        act(page, lambda: page.get_by_role("button", name="Previous section").click())
        assert page.get_by_role("radio", name="Prototype").is_checked()
        ctx.close()
    finally:
        restarted.stop()


def test_word_and_pdf_downloads_are_real_documents(server, page):
    open_app(page, server.url)
    act(page, lambda: page.get_by_role("button", name="Open the demo").click())
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=20_000)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Word").click()
    data = Path(dl.value.path()).read_bytes()
    from docx import Document

    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Guelph" in text
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="PDF").click()
    assert Path(dl.value.path()).read_bytes()[:5] == b"%PDF-"
    act(page, lambda: sidebar_link(page, "checklist").click())
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="Checklist (CSV)").click()
    csv_text = Path(dl.value.path()).read_bytes().decode("utf-8-sig")
    assert dl.value.suggested_filename.endswith(".csv")
    assert "bylaw.compliance" in csv_text
    assert page.console_errors == []
