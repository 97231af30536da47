"""The report's procurement plan section (issue 12): the dated steps with their legal basis, what
does not fit, the critical path and the Gantt chart, from the same wording as the Plan page."""

from __future__ import annotations

from functools import partial

from mixdecide.i18n import fmt_date, t
from mixdecide.plan import Plan, build_plan, default_profile, plan_spec
from mixdecide.plan_text import (
    approver_text,
    caveat_text,
    flag_text,
    plan_alt,
    plan_figure,
    plan_header,
    plan_rows,
    step_label,
    summary_text,
)
from mixdecide.reports.model import Block, Bullets, Chart, Para, ReportInput, Section, Sub, Table
from mixdecide.reports.sections import Context


def report_plan(inp: ReportInput, lang: str) -> Plan | None:
    """The plan every report and export shows: from the start date (default: the assessment
    date), the deadline and the options the user chose, with the municipality profile or the
    pack's defaults in ``lang``. None when the pack has no plan file or the assessment no strategy."""
    pack, a = inp.pack, inp.result
    if plan_spec(pack) is None or a.strategy is None:
        return None
    start = inp.plan_start or a.assessed_on
    profile = inp.profile or default_profile(pack, start, lang, inp.municipality)
    if profile is None:  # pragma: no cover - plan_spec was checked
        return None
    return build_plan(pack, a, profile, start=start, deadline=inp.plan_deadline, options=inp.plan_options)


def plan(ctx: Context) -> Section | None:
    """None when the pack has no plan file or the assessment no strategy."""
    pack, lang = ctx.pack, ctx.lang
    p = report_plan(ctx.inp, lang)
    if p is None:
        return None
    problems = [flag_text(pack, p, f, lang) for f in p.flags if f.level != "info"]
    notes = [flag_text(pack, p, f, lang) for f in p.flags if f.level == "info"]
    blocks: list[Block] = [
        Para(summary_text(p, lang), "lead"),
        Para(t("plan.report.intro", lang, start=fmt_date(p.start, lang))),
        Para(approver_text(p, lang)),
        *(Para(n) for n in notes),
        Chart("plan", t("plan.gantt_title", lang), plan_alt(p, lang), partial(plan_figure, pack, p, lang)),
        Table(plan_header(lang), tuple(plan_rows(pack, p, lang)), (3.0, 1.1, 1.1, 1.2, 3.4, 0.8)),
        Para(caveat_text(pack, lang), "note"),
        Sub(
            t("plan.report.flags", lang),
            (Bullets(tuple(problems)) if problems else Para(t("plan.report.none", lang)),),
        ),
        Sub(
            t("plan.critical", lang),
            (
                Para(t("plan.critical_intro", lang)),
                Bullets(tuple(step_label(pack, s, lang) for s in p.critical_path), ordered=True),
            ),
        ),
    ]
    return Section("plan", t("plan.report.heading", lang), tuple(blocks))
