"""The opening sections of a report, each built from the engine's trace through ``mixdecide.wording``
(the closing ones are in ``appendix``).

One function per section; each returns a ``Section`` of plain strings in one language. Sentences
come from the catalog, the pack or ``wording`` (shared with the dashboard), never re-derived here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from mixdecide import charts, narrative, wording
from mixdecide.cases import case_view, nearest_cases, pack_cases, route_note, with_local
from mixdecide.details import ASSESSMENT_STATUSES
from mixdecide.happened import happened_lines
from mixdecide.i18n import fmt_date, fmt_number, t
from mixdecide.pack.models import Pack
from mixdecide.reports.model import (
    Block,
    Bullets,
    Chart,
    Fields,
    Para,
    ReportInput,
    Section,
    SourceList,
    SourceRef,
    Sub,
    Table,
    clean,
    safe_url,
)
from mixdecide.result import Assessment, Contribution
from mixdecide.strategy import leading_path


@dataclass(frozen=True)
class Context:
    inp: ReportInput
    pack: Pack
    a: Assessment
    lang: str
    cited: dict[str, int]  # source id -> number, in order of first citation

    @classmethod
    def make(cls, inp: ReportInput, lang: str) -> Context:
        return cls(inp, inp.pack, inp.result, lang, _cited_sources(inp.pack, inp.result))

    def refs(self, ids: list[str] | tuple[str, ...]) -> str:
        """'[3], [7]' for the sources of a finding."""
        nums = sorted({self.cited[i] for i in ids if i in self.cited})
        return ", ".join(f"[{n}]" for n in nums)


def _cited_sources(pack: Pack, a: Assessment) -> dict[str, int]:
    """Every source the report relies on, numbered in the order the report first relies on it."""
    rule_refs = {r.rule.id: r.rule.refs for r in pack.rules}
    order: list[str] = []

    def add(ids: Any) -> None:
        order.extend(i for i in ids if i in pack.sources and i not in order)

    for step in (s.step for s in a.sequence) if a.sequence else ([a.top] if a.top else []):
        add(pack.routes[step].refs if step in pack.routes else pack.steps[step].refs)
    for route in (*a.ranking, *a.excluded):
        for c in route.contributions:
            add(rule_refs.get(c.rule, ()))
        for e in route.exclusions:
            add(rule_refs.get(e.rule, ()))
    for s in a.sequence:
        if s.rule:
            add(rule_refs.get(s.rule, ()))
    for f in a.trade:
        agreement = next(x for x in pack.thresholds.agreements if x.id == f.agreement)
        for p in agreement.periods:
            if (p.start, p.end) == (f.period_start, f.period_end):
                add(p.refs)
        add(r for o in agreement.obligations if o.id in f.obligations for r in o.refs)
    dims = {d.id: d for d in pack.risks.dimensions}
    for r in a.risks:
        add(dims[r.dimension].refs)
    items = {i.id: i for i in pack.checklist.items}
    for finding in a.checklist:
        add(items[finding.item].refs)
    return {sid: n for n, sid in enumerate(order, start=1)}


def frame_table(df: pd.DataFrame, widths: tuple[float, ...] | None = None) -> Table:
    """A chart module's DataFrame as a report table."""
    return Table(
        tuple(str(c) for c in df.columns),
        tuple(tuple(str(v) for v in row) for row in df.itertuples(index=False)),
        widths,
    )


def _date(value: Any, lang: str) -> str:
    """A date (or a timestamp's date) in words in the report's language (Babel)."""
    if not value:
        return ""
    return fmt_date(value.date() if isinstance(value, dt.datetime) else value, lang)


# --- sections -----------------------------------------------------------------------------------


def cover(ctx: Context, title: str) -> Section:
    inp, lang, pack = ctx.inp, ctx.lang, ctx.pack
    status = clean(inp.status)
    status_text = t(f"reports.status.{status}", lang) if status in ASSESSMENT_STATUSES else status
    fields = [
        (t("reports.cover.project", lang), title),
        (t("reports.cover.municipality", lang), clean(inp.municipality)),
        (t("reports.cover.department", lang), clean(inp.department)),
        (t("reports.cover.owner", lang), clean(inp.owner)),
        (t("reports.cover.status", lang), status_text),
        (t("reports.cover.created", lang), _date(inp.created, lang)),
        (t("reports.cover.updated", lang), _date(inp.updated, lang)),
        (t("reports.cover.assessed_on", lang), _date(ctx.a.assessed_on, lang)),
        (
            t("reports.cover.pack", lang),
            t(
                "reports.cover.pack_value",
                lang,
                name=pack.meta.name.get(lang),
                id=ctx.a.pack_id,
                version=ctx.a.pack_version,
            ),
        ),
    ]
    return Section(
        "cover",
        title,
        (
            Para(t("reports.doc_title", lang), "lead"),
            Fields(tuple((t("reports.label", lang, label=k), v) for k, v in fields if v)),
        ),
    )


def summary(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    blocks: list[Block] = []
    if a.top is None:
        blocks.append(Para(t("reports.summary.none", lang), "strong"))
    else:
        route = pack.routes[a.top]
        for line in narrative.date_lines(pack, a, lang):  # an unachievable date is said first
            blocks.append(Para(line, "strong"))
        if in_use := narrative.in_use_line(pack, a, lang):  # in use by the date, roll-out after
            blocks.append(Para(in_use, "strong"))
        lead = leading_path(pack, a.strategy)
        name = lead.name.get(lang) if lead else route.name.get(lang)
        if a.top_misses_deadline and lead is None:  # never an unqualified headline
            name = f"{name} — {narrative.headline_label(pack, a, lang)}"
        blocks.append(Para(t("reports.summary.route", lang, route=name), "strong"))
        if a.sequence:
            steps = " → ".join(wording.step_name(pack, s.step, lang) for s in a.sequence)
            blocks.append(Para(t("reports.summary.sequence", lang, steps=steps), "strong"))
        if lead:  # a direct award or a call-off: what the city does, not the ranked procedure
            blocks.append(Para(lead.summary.get(lang)))
            blocks.append(Para(t("reports.summary.instead", lang, route=route.name.get(lang)), "note"))
        else:
            blocks.append(Para(route.summary.get(lang)))
            blocks.append(Para(t("reports.summary.duration", lang, text=route.duration.text.get(lang))))
    level = wording.confidence_label(a, lang)  # qualified when the route misses the date
    blocks.append(Para(t("reports.summary.confidence", lang, level=level), "strong"))
    blocks.append(Para(wording.confidence_meaning(lang), "note"))
    blocks.append(Para(" ".join(wording.confidence_sentences(pack, a, lang))))
    decisive = [wording.unknown_sentence(pack, u, lang) for u in a.unknowns if u.decisive]
    if decisive:
        blocks.append(Sub(t("reports.summary.decisive", lang), (Bullets(tuple(decisive)),)))
    if a.missing:
        names = "; ".join(t("quote", lang, text=wording.question_label(pack, q, lang)) for q in a.missing)
        blocks.append(Para(t("reports.summary.missing", lang, count=len(a.missing), names=names), "note"))
    if a.sequence:
        rows = []
        for i, s in enumerate(a.sequence, start=1):
            # every cell says something (review r14: a step's empty duration and the first route's
            # empty "why" read as missing data)
            duration = t("reports.summary.step_no_duration", lang)
            if s.kind == "route":
                d = pack.routes[s.step].duration
                duration = t(
                    "chart.months",
                    lang,
                    min=fmt_number(d.min_months, lang),
                    max=fmt_number(d.max_months, lang),
                )
            if s.note:
                why = s.note.get(lang)
            elif s.rule is None and s.step == a.top:
                why = t("reports.summary.step_first", lang)
            else:  # added by a rule with no note of its own: what the step is
                why = (pack.routes[s.step] if s.kind == "route" else pack.steps[s.step]).summary.get(lang)
            rows.append((str(i), wording.step_name(pack, s.step, lang), duration, why))
        blocks.append(
            Chart(
                "sequence",
                t("chart.sequence_title", lang),
                charts.sequence_alt(pack, a, lang),
                partial(charts.sequence_chart, pack, a, lang),
            )
        )
        blocks.append(
            Table(
                (
                    "#",
                    t("reports.summary.step", lang),
                    t("reports.summary.duration_col", lang),
                    t("reports.summary.why_step", lang),
                ),
                tuple(rows),
                (0.06, 0.34, 0.2, 0.4),
            )
        )
    if a.top is not None:
        lead = leading_path(pack, a.strategy)
        route_steps = tuple(
            s.get(lang) for s in (lead.steps if lead and lead.steps else pack.routes[a.top].steps)
        )
        blocks.append(Sub(t("reports.summary.steps", lang), (Bullets(route_steps, ordered=True),)))
    return Section("summary", t("reports.summary.heading", lang), tuple(blocks))


def _points(value: float, lang: str) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + fmt_number(abs(value), lang)


def _reasons(title: str, header: tuple[str, str], parts: list[Contribution], empty: str, lang: str) -> Sub:
    """The rule contributions for (or against) the first route as a table, or a line saying none."""
    rows = tuple((c.why.get(lang), _points(c.points, lang)) for c in parts)
    return Sub(title, (Table(header, rows, (0.85, 0.15)) if rows else Para(empty),))


def why(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    header = (t("reports.why.reason", lang), t("reports.why.points", lang))
    pro = wording.top_reasons(a, n=5)
    con = wording.counter_reasons(a, n=3)
    blocks: list[Block] = []
    if a.top is not None:
        separating = narrative.why_lines(pack, a, lang)
        if separating[1:]:  # open with what separates first from second (review finding 8)
            blocks.append(Para(separating[0], "strong"))
            blocks.append(Bullets(tuple(separating[1:])))
        else:
            blocks.append(Para(wording.why_paragraph(a, lang) or t("reports.why.none", lang)))
        if leading_path(pack, a.strategy) is None:  # a direct award or a call-off has no rival or duration
            # the deadline's strain on the first two routes; the ranking table lists the rest
            pair = tuple(r for r in (a.top, narrative.alternative(pack, a)) if r is not None)
            strained = narrative.deadline_lines(pack, a, lang, routes=pair)
            for line in (*narrative.tie_lines(pack, a, lang), *strained):
                blocks.append(Para(line, "note"))
        if a.strategy is not None and pack.strategy is not None:
            rows = tuple(narrative.strategy_rows(pack, a, lang))
            notes = tuple(
                wording.duty_text(n.basis, n.get(lang), n.cite, lang)
                for n in narrative.strategy_notes(pack, a.strategy)
            )
            parts: list[Block] = [Fields(rows)]
            if notes:
                parts.append(Bullets(notes))
            blocks.append(Sub(t("strategy.title", lang), tuple(parts)))
        lead = leading_path(pack, a.strategy)
        # under a direct award or a call-off the tables are the ranked procedure's, if competed
        pro_t, con_t = (
            (
                t("reports.why.for_procedure", lang, route=pack.routes[a.top].name.get(lang)),
                t("reports.why.against_procedure", lang, route=pack.routes[a.top].name.get(lang)),
            )
            if lead
            else (t("reports.why.for", lang), t("reports.why.against", lang))
        )
        blocks.append(_reasons(pro_t, header, pro, t("reports.why.none", lang), lang))
        blocks.append(_reasons(con_t, header, con, t("reports.why.none_against", lang), lang))
    needed = wording.date_needed_sentence(pack, a, lang)  # the date the first route needs, first
    changes = ([needed] if needed else []) + wording.change_sentences(pack, a, lang)
    shown = changes[: wording.MAX_CHANGES]
    more = len(changes) - len(shown)
    blocks.append(
        Sub(
            t("reports.why.changes", lang),
            (
                *((Bullets(tuple(shown)),) if shown else (Para(wording.no_change_sentence(a, lang)),)),
                *((Para(t("change.more", lang, n=more)),) if more else ()),
            ),
        )
    )
    return Section("why", t("reports.why.heading", lang), tuple(blocks))


def routes(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    blocks: list[Block] = []
    if a.ranking:
        blocks.append(
            Chart(
                "ranking",
                charts.ranking_title(pack, lang),
                charts.ranking_alt(pack, a, lang),
                partial(charts.ranking_chart, pack, a, lang),
            )
        )
        blocks.append(frame_table(charts.ranking_table(pack, a, lang), (0.08, 0.72, 0.2)))
    if a.excluded:
        rows = tuple(
            (
                wording.step_name(pack, r.route, lang),
                " ".join(
                    " ".join(filter(None, (e.reason.get(lang), narrative.lift_line(e.lift, lang))))
                    for e in r.exclusions
                ),
            )
            for r in a.excluded
        )
        excl: Block = Table((t("table.route", lang), t("reports.routes.reason", lang)), rows, (0.3, 0.7))
    else:
        excl = Para(t("reports.routes.excluded_none", lang))
    blocks.append(Sub(t("reports.routes.excluded", lang), (excl,)))
    return Section("routes", t("reports.routes.heading", lang), tuple(blocks))


def trade(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    subs: list[Block] = []
    for f in a.trade:
        agreement = next(x for x in pack.thresholds.agreements if x.id == f.agreement)
        blocks: list[Block] = [Para(wording.trade_sentence(pack, f, a, lang))]
        if f.verify:
            blocks.append(Para(t("trade.verify", lang), "note"))
        elif source := wording.threshold_source(f, lang):
            blocks.append(Para(source, "note"))
        if not f.period_exact:
            blocks.append(Para(t("trade.inexact", lang), "note"))
        obligations = wording.obligation_texts(pack, f, lang)
        if obligations:
            blocks.append(Para(t("reports.trade.obligations", lang), "strong"))
            blocks.append(Bullets(tuple(obligations)))
        subs.append(Sub(agreement.name.get(lang), tuple(blocks)))
    return Section("trade", t("reports.trade.heading", lang), tuple(subs))


def cases(ctx: Context, limit: int = 3) -> Section | None:
    """The real cases nearest to these answers: what the buyer did, how it went, why it is similar
    and the sources; a plain note first when most of them used another route. None when the pack
    has no case library."""
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    local = tuple(ctx.inp.local_cases)
    if not pack_cases(pack) and not local:
        return None
    local_ids = {c.id for c in local} - {c.id for c in pack_cases(pack)}
    near = nearest_cases(pack, a.answers, with_local(pack, local), k=limit)
    blocks: list[Block] = [Para(t("cases.panel_intro", lang), "note")]
    note, differs = route_note(pack, near, a.top, lang, local_ids)
    if note:
        blocks.append(Para(note, "strong" if differs else "note"))
    for n in near:
        v = case_view(pack, n, lang, local=n.case.id in local_ids)
        refs = tuple(
            SourceRef(i, title, "", url, False)
            for i, (title, url) in enumerate(v.sources, 1)
            if safe_url(url)
        )
        blocks.append(
            Sub(
                v.title,
                (
                    Para(f"{v.meta} · {t('library.local', lang)}" if v.local else v.meta, "note"),
                    Fields(
                        (
                            (t("cases.used", lang).rstrip(" :"), v.used),
                            (t("cases.outcome_label", lang).rstrip(" :"), v.outcome),
                            (t("cases.why_similar", lang).rstrip(" :"), v.why),
                        )
                    ),
                    Para(v.summary),
                    Para(f"{t('cases.lessons_label', lang)} {v.lessons}"),
                    SourceList(refs),
                ),
            )
        )
    return Section("cases", t("cases.panel_title", lang), tuple(blocks))


def happened(ctx: Context) -> Section | None:
    """What was actually done after the advice and how it went; None until it is recorded."""
    o = ctx.inp.outcome
    if not o or not o.get("route"):
        return None
    blocks: list[Block] = [Bullets(tuple(happened_lines(ctx.pack, o, ctx.a.top, ctx.lang)))]
    if o.get("lessons"):
        blocks += [Para(t("happened.lessons", ctx.lang), "strong"), Para(str(o["lessons"]))]
    return Section("happened", t("happened.report_heading", ctx.lang), tuple(blocks))


def risk(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    dims = {d.id: d for d in pack.risks.dimensions}
    blocks: list[Block] = [
        Chart(
            "risk",
            t("chart.radar_title", lang),
            charts.risk_alt(pack, a, lang),
            partial(charts.risk_radar, pack, a, lang),
        ),
        frame_table(charts.risk_table(pack, a, lang), (0.4, 0.15, 0.15, 0.12, 0.18)),
    ]
    for r in a.risks:
        d = dims[r.dimension]
        drivers = tuple(wording.driver_texts(pack, r, lang))
        mitigations = {m.id: m for m in d.mitigations}
        texts = tuple(mitigations[m].text.get(lang) for m in r.mitigations)
        heading = t(
            "reports.risk.title",
            lang,
            name=d.name.get(lang),
            band=charts.band_label(pack, r.band, lang),
            score=r.score,
        )
        blocks.append(
            Sub(
                heading,
                (
                    Para(d.description.get(lang)),
                    Para(t("reports.risk.drivers", lang), "strong"),
                    Bullets(drivers) if drivers else Para(t("reports.risk.no_drivers", lang)),
                    Para(t("reports.risk.mitigations", lang), "strong"),
                    Bullets(texts) if texts else Para(t("reports.risk.no_mitigations", lang)),
                ),
            )
        )
    return Section("risk", t("reports.risk.heading", lang), tuple(blocks))
