"""The report as PDF (fpdf2), with the bundled DejaVu Sans font so French prints correctly.

Tables repeat their header row on every page; a row too tall for one page is split into
continuation rows instead of failing; the footer reads "Page 3 / 12" ("Page 3 sur 12"); sections
are PDF bookmarks. Text is written as text, never parsed as markup.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, cast

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

import mixdecide.reports.images as img
import mixdecide.reports.pdf_widths as pdf_widths
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

pdf_widths.install()  # fpdf2 line breaking without its quadratic width sums (r16head finding 11)

FONT_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"
FONT = "DejaVu"
BODY = 9.5
LINE = 4.8
TABLE_SIZE = 8.5
TABLE_LINE = 4.2
MAX_ROW_LINES = 40  # a taller row is split so it always fits on a page
INK = (31, 41, 55)
ACCENT = (51, 34, 136)
MUTED = (75, 85, 99)
HEADER_FILL = (238, 240, 246)
HEADING_SIZES = {1: 16, 2: 12.5, 3: 11, 4: 10}
PARA_STYLES: dict[str, dict[str, Any]] = {
    "strong": {"bold": True},
    "lead": {"size": 12, "color": MUTED},
    "note": {"size": 8.5, "color": MUTED, "indent": 3},
}


class _PDF(FPDF):
    page_label = "Page {page} / {total}"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, self.page_label.format(page=self.page_no(), total="{nb}"), align="C")
        self.set_text_color(*INK)


def _new_pdf(report: Report) -> _PDF:
    pdf = _PDF(format="Letter", unit="mm")
    pdf.page_label = report.page_label
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(report.title)
    pdf.set_creator("MIX Decide")
    pdf.set_lang({"fr": "fr-CA", "en": "en-CA"}[report.lang])
    pdf.set_text_color(*INK)
    return pdf


def _para(
    pdf: _PDF,
    text: str,
    *,
    bold: bool = False,
    size: float = BODY,
    color: tuple[int, int, int] = INK,
    indent: float = 0,
) -> None:
    if bold and pdf.will_page_break(LINE * 4):
        pdf.add_page()  # a bold lead-in line is not left alone at the foot of a page
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, LINE, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*INK)
    pdf.ln(1.5)


def _heading(pdf: _PDF, text: str, level: int) -> None:
    size = HEADING_SIZES.get(level, 10)
    if pdf.will_page_break(size * 2.2):
        pdf.add_page()
    pdf.ln(2 if level > 1 else 0)
    pdf.start_section(text[:120], level=level - 1)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*(ACCENT if level <= 2 else INK))
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*INK)
    pdf.ln(1.5)


def _lines(pdf: _PDF, width: float, text: str, line: float) -> list[str]:
    """How ``text`` wraps at ``width`` in the current font (nothing is drawn)."""
    out = pdf.multi_cell(width, line, text or " ", dry_run=True, output="LINES", align="L")
    return list(cast(list[str], out))


def _surely_fits(pdf: _PDF, width: float, text: str) -> bool:
    """True when ``text`` cannot wrap to more than MAX_ROW_LINES lines at ``width``: each wrapped
    line holds at least ``width`` minus the widest word, so the count is bounded without laying
    the text out (one width sum instead of fpdf2's per-character line breaking)."""
    words = text.split()
    if not words:
        return True
    widest = max(pdf.get_string_width(w) for w in words)
    room = width - widest - pdf.get_string_width(" ")
    if room <= 0:
        return False
    bound = text.count("\n") + 1 + pdf.get_string_width(text) / room + 1
    return bound <= MAX_ROW_LINES


def _split_rows(pdf: _PDF, tb: Table, widths: list[float]) -> list[tuple[str, ...]]:
    """Rows as they will be drawn: one too tall for a page becomes several continuation rows."""
    pdf.set_font(FONT, "", TABLE_SIZE)
    out: list[tuple[str, ...]] = []
    for row in tb.rows:
        if all(
            _surely_fits(pdf, w - 2 * pdf.c_margin - 2, cell) for cell, w in zip(row, widths, strict=True)
        ):
            out.append(row)  # no dry run: laying a table out three times was a third of a PDF's time
            continue
        lines = [
            _lines(pdf, w - 2 * pdf.c_margin - 2, cell, TABLE_LINE)
            for cell, w in zip(row, widths, strict=True)
        ]
        if max(len(x) for x in lines) <= MAX_ROW_LINES:
            out.append(row)
            continue
        chunks = max((len(x) + MAX_ROW_LINES - 1) // MAX_ROW_LINES for x in lines)
        for i in range(chunks):
            part = [x[i * MAX_ROW_LINES : (i + 1) * MAX_ROW_LINES] for x in lines]
            out.append(tuple("\n".join(p) for p in part))
    return out


PADDING = 1.2
KEEP_ROWS = 2  # a table starts on a new page unless its header and first rows fit


def _column_widths(pdf: _PDF, tb: Table) -> list[float]:
    """The table's relative widths on the page, widened where a header word would not fit (it
    broke "Critical" into "Critica / l"), the room taken from the columns that have some to spare."""
    rel = tb.widths or tuple(1 for _ in tb.header)
    widths = [pdf.epw * w / sum(rel) for w in rel]
    pdf.set_font(FONT, "B", TABLE_SIZE)
    need = [max((pdf.get_string_width(w) for w in h.split()), default=0) + 2 * PADDING + 2 for h in tb.header]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
    if short <= 0 or sum(spare) < short:
        return widths
    return [
        max(w, n) if n >= w else w - short * sp / sum(spare)
        for n, w, sp in zip(need, widths, spare, strict=True)
    ]


def _table_start_height(pdf: _PDF, tb: Table, widths: list[float]) -> float:
    """The height of the header and the first rows: what must fit for the table to start here."""
    total = 0.0
    for i, row in enumerate((tb.header, *tb.rows[:KEEP_ROWS])):
        pdf.set_font(FONT, "B" if i == 0 else "", TABLE_SIZE)
        lines = max(
            len(_lines(pdf, w - 2 * pdf.c_margin - 2, c, TABLE_LINE))
            for c, w in zip(row, widths, strict=True)
        )
        total += min(lines, MAX_ROW_LINES) * TABLE_LINE + 2 * PADDING
    pdf.set_font(FONT, "", TABLE_SIZE)
    return total


def _at_page_top(pdf: _PDF) -> bool:
    return pdf.get_y() <= pdf.t_margin + 1


def _table(pdf: _PDF, tb: Table) -> None:
    widths = _column_widths(pdf, tb)
    if not _at_page_top(pdf) and pdf.will_page_break(_table_start_height(pdf, tb, widths)):
        pdf.add_page()  # not a header and one row at the foot of a page, the rest overleaf
    rows = _split_rows(pdf, tb, widths)
    pdf.set_font(FONT, "", TABLE_SIZE)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        line_height=TABLE_LINE,
        text_align="LEFT",
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        cell_fill_mode=TableCellFillMode.NONE,
        borders_layout="ALL",
        repeat_headings=1,
        padding=PADDING,
    ) as table:
        head = table.row()
        for h in tb.header:
            head.cell(h)
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(3)


def _chart(pdf: _PDF, c: Chart, images: bool, note: str) -> None:
    png = img.figure_png(c.build()) if images else None
    if png is not None:
        pdf.image(io.BytesIO(png), w=pdf.epw, alt_text=c.alt, title=c.title)
        pdf.ln(2)
        return
    _para(pdf, c.title, bold=True)
    _para(pdf, c.alt)
    if images:
        _para(pdf, note, size=8.5, color=MUTED)


def _sources(pdf: _PDF, s: SourceList, lang: str) -> None:
    verify = t("reports.legal.verify", lang)
    for ref in s.items:
        url = safe_url(ref.url)
        pdf.set_font(FONT, "", BODY)
        pdf.write(LINE, f"[{ref.number}] ")
        pdf.set_text_color(31, 78, 153)
        pdf.write(LINE, ref.title, link=url or "")
        pdf.set_text_color(*INK)
        if ref.publisher:
            pdf.write(LINE, f" — {ref.publisher}")
        if url:
            pdf.write(LINE, f" — {url}")
        if ref.verify:
            pdf.set_font(FONT, "B", BODY)
            pdf.write(LINE, f" ({verify})")
            pdf.set_font(FONT, "", BODY)
        if ref.note:
            pdf.write(LINE, f" {ref.note}")
        pdf.ln(LINE + 1.5)


def _blocks(pdf: _PDF, blocks: tuple[Block, ...], level: int, report: Report, images: bool) -> None:
    for b in blocks:
        if isinstance(b, Para):
            if b.text:
                _para(pdf, b.text, **PARA_STYLES.get(b.style, {}))
        elif isinstance(b, Bullets):
            for i, x in enumerate(b.items, start=1):
                pdf.set_font(FONT, "", BODY)
                lines = _lines(pdf, pdf.epw - 6, x, LINE)
                if pdf.will_page_break(LINE * min(len(lines), 3)):
                    pdf.add_page()  # the bullet and its first lines stay together
                y = pdf.get_y()
                pdf.set_x(pdf.l_margin + 1)
                pdf.cell(5, LINE, f"{i}." if b.ordered else "•")
                pdf.set_xy(pdf.l_margin + 6, y)
                pdf.multi_cell(pdf.epw - 6, LINE, x, new_x="LMARGIN", new_y="NEXT", align="L")
                pdf.ln(0.8)
            pdf.ln(1)
        elif isinstance(b, Fields):
            for k, v in b.items:
                pdf.set_font(FONT, "B", 10.5)
                pdf.write(6, k + " ")
                pdf.set_font(FONT, "", 10.5)
                pdf.write(6, v)
                pdf.ln(7)
        elif isinstance(b, Table):
            _table(pdf, b)
        elif isinstance(b, Chart):
            _chart(pdf, b, images, report.fallback_note)
        elif isinstance(b, SourceList):
            _sources(pdf, b, report.lang)
        elif isinstance(b, Sub):
            first = b.blocks[0] if b.blocks else None
            if isinstance(first, Table) and not _at_page_top(pdf):
                # the heading moves with its table's first rows, not left alone at the foot of a page
                keep = HEADING_SIZES.get(level, 10) * 1.2 + _table_start_height(
                    pdf, first, _column_widths(pdf, first)
                )
                if pdf.will_page_break(keep):
                    pdf.add_page()
            _heading(pdf, b.heading, level)
            _blocks(pdf, b.blocks, level + 1, report, images)


_CACHE_SIZE = 8
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached PDF (tests that change how charts draw)."""
    with _cache_lock:
        _cache.clear()


def report_pdf(report: Report, images: bool = True) -> bytes:
    """A built report as the bytes of a PDF file; the same report (same content, language and
    chart availability) again is served from a small cache: a second click, or the Recommendation
    and Plan pages' buttons for one assessment, does not lay 30 pages out again."""
    key = hashlib.sha256(repr((report, images, images and img.unavailable_reason())).encode()).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = _report_pdf(report, images)
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def _report_pdf(report: Report, images: bool) -> bytes:
    pdf = _new_pdf(report)
    pdf.add_page()
    for s in report.sections:
        if s.id == "cover":
            pdf.ln(30)
            pdf.start_section(s.heading[:120], level=0)
            pdf.set_font(FONT, "B", 22)
            pdf.set_text_color(*ACCENT)
            pdf.multi_cell(0, 10, s.heading, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_text_color(*INK)
            pdf.ln(3)
            _blocks(pdf, s.blocks, 2, report, images)
            continue
        if s.new_page:
            pdf.add_page()
        _heading(pdf, s.heading, 1)
        _blocks(pdf, s.blocks, 2, report, images)
    return bytes(pdf.output())


def render_pdf(inp: ReportInput, lang: str, images: bool = True) -> bytes:
    """The full report as PDF."""
    return report_pdf(build_report(inp, lang), images=images)
