"""Reports people can file and share: Word, PDF, HTML, Markdown and JSON, in English and French.

Every format renders the one structure ``build.build_report`` makes, so the content is the same
in each. ``render(fmt, inp, lang)`` returns the file's bytes; ``FORMATS`` gives each format's MIME
type and file extension (for download buttons).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mixdecide.reports.build import build_report
from mixdecide.reports.model import ReportInput, Workshop, export_name

__all__ = [
    "FORMATS",
    "Format",
    "ReportInput",
    "Workshop",
    "build_report",
    "export_name",
    "filename",
    "render",
]


@dataclass(frozen=True)
class Format:
    mime: str
    ext: str
    label: str


FORMATS: dict[str, Format] = {
    "docx": Format(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word"
    ),
    "pdf": Format("application/pdf", ".pdf", "PDF"),
    "html": Format("text/html; charset=utf-8", ".html", "HTML"),
    "md": Format("text/markdown; charset=utf-8", ".md", "Markdown"),
    "json": Format("application/json", ".json", "JSON"),
}


def render(fmt: str, inp: ReportInput, lang: str, images: bool = True) -> bytes:
    """The report (or, for "json", the re-importable export) as the bytes of a file in ``fmt``."""
    if fmt == "docx":
        from mixdecide.reports.docx import render_docx

        return render_docx(inp, lang, images=images)
    if fmt == "pdf":
        from mixdecide.reports.pdf import render_pdf

        return render_pdf(inp, lang, images=images)
    if fmt == "html":
        from mixdecide.reports.html import render_html

        return render_html(inp, lang, images=images).encode("utf-8")
    if fmt == "md":
        from mixdecide.reports.markdown import render_markdown

        return render_markdown(inp.pack, inp.result, lang=lang, inp=inp).encode("utf-8")
    if fmt == "json":
        from mixdecide.reports.jsonio import export_json

        return export_json(inp, lang=lang).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


def filename(fmt: str, inp: ReportInput, lang: str, day: dt.date, what: str = "report") -> str:
    """The download's file name (see ``export_name``), e.g.
    ``mixdecide-green-bin-challenge-report-fr-2026-03-02.pdf``."""
    return export_name(inp.title, what, FORMATS[fmt].ext, day, lang)
