"""Every report format shows "Must" and "Should" apart, with the pinpoint and the one-line why
(issue 10). Uses ex29: $220,000 of construction in 2026, under the CFTA but over the OQTCA."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from mixdecide.cites import cite_text
from mixdecide.i18n import fmt_date, t
from mixdecide.reports import render
from mixdecide.reports.csvio import CHECKLIST_PREAMBLE_ROWS, checklist_csv
from tests.helpers.reports import docx_text, example, make_input, md_to_html, parse, pdf_text

EXAMPLE = "ex29_sidewalk_repairs_oqtca_2026"


@pytest.fixture(scope="module")
def inp(pack):
    return make_input(pack, example(pack, EXAMPLE))


def _text(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        return docx_text(data)[1]
    if fmt == "pdf":
        return pdf_text(data)[1]
    if fmt == "html":
        return " ".join(parse(data.decode("utf-8")).text)
    return " ".join(parse(md_to_html(data.decode("utf-8"))).text)  # as a reader sees the Markdown


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_documents_lead_each_checklist_item_with_must_or_should(inp, fmt, lang, no_browser):
    text = " ".join(_text(fmt, render(fmt, inp, lang, images=False)).split())
    must, should = t("basis.mandatory", lang), t("basis.good_practice", lang)
    # A duty with its pinpoint, and why it applies to this project.
    assert f"{must}" in text and "Municipal Act, 2001, s. 270(1), para. 3" in text
    assert "Construction Act, ss. 6.4-6.5" in text
    assert (
        t("basis.in_force", lang, date=fmt_date(dt.date(2019, 10, 1), lang)) in text
    )  # prompt payment took effect then
    assert t("basis.why", lang, why="").strip(" :") in text
    assert should in text
    # The OQTCA obligations that apply, each led by its basis.
    assert cite_text("OQTCA Chapter Nine", lang) in text  # "AECOQ, chapitre neuf" in French
    # The $500,000 bonding duty does not apply at $220,000.
    assert "s. 85.1(2)-(3)" not in text


def test_within_a_principle_duties_come_before_good_practice(inp):
    md = render("md", inp, "en", images=False).decode("utf-8")
    checklist = md[md.index(t("reports.checklist.heading", "en")) :]
    seen_must = False
    for table in checklist.split("\n#"):  # one table per principle
        kinds = [line[2:6] for line in table.splitlines() if line.startswith(("| Must:", "| Should:"))]
        assert kinds == sorted(kinds, key=lambda k: k != "Must"), kinds
        seen_must = seen_must or "Must" in kinds
    assert seen_must


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_checklist_csv_has_basis_citation_and_why(inp, lang):
    table = list(csv.reader(io.StringIO(checklist_csv(inp, lang))))[CHECKLIST_PREAMBLE_ROWS:]
    header, rows = table[0], table[1:]
    assert header[-3:] == [
        t("reports.csv.basis", lang),
        t("reports.csv.cite", lang),
        t("reports.csv.why", lang),
    ]
    by_id = {r[1]: r for r in rows}
    bylaw = by_id["bylaw.compliance"]
    assert bylaw[-3] == t("basis.mandatory", lang)
    assert bylaw[-2] == "Municipal Act, 2001, s. 270(1), para. 3"
    assert bylaw[-1]
    assert by_id["conduct.blackout"][-3] == t("basis.good_practice", lang)


def test_json_export_says_which_items_are_mandatory(inp):
    import json

    data = json.loads(render("json", inp, "en"))
    text = json.dumps(data)
    assert '"basis": "mandatory"' in text and '"basis": "good_practice"' in text
