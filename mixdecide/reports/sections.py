"""The sections of a report, each built from the engine's trace through ``mixdecide.wording``.

One function per section; each returns a ``Section`` of plain strings in one language. Sentences
come from the catalog, the pack or ``wording`` (shared with the dashboard), never re-derived here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from mixdecide import charts, wording
from mixdecide.i18n import fmt_number, t
from mixdecide.pack import Pack
from mixdecide.reports.model import (
    ASSESSMENT_STATUSES,
    CHECKLIST_STATUSES,
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
)
from mixdecide.result import Assessment


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
    for c in a.checklist:
        add(items[c.item].refs)
    return {sid: n for n, sid in enumerate(order, start=1)}


def frame_table(df: pd.DataFrame, widths: tuple[float, ...] | None = None) -> Table:
    """A chart module's DataFrame as a report table."""
    return Table(
        tuple(str(c) for c in df.columns),
        tuple(tuple(str(v) for v in row) for row in df.itertuples(index=False)),
        widths,
    )


def _date(value: Any) -> str:
    return value.isoformat()[:10] if value else ""


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
        (t("reports.cover.created", lang), _date(inp.created)),
        (t("reports.cover.updated", lang), _date(inp.updated)),
        (t("reports.cover.assessed_on", lang), _date(ctx.a.assessed_on)),
        (
            t("reports.cover.pack", lang),
            t("reports.cover.pack_value", lang, name=pack.meta.name.get(lang), id=ctx.a.pack_id,
              version=ctx.a.pack_version),
        ),
    ]
    return Section("cover", title, (
        Para(t("reports.doc_title", lang), "lead"),
        Fields(tuple((t("reports.label", lang, label=k), v) for k, v in fields if v)),
    ))


def summary(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    blocks: list[Block] = []
    if a.top is None:
        blocks.append(Para(t("reports.summary.none", lang), "strong"))
    else:
        route = pack.routes[a.top]
        blocks.append(Para(t("reports.summary.route", lang, route=route.name.get(lang)), "strong"))
        if a.sequence:
            steps = " → ".join(wording.step_name(pack, s.step, lang) for s in a.sequence)
            blocks.append(Para(t("reports.summary.sequence", lang, steps=steps), "strong"))
        blocks.append(Para(route.summary.get(lang)))
        blocks.append(Para(t("reports.summary.duration", lang, text=route.duration.text.get(lang))))
    level = t(f"confidence.{a.confidence.level}", lang)
    blocks.append(Para(t("reports.summary.confidence", lang, level=level), "strong"))
    blocks.append(Para(" ".join(wording.confidence_sentences(pack, a, lang))))
    decisive = [wording.unknown_sentence(pack, u, lang) for u in a.unknowns if u.decisive]
    if decisive:
        blocks.append(Sub(t("reports.summary.decisive", lang), (Bullets(tuple(decisive)),)))
    if a.missing:
        blocks.append(Para(t("reports.summary.missing", lang, count=len(a.missing)), "note"))
    if a.sequence:
        rows = []
        for i, s in enumerate(a.sequence, start=1):
            duration = ""
            if s.kind == "route":
                d = pack.routes[s.step].duration
                duration = t("chart.months", lang, min=f"{d.min_months:g}", max=f"{d.max_months:g}")
            rows.append((str(i), wording.step_name(pack, s.step, lang), duration, s.note.get(lang) if s.note else ""))
        blocks.append(Chart("sequence", t("chart.sequence_title", lang), charts.sequence_alt(pack, a, lang),
                            partial(charts.sequence_chart, pack, a, lang)))
        blocks.append(Table(
            ("#", t("reports.summary.step", lang), t("reports.summary.duration_col", lang),
             t("reports.summary.why_step", lang)),
            tuple(rows),
            (0.06, 0.34, 0.2, 0.4),
        ))
    if a.top is not None:
        steps = tuple(s.get(lang) for s in pack.routes[a.top].steps)
        blocks.append(Sub(t("reports.summary.steps", lang), (Bullets(steps, ordered=True),)))
    return Section("summary", t("reports.summary.heading", lang), tuple(blocks))


def _points(value: float, lang: str) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + fmt_number(abs(value), lang)


def why(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    header = (t("reports.why.reason", lang), t("reports.why.points", lang))
    pro = wording.top_reasons(a, n=5)
    con = wording.counter_reasons(a, n=3)
    blocks: list[Block] = []
    if a.top is not None:
        blocks.append(Para(wording.why_paragraph(a, lang) or t("reports.why.none", lang)))
        blocks.append(Sub(t("reports.why.for", lang), (
            Table(header, tuple((c.why.get(lang), _points(c.points, lang)) for c in pro), (0.85, 0.15))
            if pro else Para(t("reports.why.none", lang)),
        )))
        blocks.append(Sub(t("reports.why.against", lang), (
            Table(header, tuple((c.why.get(lang), _points(c.points, lang)) for c in con), (0.85, 0.15))
            if con else Para(t("reports.why.none_against", lang)),
        )))
    changes = wording.change_sentences(pack, a, lang)
    blocks.append(Sub(t("reports.why.changes", lang), (
        Bullets(tuple(changes)) if changes else Para(t("change.none", lang)),
    )))
    return Section("why", t("reports.why.heading", lang), tuple(blocks))


def routes(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    blocks: list[Block] = []
    if a.ranking:
        blocks.append(Chart("ranking", t("chart.ranking_title", lang), charts.ranking_alt(pack, a, lang),
                            partial(charts.ranking_chart, pack, a, lang)))
        blocks.append(frame_table(charts.ranking_table(pack, a, lang), (0.08, 0.72, 0.2)))
    if a.excluded:
        rows = tuple(
            (wording.step_name(pack, r.route, lang), " ".join(e.reason.get(lang) for e in r.exclusions))
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
        if not f.period_exact:
            blocks.append(Para(t("trade.inexact", lang), "note"))
        obligations = wording.obligation_texts(pack, f, lang)
        if obligations:
            blocks.append(Para(t("reports.trade.obligations", lang), "strong"))
            blocks.append(Bullets(tuple(obligations)))
        subs.append(Sub(agreement.name.get(lang), tuple(blocks)))
    return Section("trade", t("reports.trade.heading", lang), tuple(subs))


def risk(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    dims = {d.id: d for d in pack.risks.dimensions}
    blocks: list[Block] = [
        Chart("risk", t("chart.radar_title", lang), charts.risk_alt(pack, a, lang),
              partial(charts.risk_radar, pack, a, lang)),
        frame_table(charts.risk_table(pack, a, lang), (0.4, 0.15, 0.15, 0.12, 0.18)),
    ]
    for r in a.risks:
        d = dims[r.dimension]
        drivers = tuple(
            dr.why.get(lang) if dr.why else t("risk.unknown_driver", lang, question=wording.question_label(pack, dr.question, lang))
            for dr in r.drivers
            if dr.why or dr.question
        )
        mitigations = {m.id: m for m in d.mitigations}
        texts = tuple(mitigations[m].text.get(lang) for m in r.mitigations)
        heading = t("reports.risk.title", lang, name=d.name.get(lang), band=charts.band_label(pack, r.band, lang),
                    score=r.score)
        blocks.append(Sub(heading, (
            Para(d.description.get(lang)),
            Para(t("reports.risk.drivers", lang), "strong"),
            Bullets(drivers) if drivers else Para(t("reports.risk.no_drivers", lang)),
            Para(t("reports.risk.mitigations", lang), "strong"),
            Bullets(texts) if texts else Para(t("reports.risk.no_mitigations", lang)),
        )))
    return Section("risk", t("reports.risk.heading", lang), tuple(blocks))


def status_label(status: str, lang: str) -> str:
    """A checklist status as people read it (an unexpected value is shown as typed)."""
    key = f"reports.checklist.{status}"
    return t(key, lang) if status in CHECKLIST_STATUSES else clean(status)


def checklist(ctx: Context) -> Section:
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    items = {i.id: i for i in pack.checklist.items}
    header = tuple(t(f"reports.checklist.{k}", lang) for k in ("item", "status", "owner", "note", "source"))
    blocks: list[Block] = [Para(t("reports.checklist.intro", lang))]
    for principle in pack.checklist.principles:
        rows = []
        for f in (c for c in a.checklist if c.principle == principle.id):
            item = items[f.item]
            state = ctx.inp.checklist.get(f.item) or {}
            text = item.text.get(lang) + "\n" + item.how.get(lang)
            if f.confirm:
                text += "\n" + t("reports.checklist.confirm", lang)
            rows.append((
                text,
                status_label(clean(state.get("status") or "not_started"), lang),
                clean(state.get("owner")),
                clean(state.get("note"), multiline=True),
                ctx.refs(item.refs),
            ))
        if rows:
            blocks.append(Sub(principle.name.get(lang), (Table(header, tuple(rows), (0.42, 0.12, 0.15, 0.21, 0.1)),)))
    if len(blocks) == 1:
        blocks.append(Para(t("reports.checklist.empty", lang)))
    return Section("checklist", t("reports.checklist.heading", lang), tuple(blocks))


def answers(ctx: Context) -> Section:
    pack, a, lang, inp = ctx.pack, ctx.a, ctx.lang, ctx.inp
    visible = set(a.visible)
    rows = []
    for qid in pack.question_order():
        note = clean(inp.notes.get(qid), multiline=True)
        if qid not in visible and qid not in inp.answers and not note:
            continue
        value = a.answers.get(qid) if qid in visible else None
        label = wording.answer_label(pack, qid, value, lang) if qid in visible else t("answer.hidden", lang)
        rows.append((wording.question_label(pack, qid, lang), label, note))
    header = tuple(t(f"reports.answers.{k}", lang) for k in ("question", "answer", "note"))
    return Section("answers", t("reports.answers.heading", lang), (Table(header, tuple(rows), (0.4, 0.28, 0.32)),))


def workshop(ctx: Context) -> Section | None:
    w = ctx.inp.workshop
    if w is None:
        return None
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    blocks: list[Block] = [Para(t("reports.workshop.participants", lang, count=w.participants))]
    header = tuple(t(f"reports.workshop.{k}", lang) for k in ("value", "votes", "share"))
    for qid in pack.question_order():
        dist = w.distributions.get(qid) or {}
        note = clean(w.consensus_notes.get(qid), multiline=True)
        if not dist and not note:
            continue
        sub: list[Block] = []
        if dist:
            total = sum(int(n) for n in dist.values()) or 1
            rows = tuple(
                (wording.answer_label(pack, qid, _value(v), lang), str(int(n)), f"{round(100 * int(n) / total)} %")
                for v, n in sorted(dist.items(), key=lambda kv: -int(kv[1]))
            )
            sub.append(Table(header, rows, (0.6, 0.2, 0.2)))
        if qid in a.answers:
            agreed = wording.answer_label(pack, qid, a.answers[qid], lang)
            sub.append(Para(t("reports.workshop.agreed", lang, value=agreed), "strong"))
        if note:
            sub.append(Para(t("reports.workshop.consensus", lang, note=note)))
        blocks.append(Sub(wording.question_label(pack, qid, lang), tuple(sub)))
    return Section("workshop", t("reports.workshop.heading", lang), tuple(blocks))


def _value(v: Any) -> Any:
    """A distribution key back to an answer value (numbers arrive as strings from JSON)."""
    if isinstance(v, str):
        try:
            f = float(v)
        except ValueError:
            return v
        return int(f) if f.is_integer() else f
    return v


def legal(ctx: Context) -> Section:
    pack, lang = ctx.pack, ctx.lang
    refs = tuple(
        SourceRef(
            number=n,
            title=pack.sources[sid].title,
            publisher=pack.sources[sid].publisher,
            url=pack.sources[sid].url,
            verify=pack.sources[sid].verify,
            note=pack.sources[sid].note.get(lang) if pack.sources[sid].note else "",
        )
        for sid, n in ctx.cited.items()
    )
    return Section("legal", t("reports.legal.heading", lang), (
        Para(pack.meta.disclaimer.get(lang)),
        Sub(t("reports.legal.sources", lang), (SourceList(refs),)),
    ))
