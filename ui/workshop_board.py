"""Drawing the facilitator board and the group result (shared by the normal and presentation
layouts). Everything a participant typed (names) goes into dataframes or escaped Markdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mixdecide import charts
from mixdecide.engine import assess
from mixdecide.i18n import tn
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.text import md_escape
from mixdecide.wording import answer_label, question_label, step_name
from mixdecide.workshop import Board
from mixdecide.workshop import charts as wcharts
from mixdecide.workshop.scope import decided_outside
from ui.clock import local_time, now_local
from ui.render import chart, recommendation_screen, route_card, top_risks
from ui.state import get_pack, lang, tr

RADAR_HEIGHT = 440  # as on the assessment's presentation: fits under the title at 1280x720
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}


def status_text(board: Board) -> str:
    w = board.workshop
    return tr(f"workshop.status.{w.status}", round=w.round)


def metrics(board: Board) -> None:
    cols = st.columns(4)
    cols[0].metric(tr("workshop.board.joined"), len(board.participants))
    cols[1].metric(tr("workshop.board.finished"), f"{board.finished} / {len(board.participants)}")
    cols[2].metric(tr("workshop.board.answers"), board.answers_stored)
    cols[3].metric(
        tr("workshop.board.round", round=board.workshop.round),
        tr(f"workshop.board.state.{board.workshop.status}"),
    )


def participants_table(pack: Pack, board: Board) -> None:
    """Who joined and finished; their own top route only when names are shown."""
    lg = lang()
    if not board.participants:
        st.info(tr("workshop.board.nobody_yet"), icon=":material/hourglass_empty:")
        return
    rows = {
        tr("workshop.table.name"): [p.name for p in board.participants],
        tr("workshop.table.progress"): [f"{p.answered} / {p.visible}" for p in board.participants],
        tr("workshop.table.finished"): ["✓" if p.finished_at else "" for p in board.participants],
        # several people behind one office network is normal; dozens from one, on a small workshop, is not
        tr("workshop.table.same_client"): [p.same_client for p in board.participants],
    }
    if board.workshop.show_names:
        rows[tr("workshop.table.top_route")] = [
            step_name(pack, p.top_route, lg) if p.answered else "—" for p in board.participants
        ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def who_answered_what(pack: Pack, board: Board) -> None:
    """Names per answer, per question (only when the facilitator shows names)."""
    lg = lang()
    names = {p.id: p.name for p in board.participants}
    rows = []
    for s in board.ranked:
        for value, voters in s.voters:
            rows.append(
                {
                    tr("workshop.table.question"): question_label(pack, s.question, lg),
                    tr("workshop.table.answer"): answer_label(pack, s.question, value, lg),
                    tr("workshop.table.names"): ", ".join(names.get(v, "?") for v in voters),
                }
            )
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def big_board(pack: Pack, board: Board, limit: int = 2) -> None:
    """The board for a room's screen: one line of counts, the most disputed questions and the routes
    people's own answers favour, side by side and large (no tables: the facilitator's view has them).
    Two questions at most, so the screen never scrolls at 1280x720 at 28 px (a clicker cannot
    scroll); the rest are counted."""
    lg = lang()
    n = len(board.participants)
    st.markdown(
        f"**{tr('workshop.board.joined')}:** {n} · **{tr('workshop.board.finished')}:** {board.finished} / {n}"
    )
    answered = [s for s in board.ranked if s.answered]
    ranked = answered[:limit]
    if not board.participants or not ranked:
        st.info(tr("workshop.board.nobody_yet"), icon=":material/hourglass_empty:")
        return
    left, right = st.columns([3, 2], gap="large")
    fig = wcharts.agreement_chart(pack, ranked, lg, big=True)
    left.plotly_chart(
        fig, key="wk.chart.agreement", config=CHART_CONFIG, alt=wcharts.agreement_alt(pack, ranked, lg)
    )
    if board.route_counts:
        fig = wcharts.routes_chart(pack, board.route_counts, lg, big=True)
        right.plotly_chart(
            fig,
            key="wk.chart.routes",
            config=CHART_CONFIG,
            alt=wcharts.routes_alt(pack, board.route_counts, lg),
        )
    if len(answered) > limit:
        st.markdown(f"*{tn('workshop.board.more_disputed', len(answered) - limit, lg)}*")


def outside_warning(pack: Pack, board: Board) -> bool:
    """A warning when the first route rests on answers the workshop did not cover (review r14 F1:
    a "Justified direct award" from a ground no participant saw). Pack labels only: Markdown-safe."""
    lg = lang()
    found = decided_outside(pack, board.group, dt.date.today())
    if found is None:
        return False
    full = assess(pack, board.group.answers, today=dt.date.today())
    questions = "; ".join(
        f"{question_label(pack, q, lg)} = {answer_label(pack, q, board.group.answers[q], lg)}"
        for q in found.deciders
    ) or tn("workshop.result.outside_n", found.outside, lg)
    st.warning(
        tr(
            "workshop.result.outside",
            route=step_name(pack, full.top, lg),
            questions=questions,
            own=step_name(pack, found.route, lg) if found.route else tr("workshop.result.outside_none"),
        ),
        icon=":material/report:",
    )
    return True


def result_basis(board: Board) -> str:
    """Where the group result's answers come from ("none set by the facilitator yet" ...)."""
    sources = board.group.source
    return wcharts.basis_text(
        sum(1 for s in sources.values() if s == "consensus"),
        sum(1 for s in sources.values() if s == "default"),
        len(board.questions),
        lang(),
    )


def big_result(pack: Pack, board: Board, a: Assessment) -> None:
    """The group's recommendation for a room's screen: route name, score, confidence and the top
    reasons, as on the presentation of an assessment (one idea per screen, never scrolls)."""
    # The route's summary is on the assessment's own presentation; here the screen says which
    # answers the result comes from, under it (with the summary, it scrolled at 1280x720).
    recommendation_screen(pack, a, summary=False)
    if not outside_warning(pack, board):  # the warning, when there is one, in the basis line's place
        st.markdown(result_basis(board))


def big_risks(pack: Pack, a: Assessment) -> None:
    """The group result's risk profile for a room's screen: the radar and the highest risks."""
    lg = lang()
    st.title(tr("present.risk_title"), anchor=False)
    c1, c2 = st.columns([3, 2], vertical_alignment="center")
    with c1:
        fig = charts.risk_radar(pack, a, lg, big=True, height=RADAR_HEIGHT)
        st.plotly_chart(fig, key="wk.chart.radar", config=CHART_CONFIG, alt=charts.risk_alt(pack, a, lg))
    with c2:
        top_risks(pack, a, big=True, limit=4)


def board_view(pack: Pack, board: Board, *, big: bool = False) -> None:
    """Counts, the questions ranked by disagreement, participants and their own top routes."""
    if big:
        big_board(pack, board)
        return
    lg = lang()
    metrics(board)
    st.caption(tr("workshop.board.refreshed", time=now_local()))
    ranked = [s for s in board.ranked if s.answered]
    if not board.participants:
        participants_table(pack, board)
        return
    if ranked:
        chart(
            wcharts.agreement_chart(pack, ranked, lg, big=big),
            wcharts.agreement_alt(pack, ranked, lg),
            wcharts.agreement_table(pack, ranked, lg),
            key="wk.chart.agreement",
        )
    if len(ranked) < len(board.ranked):
        st.caption(tr("workshop.board.unanswered", n=len(board.ranked) - len(ranked)))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(tr("workshop.board.participants_title"), anchor=False)
        participants_table(pack, board)
    with right:
        if board.route_counts:
            chart(
                wcharts.routes_chart(pack, board.route_counts, lg, big=big),
                wcharts.routes_alt(pack, board.route_counts, lg),
                wcharts.routes_table(pack, board.route_counts, lg),
                key="wk.chart.routes",
            )
        if not board.workshop.show_names:
            st.caption(tr("workshop.board.anonymous"))
    if board.workshop.show_names and not big:
        with st.expander(tr("workshop.board.who_title")):
            who_answered_what(pack, board)


def group_result(pack: Pack, board: Board) -> Assessment:
    return assess(pack, board.group.answers, today=dt.date.today())


def checklist_summary(pack: Pack, a: Assessment) -> None:
    lg = lang()
    st.markdown(f"**{tr('workshop.result.checklist', n=len(a.checklist))}**")
    cols = st.columns(len(pack.checklist.principles))
    for col, p in zip(cols, pack.checklist.principles, strict=True):
        col.metric(p.name.get(lg), sum(1 for f in a.checklist if f.principle == p.id))


def result_view(pack: Pack, board: Board, a: Assessment, *, big: bool = False) -> None:
    """The group's recommendation, risk profile and checklist, from the group's answers."""
    lg = lang()
    st.caption(result_basis(board))
    outside_warning(pack, board)
    route_card(pack, a, big=big)
    left, right = st.columns([3, 2], gap="large")
    with left:
        fig = charts.risk_radar(pack, a, lg)
        fig.update_layout(margin={"l": 90, "r": 90})  # room for the axis names in a narrow column
        if big:
            fig.update_layout(font={"size": 18}, height=560)
        chart(fig, charts.risk_alt(pack, a, lg), charts.risk_table(pack, a, lg), key="wk.chart.radar")
    with right:
        top_risks(pack, a)
    checklist_summary(pack, a)


def participant_context(
    details: dict[str, str],
    facts: list[tuple[str, str]],
    answers: dict[str, Any] | None,
    published_at: dt.datetime | None = None,
) -> None:
    """On a participant's device: what the project is (title, where, value, date needed, problem),
    and the group's result as the facilitator last published it. Typed text (title, names, the
    team's note) is shown with st.text or escaped, never as Markdown."""
    pack = get_pack()
    if details:
        with st.container(border=True, key="join.project"):
            st.caption(tr("join.project"))
            st.text(details.get("title") or tr("present.untitled"))
            where = " · ".join(v for v in (details.get("municipality"), details.get("department")) if v)
            if where:
                st.text(where)
            if facts:
                st.markdown(
                    "  \n".join(f"**{label}:** {md_escape(text, inline=True)}" for label, text in facts)
                )
    if answers is not None:
        with st.container(key="join.group_result"):  # key: where the page scrolls when it is published
            st.subheader(tr("join.group_result"), anchor=False)
        st.caption(tr("join.group_result_help"))
        if published_at is not None:
            st.caption(tr("join.published_at", time=local_time(published_at)))
        a = assess(pack, answers, today=dt.date.today())
        route_card(pack, a)
        top_risks(pack, a)
