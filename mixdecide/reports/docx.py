"""The report as an editable Word document (python-docx).

Real Heading 1/2/3 styles (so Word's navigation pane and table of contents work), real tables
whose header row repeats on every page, chart images with alternative text, and a footer with
"Page n / N" fields. Text goes in as runs, never parsed, so nothing a person typed is markup.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

import mixdecide.reports.images as img
from mixdecide.i18n import t
from mixdecide.reports.build import build_report
from mixdecide.reports.model import (
    Block,
    Bullets,
    Chart,
    Fields,
    Para,
    Report,
    ReportInput,
    SourceList,
    Sub,
    Table,
    safe_url,
)

CONTENT_WIDTH = Inches(6.5)  # US Letter with 1-inch margins
HEADER_FILL = "EEF0F6"


def _set_repeat_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell_text(cell: _Cell, text: str, bold: bool = False) -> None:
    par = cell.paragraphs[0]
    for i, line in enumerate(str(text).split("\n")):
        if i:
            par = cell.add_paragraph()
        run = par.add_run(line)
        run.bold = bold


def _table(doc: DocxDocument, tb: Table) -> None:
    table = doc.add_table(rows=1, cols=len(tb.header))
    table.style = "Table Grid"
    table.autofit = False
    widths = tb.widths or tuple(1 / len(tb.header) for _ in tb.header)
    total = sum(widths)
    col_w = [int(CONTENT_WIDTH * w / total) for w in widths]
    for column, w in zip(table.columns, col_w, strict=True):
        column.width = w  # the grid (LibreOffice reads this) as well as each cell (Word reads those)
    header = table.rows[0]
    _set_repeat_header(header)
    for cell, text, w in zip(header.cells, tb.header, col_w, strict=True):
        _cell_text(cell, text, bold=True)
        _shade(cell, HEADER_FILL)
        cell.width = w
    for row in tb.rows:
        cells = table.add_row().cells
        for cell, text, w in zip(cells, row, col_w, strict=True):
            _cell_text(cell, text)
            cell.width = w
    doc.add_paragraph()


def _hyperlink(par: Paragraph, text: str, url: str) -> None:
    r_id = par.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1F4E99")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    r_pr.extend([style, color, underline])
    run.append(r_pr)
    text_el = OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    par._p.append(link)


def _chart(doc: DocxDocument, c: Chart, images: bool, note: str) -> None:
    png = img.figure_png(c.build()) if images else None
    if png is not None:
        shape = doc.add_picture(io.BytesIO(png), width=CONTENT_WIDTH)
        shape._inline.docPr.set("descr", c.alt)  # alternative text for screen readers
        shape._inline.docPr.set("title", c.title)
        return
    doc.add_paragraph(c.title).runs[0].bold = True
    doc.add_paragraph(c.alt)
    if images:
        doc.add_paragraph(note, style="Quote")


def _blocks(doc: DocxDocument, blocks: tuple[Block, ...], level: int, report: Report, images: bool) -> None:
    for b in blocks:
        if isinstance(b, Para):
            if not b.text:
                continue
            if b.style == "lead":
                doc.add_paragraph(b.text, style="Subtitle")
            elif b.style == "note":
                doc.add_paragraph(b.text, style="Quote")
            else:
                par = doc.add_paragraph()
                par.add_run(b.text).bold = b.style == "strong"
        elif isinstance(b, Bullets):
            for x in b.items:
                doc.add_paragraph(x, style="List Number" if b.ordered else "List Bullet")
        elif isinstance(b, Fields):
            for k, v in b.items:
                par = doc.add_paragraph()
                par.add_run(k + " ").bold = True
                par.add_run(v)
        elif isinstance(b, Table):
            _table(doc, b)
        elif isinstance(b, Chart):
            _chart(doc, b, images, report.fallback_note)
        elif isinstance(b, SourceList):
            for s in b.items:
                par = doc.add_paragraph()
                par.add_run(f"[{s.number}] ")
                url = safe_url(s.url)
                if url:
                    _hyperlink(par, s.title, url)
                else:
                    par.add_run(s.title)
                if s.publisher:
                    par.add_run(f" — {s.publisher}")
                if url:
                    par.add_run(f" — {url}")
                if s.verify:
                    par.add_run(f" ({t('reports.legal.verify', report.lang)})").bold = True
                if s.note:
                    par.add_run(f" {s.note}")
        elif isinstance(b, Sub):
            doc.add_heading(b.heading, level=min(level, 9))
            _blocks(doc, b.blocks, level + 1, report, images)


def _field(run: Run, instr: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instr
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, code, sep, text, end])


def _footer(doc: DocxDocument, label: str) -> None:
    par = doc.sections[0].footer.paragraphs[0]
    par.alignment = 1  # centred
    before, rest = label.split("{page}", 1)
    middle, after = rest.split("{total}", 1)
    par.add_run(before)
    _field(par.add_run(), "PAGE")
    par.add_run(middle)
    _field(par.add_run(), "NUMPAGES")
    par.add_run(after)
    for run in par.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x4B, 0x55, 0x63)


def report_docx(report: Report, images: bool = True) -> bytes:
    """A built report as the bytes of a .docx file."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    doc.styles["Normal"].font.size = Pt(10.5)
    props = doc.core_properties
    props.title = report.title[:255]
    props.author = "MIX Decide"
    props.language = {"fr": "fr-CA", "en": "en-CA"}[report.lang]
    _footer(doc, report.page_label)
    for s in report.sections:
        if s.id == "cover":
            doc.add_heading(s.heading, level=0)
        else:
            heading = doc.add_heading(s.heading, level=1)
            heading.paragraph_format.page_break_before = s.new_page
        _blocks(doc, s.blocks, 2, report, images)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(inp: ReportInput, lang: str, images: bool = True) -> bytes:
    """The full report as an editable Word document."""
    return report_docx(build_report(inp, lang), images=images)
