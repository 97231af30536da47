"""Issue 12 in real Chromium: answer, open the plan, download the .ics calendar and the
council-report draft, open the draft with python-docx and check its headings."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar

from tests.helpers.browser import act, open_app, shot, sidebar_link

pytestmark = pytest.mark.browser
REVIEW = os.environ.get("REVIEW_SHOTS")  # also copy the screenshots there (e.g. /work/review/i12/shots)


def _shot(page, name: str) -> None:
    path = shot(page, name)
    if REVIEW:
        Path(REVIEW).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(REVIEW) / path.name)


def _choose(page, label: str) -> None:
    act(page, lambda: page.get_by_text(label, exact=True).first.click())


def test_answers_to_plan_calendar_and_council_draft(server, page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 2400})
    open_app(page, server.url + "/assess")
    page.get_by_label("Project title").fill("Winter road salt")
    act(page, lambda: page.get_by_label("Project title").press("Enter"))
    _choose(page, "We know the solution and can specify it")
    _choose(page, "Commercial, proven elsewhere")

    act(page, lambda: sidebar_link(page, "plan").click())
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=20_000)
    assert page.get_by_role("heading", name="Plan and first drafts").is_visible()
    assert page.get_by_text("Critical path").first.is_visible()
    _shot(page, "i12-01-plan")

    with page.expect_download() as dl:
        page.get_by_role("button", name="Calendar (.ics)").click()
    ics = Calendar.from_ical(Path(dl.value.path()).read_bytes())
    events = [c for c in ics.walk("VEVENT")]
    assert len(events) >= 5
    assert any("Bid period" in str(e.get("summary")) for e in events)

    # the plan's steps as a spreadsheet: the same steps, with sortable dates
    with page.expect_download() as dl:
        page.get_by_role("button", name="Plan (CSV)").click()
    assert re.fullmatch(r"mixdecide-[a-z0-9-]+-plan-en-\d{4}-\d{2}-\d{2}\.csv", dl.value.suggested_filename)
    table = list(csv.reader(io.StringIO(Path(dl.value.path()).read_bytes().decode("utf-8-sig"))))
    assert table[0] == ["Step", "Start", "End", "Length", "Basis", "Critical"]
    assert len(table) - 1 >= 5 and all(len(r[1]) == 10 and r[1][4] == "-" for r in table[1:])

    card = page.locator(".st-key-plan-draft-council")
    act(page, lambda: card.get_by_text("Preview").click())
    _shot(page, "i12-02-council-preview")
    with page.expect_download() as dl:
        card.get_by_role("button", name="Word").click()
    assert re.fullmatch(
        r"mixdecide-[a-z0-9-]+-draft-council-en-\d{4}-\d{2}-\d{2}\.docx", dl.value.suggested_filename
    )
    doc = Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert doc.paragraphs[0].text.startswith("Draft — review with the procurement office and legal counsel")
    # r12 F11: the draft mark is in the page header, so every printed page carries it
    assert "Draft — review" in doc.sections[0].header.paragraphs[0].text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Report to council: Winter road salt",
        "Recommendation",
        "Reasons",
        "Obligations",
        "Risks",
        "Budget",
        "Timeline",
    ]
    assert page.console_errors == []
