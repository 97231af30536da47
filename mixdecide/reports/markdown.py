"""The report as Markdown (GitHub-flavoured), for the CLI, wikis and e-mail.

Every string is escaped with ``mixdecide.text.md_escape``, whether a person typed it or it comes
from the pack, so that ``![x](http://evil/p.png)``, ``<script>`` or ``javascript:`` in a note stay
text. Only pack source URLs that are plain http(s) become links.
"""

from __future__ import annotations

from mixdecide.pack.models import Pack
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
from mixdecide.result import Assessment
from mixdecide.text import md_escape


def _table(tb: Table) -> list[str]:
    out = ["| " + " | ".join(md_escape(h, cell=True) for h in tb.header) + " |"]
    out.append("|" + "|".join("---" for _ in tb.header) + "|")
    for row in tb.rows:
        out.append("| " + " | ".join(md_escape(c, cell=True) or " " for c in row) + " |")
    return out


def _link_target(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _blocks(blocks: tuple[Block, ...], level: int, report: Report) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            text = md_escape(b.text)
            if not text:
                continue
            out.append({"strong": f"**{text}**", "lead": f"*{text}*", "note": f"> {text}"}.get(b.style, text))
        elif isinstance(b, Bullets):
            out.append(
                "\n".join(
                    (f"{i}. " if b.ordered else "- ") + md_escape(x) for i, x in enumerate(b.items, start=1)
                )
            )
        elif isinstance(b, Fields):
            out.append("  \n".join(f"**{md_escape(k)}** {md_escape(v)}" for k, v in b.items))
        elif isinstance(b, Table):
            out.append("\n".join(_table(b)))
        elif isinstance(b, Chart):
            out.append(f"*{md_escape(b.title)}.* {md_escape(b.alt)}")
        elif isinstance(b, SourceList):
            lines = []
            for s in b.items:
                url = safe_url(s.url)
                title = md_escape(s.title)
                linked = f"[{title}]({_link_target(url)})" if url else title
                extra = f" — {md_escape(s.publisher)}" if s.publisher else ""
                flag = f" (**{md_escape(_verify_label(report))}**)" if s.verify else ""
                note = f" {md_escape(s.note)}" if s.note else ""
                lines.append(f"- \\[{s.number}\\] {linked}{extra}{flag}{note}")
            out.append("\n".join(lines))
        elif isinstance(b, Sub):
            out.append(f"{'#' * level} {md_escape(b.heading)}")
            out.extend(_blocks(b.blocks, level + 1, report))
    return out


def _verify_label(report: Report) -> str:
    from mixdecide.i18n import t

    return t("reports.legal.verify", report.lang)


def report_markdown(report: Report) -> str:
    """A built report as Markdown text."""
    parts: list[str] = []
    for s in report.sections:
        parts.append(f"{'#' if s.id == 'cover' else '##'} {md_escape(s.heading)}")
        parts.extend(_blocks(s.blocks, 3, report))
    return "\n\n".join(parts) + "\n"


def render_markdown(pack: Pack, result: Assessment, lang: str = "en", inp: ReportInput | None = None) -> str:
    """The full report as Markdown; without ``inp`` (the CLI) it covers the answers and result only."""
    inp = inp or ReportInput(pack=pack, result=result)
    return report_markdown(build_report(inp, lang))
