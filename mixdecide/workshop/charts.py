"""Workshop figures (pure Plotly) with their text alternatives and tables.

``agreement_chart``: one bar per question, most disagreement on top, split into the shares of its
answers (most common first). The most common answer is dark, the others lighter, "don't know"
grey, so a long dark bar reads as agreement and a striped one as a split whatever the options.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from mixdecide.charts import BIG_FONT, GRID, TEXT, layout, plain
from mixdecide.conditions import UNKNOWN
from mixdecide.i18n import t, tn
from mixdecide.pack.models import Pack
from mixdecide.wording import answer_label, question_label, step_name
from mixdecide.workshop.aggregate import QuestionStats

ROOM_TITLE_CHARS = 22  # a 28 px chart title's line in the room board's narrow (2/5) column at 1280 px

SLOT_COLORS = ("#1F4E79", "#4A90C2", "#9CC3E4", "#D5E5F2", "#EEF4FA")
SLOT_TEXT = ("white", "white", TEXT, TEXT, TEXT)
UNKNOWN_COLOR = "#B8BEC6"
LABEL_MAX = 48
# The room's agreement chart at 1280x720 (below the board's counts line, above Previous / Next):
# its title and axis take ROOM_CHART_PX, each label line ROOM_LINE_PX (28 px type, Plotly's 1.3 line
# spacing), each question's band its lines and ROOM_GAP lines; ROOM_LINES lines fit in all
# (ROOM_CHART_PX + ROOM_LINE_PX * ROOM_LINES = 490 px, what two four-line questions took before).
ROOM_CHART_PX = 170
ROOM_LINE_PX = 36
ROOM_GAP = 0.45
ROOM_BAR = 1.5  # a bar's thickness, in label lines
ROOM_LINES = 8.9
ROOM_TIED = 3  # tied answers a room's board names beside a bar; more are counted
ROOM_ANSWER_CHARS = LABEL_MAX  # an answer's name there (two lines of the label at most)


def _short(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(text: str, width: int) -> str:
    """Break a label over lines of at most ``width`` characters (Plotly reads ``<br>``)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def agreement_words(stats: QuestionStats, lang: str) -> str:
    """Where the group stands on one question, in words: "5 of 7 with an answer chose the leading
    answer; 2 others; 1 says don't know". "Don't know" is told apart, never as a competing answer,
    and a tie is among real answers only (review r18lead #6)."""
    if not stats.counts:
        return t("workshop.agree.none", lang)
    real, unknown = stats.real, stats.unknown
    given = sum(n for _, n in real)
    if not real:
        return tn("workshop.agree.unknown_top", unknown, lang, answered=stats.answered)
    n = real[0][1]
    if stats.tied > 1:  # no leading answer: "Tied: 1 each for 2 answers, of 2 with an answer"
        parts = [t("workshop.agree.tied", lang, n=n, k=stats.tied, answered=given)]
        others = given - n * stats.tied
    else:
        parts = [tn("workshop.agree.top", n, lang, answered=given)]
        others = given - n
    if others:
        parts.append(tn("workshop.agree.others", others, lang))
    if unknown:
        parts.append(tn("workshop.agree.unknown", unknown, lang))
    return "; ".join(parts)


def room_words(pack: Pack, stats: QuestionStats, lang: str) -> str:
    """Where the group stands, for a room's board, with the leading answer named: there its bar
    carries no label (at 28 px Plotly hid every answer's name that did not fit its segment,
    review r17room #8), so the words beside it say which answer leads."""
    words = agreement_words(stats, lang)
    if not stats.counts:
        return words
    top, n = stats.counts[0]
    tied = [value for value, m in stats.counts if m == n]
    if len(tied) > 1:  # review r18fac #5: a tie said no answer's name, and its bars had none either
        names = [
            _short(answer_label(pack, stats.question, v, lang), ROOM_ANSWER_CHARS) for v in tied[:ROOM_TIED]
        ]
        if len(tied) > ROOM_TIED:
            names.append(tn("workshop.agree.room_tied_more", len(tied) - ROOM_TIED, lang))
        # in the bar's order, left to right (the darkest first)
        return t("workshop.agree.room_tied", lang, n=n, answers=" | ".join(names))
    if top == UNKNOWN:
        return words  # "say don't know" already says what leads
    lead = t(
        "workshop.agree.room_top",
        lang,
        answer=_short(answer_label(pack, stats.question, top, lang), 28),  # two lines at most
        n=n,
        answered=stats.answered,
    )
    return "; ".join([lead, *words.split("; ")[1:]])


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


def agreement_table(pack: Pack, ranked: Sequence[QuestionStats], lang: str) -> pd.DataFrame:
    """Question, answers, the most common answer and its share, disagreement, the default."""
    return pd.DataFrame(
        {
            t("workshop.table.question", lang): [question_label(pack, s.question, lang) for s in ranked],
            t("workshop.table.answered", lang): [f"{s.answered} / {s.eligible}" for s in ranked],
            t("workshop.table.answers", lang): [
                " · ".join(f"{answer_label(pack, s.question, v, lang)}: {n}" for v, n in s.counts) or "—"
                for s in ranked
            ],
            t("workshop.table.top_share", lang): [_pct(s.top_share) if s.counts else "—" for s in ranked],
            t("workshop.table.agreement", lang): [agreement_words(s, lang) for s in ranked],
            t("workshop.table.disagreement", lang): [_pct(s.disagreement) for s in ranked],
            t("workshop.table.default", lang): [
                answer_label(pack, s.question, s.default, lang) if s.default is not None else "—"
                for s in ranked
            ],
        }
    )


def agreement_alt(pack: Pack, ranked: Sequence[QuestionStats], lang: str) -> str:
    items = "; ".join(
        t(
            "workshop.chart.alt_item",
            lang,
            question=question_label(pack, s.question, lang),
            agreement=agreement_words(s, lang),
        )
        for s in ranked
    )
    return t("workshop.chart.agreement_alt", lang, items=items or "—")


def agreement_chart(
    pack: Pack, ranked: Sequence[QuestionStats], lang: str, *, big: bool = False
) -> go.Figure:
    """Stacked shares of each question's answers, the most disputed question on top."""
    rows = list(ranked)[::-1]  # Plotly draws the first category at the bottom
    # the whole question (wrapped, never cut) and where the group stands, in words
    labels = [
        f"{_wrap(plain(question_label(pack, s.question, lang)), 30 if big else 44)}"
        # on a room's screen the words wrap too: one long line left the bars no room (review r14)
        f"<br><i>{_wrap(plain(room_words(pack, s, lang)), 30) if big else plain(agreement_words(s, lang))}</i>"
        for s in rows
    ]
    slots = max((len(s.counts) for s in rows), default=0)
    # On a room's screen each question's band is as tall as its own label (a numeric axis): a
    # category axis gave every row the tallest label's height, so two questions took the room of
    # three and the board ran to five screens for seven questions (review r18fac #7).
    ys: list[float] | list[str] = labels
    if big:
        tops, centres = 0.0, []
        for label in labels:
            band = label.count("<br>") + 1 + ROOM_GAP
            centres.append(tops + band / 2)
            tops += band
        ys = centres
    fig = go.Figure()
    for i in range(slots):
        xs, texts, hovers, colors, text_colors = [], [], [], [], []
        for s in rows:
            if i < len(s.counts):
                value, n = s.counts[i]
                share = n / s.answered
                name = answer_label(pack, s.question, value, lang)
                xs.append(100 * share)
                texts.append(plain(_short(name, 36 if big else 22)) if share >= 0.18 else "")
                hovers.append(f"{plain(name)}: {n} ({_pct(share)})")
                unknown = value == UNKNOWN
                # the dark "leading" colour only for a unique leader: tied answers share one shade
                slot = max(i, 1) if s.tied != 1 else i
                colors.append(UNKNOWN_COLOR if unknown else SLOT_COLORS[min(slot, len(SLOT_COLORS) - 1)])
                text_colors.append(TEXT if unknown else SLOT_TEXT[min(slot, len(SLOT_TEXT) - 1)])
            else:
                xs.append(0)
                texts.append("")
                hovers.append("")
                colors.append("white")
                text_colors.append(TEXT)
        fig.add_trace(
            go.Bar(
                x=xs,
                y=ys,
                orientation="h",
                **({"width": ROOM_BAR} if big else {}),
                # a room's board names the leading answer beside the bar (room_words), never in
                # it: a segment too short for its 28 px name lost it (uniformtext hides, r17room #8)
                text=None if big else texts,
                textposition="none" if big else "inside",
                insidetextanchor="middle",
                textfont={"color": text_colors, "size": BIG_FONT if big else 14},
                marker={"color": colors, "line": {"color": "white", "width": 1}},
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    # on a room's screen the axis is named in the title: centred under a narrow plot its 28 px
    # name ran past the chart's right edge
    fig.update_xaxes(
        range=[0, 100],
        ticksuffix=" %",
        gridcolor=GRID,
        title=None if big else t("workshop.chart.axis", lang),
        **({"tickvals": [0, 50, 100], "ticktext": ["0 %", "50 %", "100 %"], "tickangle": 0} if big else {}),
    )
    fig.update_yaxes(automargin=True)
    lines = max((label.count("<br>") + 1 for label in labels), default=2)
    # a label's lines need their height in the plot, else they climb over the title above
    height = 150 + 17 * lines * max(len(rows), 1)
    if big:
        units = sum(label.count("<br>") + 1 + ROOM_GAP for label in labels) or 1
        fig.update_yaxes(
            tickmode="array", tickvals=ys, ticktext=labels, range=[0, units], showgrid=False, zeroline=False
        )
        height = ROOM_CHART_PX + round(ROOM_LINE_PX * units)
    title = t("workshop.chart.agreement_title", lang)
    if big:
        title += f'<br><span style="font-size: {BIG_FONT}px">{t("workshop.chart.axis", lang)}</span>'
    layout(fig, title, height, big=big, lang=lang)
    # the axis title needs its own room under the tick labels, else it is cut at the bottom edge
    fig.update_layout(
        bargap=0.25,
        uniformtext={"minsize": BIG_FONT if big else 12, "mode": "hide"},
        margin={"b": 50 if big else 64, "r": 50 if big else 30, "t": 120 if big else 60},  # "100 %" whole
    )
    return fig


def routes_table(pack: Pack, counts: Mapping[str | None, int], lang: str) -> pd.DataFrame:
    order = sorted(counts, key=lambda r: (-counts[r], r or ""))
    return pd.DataFrame(
        {
            t("table.route", lang): [step_name(pack, r, lang) for r in order],
            t("workshop.table.participants", lang): [counts[r] for r in order],
        }
    )


def routes_alt(pack: Pack, counts: Mapping[str | None, int], lang: str) -> str:
    items = "; ".join(
        f"{step_name(pack, r, lang)}: {n}" for r, n in sorted(counts.items(), key=lambda x: -x[1])
    )
    return t("workshop.chart.routes_alt", lang, items=items or "—")


def routes_chart(pack: Pack, counts: Mapping[str | None, int], lang: str, *, big: bool = False) -> go.Figure:
    """How many participants' own answers put each route first."""
    order = sorted(counts, key=lambda r: (counts[r], r or ""))
    fig = go.Figure(
        go.Bar(
            x=[counts[r] for r in order],
            y=[step_name(pack, r, lang, short=True) for r in order],
            orientation="h",
            marker={
                "color": [pack.routes[r].color if r is not None and r in pack.routes else GRID for r in order]
            },
            text=[str(counts[r]) for r in order],
            textposition="outside",
            textfont={"size": BIG_FONT if big else 14},
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(rangemode="tozero", gridcolor=GRID, dtick=1, title=t("workshop.chart.routes_axis", lang))
    fig.update_yaxes(automargin=True)
    title = t("workshop.chart.routes_title", lang)
    if big:  # 28 px in the board's narrow column: French ran past its edge at 1280 px
        title = "<br>".join(textwrap.wrap(title, ROOM_TITLE_CHARS))
    layout(
        fig,
        title,
        (240 if big else 140) + (70 if big else 40) * max(len(order), 1),  # big: margins of 220 px
        big=big,
        lang=lang,
    )
    # room for the count after the longest bar, and for the axis title under the ticks
    fig.update_layout(margin={"r": 40, "b": 100 if big else 64, "t": 120 if big else 60})
    return fig


def count_words(pack: Pack, questions: Iterable[str], lang: str) -> str:
    """A number of questions in the words the whole product uses (review r16lead #13: "28
    questions", "27" and "35" for one workshop): "27 core questions + 1 follow-up shown"."""
    qids = list(questions)
    core = sum(1 for q in qids if q not in pack.visibility)
    text = tn("workshop.count.core", core, lang)
    if core == len(qids):
        return text
    if core == 0:  # review: "No answers yet to 0 core questions + 6 follow-ups shown"
        return tn("workshop.count.follow_ups", len(qids), lang)
    return t(
        "workshop.count.plus", lang, core=text, follow=tn("workshop.count.follow_ups", len(qids) - core, lang)
    )


def basis_text(agreed: int, defaults: int, total: int, lang: str, words: str = "") -> str:
    """Where the group result's answers come from, in words: "2 set by the facilitator, 1 set
    automatically from the participants' answers and 6 kept as the assessment has them" - every
    category named so the counts add up to ``total`` (review r14), and "none set by the
    facilitator yet", never "0 set by"."""
    parts = [
        tn("workshop.result.agreed", agreed, lang) if agreed else t("workshop.result.agreed_none", lang),
        tn("workshop.result.defaults", defaults, lang)
        if defaults
        else t("workshop.result.defaults_none", lang),
    ]
    kept = total - agreed - defaults
    if kept > 0:
        text = t(
            "workshop.result.three", lang, a=parts[0], b=parts[1], c=tn("workshop.result.kept", kept, lang)
        )
    else:
        text = t("workshop.result.two", lang, a=parts[0], b=parts[1])
    if words:  # the questions counted as everywhere else ("27 core questions + 1 follow-up shown")
        return t("workshop.result.basis_words", lang, questions=words, parts=text)
    return tn("workshop.result.basis", total, lang, parts=text)


def room_lines(pack: Pack, stats: QuestionStats, lang: str) -> int:
    """Lines of a question's label on a room's screen (agreement_chart, big): question and words."""
    question = _wrap(plain(question_label(pack, stats.question, lang)), 30)
    words = _wrap(plain(room_words(pack, stats, lang)), 30)
    return question.count("<br>") + words.count("<br>") + 2


def room_units(pack: Pack, stats: QuestionStats, lang: str) -> float:
    """The height of a question's band on a room's screen, in label lines (its lines and a gap)."""
    return room_lines(pack, stats, lang) + ROOM_GAP


def room_pages(
    pack: Pack, ranked: Sequence[QuestionStats], lang: str, budget: float = ROOM_LINES
) -> list[list[QuestionStats]]:
    """The answered questions, most disputed first, cut into room screens: as many a screen as the
    chart holds (each band as tall as its own label), so none scrolls at 1280x720 and a screen
    never holds one question when the next would fit beside it."""
    pages: list[list[QuestionStats]] = []
    page: list[QuestionStats] = []
    used = 0.0
    for s in ranked:
        need = room_units(pack, s, lang)
        if page and used + need > budget + 1e-9:
            pages.append(page)
            page, used = [], 0.0
        page.append(s)
        used += need
    return [*pages, page] if page else pages or [[]]
