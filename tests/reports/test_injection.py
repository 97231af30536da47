"""What people type stays text: in HTML and Markdown no tag, link or image can come from it, and
in CSV no cell can start a formula. Each payload is typed into every free-text field at once."""

from __future__ import annotations

import csv
import io
import re

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mixdecide.cases import Case, CaseSource, core_questions
from mixdecide.pack.models import Text
from mixdecide.reports import html as html_report
from mixdecide.reports.csvio import FORMULA_PREFIXES, checklist_csv, neutralise, portfolio_csv
from mixdecide.reports.docx import render_docx
from mixdecide.reports.html import render_html
from mixdecide.reports.markdown import render_markdown
from mixdecide.reports.model import clean
from mixdecide.reports.pdf import render_pdf
from mixdecide.text import WORD_JOINER
from tests.helpers.reports import FULL_EXAMPLE, Tags, example, linkable_urls, make_input, md_to_html, parse

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "[click me](javascript:alert(1))",
    "![x](http://evil.example/p.png)",
    "![x][ref]\n\n[ref]: http://evil.example/q.png",
    "[link](http://evil.example)",
    "<http://evil.example/auto>",
    "http://evil.example/bare.png",
    "www.evil.example/path",
    "attacker@evil.example",
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+cmd",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    '"><script>alert(1)</script>',
    '\'><iframe src="http://evil.example"></iframe>',
    "<style>body{background:url(http://evil.example/s.png)}</style>",
    "<link rel=stylesheet href=http://evil.example/s.css>",
    '<object data="http://evil.example/x.swf"></object>',
    "<body onload=alert(1)>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    "<!-- c --><b>bold</b>",
    "**bold** _em_ `code` # heading ~~del~~",
    "| a | b |\n|---|---|\n| c | d |",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "java\u200bscript:alert(1)",
    "\u202eexe.txt\u202c",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "$$\\href{http://evil.example}{x}$$",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\x00<script>alert(1)</script>",
    "1. list\n- item\n> quote\n===\n    code",
    "\uff1d1+2",
    "<a href=//evil.example>x</a>",
    "[x]: http://evil.example/ref\n[x]",
    "<details open ontoggle=alert(1)>",
    "Ingénierie 😀 漢字 עברית \U0001d54f\u0301 e\u0301",
]

HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "img",
    "a",
    "span",
}
MD_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "a",
    "br",
}


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 30


SHARED_URL = "https://example.org/shared"


def typed_everywhere(pack, payload: str):
    """The payload in every free-text field: project details, notes, checklist, workshop notes."""
    inp = make_input(pack, example(pack, FULL_EXAMPLE))
    inp.title = inp.municipality = inp.department = inp.owner = payload
    inp.notes = {q: payload for q in inp.result.visible}
    inp.checklist = {
        c.item: {"status": "done", "owner": payload, "note": payload} for c in inp.result.checklist
    }
    inp.workshop.consensus_notes = {q: payload for q in inp.result.visible}
    # what happened after the advice, and a local case (shared by another installation) whose
    # answers are the project's, so it is the nearest case the report shows
    inp.outcome = {"route": "other", "other_route": payload, "outcome": "ongoing", "lessons": payload}
    inp.local_cases = (
        Case(
            id="shared_injection",
            buyer=payload,
            country="CA",
            year=2025,
            title=Text(en=payload, fr=payload),
            summary=Text(en=payload, fr=payload),
            routes=[inp.result.top or "prize"],
            answers={k: v for k, v in inp.answers.items() if k in core_questions(pack)},
            outcome="ongoing",
            lessons=Text(en=payload, fr=payload),
            sources=[CaseSource(title=payload, url=SHARED_URL)],
        ),
    )
    return inp


def check_tags(tags: Tags, allowed: set[str], pack_urls: set[str], *, images: bool) -> None:
    for tag, attrs in tags.tags:
        assert tag in allowed, f"unexpected <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name == "href":
                assert tag == "a" and value in pack_urls, f"link to {value}"
            if name == "src":
                assert images and tag == "img" and value.startswith("data:image/png;base64,"), value
            assert name != "style", "inline style attribute"


def visible(tags: Tags) -> str:
    return re.sub(r"\s+", " ", "".join(tags.text)).replace(WORD_JOINER, "")


def lines_of(payload: str) -> list[str]:
    return [re.sub(r"\s+", " ", x) for x in clean(payload, multiline=True).split("\n") if x.strip()]


def _as_html(inp) -> tuple[str, set[str]]:
    page = render_html(inp, "en", images=False)
    assert "<script" not in page.lower()
    return page, HTML_TAGS


def _as_markdown(inp) -> tuple[str, set[str]]:
    return md_to_html(render_markdown(inp.pack, inp.result, lang="fr", inp=inp)), MD_TAGS


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("render", [_as_html, _as_markdown], ids=["html", "markdown"])
def test_payload_stays_text(pack, payload, render):
    inp = typed_everywhere(pack, payload)
    page, allowed = render(inp)
    tags = parse(page)
    check_tags(tags, allowed, linkable_urls(pack) | {SHARED_URL}, images=False)
    assert [t for t, _ in tags.tags if t == "style"] == (["style"] if render is _as_html else [])
    text = visible(tags)
    for line in lines_of(payload):
        assert line in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_are_neutralised(pack, payload):
    inp = typed_everywhere(pack, payload)
    for text in (
        checklist_csv(inp, "en"),
        portfolio_csv(
            [{"title": payload, "municipality": payload, "owner": payload, "route": "prize"}], "fr"
        ),
    ):
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA_PREFIXES), repr(cell)


def test_word_and_pdf_keep_payloads_as_text(pack):
    """All payloads at once (one per note and checklist entry): the files build and hold the text."""
    inp = make_input(pack, example(pack, FULL_EXAMPLE))
    qs = list(inp.result.visible)
    inp.notes = {q: PAYLOADS[i % len(PAYLOADS)] for i, q in enumerate(qs)}
    inp.checklist = {
        c.item: {
            "status": "done",
            "owner": PAYLOADS[i % len(PAYLOADS)],
            "note": PAYLOADS[-1 - i % len(PAYLOADS)],
        }
        for i, c in enumerate(inp.result.checklist)
    }
    inp.title = PAYLOADS[0]
    d = docx.Document(io.BytesIO(render_docx(inp, "fr", images=False)))
    cells = "\n".join(c.text for table in d.tables for row in table.rows for c in row.cells)
    assert "<script>alert(1)</script>" in cells and "![x](http://evil.example/p.png)" in cells
    assert d.paragraphs[0].text == PAYLOADS[0]
    pdf = render_pdf(inp, "fr", images=False)
    assert pdf.startswith(b"%PDF") and b"/JavaScript" not in pdf and b"/URI (http://evil" not in pdf


def test_html_has_no_external_resources(full_input, pack):
    page = render_html(full_input, "en", images=False)
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    assert "<link" not in page.lower() and "<iframe" not in page.lower()
    urls = linkable_urls(pack)
    for m in re.finditer(r"https?:[^\s\"<>&]*", page):
        assert m.group(0) in urls, f"{m.group(0)} is not a pack source"
    assert "default-src 'none'" in page
    assert html_report.CSS in page


@pytest.mark.browser
def test_html_images_are_inline_only(full_input, browser):
    page = render_html(full_input, "fr", images=True)
    srcs = re.findall(r'src="([^"]*)"', page)
    assert len(srcs) == 3 and all(s.startswith("data:image/png;base64,") for s in srcs)
    without_data = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    urls = linkable_urls(full_input.pack)
    for m in re.finditer(r"https?:[^\s\"<>&]*", without_data):
        assert m.group(0) in urls


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_csv_cell_never_starts_a_formula(text):
    out = io.StringIO()
    csv.writer(out).writerow([neutralise(text), neutralise("x" + text)])
    (row,) = list(csv.reader(io.StringIO(out.getvalue())))
    assert not row[0].startswith(FORMULA_PREFIXES)
    assert not row[1].startswith(FORMULA_PREFIXES)
    assert row[0] == neutralise(text)  # the csv module keeps every character it was given


@pytest.mark.parametrize("render", [_as_html, _as_markdown], ids=["html", "markdown"])
def test_lessons_and_shared_summaries_are_in_the_report_as_text(pack, render):
    """The corpus's first payload in what happened and in a local case: both sections are there,
    the typed text is visible as typed, and no tag came from it."""
    payload = "<script>alert(1)</script> **bold** [go](http://evil.example/x)"
    inp = typed_everywhere(pack, payload)
    inp.title = inp.municipality = inp.department = inp.owner = "Plain"
    page, allowed = render(inp)
    tags = parse(page)
    check_tags(tags, allowed, linkable_urls(pack) | {SHARED_URL}, images=False)
    text = visible(tags)
    heading = "What happened" if render is _as_html else "Ce qui s'est passé"
    assert heading in text
    lessons_label = "Lessons learned" if render is _as_html else "Leçons apprises"
    assert f"{lessons_label} {payload}" in text or (lessons_label in text and payload in text)
    assert ("not verified" if render is _as_html else "non vérifié") in text  # marked as shared, not verified
    assert text.count(payload) >= 4  # route named as typed, lessons, the case's summary and lessons
