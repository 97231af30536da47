"""Rendering helpers shared by the result pages (charts with their accessible tables, route cards)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mixdecide import charts
from mixdecide.cases import Case, case_view, nearest_cases, pack_cases, route_note, with_local
from mixdecide.checklist import Progress
from mixdecide.i18n import fmt_count, fmt_number, t, tn
from mixdecide.narrative import (
    alternative,
    date_lines,
    deadline_lines,
    headline_label,
    in_use_line,
    late_headline,
    room_reasons,
    strategy_notes,
    strategy_rows,
    tie_lines,
    why_lines,
)
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.risk import highest_risks
from mixdecide.strategy import leading_path
from mixdecide.text import md_escape
from mixdecide.wording import confidence_label, confidence_meaning, duty_text, focus_band_names, step_name
from ui.state import lang, meta, tr

NB_HYPHEN = "\u2011"  # a hyphen the line never breaks at
WHY_REASONS = 3  # the issue: "why (the top 3 deciding reasons)", as the Recommendation page lists them
ROOM_RISKS = 4  # the highest risks a room's risk screen lists, and every one tied with the fourth...
ROOM_RISKS_MOST = 5  # ...up to the lines its column holds at 1280x720 in French; the rest are counted
BadgeColor = Literal["orange", "green", "gray"]
STATUS_BADGE: dict[str, tuple[BadgeColor, str]] = {  # a status's colour and icon on the result pages
    "draft": ("orange", ":material/edit_note:"),
    "final": ("green", ":material/verified:"),
    "archived": ("gray", ":material/inventory_2:"),
}
ROOM_CHARS = 85  # characters of a 28 px line across a 1280 px screen without the points (French too)


def project_line() -> None:
    """Which assessment a result page shows, and its status: Draft or Final (review: only the Assess
    page said whether the advice on screen was signed off). The title is typed: plain text."""
    m = meta()
    project = " · ".join(v for v in (m.get("title"), m.get("municipality")) if v)
    status = m.get("status") or "draft"
    color, icon = STATUS_BADGE.get(status, STATUS_BADGE["draft"])
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        if project:
            st.text(project, width="content")
        st.badge(tr(f"status.{status}"), icon=icon, color=color, help=tr("meta.status_help"))


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
    late = date_lines(pack, a, lg)
    for line in late:  # an unachievable date is said before the route
        st.error(line, icon=":material/event_busy:")
    if in_use := in_use_line(pack, a, lg):  # in use by the date, the full roll-out after it
        st.success(in_use, icon=":material/event_available:")
    with st.container(border=True):
        # qualified when the route misses the date; "not achievable" is said once, above (r17room #3)
        st.caption(
            t("deadline.headline_above", lg)
            if late and a.top_misses_deadline
            else headline_label(pack, a, lg)
        )
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
        c2.markdown(f"**{tr('rec.confidence')}**  \n{confidence_label(a, lang())}")
        st.markdown(f"**{tr('rec.next_steps')}**")
        steps = lead.steps if lead and lead.steps else route.steps
        st.markdown("\n".join(f"{i}. {s.get(lg)}" for i, s in enumerate(steps, 1)))


def route_headline(pack: Pack, a: Assessment, *, late: str | None = None) -> bool:
    """A room's screen: the first route's name, its score, the confidence and the typical duration.
    False (with the message) when every route is ruled out. ``late``: the presentation's whole
    late line ("…not achievable by your date — route that fits: X"), said in the red line in place
    of the short qualifier (review r16head #6: "not achievable" was printed twice on one slide)."""
    if a.top is None:
        st.error(tr("rec.no_route"), icon=":material/block:")
        return False
    route = pack.routes[a.top]
    lead = leading_path(pack, a.strategy)
    if lead is not None:  # a direct award or a call-off: the path, with no procedure's score or duration
        st.title(lead.name.get(lang()), anchor=False)
        st.metric(tr("rec.confidence"), confidence_label(a, lang()), help=confidence_meaning(lang()))
        return True
    if a.top_misses_deadline:  # the room sees the qualification too, never an unqualified headline
        # not small grey print (review r14 F5): the room reads it before the route's name
        st.markdown(
            f":red[:material/event_busy: **{md_escape(late or headline_label(pack, a, lang()), inline=True)}**]"
        )
    st.title(route.name.get(lang()), anchor=False)
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("rec.fit_score"), f"{a.score_of(a.top).score:.0f} / {pack.meta.scoring.max:.0f}")
    # the route may be sure and the date still out of reach: the label says which (r16head F2)
    c2.metric(
        tr("rec.confidence_route") if a.top_misses_deadline else tr("rec.confidence"),
        tr("confidence." + a.confidence.level),
        help=confidence_meaning(lang()),
    )
    typical = tr(
        "chart.months",
        min=fmt_number(route.duration.min_months, lang()),
        max=fmt_number(route.duration.max_months, lang()),
    )
    if a.timeline is not None and len(a.sequence) > 1:
        # the whole sequence as the Plan page dates it, not the route alone (review r16head F1)
        need = a.answers.get("timeline_months") if a.top_misses_deadline else None
        asked = a.answers.get("timeline_months")
        delta = None
        if isinstance(need, int | float):
            # review r17room #3: the room sees the date it is measured against on the same screen
            delta = tr("rec.plan_need", need=fmt_count("months", need, lang()))
        elif a.timeline.rollout_after and isinstance(asked, int | float):
            # in use by the date, the roll-out after it (review r18head #3): both, never "late"
            delta = tr(
                "rec.plan_in_use",
                n=fmt_count("months", a.timeline.use_months, lang()),
                need=fmt_count("months", asked, lang()),
            )
        c3.metric(
            tr("rec.plan_length"),
            fmt_count("months", a.timeline.months, lang()),
            delta=delta,
            delta_color="inverse" if isinstance(need, int | float) else "normal",
            delta_arrow="off",
            help=tr("rec.plan_length_help", typical=typical),
        )
    else:
        c3.metric(tr("rec.duration"), typical)
    return True


def top_risks(
    pack: Pack, a: Assessment, *, big: bool = False, limit: int = 6, most: int | None = None
) -> None:
    """The risks in the pack's focus bands, highest first, or a line saying there are none;
    ``big`` for a presentation screen. ``limit`` risks, and every one tied with the last of them
    (highest_risks): up to ``most`` lines, past that the tied ones left out are counted."""
    lg = lang()
    high = highest_risks(pack, a, limit, most)
    marked = big and any(r.unknown_drivers for r in high.shown)
    if marked and high.tied_out and most is not None and most > limit:
        # with the "…and N more" line too, the mark's line takes a risk's place (1280x720)
        high = highest_risks(pack, a, limit, most - 1)
    st.markdown(f"### {tr('risk.top_risks')}" if big else f"**{tr('risk.top_risks')}**")
    # a band raised by a "don't know" answer (scored at its worst) says so (review: department head,
    # "Technical: High" went to council with no caveat); on a room's screen a mark and one line
    assumed = " " + tr("risk.assumed_mark" if big else "risk.assumed")
    lines = [
        # on a room's screen a band never breaks at its hyphen ("Medium-/high", review r16fac #15)
        # a room's screen names each risk as the radar beside it does (short): one line each
        f"- {charts.dimension_name(pack, r.dimension, lg, short=big)} — "
        + (
            charts.band_label(pack, r.band, lg).replace("-", NB_HYPHEN)
            if big
            else charts.band_label(pack, r.band, lg)
        )
        + (assumed if r.unknown_drivers else "")
        for r in high.shown
    ]
    if lines:  # a list at body size (28 px on a presentation screen), not small headings
        st.markdown("\n".join(lines))
    if marked:
        st.markdown(f"*{tr('risk.assumed_note')}*")
    if high.tied_out:  # the cut falls inside a tie: said, never silent
        st.markdown(f"*{tn('risk.tied_out', high.tied_out, lg, score=high.cut)}*")
    if not high.shown:
        none = tr("risk.none_to_watch", bands=focus_band_names(pack, lg))
        st.markdown(f"### {none}" if big else none)


def why_screen(pack: Pack, a: Assessment) -> None:
    """Presentation: why this route, in the very reasons the Recommendation page shows (why_lines),
    so a room never hears different reasons from the ones on the facilitator's screen. The lead
    ("What puts A ahead of B") is the screen's title; then the top 3 deciding reasons, without
    their points (reviews r16fac #12, r16head #6: one reason and "…and 3 more" left the slide
    mostly empty, and the count did not match the page's 3)."""
    lg = lang()
    why = why_lines(pack, a, lg, n=WHY_REASONS, points=False)
    title = tr("present.why_title", route=step_name(pack, a.top, lg))
    if alternative(pack, a) is not None and why:
        title, why = why[0].rstrip(" :"), why[1:]
    st.title(title, anchor=False)
    shown, more = room_reasons(why, limit=WHY_REASONS, chars=ROOM_CHARS, room=8)
    with st.container(key="present-why"):
        st.markdown("\n".join(f"1. {line}" for line in shown))
    if more:
        st.markdown(f"*{tn('present.more_reasons', more, lg)}*")


def recommendation_screen(pack: Pack, a: Assessment, *, summary: bool = True, path: bool = True) -> None:
    """Presentation: the headline of the Recommendation page's card (a direct award or a call-off
    leads in place of a procedure), the route's or path's summary, and (``path``) the award path
    with its stages ("RFI then RFP"), as the strategy says."""
    if not route_headline(pack, a, late=late_headline(pack, a, lang())) or a.top is None:
        return
    lg = lang()
    lead = leading_path(pack, a.strategy)
    late = late_headline(pack, a, lg)  # said once, in the red line above the route's name
    # With the late line, the route's summary goes (it is on the Recommendation page): a long route
    # name (French, "Pre-commercial procurement") over two lines, the late line and the summary
    # pushed Previous/Next below the fold at 1280x720. The date conflict matters more to the room.
    if summary and not late:
        st.markdown((lead or pack.routes[a.top]).summary.get(lg))
    if not path:
        return
    if a.strategy is not None and pack.strategy is not None:
        rows = dict(strategy_rows(pack, a, lg))
        parts = [tr("strategy.path"), tr("strategy.stages")]
        st.markdown(" · ".join(tr("strategy.row", part=p, text=rows[p]) for p in parts if rows.get(p)))
    elif a.sequence:
        st.markdown(tr("strategy.row", part=tr("rec.sequence_title"), text=sequence_line(pack, a)))


JUMP = 999  # Home / End: a move past either end, which every deck clamps to its first or last screen


def clicker_buttons(on_move: Callable[[int], None], *, at_start: bool, at_end: bool, rest: int = 4) -> Any:
    """Presentation's Previous / Next pair, keyed "clicker.prev" / "clicker.next" so the clicker
    keys (theme.clicker_keys) press them, and the unseen "clicker.first" / "clicker.last" that
    Home and End press. ``on_move`` gets -1 or +1 (or -JUMP / +JUMP). Returns the wide column to
    the right of the pair (``rest`` times a button's width) for a hint or a view switch."""
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
    # Home / End (review r17room #5): keys only, never drawn (theme hides the container), so the
    # slide keeps its room; each is a button so Streamlit keeps the state as for Previous / Next
    with cols[2].container(key="clicker-jump"):
        for delta, key, label, edge in (
            (-JUMP, "clicker.first", "present.first", at_start),
            (JUMP, "clicker.last", "present.last", at_end),
        ):
            st.button(tr(label), key=key, on_click=on_move, args=(delta,), disabled=edge)
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
    st.markdown("\n".join("- " + tr("strategy.row", part=part, text=text) for part, text in rows))
    notes = strategy_notes(pack, a.strategy)
    if notes and not big:
        with st.expander(tr("strategy.obligations", n=len(notes))):
            for n in notes:
                st.markdown("- " + duty_text(n.basis, n.get(lg), n.cite, lg))
