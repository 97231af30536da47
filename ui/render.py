"""Rendering helpers shared by the result pages (charts with their accessible tables, route cards)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mixdecide import charts
from mixdecide.cases import Case, case_view, nearest_cases, pack_cases, route_note, with_local
from mixdecide.checklist import Progress
from mixdecide.i18n import fmt_number, tn
from mixdecide.narrative import (
    date_lines,
    deadline_lines,
    headline_label,
    late_headline,
    room_reasons,
    strategy_notes,
    strategy_rows,
    tie_lines,
    why_lines,
)
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.risk import focus_risks
from mixdecide.strategy import leading_path
from mixdecide.text import md_escape
from mixdecide.wording import duty_text, focus_band_names, step_name
from ui.state import lang, tr


def chart(fig: go.Figure, alt: str, table: pd.DataFrame | None, key: str) -> None:
    """A Plotly chart, its text alternative, and the same numbers as a table underneath (``None``
    when the page shows that table itself, so it never appears twice)."""
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "displayModeBar": False}, alt=alt)
    if table is None:
        st.caption(alt)
        return
    with st.expander(tr("common.data_table")):
        st.caption(alt)
        st.dataframe(table, hide_index=True, width="stretch")


def route_card(pack: Pack, a: Assessment, *, big: bool = False, since: str = "") -> None:
    """The recommended route: name, fit score, why (what separates it from the second), a tie or
    deadline warning, what the last answer change did (``since``), duration and next steps."""
    lg = lang()
    top = a.top
    if top is None:
        st.error(tr("rec.no_route"), icon=":material/block:")
        return
    route = pack.routes[top]
    entry = a.score_of(top)
    lead = leading_path(pack, a.strategy)  # a direct award or a call-off leads instead of a procedure
    for line in date_lines(pack, a, lg):  # an unachievable date is said before the route
        st.error(line, icon=":material/event_busy:")
    with st.container(border=True):
        st.caption(headline_label(pack, a, lg))  # qualified when the route misses the date
        head, score = st.columns([4, 1], vertical_alignment="center")
        (head.title if big else head.header)((lead.name if lead else route.name).get(lg), anchor=False)
        if not lead:  # the fit score is the ranked procedure's, not a direct award's or a call-off's
            score.metric(tr("rec.fit_score"), f"{entry.score:.0f} / {pack.meta.scoring.max:.0f}")
        why = why_lines(pack, a, lg)
        if lead and why:  # "Why this award path - ...:" is its own lead, not "Why: Why ..."
            st.markdown(f"**{why[0]}**")
        else:
            st.markdown(f"**{tr('rec.why')}** " + (why[0] if why else ""))
        if why[1:]:
            st.markdown("\n".join(f"- {line}" for line in why[1:]))
        # a direct award or a call-off has no rival procedure to tie with and no duration to miss
        if not lead and (tie := tie_lines(pack, a, lg)):
            st.info("  \n".join(tie), icon=":material/balance:")
        # the date's strain on the first route, unless the error above already says it cannot fit
        for line in [] if lead or a.top_misses_deadline else deadline_lines(pack, a, lg, routes=(top,)):
            st.warning(line, icon=":material/schedule:")
        if since:
            st.caption(":material/history: " + since)
        if lead:
            st.write(lead.summary.get(lg))
            st.caption(tr("reports.summary.instead", route=route.name.get(lg)))
        else:
            st.write(route.summary.get(lg))
        c1, c2 = st.columns(2)
        if not lead:
            c1.markdown(f"**{tr('rec.duration')}**  \n{route.duration.text.get(lg)}")
        c2.markdown(f"**{tr('rec.confidence')}**  \n{tr('confidence.' + a.confidence.level)}")
        st.markdown(f"**{tr('rec.next_steps')}**")
        steps = lead.steps if lead and lead.steps else route.steps
        st.markdown("\n".join(f"{i}. {s.get(lg)}" for i, s in enumerate(steps, 1)))


def route_headline(pack: Pack, a: Assessment) -> bool:
    """A room's screen: the first route's name, its score, the confidence and the typical duration.
    False (with the message) when every route is ruled out."""
    if a.top is None:
        st.error(tr("rec.no_route"), icon=":material/block:")
        return False
    route = pack.routes[a.top]
    lead = leading_path(pack, a.strategy)
    if lead is not None:  # a direct award or a call-off: the path, with no procedure's score or duration
        st.title(lead.name.get(lang()), anchor=False)
        st.metric(tr("rec.confidence"), tr("confidence." + a.confidence.level))
        return True
    if a.top_misses_deadline:  # the room sees the qualification too, never an unqualified headline
        # not small grey print (review r14 F5): the room reads it before the route's name
        st.markdown(
            f":red[:material/event_busy: **{md_escape(headline_label(pack, a, lang()), inline=True)}**]"
        )
    st.title(route.name.get(lang()), anchor=False)
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("rec.fit_score"), f"{a.score_of(a.top).score:.0f} / {pack.meta.scoring.max:.0f}")
    c2.metric(tr("rec.confidence"), tr("confidence." + a.confidence.level))
    c3.metric(
        tr("rec.duration"),
        tr(
            "chart.months",
            min=fmt_number(route.duration.min_months, lang()),
            max=fmt_number(route.duration.max_months, lang()),
        ),
    )
    return True


def top_risks(pack: Pack, a: Assessment, *, big: bool = False, limit: int = 6) -> None:
    """The risks in the pack's focus bands, highest first, or a line saying there are none;
    ``big`` for a presentation screen."""
    lg = lang()
    high = focus_risks(pack, a)
    st.markdown(f"### {tr('risk.top_risks')}" if big else f"**{tr('risk.top_risks')}**")
    lines = [
        f"- {charts.dimension_name(pack, r.dimension, lg)} — {charts.band_label(pack, r.band, lg)}"
        for r in high[:limit]
    ]
    if lines:  # a list at body size (28 px on a presentation screen), not small headings
        st.markdown("\n".join(lines))
    if not high:
        none = tr("risk.none_to_watch", bands=focus_band_names(pack, lg))
        st.markdown(f"### {none}" if big else none)


def why_screen(pack: Pack, a: Assessment) -> None:
    """Presentation: why this route, in the very lines the Recommendation page shows (why_lines),
    so a room never hears different reasons from the ones on the facilitator's screen. The lead
    ("What puts A ahead of B") is the screen's title; then the top 3 deciding reasons, or as many
    as fit 1280x720 in French, with "and N more (see the report)" for the rest."""
    lg = lang()
    why = why_lines(pack, a, lg, n=99)
    title = tr("present.why_title", route=step_name(pack, a.top, lg))
    if a.confidence.runner_up is not None and why:
        title, why = why[0].rstrip(" :"), why[1:]
    st.title(title, anchor=False)
    shown, more = room_reasons(why)
    st.markdown("\n".join(f"1. {line}" for line in shown))
    if more:
        st.markdown(f"*{tn('present.more_reasons', more, lg)}*")


def recommendation_screen(pack: Pack, a: Assessment, *, summary: bool = True) -> None:
    """Presentation: the headline of the Recommendation page's card (a direct award or a call-off
    leads in place of a procedure), the route's or path's summary, and the award path with its
    stages ("RFI then RFP"), as the strategy says."""
    if not route_headline(pack, a) or a.top is None:
        return
    lg = lang()
    lead = leading_path(pack, a.strategy)
    late = late_headline(pack, a, lg)
    if late:  # body size (28 px in presentation), bold: the room must not read it as achievable
        st.markdown(f"**{md_escape(late, inline=True)}**")
    if summary:
        st.markdown((lead or pack.routes[a.top]).summary.get(lg))
    if a.strategy is not None and pack.strategy is not None:
        rows = dict(strategy_rows(pack, a, lg))
        parts = [tr("strategy.path"), tr("strategy.stages")]
        st.markdown(" · ".join(f"**{p}:** {rows[p]}" for p in parts if rows.get(p)))
    elif a.sequence:
        st.markdown(f"**{tr('rec.sequence_title')}:** " + sequence_line(pack, a))


def clicker_buttons(on_move: Callable[[int], None], *, at_start: bool, at_end: bool, rest: int = 4) -> Any:
    """Presentation's Previous / Next pair, keyed "clicker.prev" / "clicker.next" so the clicker
    keys (theme.clicker_keys) press them. ``on_move`` gets -1 or +1. Returns the wide column to the
    right of the pair (``rest`` times a button's width) for a hint or a view switch."""
    cols = st.columns([1, 1, rest], vertical_alignment="center")
    for col, delta, key, label, icon, edge in (
        (cols[0], -1, "clicker.prev", "present.previous", ":material/arrow_back:", at_start),
        (cols[1], 1, "clicker.next", "present.next", ":material/arrow_forward:", at_end),
    ):
        col.button(
            tr(label),
            icon=icon,
            key=key,
            on_click=on_move,
            args=(delta,),
            disabled=edge,
            type="primary" if delta > 0 else "secondary",
            width="stretch",
        )
    return cols[2]


def checklist_meter(where: Any, done: Progress) -> None:
    """The checklist's progress bar: "N of M items complete"."""
    where.progress(done.share, text=tn("cl.meter", done.complete, lang(), total=done.total))


def sequence_line(pack: Pack, a: Assessment) -> str:
    return " → ".join(step_name(pack, s.step, lang()) for s in a.sequence)


def similar_cases(pack: Pack, a: Assessment, *, limit: int = 3, local: Sequence[Case] = ()) -> None:
    """The nearest real cases to these answers, what the buyer did and how it went, and a plain
    note when most of them used a route other than the engine's first. Nothing when the pack has
    no case library."""
    if not pack_cases(pack) and not local:
        return
    lg = lang()
    local_ids = {c.id for c in local} - {c.id for c in pack_cases(pack)}
    near = nearest_cases(pack, a.answers, with_local(pack, local), k=limit)
    st.subheader(tr("cases.panel_title"), anchor=False)
    st.caption(tr("cases.panel_intro"))
    note, differs = route_note(pack, near, a.top, lg, local_ids)  # which routes they used; ranking unchanged
    if differs:
        st.warning(note, icon=":material/compare_arrows:")
    elif note:
        st.info(note, icon=":material/compare_arrows:")
    for n in near:
        v = case_view(pack, n, lg, local=n.case.id in local_ids)
        with st.container(border=True, key=f"case.{v.id}"):
            st.markdown(f"**{md_escape(v.title, inline=True)}**")
            tag = f" · :orange-badge[:material/group: {tr('library.local')}]" if v.local else ""
            st.caption(md_escape(v.meta, inline=True) + tag)
            st.markdown(
                f"**{tr('cases.used')}** {md_escape(v.used, inline=True)}  \n"
                f"**{tr('cases.outcome_label')}** {md_escape(v.outcome, inline=True)}  \n"
                f"**{tr('cases.why_similar')}** {md_escape(v.why, inline=True)}"
            )
            with st.expander(tr("cases.details")):
                st.markdown(md_escape(v.summary))
                st.markdown(f"**{tr('cases.lessons_label')}** {md_escape(v.lessons, inline=True)}")
            links = " · ".join(f"[{md_escape(title, inline=True)}](<{url}>)" for title, url in v.sources)
            st.markdown(f"{tr('cases.sources_label')} {links}")


def strategy_block(pack: Pack, a: Assessment, *, big: bool = False) -> None:
    """The strategy in parts (procedure, award path, who buys, stages, contract model) and the
    Must/Should notes that come with it; nothing when the pack defines no strategy."""
    if a.strategy is None or pack.strategy is None:
        return
    lg = lang()
    st.markdown(f"### {tr('strategy.title')}" if big else f"**{tr('strategy.title')}**")
    rows = strategy_rows(pack, a, lg)
    st.markdown("\n".join(f"- **{part}:** {text}" for part, text in rows))
    notes = strategy_notes(pack, a.strategy)
    if notes and not big:
        with st.expander(tr("strategy.obligations", n=len(notes))):
            for n in notes:
                st.markdown("- " + duty_text(n.basis, n.get(lg), n.cite, lg))
