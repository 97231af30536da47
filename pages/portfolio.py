"""Portfolio: every stored assessment, filtered and sorted, with charts and open/duplicate/archive."""

from ui.boot import require_app

require_app()

from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from mixdecide import charts  # noqa: E402
from mixdecide.details import ASSESSMENT_STATUSES  # noqa: E402
from mixdecide.risk import worst_band  # noqa: E402
from mixdecide.store import (  # noqa: E402
    SORTS,
    NotFound,
    PortfolioFilter,
    StoreError,
    duplicate_assessment,
    filter_choices,
    list_assessments,
    portfolio_summary,
    session_scope,
    set_status,
)
from mixdecide.store.demo import demo_ids  # noqa: E402
from mixdecide.text import md_escape  # noqa: E402
from mixdecide.wording import step_name  # noqa: E402
from ui import exports, messages, nav, session  # noqa: E402
from ui.auth import principal  # noqa: E402
from ui.db import engine  # noqa: E402
from ui.outcome import advice_vs_done_section, case_library  # noqa: E402
from ui.state import actor, get_pack, lang, tr  # noqa: E402

PAGE_SIZE = 50

pack = get_pack()
lg = lang()
bands = [b.id for b in pack.risks.bands]
ss = st.session_state


def _set_status(target: str, status: str, title: str, before: str, undo: bool = False) -> None:
    """Archive or restore ``target``, and keep a confirmation on screen with an Undo (review
    r16head finding 13: "Done." flashed at the top of the page and was gone, and the selector
    still showed the archived assessment)."""
    try:
        with session_scope(engine()) as s:
            set_status(principal=principal(), session=s, id=target, actor=actor(), status=status)
    except (NotFound, StoreError) as exc:
        messages.flash("error", "portfolio.failed", error=str(exc))
        return
    ss["pf.last"] = None if undo else {"id": target, "title": title, "status": status, "before": before}
    ss.pop("pf.chosen", None)  # the selector moves off an assessment the list no longer shows
    if undo or status != "archived" or ss.get("pf.archived"):
        ss["pf.chosen"] = target  # still listed: keep it chosen


def _archive_note(may_change: bool) -> None:
    """The last archive or restore, with an Undo: it stays until the next one or until undone."""
    last = ss.get("pf.last")
    if last:
        key = "portfolio.archived_note" if last["status"] == "archived" else "portfolio.restored_note"
        n1, n2 = st.columns([5, 1], vertical_alignment="center")
        n1.success(
            tr(key, title=md_escape(last["title"], inline=True), toggle=tr("portfolio.include_archived")),
            icon=":material/archive:" if last["status"] == "archived" else ":material/unarchive:",
        )
        n2.button(
            tr("portfolio.undo"),
            key="pf.undo",
            icon=":material/undo:",
            on_click=_set_status,
            args=(last["id"], last["before"], last["title"], last["status"]),
            kwargs={"undo": True},
            disabled=not may_change,
        )


st.title(tr("portfolio.title"), anchor=False)
st.caption(tr("portfolio.intro"))

with session_scope(engine(), readonly=True) as s:
    choices = filter_choices(principal=principal(), session=s, include_archived=True)

with st.container(border=True):
    text = st.text_input(
        tr("portfolio.search"), key="pf.text", max_chars=100, placeholder=tr("portfolio.search_placeholder")
    )
    c1, c2, c3 = st.columns(3)
    municipality = c1.multiselect(
        tr("meta.municipality"),
        choices.municipalities,
        key="pf.municipality",
        placeholder=tr("common.choose"),
    )
    department = c2.multiselect(
        tr("meta.department"), choices.departments, key="pf.department", placeholder=tr("common.choose")
    )
    route = c3.multiselect(
        tr("portfolio.route"),
        list(pack.routes),
        key="pf.route",
        placeholder=tr("common.choose"),
        format_func=lambda r: step_name(pack, r, lg),
    )
    c4, c5, c6 = st.columns(3)
    status = c4.multiselect(
        tr("meta.status"),
        ASSESSMENT_STATUSES,
        key="pf.status",
        placeholder=tr("common.choose"),
        format_func=lambda s: tr(f"status.{s}"),
    )
    band = c5.multiselect(
        tr("portfolio.worst_risk"),
        bands,
        key="pf.band",
        placeholder=tr("common.choose"),
        format_func=lambda b: charts.band_label(pack, b, lg),
    )
    sort = c6.selectbox(
        tr("portfolio.sort"), SORTS, key="pf.sort", format_func=lambda s: tr(f"portfolio.sorts.{s}")
    )
    include_archived = st.toggle(tr("portfolio.include_archived"), key="pf.archived")

filters = PortfolioFilter(
    municipality=municipality,
    department=department,
    route=route,
    status=status,
    risk_band=band,
    text=text,
    include_archived=include_archived,
)
with session_scope(engine(), readonly=True) as s:
    summary = portfolio_summary(principal=principal(), session=s, filters=filters)
    # A filter can leave fewer pages than the one shown: clamp to the last page that exists.
    pages = max(1, -(-summary.total // PAGE_SIZE))
    page_no = min(max(1, int(ss.get("pf.page") or 1)), pages)
    ss["pf.page"] = page_no
    rows, total = list_assessments(
        principal=principal(),
        session=s,
        filters=filters,
        sort=sort,
        limit=PAGE_SIZE,
        offset=(page_no - 1) * PAGE_SIZE,
    )

m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("portfolio.total"), summary.total)
m2.metric(tr("status.draft"), summary.by_status.get("draft", 0))
m3.metric(tr("status.final"), summary.by_status.get("final", 0))
m4.metric(tr("portfolio.high_risk"), summary.by_max_band.get(worst_band(pack).id, 0))

if total == 0:
    st.info(tr("portfolio.empty"), icon=":material/search_off:")
    _archive_note(principal().editor)  # archiving the last match leaves the list empty: still confirm
else:
    left, right = st.columns(2, gap="large")
    routes = {r: n for r, n in summary.by_route.items() if r}
    with left:
        fig = charts.portfolio_routes_chart(pack, routes, lg)
        alt = "; ".join(f"{step_name(pack, r, lg)}: {n}" for r, n in routes.items())
        st.plotly_chart(fig, key="chart.pf_routes", config={"displayModeBar": False}, alt=alt)
        with st.expander(tr("common.data_table")):
            st.dataframe(
                pd.DataFrame(
                    {
                        tr("table.route"): [step_name(pack, r, lg) for r in routes],
                        tr("portfolio.count"): list(routes.values()),
                    }
                ),
                hide_index=True,
            )
    with right:
        fig = charts.portfolio_risk_chart(pack, summary.by_risk, lg)
        st.plotly_chart(
            fig, key="chart.pf_risk", config={"displayModeBar": False}, alt=tr("portfolio.risk_alt")
        )
        with st.expander(tr("common.data_table")):
            dims = [d.id for d in pack.risks.dimensions]
            st.dataframe(
                pd.DataFrame(
                    {tr("risk.dimension"): [charts.dimension_name(pack, d, lg) for d in dims]}
                    | {
                        charts.band_label(pack, b, lg): [summary.by_risk.get((d, b), 0) for d in dims]
                        for b in bands
                    }
                ),
                hide_index=True,
            )

    # the examples that come with the app say so (review r19head #1: eleven projects from ten
    # cities, and nothing told a first-time user which were real work)
    demos = demo_ids()

    def _title(r: Any) -> str:
        return f"{r.title} {tr('portfolio.demo_mark')}" if r.id in demos else str(r.title)

    table = pd.DataFrame(
        {
            tr("meta.title"): [_title(r) for r in rows],
            tr("meta.municipality"): [r.municipality for r in rows],
            tr("meta.department"): [r.department for r in rows],
            tr("meta.status"): [tr(f"status.{r.status}") for r in rows],
            # the short name is whole ("Pre-commercial"), the long one was cut ("Pre-commer…")
            tr("portfolio.route"): [
                step_name(pack, r.top_route, lg, short=True) if r.top_route else "—" for r in rows
            ],
            tr("portfolio.worst_risk"): [
                charts.band_label(pack, r.max_risk_band, lg) if r.max_risk_band else "—" for r in rows
            ],
            # the day only: with the time the column was cut at 1280 px (the CSV keeps the minute)
            tr("portfolio.updated"): [r.updated_at.strftime("%Y-%m-%d") for r in rows],
            tr("portfolio.updated_by"): [r.updated_by for r in rows],
        }
    )
    st.subheader(tr("portfolio.list_title", shown=len(rows), total=total), anchor=False)
    st.caption(tr("portfolio.select_to_open"))
    picked = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="pf.table",
        # whole rows only (header + rows of 35 px): the 11th row sat half hidden in the scroll box
        height=35 * (min(len(rows), 12) + 1) + 3,
        on_select="rerun",
        selection_mode="single-row",
        # the columns that fit 1280 px without cutting a route name (all of them are in the CSV)
        column_order=[
            tr("meta.title"),
            tr("meta.municipality"),
            tr("portfolio.route"),
            tr("portfolio.worst_risk"),
            tr("meta.status"),
            tr("portfolio.updated"),
        ],
        # fixed widths that hold the longest route, band, status and municipality names in both
        # languages at 1280 px; the title takes what is left
        column_config={
            tr("meta.title"): st.column_config.TextColumn(width=250),
            tr("meta.municipality"): st.column_config.TextColumn(width=140),
            tr("portfolio.route"): st.column_config.TextColumn(width=140),
            tr("portfolio.worst_risk"): st.column_config.TextColumn(width=95),
            tr("meta.status"): st.column_config.TextColumn(width=60),
            tr("portfolio.updated"): st.column_config.TextColumn(width=105),
        },
    )
    if picked.selection.rows:  # a row opens its assessment
        session.open_assessment(rows[picked.selection.rows[0]].id)
        nav.go("recommendation")
    exports.portfolio_download(
        [
            {
                "title": r.title,
                "municipality": r.municipality,
                "department": r.department,
                "owner": r.owner,
                "status": r.status,
                "route": step_name(pack, r.top_route, lg) if r.top_route else "",
                "updated": r.updated_at.strftime("%Y-%m-%d %H:%M"),
            }
            for r in rows
        ],
        "pf.dl",
    )
    pages = max(1, -(-total // PAGE_SIZE))
    if pages > 1:
        st.number_input(
            tr("portfolio.page", pages=pages), min_value=1, max_value=pages, key="pf.page", step=1
        )

    by_id = {r.id: r for r in rows}
    if ss.get("pf.chosen") not in by_id:  # chosen on another page, filtered away or archived
        # set, not deleted: a deleted value left the browser showing the archived assessment
        ss["pf.chosen"] = next(iter(by_id))
    st.subheader(tr("portfolio.actions"), anchor=False)
    chosen = st.selectbox(
        tr("portfolio.choose"),
        list(by_id),
        key="pf.chosen",
        format_func=lambda i: f"{_title(by_id[i])} — {by_id[i].municipality}",
    )
    may_change = principal().editor  # r15attack #3: a viewer is not offered what would be refused
    a1, a2, a3, a4 = st.columns(4)
    if a1.button(tr("portfolio.open"), key="pf.open", icon=":material/open_in_new:", type="primary"):
        session.open_assessment(chosen)
        nav.go("recommendation")

    def _act(fn: Callable[..., Any], **kw: Any) -> None:
        try:
            with session_scope(engine()) as s:
                fn(principal=principal(), session=s, id=chosen, actor=actor(), **kw)
            messages.flash("info", "portfolio.done")
        except (NotFound, StoreError) as exc:
            messages.flash("error", "portfolio.failed", error=str(exc))

    a2.button(
        tr("portfolio.duplicate"),
        key="pf.duplicate",
        icon=":material/content_copy:",
        on_click=_act,
        args=(duplicate_assessment,),
        disabled=not may_change,
    )
    archived = by_id[chosen].status == "archived"
    label, icon, new_status = (
        ("restore", "unarchive", "draft") if archived else ("archive", "archive", "archived")
    )
    a3.button(
        tr(f"portfolio.{label}"),
        key=f"pf.{label}",
        icon=f":material/{icon}:",
        on_click=_set_status,
        args=(chosen, new_status, by_id[chosen].title, by_id[chosen].status),
        disabled=not may_change,
    )
    with a4:
        nav.link("compare", tr("portfolio.goto_compare"))
    if not may_change:
        st.caption(tr("portfolio.viewer"))
    _archive_note(may_change)

st.divider()
advice_vs_done_section(pack, filters)
st.divider()
case_library(pack)
