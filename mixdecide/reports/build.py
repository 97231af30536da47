"""``build_report(inp, lang)``: the sections of a report in reading order, resolved in one language.

It sits above the section builders (``sections``, ``appendix``) and below the renderers (Word,
PDF, HTML, Markdown), which all render what it returns.
"""

from __future__ import annotations

from dataclasses import replace

import mixdecide.reports.appendix as appendix
import mixdecide.reports.plan_section as plan_section
import mixdecide.reports.sections as sections
from mixdecide.i18n import t
from mixdecide.reports.model import Report, ReportInput, clean

# Sections that start a new page in paged formats: the cover stands alone, long tables start fresh.
NEW_PAGE = frozenset({"summary", "plan", "risk", "checklist", "answers", "workshop", "legal"})


def build_report(inp: ReportInput, lang: str) -> Report:
    """Resolve every section of the report in ``lang`` ("en" or "fr"), in the order people read it."""
    lang = "fr" if lang == "fr" else "en"
    title = clean(inp.title) or t("reports.untitled", lang)
    ctx = sections.Context.make(inp, lang)
    built = [
        sections.cover(ctx, title),
        sections.summary(ctx),
        sections.why(ctx),
        sections.routes(ctx),
        sections.trade(ctx),
        plan_section.plan(ctx),
        sections.happened(ctx),
        sections.cases(ctx),
        sections.risk(ctx),
        appendix.checklist(ctx),
        appendix.answers(ctx),
        appendix.workshop(ctx),
        appendix.legal(ctx),
    ]
    return Report(
        lang=lang,
        title=title,
        sections=tuple(replace(s, new_page=s.id in NEW_PAGE) for s in built if s is not None),
        fallback_note=t("reports.charts.fallback", lang),
        page_label=t("reports.page", lang, page="{page}", total="{total}"),
    )
