"""Report inputs for the tests (the pack's own examples dressed as real assessments), Markdown
rendered the way GitHub renders it, the tags and text of HTML, and the text of Word and PDF files."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import docx
import docx.document
from cmarkgfm.cmark import Options
from pypdf import PdfReader

from mixdecide.engine import assess
from mixdecide.pack import Example, Pack
from mixdecide.reports import ReportInput

LANGS = ("en", "fr")
# ex07: a challenge with a sequence, an excluded route and a decisive unknown, so every section
# of the report has content.
FULL_EXAMPLE = "ex07_seniors_isolation_challenge"
MUNICIPALITY = "Ville de Sainte-Agathe-des-Monts"
DEPARTMENT = "Services communautaires"
OWNER = "Émilie Tremblay"
CHECKLIST_OWNER = "Jean-François Côté"
NOTE = "Confirmed with procurement on 2026-02-14: three vendors replied."


def example(pack: Pack, example_id: str) -> Example:
    return next(e for e in pack.examples if e.id == example_id)


def make_input(pack: Pack, ex: Example, **overrides) -> ReportInput:
    """A ReportInput for a pack example, with project details, a note, checklist progress and a
    workshop, like one a person filled in."""
    result = assess(pack, ex.answers, today=ex.today)
    first = result.checklist[0].item if result.checklist else None
    values = {
        "pack": pack,
        "result": result,
        "title": ex.title.en,
        "municipality": MUNICIPALITY,
        "department": DEPARTMENT,
        "owner": OWNER,
        "status": "draft",
        "answers": dict(ex.answers),
        "notes": {"market_depth": NOTE},
        "checklist": {first: {"status": "in_progress", "owner": CHECKLIST_OWNER, "note": "Draft ready"}}
        if first
        else {},
        "workshop": {
            "participants": 6,
            "distributions": {"market_depth": {"few": 4, "many": 1, "unknown": 1}},
            "consensus_notes": {"market_depth": "We agreed on 'few' after the supplier scan."},
        },
    }
    values.update(overrides)
    return ReportInput(**values)


def fonts_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "fonts"


def md_to_html(md: str) -> str:
    """Markdown rendered the way GitHub does (cmark-gfm with autolinks, tables and strikethrough),
    with raw HTML let through, so any markup that survives escaping would show up."""
    return cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)


def docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts.extend(c.text for row in table.rows for c in row.cells)
    return d, "\n".join(parts)


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    p.close()
    return p


def linkable_urls(pack) -> set[str]:
    """Every address a report may link to: the pack's sources and its cases' sources."""
    from mixdecide.cases import pack_cases

    return {s.url for s in pack.sources.values()} | {s.url for c in pack_cases(pack) for s in c.sources}
