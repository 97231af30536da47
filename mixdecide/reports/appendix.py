"""The closing sections of a report: checklist, answers, workshop, and the legal notice with sources.

Same contract as ``sections``: each function returns a ``Section`` of plain strings in one language.
"""

from __future__ import annotations

from typing import Any

from mixdecide import wording
from mixdecide.details import CHECKLIST_STATUSES
from mixdecide.i18n import fmt_date, t
from mixdecide.reports.model import (
    Block,
    Para,
    Section,
    SourceList,
    SourceRef,
    Sub,
    Table,
    clean,
)
from mixdecide.reports.sections import Context


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
        for f in wording.duties_first(c for c in a.checklist if c.principle == principle.id):
            item = items[f.item]
            state = ctx.inp.checklist.get(f.item) or {}
            lines = [
                wording.item_heading(item, lang, f.confirm),
                wording.item_why(item, lang, f.confirm),
                item.how.get(lang),
            ]
            if item.in_force:
                lines.insert(1, t("basis.in_force", lang, date=fmt_date(item.in_force, lang)))
            text = "\n".join(line for line in lines if line)
            if f.confirm:
                text += "\n" + t("reports.checklist.confirm", lang)
            rows.append(
                (
                    text,
                    status_label(clean(state.get("status") or "not_started"), lang),
                    clean(state.get("owner")),
                    clean(state.get("note"), multiline=True),
                    ctx.refs(item.refs),
                )
            )
        if rows:
            blocks.append(
                Sub(principle.name.get(lang), (Table(header, tuple(rows), (0.42, 0.12, 0.15, 0.21, 0.1)),))
            )
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
    return Section(
        "answers", t("reports.answers.heading", lang), (Table(header, tuple(rows), (0.4, 0.28, 0.32)),)
    )


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
                (
                    wording.answer_label(pack, qid, _value(v), lang),
                    str(int(n)),
                    f"{round(100 * int(n) / total)} %",
                )
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
    refs = []
    for sid, n in ctx.cited.items():
        src = pack.sources[sid]
        note = src.note.get(lang) if src.note is not None else ""
        refs.append(SourceRef(n, src.title, src.publisher, src.url, src.verify, note))
    return Section(
        "legal",
        t("reports.legal.heading", lang),
        (
            Para(pack.meta.disclaimer.get(lang)),
            Sub(t("reports.legal.sources", lang), (SourceList(tuple(refs)),)),
        ),
    )
