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
    Bullets,
    Para,
    Section,
    SourceList,
    SourceRef,
    Sub,
    Table,
    Workshop,
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


def _workshop_header(ctx: Context) -> list[Block]:
    """Title, date, facilitator, participants, rounds, publishing and overrides: who and when."""
    w = ctx.inp.workshop
    assert w is not None
    pack, lang = ctx.pack, ctx.lang
    blocks: list[Block] = []
    if w.title:
        blocks.append(Para(t("reports.workshop.title", lang, title=clean(w.title)), "strong"))
    if w.date:
        blocks.append(Para(t("reports.workshop.date", lang, date=w.date)))
    if w.facilitators:
        blocks.append(
            Para(t("reports.workshop.facilitator", lang, names=", ".join(clean(f) for f in w.facilitators)))
        )
    if w.attendance or w.removed:
        # Review r18lead #5: who took part is on record even when names were hidden on the board;
        # who voted what is not
        blocks.append(Para(t("reports.workshop.participants", lang, count=w.participants)))
        people = [
            t("reports.workshop.attended", lang, name=clean(a.get("name")), at=a.get("joined", ""))
            for a in w.attendance
        ]
        people += [
            t(
                "reports.workshop.removed_joined" if r.get("joined") else "reports.workshop.removed",
                lang,
                name=clean(r.get("name")),
                at=r.get("at", ""),
                joined=r.get("joined", ""),
            )
            for r in w.removed
        ]
        blocks.append(Sub(t("reports.workshop.attendance", lang), (Bullets(tuple(people)),)))
        if not w.names_shown:
            blocks.append(Para(t("reports.workshop.votes_anonymous", lang), "note"))
    elif w.names:
        names = ", ".join(clean(n) for n in w.names)
        blocks.append(Para(t("reports.workshop.participants_named", lang, count=w.participants, names=names)))
    else:
        blocks.append(Para(t("reports.workshop.participants", lang, count=w.participants)))
        if w.title:  # a full record: say why there are no names
            blocks.append(Para(t("reports.workshop.names_hidden", lang), "note"))
    rounds = []
    for r in w.rounds:
        parts = [
            t(f"reports.workshop.round_{k}", lang, at=r[k])
            for k in ("opened", "locked", "closed")
            if r.get(k)
        ]
        rounds.append(t("reports.workshop.round", lang, n=r.get("round", "?"), events="; ".join(parts)))
    if rounds:
        blocks.append(Sub(t("reports.workshop.rounds", lang), (Bullets(tuple(rounds)),)))
    if w.published_at:
        blocks.append(Para(t("reports.workshop.published", lang, at=w.published_at)))
    if w.applied_version:
        blocks.append(Para(t("reports.workshop.applied", lang, version=w.applied_version)))
        if w.assessment_version and w.assessment_version > w.applied_version:
            # review r19fac #1: someone saved the assessment after the workshop's answers; the
            # record said only "version 5" while the assessment was at version 6
            blocks.append(
                Para(
                    t(
                        "reports.workshop.changed_since",
                        lang,
                        version=w.applied_version,
                        now=w.assessment_version,
                    )
                )
            )
    if w.overrides:
        items = tuple(
            t(
                "reports.workshop.override",
                lang,
                question=wording.question_label(pack, str(o.get("question")), lang),
                old=wording.answer_label(pack, str(o.get("question")), o.get("old"), lang),
                old_by=clean(o.get("old_by")),
                new=wording.answer_label(pack, str(o.get("question")), o.get("new"), lang),
                by=clean(o.get("by")),
                at=str(o.get("at") or ""),
            )
            for o in w.overrides
            if o.get("question") in pack.questions
        )
        if items:
            blocks.append(Sub(t("reports.workshop.overrides", lang), (Bullets(items),)))
    return blocks


def workshop(ctx: Context) -> Section | None:
    w = ctx.inp.workshop
    if w is None:
        return None
    pack, a, lang = ctx.pack, ctx.a, ctx.lang
    blocks: list[Block] = _workshop_header(ctx)
    header = vote_header(w, lang)
    for qid in pack.question_order():
        dist = w.distributions.get(qid) or {}
        note = clean(w.consensus_notes.get(qid), multiline=True)
        how = w.questions.get(qid) or {}
        earlier = _earlier_rounds(ctx, qid)
        if not dist and not note and not how and not earlier:
            continue
        sub: list[Block] = list(earlier)
        if earlier and w.round:
            sub.append(Para(t("reports.workshop.round_heading", lang, n=w.round), "strong"))
        if dist:
            total = sum(int(n) for n in dist.values()) or 1
            rows = tuple(
                (
                    wording.answer_label(pack, qid, _value(v), lang),
                    str(int(n)),
                    f"{round(100 * int(n) / total)} %",
                )
                for v, n in sorted(dist.items(), key=lambda kv: (kv[0] == "unknown", -int(kv[1])))
            )
            sub.append(Table(header, rows, (0.6, 0.2, 0.2)))
        if qid in a.answers:
            value = wording.answer_label(pack, qid, a.answers[qid], lang)
            kind = how.get("how") or "agreed_legacy"
            line = t(f"reports.workshop.how.{kind}", lang, value=value)
            if how.get("by"):
                line += " " + t("reports.workshop.set_by", lang, name=clean(how["by"]), at=how.get("at", ""))
            if how.get("round_set"):
                line += " " + t("reports.workshop.set_in_round", lang, n=how["round_set"])
            sub.append(Para(line, "strong"))
        if note:
            sub.append(Para(t("reports.workshop.consensus", lang, note=note)))
        elif how.get("how") in DECIDED:  # the facilitator decided: say plainly that no reason was given
            sub.append(Para(t("reports.workshop.no_reason", lang)))
        blocks.append(Sub(wording.question_label(pack, qid, lang), tuple(sub)))
    return Section("workshop", t("reports.workshop.heading", lang), tuple(blocks))


# kinds of ``mixdecide.workshop.record.how_answered`` where the facilitator decided (a reason is due)
DECIDED = ("tie_picked", "facilitator", "facilitator_unknown", "unproposed")


def _tally(pack: Any, qid: str, counts: Any, lang: str) -> str:
    """A round's votes in one line, "don't know" apart: "2: A · 1: B; 1 don't know"."""
    real, unknown = [], 0
    for pair in counts or ():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        v, n = pair
        if v == "unknown":
            unknown = int(n)
        else:
            real.append(
                t(
                    "reports.workshop.tally_item",
                    lang,
                    n=int(n),
                    value=wording.answer_label(pack, qid, v, lang),
                )
            )
    line = " · ".join(real) or "—"
    if unknown:
        line += "; " + t("reports.workshop.tally_unknown", lang, n=unknown)
    return line


def _earlier_rounds(ctx: Context, qid: str) -> list[Block]:
    """How this question stood at the end of each earlier round: the votes, the group answer and
    how it came about, and the reason as it was then (review r18lead #2)."""
    w = ctx.inp.workshop
    assert w is not None
    pack, lang = ctx.pack, ctx.lang
    out: list[Block] = []
    for snap in w.history:
        item = (snap.get("questions") or {}).get(qid)
        if not isinstance(item, dict):
            continue
        lines = [t("reports.workshop.tally", lang, votes=_tally(pack, qid, item.get("counts"), lang))]
        if item.get("value") is not None:
            kind = str(item.get("how") or "agreed_legacy")
            line = t(
                f"reports.workshop.how.{kind}",
                lang,
                value=wording.answer_label(pack, qid, item["value"], lang),
            )
            if item.get("by"):
                line += " " + t(
                    "reports.workshop.set_by", lang, name=clean(item["by"]), at=str(item.get("at") or "")
                )
            lines.append(line)
            reason = clean(item.get("note"), multiline=True)
            if reason:
                lines.append(t("reports.workshop.reason_then", lang, note=reason))
            elif kind in DECIDED:
                lines.append(t("reports.workshop.no_reason", lang))
        out.append(
            Sub(t("reports.workshop.round_heading", lang, n=snap.get("round", "?")), (Bullets(tuple(lines)),))
        )
    return out


def vote_header(w: Workshop, lang: str) -> tuple[str, str, str]:
    """A vote table's columns; the votes say which round they are from (review r17lead #3: the
    tables did not, and a record signed after round 2 looked like round 1's)."""
    votes = (
        t("reports.workshop.votes_round", lang, round=w.round)
        if w.round
        else t("reports.workshop.votes", lang)
    )
    return t("reports.workshop.value", lang), votes, t("reports.workshop.share", lang)


def vote_rows(pack: Any, w: Workshop, lang: str) -> list[tuple[str, str, str, str, str]]:
    """(round, question, answer, votes, share) of every vote table, in questionnaire order."""
    out = []
    for qid in pack.question_order():
        dist = w.distributions.get(qid) or {}
        total = sum(int(n) for n in dist.values()) or 1
        for v, n in sorted(dist.items(), key=lambda kv: (kv[0] == "unknown", -int(kv[1]))):
            out.append(
                (
                    str(w.round or ""),
                    wording.question_label(pack, qid, lang),
                    wording.answer_label(pack, qid, _value(v), lang),
                    str(int(n)),
                    f"{round(100 * int(n) / total)} %",
                )
            )
    return out


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
