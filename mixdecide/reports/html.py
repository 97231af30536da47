"""The report as one self-contained, print-friendly HTML file.

No script, no external font, stylesheet or image: CSS is inline, charts are base64 PNGs, and a
Content-Security-Policy forbids loading anything else. Every string goes through ``html.escape``;
the only links are pack sources with plain http(s) URLs.
"""

from __future__ import annotations

import base64
from html import escape

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

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

CSS = """
:root { color-scheme: light; }
body { font-family: "Source Sans 3", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif;
  color: #1F2937; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; color: #332288; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #332288; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p.lead { font-size: 1.15rem; color: #4B5563; margin-top: 0; }
p.strong { font-weight: 700; }
p.note { border-left: 4px solid #DDCC77; padding: .2rem .7rem; background: #FFFBEA; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dl.fields dt { font-weight: 700; } dl.fields dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid #D1D5DB; padding: .35rem .5rem; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
th { background: #EEF0F6; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #E5E7EB; }
ol.sources li { margin-bottom: .3rem; overflow-wrap: anywhere; }
.verify { font-weight: 700; color: #8A4B00; }
.cover { margin-bottom: 2rem; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  section.new-page { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  figure, table { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 18mm 16mm; }
}
"""


def _text(s: str) -> str:
    """Escaped text; line breaks a person typed are kept."""
    return "<br>".join(escape(line) for line in str(s).split("\n"))


def _table(tb: Table) -> str:
    head = "".join(f'<th scope="col">{_text(h)}</th>' for h in tb.header)
    body = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>" for row in tb.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(c: Chart, images: bool, note: str) -> str:
    png = img.figure_png(c.build()) if images else None
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        # the picture carries its own title; the alt text gives its numbers to screen readers
        return f'<figure><img src="data:image/png;base64,{data}" alt="{escape(c.alt)}"></figure>'
    extra = f'<p class="note">{_text(note)}</p>' if images else ""
    return f'<p class="strong">{_text(c.title)}</p><p>{_text(c.alt)}</p>{extra}'


def _sources(s: SourceList, lang: str) -> str:
    items = []
    for ref in s.items:
        url = safe_url(ref.url)
        title = _text(ref.title)
        if url:
            href = escape(url, quote=True)
            title = f'<a href="{href}" rel="noopener noreferrer">{title}</a> &lt;{escape(url)}&gt;'
        parts = [title]
        if ref.publisher:
            parts.append(_text(ref.publisher))
        if ref.verify:
            parts.append(f'<span class="verify">{_text(t("reports.legal.verify", lang))}</span>')
        if ref.note:
            parts.append(_text(ref.note))
        items.append(f'<li value="{ref.number}">' + " — ".join(parts) + "</li>")
    return '<ol class="sources">' + "".join(items) + "</ol>"


def _blocks(blocks: tuple[Block, ...], level: int, report: Report, images: bool) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Para):
            if b.text:
                out.append(f'<p class="{b.style}">{_text(b.text)}</p>')
        elif isinstance(b, Bullets):
            tag = "ol" if b.ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_text(x)}</li>" for x in b.items) + f"</{tag}>")
        elif isinstance(b, Fields):
            out.append(
                '<dl class="fields">'
                + "".join(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in b.items)
                + "</dl>"
            )
        elif isinstance(b, Table):
            out.append(_table(b))
        elif isinstance(b, Chart):
            out.append(_chart(b, images, report.fallback_note))
        elif isinstance(b, SourceList):
            out.append(_sources(b, report.lang))
        elif isinstance(b, Sub):
            out.append(f"<h{level}>{_text(b.heading)}</h{level}>")
            out.append(_blocks(b.blocks, min(level + 1, 6), report, images))
    return "\n".join(out)


def report_html(report: Report, images: bool = True) -> str:
    """A built report as a complete HTML document."""
    body = []
    for s in report.sections:
        if s.id == "cover":
            body.append(
                f'<header class="cover"><h1>{_text(s.heading)}</h1>{_blocks(s.blocks, 3, report, images)}</header>'
            )
        else:
            cls = ' class="new-page"' if s.new_page else ""
            body.append(
                f'<section id="{s.id}"{cls}><h2>{_text(s.heading)}</h2>\n'
                f"{_blocks(s.blocks, 3, report, images)}</section>"
            )
    return (
        f'<!DOCTYPE html>\n<html lang="{report.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_text(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render_html(inp: ReportInput, lang: str, images: bool = True) -> str:
    """The full report as one self-contained HTML file (charts inline as PNG when drawable)."""
    return report_html(build_report(inp, lang), images=images)
