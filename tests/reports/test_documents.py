"""Word, PDF, HTML and Markdown files: sections, tables and key values, in English and French."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import docx
import pytest

from mixdecide import wording
from mixdecide.i18n import t
from mixdecide.reports import FORMATS, filename, render
from mixdecide.reports.docx import render_docx
from mixdecide.reports.html import render_html
from mixdecide.reports.markdown import render_markdown
from mixdecide.reports.pdf import render_pdf
from tests.helpers.reports import (
    CHECKLIST_OWNER,
    FULL_EXAMPLE,
    LANGS,
    MUNICIPALITY,
    docx_text,
    example,
    make_input,
    md_to_html,
    pdf_text,
)

SECTION_KEYS = [
    "reports.summary.heading",
    "reports.why.heading",
    "reports.routes.heading",
    "reports.trade.heading",
    "plan.report.heading",
    "cases.panel_title",
    "reports.risk.heading",
    "reports.checklist.heading",
    "reports.answers.heading",
    "reports.workshop.heading",
    "reports.legal.heading",
]


def key_values(inp, lang: str) -> list[str]:
    """What a reader must find in any format: route, municipality, an answer, a checklist owner."""
    pack, a = inp.pack, inp.result
    return [
        pack.routes[a.top].name.get(lang),
        MUNICIPALITY,
        wording.answer_label(pack, "market_depth", a.answers["market_depth"], lang),
        CHECKLIST_OWNER,
    ]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- Word ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_docx_sections_tables_and_values(full_input, lang):
    d, text = docx_text(render_docx(full_input, lang, images=False))
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [t(k, lang) for k in SECTION_KEYS]
    assert any(p.style.name == "Heading 2" for p in d.paragraphs)
    assert d.paragraphs[0].style.name == "Title"
    for value in key_values(full_input, lang):
        assert value in text, value
    assert len(d.tables) >= 8
    for table in d.tables:
        first = table.rows[0]
        assert first._tr.trPr is not None and first._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
        assert all(r.bold for c in first.cells for r in c.paragraphs[0].runs if r.text)
    assert d.core_properties.title == full_input.title


def test_docx_footer_page_fields(full_input):
    d = docx.Document(io.BytesIO(render_docx(full_input, "fr", images=False)))
    footer = d.sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert "PAGE" in xml and "NUMPAGES" in xml and " sur " in footer.text


@pytest.mark.browser
def test_docx_embeds_charts(full_input, browser):
    d = docx.Document(io.BytesIO(render_docx(full_input, "en", images=True)))
    assert len(d.inline_shapes) == 4  # sequence, ranking, the plan's timeline, risk radar
    assert all(s._inline.docPr.get("descr") for s in d.inline_shapes)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice(full_input, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(full_input, "fr", images=False))
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    _, text = pdf_text((tmp_path / "report.pdf").read_bytes())
    assert "Liste de contrôle" in text and MUNICIPALITY in text


# --- PDF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_sections_and_values(full_input, lang):
    reader, text = pdf_text(render_pdf(full_input, lang, images=False))
    flat = squash(text)
    for key in SECTION_KEYS:
        assert squash(t(key, lang)) in flat, key
    for value in key_values(full_input, lang):
        assert squash(value) in flat, value
    n = len(reader.pages)
    assert n > 5
    sep = " sur " if lang == "fr" else " / "
    assert f"Page 1{sep}{n}" in text and f"Page {n}{sep}{n}" in text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert t("reports.checklist.heading", lang) in outline


def test_pdf_french_accents_survive(full_input):
    _, text = pdf_text(render_pdf(full_input, "fr", images=False))
    for word in (
        "Équité",
        "Liste de contrôle",
        "Accords commerciaux",
        "Ce n'est pas un avis juridique",
        "Émilie",
    ):
        assert word in text, word


def test_pdf_embeds_the_bundled_font(full_input):
    reader, _ = pdf_text(render_pdf(full_input, "en", images=False))
    fonts = {
        str(f["/BaseFont"])
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
        for f in [f.get_object()]
    }
    assert any("DejaVuSans" in f for f in fonts)


def test_pdf_table_header_repeats_and_long_notes_split(pack, full_input):
    """A 4,000-character note cannot fit one table row on one page: it continues on the next."""
    long_note = " ".join(f"word{i}" for i in range(700))[:4000]
    inp = make_input(
        pack, example(pack, FULL_EXAMPLE), notes={q: long_note for q in list(pack.questions)[:4]}
    )
    reader, text = pdf_text(render_pdf(inp, "en", images=False))
    header = t("reports.answers.question", "en")
    pages_with_header = [i for i, p in enumerate(reader.pages) if header in (p.extract_text() or "")]
    assert len(pages_with_header) >= 3  # the answers table spans pages, its header on each
    assert "word1" in text and long_note.split()[-1] in text


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_with_charts(full_input, browser, lang):
    reader, text = pdf_text(render_pdf(full_input, lang, images=True))
    images = sum(len(p.images) for p in reader.pages)
    assert images == 4  # sequence, ranking, the plan's timeline, risk radar
    assert t("reports.charts.fallback", lang) not in squash(text)


# --- HTML and Markdown --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_html_sections_and_values(full_input, lang):
    page = render_html(full_input, lang, images=False)
    assert f'<html lang="{lang}">' in page
    for key in SECTION_KEYS:
        assert f"<h2>{t(key, lang)}</h2>".replace("'", "&#x27;") in page, key
    import html as h

    for value in key_values(full_input, lang):
        assert h.escape(value) in page, value
    assert "@media print" in page and "break-before: page" in page


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_sections_and_values(full_input, lang):
    md = render_markdown(full_input.pack, full_input.result, lang=lang, inp=full_input)
    rendered = md_to_html(md)
    import html as h

    text = h.unescape(re.sub(r"<[^>]+>", "", rendered))
    for key in SECTION_KEYS:
        assert f"\n{t(key, lang)}\n" in f"\n{text}\n" or t(key, lang) in text
    for value in key_values(full_input, lang):
        assert value in text, value


def test_markdown_cli_signature(pack, full_input):
    md = render_markdown(pack, full_input.result, lang="fr")
    assert md.startswith("# Évaluation sans titre")
    assert "## Sommaire" in md and "## Atelier" not in md


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_render_every_format(full_input, fmt):
    data = render(fmt, full_input, "fr", images=False)
    assert isinstance(data, bytes) and len(data) > 1000
    name = filename(fmt, full_input, "fr", dt.date(2026, 3, 2))
    assert name.endswith(FORMATS[fmt].ext)
    assert re.fullmatch(r"mixdecide-[a-z0-9-]+-report-fr-2026-03-02\.[a-z]+", name), name


def test_render_unknown_format(full_input):
    with pytest.raises(ValueError, match="unknown report format"):
        render("xlsx", full_input, "en")
