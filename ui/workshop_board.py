"""Drawing the facilitator board and the group result (shared by the normal and presentation
layouts). Everything a participant typed (names) goes into dataframes or escaped Markdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mixdecide import charts
from mixdecide.answers import visible_answers
from mixdecide.engine import assess
from mixdecide.i18n import tn
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.text import md_escape
from mixdecide.wording import answer_label, question_label, question_numbers, step_name
from mixdecide.workshop import Board, BoardParticipant
from mixdecide.workshop import charts as wcharts
from mixdecide.workshop.board import result_changed_since_publishing
from mixdecide.workshop.open_questions import open_lines
from mixdecide.workshop.scope import decided_outside
from ui.clock import local_time, now_local
from ui.render import ROOM_RISKS, ROOM_RISKS_MOST, chart, recommendation_screen, route_card, top_risks
from ui.state import get_pack, lang, tr

RADAR_HEIGHT = 460  # as on the assessment's presentation: fits under the title at 1280x720
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}


def status_text(board: Board) -> str:
    w = board.workshop
    return tr(f"workshop.status.{w.status}", round=w.round)


def metrics(board: Board) -> None:
    cols = st.columns(4)
    cols[0].metric(tr("workshop.board.joined"), board.joined)
    cols[1].metric(tr("workshop.board.finished"), f"{board.finished} / {board.joined}")
    cols[2].metric(tr("workshop.board.answers"), board.answers_stored)
    cols[3].metric(
        tr("workshop.board.round", round=board.workshop.round),
        tr(f"workshop.board.state.{board.workshop.status}"),
    )


def progress_text(p: BoardParticipant, names_shown: bool) -> str:
    """How far someone got. With names hidden, "7 / 29" beside a name told which follow-up
    questions their answers opened (so what they answered): then a share, in steps of ten."""
    if names_shown:
        return f"{p.answered} / {p.visible}"
    share = p.answered / p.visible if p.visible else 0.0
    return f"{int(share * 10) * 10} %" if share < 1 else "100 %"


def participants_table(pack: Pack, board: Board) -> None:
    """Who joined and finished; their own top route only when names are shown."""
    lg = lang()
    if not board.participants:
        st.info(tr("workshop.board.nobody_yet"), icon=":material/hourglass_empty:")
        return
    twins = board.twins
    rows = {
        tr("workshop.table.name"): [
            tr("workshop.table.rejoined", name=p.name, was=p.rejoined)
            if p.rejoined
            else tr("workshop.table.twin", name=p.name)
            if " ".join(p.name.split()).casefold() in twins
            else p.name
            for p in board.participants
        ],
        tr("workshop.table.progress"): [
            progress_text(p, board.workshop.show_names) for p in board.participants
        ],
        tr("workshop.table.finished"): ["✓" if p.finished_at else "" for p in board.participants],
        # several people behind one office network is normal; dozens from one, on a small workshop, is not
        # said as the Remove list says it (review r16lead #9: the column read empty beside "4 joined
        # from the same network" there): words, and nothing when a person is the only one
        tr("workshop.table.same_client"): [
            tr("workshop.remove.same", n=p.same_client) if p.same_client > 1 else ""
            for p in board.participants
        ],
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


def board_pages(pack: Pack, board: Board) -> list[list[Any]]:
    """The answered questions cut into room screens (as many a screen as fit 1280x720)."""
    return wcharts.room_pages(pack, [s for s in board.ranked if s.answered], lang())


def big_board(pack: Pack, board: Board, page: int = 0) -> None:
    """The board for a room's screen: one line of counts, the most disputed questions and the routes
    people's own answers favour, side by side and large (no tables: the facilitator's view has them).
    As many questions a screen as fit 1280x720 (a clicker cannot scroll); the rest follow on the
    next screens, and the line says so (review r16fac #3: "see the facilitator's board" pointed
    the room at the screen it was looking at; r16fac #5: the screen was 754 px tall)."""
    lg = lang()
    n = board.joined
    pages = board_pages(pack, board)
    page = max(0, min(page, len(pages) - 1))
    ranked = pages[page]
    total = sum(len(p) for p in pages)
    first = sum(len(p) for p in pages[:page]) + 1
    counts = f"**{tr('workshop.board.joined')}:** {n} · **{tr('workshop.board.finished')}:** {board.finished} / {n}"
    more = total - (first - 1) - len(ranked)
    if len(pages) > 1:  # which of them, and how many follow: one line, so the chart keeps its room
        counts += " · " + tr(
            "workshop.board.questions_of", first=first, last=first + len(ranked) - 1, total=total
        )
        if more > 0:
            counts += f" · *{tn('workshop.board.more_disputed', more, lg)}*"
    st.markdown(counts)
    if not board.participants:
        st.info(tr("workshop.board.nobody_yet"), icon=":material/hourglass_empty:")
        return
    if not ranked:  # people joined, nobody answered yet: not "nobody has joined"
        st.info(tr("workshop.board.no_answers_yet"), icon=":material/hourglass_empty:")
        return
    left, right = st.columns([3, 2], gap="large")
    fig = wcharts.agreement_chart(pack, ranked, lg, big=True)
    # At 1280 px the wrapped 28 px question names leave the bars ~150 px: "0 % 50 %100 %" ran
    # together. The two ends are enough on a share axis (the half is where the bars meet the eye);
    # a wider gap keeps one question's lines apart from the next one's.
    fig.update_xaxes(tickvals=[0, 100], ticktext=["0 %", "100 %"])
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


def outside_warning(pack: Pack, board: Board, *, room: bool = False) -> bool:
    """A warning when the first route rests on answers the workshop did not cover (review r14 F1:
    a "Justified direct award" from a ground no participant saw). Pack labels only: Markdown-safe.
    ``room``: for the room's screen, how many answers rather than each one (with a late route and a
    long name, three questions and their answers pushed Previous/Next below 720 px)."""
    lg = lang()
    found = decided_outside(pack, board.group, dt.date.today())
    if found is None:
        return False
    full = assess(pack, board.group.answers, today=dt.date.today())
    questions = (
        ""
        if room
        else "; ".join(
            f"{question_label(pack, q, lg)} = {answer_label(pack, q, board.group.answers[q], lg)}"
            for q in found.deciders
        )
    ) or tn("workshop.result.outside_n", len(found.deciders) if room else found.outside, lg)
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
        len(board.group.covered),
        lang(),
        wcharts.count_words(get_pack(), board.group.covered, lang()),
    )


def result_state(board: Board) -> str:
    """Whether the room is looking at an agreed result, as a coloured badge (Markdown, pack-free)."""
    if board.workshop.published:
        if result_changed_since_publishing(board):
            return f":orange-badge[:material/edit: {tr('workshop.result.state_changed')}]"
        return f":green-badge[:material/verified: {tr('workshop.result.state_published')}]"
    if any(s == "consensus" for s in board.group.source.values()):
        return f":orange-badge[:material/pending: {tr('workshop.result.state_set')}]"
    return f":orange-badge[:material/pending: {tr('workshop.result.state_provisional')}]"


def big_result(pack: Pack, board: Board, a: Assessment) -> None:
    """The group's recommendation for a room's screen: route name, score, confidence and the top
    reasons, as on the presentation of an assessment (one idea per screen, never scrolls)."""
    # The route's summary is on the assessment's own presentation; here the screen says which
    # answers the result comes from, under it (with the summary, it scrolled at 1280x720).
    # with the warning, the award path and stages go too (the facilitator's view keeps them): a
    # late route's lines and the warning did not fit 1280x720 with them
    warned = decided_outside(pack, board.group, dt.date.today()) is not None
    recommendation_screen(pack, a, summary=False, path=not warned)
    if not outside_warning(
        pack, board, room=True
    ):  # the warning, when there is one, in the basis line's place
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
        top_risks(pack, a, big=True, limit=ROOM_RISKS, most=ROOM_RISKS_MOST)
        st.markdown(f"*{tr('present.risk_scale')}*")  # review r16fac #13: what the rings measure


def board_view(pack: Pack, board: Board, *, big: bool = False, page: int = 0) -> None:
    """Counts, the questions ranked by disagreement, participants and their own top routes
    (``big``: a room's screen, ``page`` of its screens)."""
    if big:
        big_board(pack, board, page)
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
        waiting = [s.question for s in board.ranked if not s.answered]
        st.caption(tr("workshop.board.unanswered", questions=wcharts.count_words(pack, waiting, lg)))
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
            counts = [p.answered for p in board.participants if p.answered]
            if counts:  # review r16lead #13: drawn from 7 of 27 answers without saying so
                st.caption(tr("workshop.board.routes_basis", low=min(counts), high=max(counts)))
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


def open_questions(pack: Pack, a: Assessment) -> None:
    """The questions nobody answered that could still change the route, and what each answer
    would make it (review r16lead #2: a prize won while the question that rules it out was open)."""
    lines = open_lines(pack, a, lang())
    if lines:
        body = "\n".join(f"- {md_escape(line, inline=True)}" for line in lines)
        st.warning(
            f"{tn('workshop.result.open_title', len(lines), lang())}\n\n{body}", icon=":material/help:"
        )


def result_view(pack: Pack, board: Board, a: Assessment, *, big: bool = False) -> None:
    """The group's recommendation, risk profile and checklist, from the group's answers."""
    lg = lang()
    st.caption(result_basis(board))
    outside_warning(pack, board)
    route_card(pack, a, big=big)
    open_questions(pack, a)
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


def project_about(details: dict[str, str], facts: list[tuple[str, str]]) -> None:
    """On a participant's device, what the project is (title, where, value, date needed, problem),
    folded: on a phone it is one line above the questions, opened when wanted (review r17lead #7:
    the questions were several screens down, under the project and the group result). Typed text
    (title, names, the team's note) is shown with st.text or escaped, never as Markdown."""
    if not details:
        return
    with st.expander(tr("join.project_about"), icon=":material/info:", key="join.project"):
        st.text(details.get("title") or tr("present.untitled"))
        where = " · ".join(v for v in (details.get("municipality"), details.get("department")) if v)
        if where:
            st.text(where)
        if facts:
            st.markdown("  \n".join(f"**{label}:** {md_escape(text, inline=True)}" for label, text in facts))


def published_result(
    answers: dict[str, Any] | None,
    published_at: dt.datetime | None = None,
    outside: str | None = None,
    published_round: int | None = None,
    *,
    current_round: int = 1,
    covered: tuple[str, ...] = (),
) -> None:
    """On a participant's device, the group's result as the facilitator last published it, with
    the warning published with it (``outside``: pack labels only) when an answer the workshop did
    not cover decides it. Nothing before it is published."""
    if answers is None:
        return
    pack = get_pack()
    with st.container(key="join.group_result"):  # key: where the page scrolls when it is published
        st.subheader(tr("join.group_result"), anchor=False)
    st.caption(tr("join.group_result_help"))
    if published_at is not None:
        st.caption(tr("join.published_at", time=local_time(published_at)))
    if published_round is not None and published_round < current_round:  # review r16lead #8
        st.info(tr("join.previous_round", round=published_round), icon=":material/history:")
    a = assess(pack, answers, today=dt.date.today())
    # review r14 F1: participants see it too, not only the board and the room's screen; before
    # the route's card, which on a phone runs to several screens
    if outside:
        st.warning(outside, icon=":material/report:")
    route_card(pack, a)
    open_questions(pack, a)
    group_answers_table(pack, answers, covered)
    top_risks(pack, a)


def group_answers_table(pack: Pack, answers: dict[str, Any], covered: tuple[str, ...]) -> None:
    """The group's answers behind the published result, for the workshop's questions that apply,
    numbered as the questionnaire numbers them (review r16lead #8: a participant saw the route but
    not that the group answered "No" where she had said "Yes", nor the value it settled on).
    Pack texts and formatted values only: a wrapping two-column table, readable on a phone."""
    lg = lang()
    numbers = question_numbers(pack)
    shown = [q for q in visible_answers(pack, answers)[1] if q in covered]
    if not shown:
        return
    with st.expander(tr("join.group_answers", n=len(shown)), icon=":material/groups:"):
        st.table(
            pd.DataFrame(
                {
                    tr("join.question"): [
                        md_escape(f"{numbers[q]}. {question_label(pack, q, lg)}", inline=True) for q in shown
                    ],
                    tr("join.group_answer"): [
                        md_escape(answer_label(pack, q, answers.get(q), lg), inline=True) for q in shown
                    ],
                }
            ),
            hide_index=True,
        )
