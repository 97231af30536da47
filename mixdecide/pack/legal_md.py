"""LEGAL.md of a pack: every legal statement with its basis, pinpoint, dates and sources.

Sections 1-6 are generated from the pack so they say exactly what the tool says; the text before
the first generated heading is kept as written by hand. Regenerate after changing a citation:

    python -m mixdecide.pack.legal_md data/packs/ontario-municipal

A test compares the file with this output, so the two cannot drift apart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from mixdecide.pack.load import load_pack
from mixdecide.pack.models import Pack
from mixdecide.wording import describe_condition

FIRST_GENERATED = "## 1. "
MUST = {"mandatory": "Must", "good_practice": "Should"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _sources(pack: Pack, refs: Iterable[str]) -> str:
    out = []
    for r in refs:
        s = pack.sources[r]
        out.append(f"[{_cell(s.title)}]({s.url})" + (" *(to verify)*" if s.verify else ""))
    return "; ".join(out)


def render_legal_md(pack: Pack, head: str) -> str:
    """The whole LEGAL.md: ``head`` (hand-written) then the generated sections."""
    th = pack.thresholds
    cats = list(th.categories)
    w: list[str] = [head.rstrip() + "\n"]
    w.append(f"{FIRST_GENERATED}Trade-agreement thresholds (CAD, options and extensions included)\n")
    w.append(
        "| Agreement | Valid from | Valid to | "
        + " | ".join(c.capitalize() for c in cats)
        + " | Provenance | Sources |"
    )
    w.append("|---|---|---|" + "---|" * len(cats) + "---|---|")
    for a in th.agreements:
        for p in a.periods:
            values = " | ".join(f"{p.values[c]:,.0f}" for c in cats)
            prov = ", ".join(f"{c}: {p.provenance.get(c, '-')}" for c in cats)
            w.append(f"| {a.id} | {p.start} | {p.end} | {values} | {prov} | {_sources(pack, p.refs)} |")
    w.append("")
    for a in th.agreements:
        for p in a.periods:
            if p.derivation:
                w.append(f"- **{a.id} {p.start} to {p.end}, derived values:** {_cell(p.derivation.en)}")
    w.append("\n## 2. Obligations when an agreement applies\n")
    if th.not_procurement is not None:
        np = th.not_procurement
        routes = ", ".join(np.routes)
        only = "; ".join(
            f"{r} only when " + ", ".join(f"{q} is {' or '.join(v)}" for q, v in conds.items())
            for r, conds in np.only_if.items()
        )
        w.append(
            f"Routes that buy nothing ({routes}{'; ' + only if only else ''}): no agreement applies to "
            f"the route itself; {_cell(np.note.en)}\n"
        )
    for a in th.agreements:
        w.append(f"### {_cell(a.name.en)}\n")
        w.append(f"*Scope:* {_cell(a.scope.en)}\n")
        if a.in_force:
            w.append(f"*Binds Ontario municipalities from:* {a.in_force} (before it: does not apply)\n")
        w.append("| Basis | Citation | Statement | Why it applies | Sources |")
        w.append("|---|---|---|---|---|")
        for o in a.obligations:
            why = _cell(o.why.en) if o.why else ""
            if o.routes:
                why += f" (only on: {', '.join(o.routes)})"
            w.append(
                f"| {MUST[o.basis]} | {_cell(o.cite)} | {_cell(o.text.en)} | {why} | {_sources(pack, o.refs)} |"
            )
        w.append("")
    w.append("## 3. Checklist items\n")
    w.append(
        "“Applies when” is the item's route list and condition; an item whose condition depends on an "
        "unanswered question is kept and flagged for confirmation unless it says `when_unknown: exclude`.\n"
    )
    w.append(
        "| Id | Basis | Citation | In force from | Statement | Why it applies to you | Applies when | Sources |"
    )
    w.append("|---|---|---|---|---|---|---|---|")
    for it in sorted(pack.checklist.items, key=lambda i: i.basis != "mandatory"):
        cond = []
        if it.routes:
            cond.append("route or step: " + ", ".join(it.routes))
        if it.paths:
            cond.append("award path: " + ", ".join(it.paths))
        if it.applies_if:
            cond.append(describe_condition(pack, it.applies_if, "en"))
        why = _cell(it.why.en) if it.why else ""
        w.append(
            f"| `{it.id}` | {MUST[it.basis]} | {_cell(it.cite)} | {it.in_force or ''} | {_cell(it.text.en)} "
            f"| {why} | {_cell('; '.join(cond)) or 'always'} | {_sources(pack, it.refs)} |"
        )
    w.append("\n## 4. Legal notes of each route (How it decides)\n")
    w.append("| Route | Basis | Citation | Statement |")
    w.append("|---|---|---|---|")
    for r in pack.routes.values():
        for n in r.legal:
            w.append(f"| {r.id} | {MUST[n.basis]} | {_cell(n.cite)} | {_cell(n.en)} |")
    w.extend(_plan_and_drafts(pack))
    w.append("\n## 6. Sources\n")
    w.append("| Id | Kind | Title | Address | Note |")
    w.append("|---|---|---|---|---|")
    for s in pack.meta.sources:
        note = (_cell(s.note.en) if s.note else "") + (" (to verify)" if s.verify else "")
        w.append(f"| `{s.id}` | {s.kind} | {_cell(s.title)} | {s.url} | {note.strip()} |")
    return "\n".join(w) + "\n"


def _plan_and_drafts(pack: Pack) -> list[str]:
    """Section 5: the legal periods the plan schedules (plan.yaml) and the limited-tendering grounds
    the justification memo cites (drafts/drafts.yaml); empty when the pack has neither."""
    from mixdecide.drafts import drafts_spec
    from mixdecide.plan import plan_spec

    plan, drafts = plan_spec(pack), drafts_spec(pack)
    if plan is None and drafts is None:
        return []
    w = ["\n## 5. Periods in the plan and grounds in the drafts\n"]
    if plan is not None:
        w.append(
            "Every other duration in the plan is typical, not legal. Periods are counted in calendar "
            "days; a minimum is never shortened by the plan, a maximum (`within`) is a latest date.\n"
        )
        w.append("| Period | Basis | Citation | Agreements | Days | Reductions and floors | Sources |")
        w.append("|---|---|---|---|---|---|---|")
        for pid, p in plan.periods.items():
            days = (
                f"at least {p.days}"
                if p.days is not None
                else (f"within {p.within}" if p.within else "no number")
            )
            cuts = [f"-{v} {k.replace('_', ' ')}" for k, v in p.reductions.items()]
            for label, value in (
                ("floor with advance notice", p.floor_advance_notice),
                ("floor in urgency", p.floor_urgency),
                ("commercial goods or services", p.commercial),
                ("commercial, electronic bids", p.commercial_electronic_bids),
            ):
                if value is not None:
                    cuts.append(f"{label}: {value}")
            w.append(
                f"| `{pid}` | {MUST[p.basis]} | {_cell(p.cite)} | {', '.join(p.covers)} | {days} "
                f"| {_cell('; '.join(cuts))} | {_sources(pack, p.refs)} |"
            )
        rt = plan.reasonable_time
        w.append(
            f"| `reasonable_time` | Must | {_cell(rt.cite)} | CFTA, OQTCA | no number | "
            f"enough time for the nature and complexity | {_sources(pack, rt.refs)} |"
        )
    if drafts is not None:
        w.append("\nLimited-tendering grounds the justification memo cites:\n")
        w.append("| Ground | Citation | Statement |")
        w.append("|---|---|---|")
        for gid, g in drafts.grounds.items():
            w.append(f"| `{gid}` | {_cell(g.cite)} | {_cell(g.text.en)} |")
    return w


def hand_written_head(text: str) -> str:
    """The part of an existing LEGAL.md before the first generated section."""
    return text.split("\n" + FIRST_GENERATED, 1)[0]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "data/packs/ontario-municipal")
    target = root / "LEGAL.md"
    head = hand_written_head(target.read_text(encoding="utf-8")) if target.exists() else f"# {root.name}\n"
    target.write_text(render_legal_md(load_pack(root), head), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
