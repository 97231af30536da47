"""Plotly figures built by pure functions, shared by the dashboard and the reports.

Every chart has a title and a text alternative (``*_alt``) and a table with the same numbers
(``*_table``), so nothing is conveyed by the picture alone. Colours come from the pack: one colour
per route and one per risk band (colour-blind-safe palettes), identical in every chart.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from mixdecide.happened import award_paths
from mixdecide.i18n import fmt_number, t
from mixdecide.pack.models import Pack
from mixdecide.result import Assessment
from mixdecide.risk import band_for
from mixdecide.wording import step_name

FONT = '"Source Sans 3", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif'
GRID = "#D9D9D9"
TEXT = "#1F2937"
EXCLUDED = "#9CA3AF"
BIG_FONT = 28  # a presentation screen's chart text: the body size read from the back of a room
BIG_TITLE = 28  # bold; larger, "Each participant's own top route" was cut at 1280 px


def plain(text: str) -> str:
    """Text a user typed, made inert for Plotly (which renders a subset of HTML in labels)."""
    return html.escape(str(text), quote=False)


def layout(fig: go.Figure, title: str, height: int, *, big: bool = False, lang: str = "en") -> go.Figure:
    """The house style every chart shares: title top left, one font, white, no legend; ``big``
    enlarges the type for a presentation screen. Numbers on axes and bars are written the
    language's way (French: 72,5 and 400 000)."""
    fig.update_layout(
        separators=", " if lang == "fr" else ".,",
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "font": {"size": BIG_TITLE if big else 18, "color": TEXT},
        },
        font={"family": FONT, "size": BIG_FONT if big else 14, "color": TEXT},
        height=height,
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
    )
    # Streamlit's chart theme sets its own small grey tick font (#808495, 3.6:1 on white, review
    # r18fac #6: the board's questions faded on a projector): name the body text colour and, on a
    # presentation screen, every size here
    ticks: dict[str, dict[str, str | int]] = {"tickfont": {"color": TEXT}, "title_font": {"color": TEXT}}
    if big:
        ticks = {
            "tickfont": {"size": BIG_FONT, "color": TEXT},
            "title_font": {"size": BIG_FONT, "color": TEXT},
        }
    fig.update_xaxes(**ticks)
    fig.update_yaxes(**ticks)
    return fig


def dimension_name(pack: Pack, dim: str, lang: str, *, short: bool = False) -> str:
    d = next(d for d in pack.risks.dimensions if d.id == dim)
    return (d.short if short else d.name).get(lang)


def band_label(pack: Pack, band: str, lang: str) -> str:
    return next(b.label.get(lang) for b in pack.risks.bands if b.id == band)


def band_color(pack: Pack, band: str) -> str:
    return next(b.color for b in pack.risks.bands if b.id == band)


# --- ranking -------------------------------------------------------------------------------------


def ranking_table(pack: Pack, a: Assessment, lang: str) -> pd.DataFrame:
    """Rank, route and fit score of every route that is not excluded."""
    return pd.DataFrame(
        {
            "#": range(1, len(a.ranking) + 1),
            t("table.route", lang): [_ranked_label(pack, r.route, lang) for r in a.ranking],
            t("table.score", lang): [round(r.score) for r in a.ranking],
        }
    )


def ranking_alt(pack: Pack, a: Assessment, lang: str) -> str:
    items = "; ".join(f"{step_name(pack, r.route, lang)}: {r.score:.0f}" for r in a.ranking)
    return t("chart.ranking_alt", lang, items=items or t("chart.none", lang))


def ranking_title(pack: Pack, lang: str) -> str:
    """The ranking chart's title, with the pack's score scale ("Fit score by route (0–100)")."""
    scoring = pack.meta.scoring
    return t(
        "chart.ranking_title", lang, min=fmt_number(scoring.min, lang), max=fmt_number(scoring.max, lang)
    )


ARRANGEMENT = "#BFBFBF"  # a buyer arrangement's bar: grey, it does not compete with the routes


def _ranked_label(pack: Pack, route: str, lang: str, *, short: bool = False) -> str:
    """A ranked route's name, marked when it is not a procedure: a buyer arrangement (who buys)
    or a stage (a first step) ranks with the procedures but does not compete with them."""
    name = step_name(pack, route, lang, short=short)
    kind = pack.routes[route].kind
    return name if kind == "procedure" else t(f"chart.kind_{kind}", lang, route=name)


def ranking_chart(pack: Pack, a: Assessment, lang: str) -> go.Figure:
    """Horizontal bars, best route on top, in each route's colour; the scale is the pack's. A buyer
    arrangement or a stage is marked as such: it is how or when, not a rival procedure."""
    # a buyer arrangement (who buys) is not a route: drawn apart, below the routes, in grey and
    # hatched (review r16head F7: "Joint procurement" read as a rival route)
    apart = [r for r in a.ranking if pack.routes[r.route].kind == "arrangement"]
    ranked = ([r for r in a.ranking if r not in apart] + apart)[::-1]
    scoring = pack.meta.scoring
    fig = go.Figure(
        go.Bar(
            x=[r.score for r in ranked],
            y=[_ranked_label(pack, r.route, lang, short=True) for r in ranked],
            orientation="h",
            marker={
                "color": [ARRANGEMENT if r in apart else pack.routes[r.route].color for r in ranked],
                "pattern": {"shape": ["/" if r in apart else "" for r in ranked]},
            },
            text=[f"{r.score:.0f}" for r in ranked],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}<extra></extra>",
        )
    )
    fig.update_xaxes(
        range=[scoring.min, scoring.max * 1.08], gridcolor=GRID, title=t("chart.ranking_axis", lang)
    )
    fig.update_yaxes(automargin=True)
    return layout(fig, ranking_title(pack, lang), 90 + 42 * max(len(ranked), 1), lang=lang)


# --- risk ----------------------------------------------------------------------------------------


def risk_table(pack: Pack, a: Assessment, lang: str) -> pd.DataFrame:
    """Likelihood, impact, score and band of every dimension."""
    return pd.DataFrame(
        {
            t("risk.dimension", lang): [dimension_name(pack, r.dimension, lang) for r in a.risks],
            t("risk.likelihood", lang): [r.likelihood for r in a.risks],
            t("risk.impact", lang): [r.impact for r in a.risks],
            t("risk.score", lang): [r.score for r in a.risks],
            t("risk.band", lang): [band_label(pack, r.band, lang) for r in a.risks],
        }
    )


def risk_alt(pack: Pack, a: Assessment, lang: str, key: str = "chart.radar_alt") -> str:
    items = "; ".join(
        f"{dimension_name(pack, r.dimension, lang)}: {r.score} ({band_label(pack, r.band, lang)})"
        for r in a.risks
    )
    return t(key, lang, items=items)


ROOM_RINGS = (10, 20)  # the rings a presentation screen names: five at 28 px would overlap
LABEL_SHIFT = 0.17  # how far beside its line Plotly draws a ring's label, as a share of the radius


def ring_angle(scores: Sequence[int], rings: Sequence[int], top: int = 25) -> float:
    """Where the radar names its rings: on the line midway between two neighbouring axes, the one
    whose ring labels lie furthest from every marker (review r17room #2: "10 / 25" and "20 / 25"
    on the first axis covered its point and its neighbour's). Plotly draws a ring's label beside
    that line, on its clockwise side (LABEL_SHIFT of the radius). In Plotly's degrees
    (anticlockwise from east; the first axis is at the top, the others clockwise)."""
    n = len(scores)
    step = 360 / n
    marks = [
        (s / top * math.cos(math.radians(90 - k * step)), s / top * math.sin(math.radians(90 - k * step)))
        for k, s in enumerate(scores)
    ]

    def clearance(gap: int) -> float:
        phi = math.radians(90 - (gap + 0.5) * step)
        along, side = (math.cos(phi), math.sin(phi)), (math.sin(phi), -math.cos(phi))
        labels = [
            (ring / top * along[0] + LABEL_SHIFT * side[0], ring / top * along[1] + LABEL_SHIFT * side[1])
            for ring in rings
        ]
        return min(math.dist(m, c) for m in marks for c in labels)

    gap = max(range(n), key=lambda i: (round(clearance(i), 3), -i))  # the clearest, first from the top
    return 90 - (gap + 0.5) * step


def risk_radar(pack: Pack, a: Assessment, lang: str, *, big: bool = False, height: int = 520) -> go.Figure:
    """Risk score (likelihood x impact) per dimension; markers in band colours. ``big``: for a
    presentation screen (28 px text, room around the circle for the longest axis name)."""
    names = [dimension_name(pack, r.dimension, lang, short=True) for r in a.risks]
    scores = [r.score for r in a.risks]
    colors = [band_color(pack, r.band) for r in a.risks]
    fig = go.Figure(
        go.Scatterpolar(
            r=[*scores, scores[0]],
            theta=[*names, names[0]],
            mode="lines+markers",
            fill="toself",
            fillcolor="rgba(51, 34, 136, 0.12)",
            line={"color": "#332288", "width": 2},
            marker={"size": 11, "color": [*colors, colors[0]], "line": {"color": TEXT, "width": 1}},
            hovertemplate="%{theta}: %{r}<extra></extra>",
        )
    )
    rings = ROOM_RINGS if big else (5, 10, 15, 20, 25)
    angle = ring_angle(scores, rings)
    fig.update_polars(
        radialaxis={
            "range": [0, 25],
            "tickvals": list(rings),
            "gridcolor": GRID,
            "angle": angle,
            "tickfont": {"size": BIG_FONT if big else 10},
            "tickangle": angle,  # level, whichever way the line points (never upside down)
        },
        angularaxis={"gridcolor": GRID, "rotation": 90, "direction": "clockwise"},
        bgcolor="white",
    )
    # a presentation screen names two rings, not five; "out of 25" is said under the chart (its
    # caption): "10 / 25" was 85 px wide at 28 px, too wide for the room between two axes
    fig = layout(fig, t("chart.radar_title", lang), height, lang=lang, big=big)
    # room for the longest axis name ("Legal / trade" was clipped to "Legal / trad", "Reputation"
    # under the circle was cut at the bottom edge)
    if big:  # the screen's own title says what it is: the circle takes the room (the chart's title sat on "Technical")
        # 200: the French "Dépendance", level with the centre, lost its first letter at 175
        fig.update_layout(title_text="", margin={"l": 200, "r": 200, "t": 50, "b": 50})
    else:
        fig.update_layout(margin={"l": 120, "r": 120, "t": 70, "b": 40})
    return fig


def risk_matrix(pack: Pack, a: Assessment, lang: str) -> go.Figure:
    """A 5x5 likelihood x impact grid in band colours, each dimension written in its cell."""
    bands = pack.risks.bands
    z = [[band_index(pack, li * im) for im in range(1, 6)] for li in range(1, 6)]
    n = len(bands)
    scale = []
    for i, b in enumerate(bands):
        scale += [[i / n, b.color], [(i + 1) / n, b.color]]
    cells: dict[tuple[int, int], list[str]] = {}
    for r in a.risks:
        cells.setdefault((r.likelihood, r.impact), []).append(
            dimension_name(pack, r.dimension, lang, short=True)
        )
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[1, 2, 3, 4, 5],
            y=[1, 2, 3, 4, 5],
            colorscale=scale,
            zmin=0,
            zmax=n,
            showscale=False,
            xgap=3,
            ygap=3,
            hoverinfo="skip",
        )
    )
    for (li, im), names in cells.items():
        dark = band_index(pack, li * im) >= n - 1
        fig.add_annotation(
            x=im,
            y=li,
            text="<br>".join(plain(name) for name in names),
            showarrow=False,
            font={"size": 12 if len(names) < 5 else 10, "color": "white" if dark else TEXT},
        )
    # the legend: which colour is which band (invisible points, one per band)
    for b in bands:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=b.label.get(lang),
                marker={"size": 14, "symbol": "square", "color": b.color},
                hoverinfo="skip",
            )
        )
    fig.update_xaxes(title=t("risk.impact", lang), tickvals=[1, 2, 3, 4, 5], showgrid=False, range=[0.5, 5.5])
    fig.update_yaxes(
        title=t("risk.likelihood", lang), tickvals=[1, 2, 3, 4, 5], showgrid=False, range=[0.5, 5.5]
    )
    layout(fig, t("chart.matrix_title", lang), 600, lang=lang)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": -0.15, "title": {"text": t("risk.band", lang) + ":"}},
        margin={"b": 90},
    )
    return fig


def band_index(pack: Pack, score: int) -> int:
    """Position of the band holding ``score`` in the pack's band list (for colour scales)."""
    band = band_for(pack, score)
    return [b.id for b in pack.risks.bands].index(band.id)


# --- sequence ------------------------------------------------------------------------------------


def sequence_alt(pack: Pack, a: Assessment, lang: str) -> str:
    items = " → ".join(step_name(pack, s.step, lang) for s in a.sequence)
    return t("chart.sequence_alt", lang, items=items)


SEQUENCE_WRAP = 18  # characters per line of a step's name under its marker


def sequence_chart(pack: Pack, a: Assessment, lang: str) -> go.Figure:
    """The recommended steps left to right, the first route highlighted, with typical durations."""
    steps = list(a.sequence) or []
    xs = list(range(len(steps)))
    labels, colors, sizes, notes = [], [], [], []
    for s in steps:
        labels.append(step_name(pack, s.step, lang, short=True))
        if s.kind == "route":
            r = pack.routes[s.step]
            colors.append(r.color)
            notes.append(
                t(
                    "chart.months",
                    lang,
                    min=fmt_number(r.duration.min_months, lang),
                    max=fmt_number(r.duration.max_months, lang),
                )
            )
        else:
            colors.append("#6B7280")
            notes.append("")
        sizes.append(30 if s.step == a.top else 20)
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=[0] * len(xs),
            mode="lines+markers+text",
            line={"color": GRID, "width": 4},
            marker={"size": sizes, "color": colors, "line": {"color": TEXT, "width": 1}},
            # wrapped: one long name ("1. Privacy and security assessment") ran past the chart's
            # edge at 1280 px and in the PDF (review r19head #5)
            text=[
                "<b>" + "<br>".join(textwrap.wrap(f"{i + 1}. {lab}", SEQUENCE_WRAP)) + f"</b><br>{note}"
                for i, (lab, note) in enumerate(zip(labels, notes, strict=True))
            ],
            # alternate below/above so neighbouring labels never overlap, however many steps
            textposition=["bottom center" if i % 2 == 0 else "top center" for i in range(len(xs))],
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(visible=False, range=[-0.6, max(len(xs) - 0.4, 0.6)])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3])
    return layout(fig, t("chart.sequence_title", lang), 240, lang=lang)


# --- portfolio and comparison --------------------------------------------------------------------


def portfolio_routes_chart(pack: Pack, counts: Mapping[str, int], lang: str) -> go.Figure:
    """How many assessments recommend each route."""
    routes = [r for r in pack.routes if counts.get(r)]
    routes.sort(key=lambda r: counts[r])
    fig = go.Figure(
        go.Bar(
            x=[counts[r] for r in routes],
            y=[step_name(pack, r, lang, short=True) for r in routes],
            orientation="h",
            marker={"color": [pack.routes[r].color for r in routes]},
            text=[str(counts[r]) for r in routes],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title=t("chart.portfolio_routes_axis", lang),
        gridcolor=GRID,
        rangemode="tozero",
        tickformat=",d",
        dtick=max(1, max(counts.values(), default=1) // 8),
    )
    fig.update_yaxes(automargin=True)
    return layout(fig, t("chart.portfolio_routes_title", lang), 90 + 40 * max(len(routes), 1), lang=lang)


def portfolio_risk_chart(pack: Pack, counts: Mapping[tuple[str, str], int], lang: str) -> go.Figure:
    """Stacked bars: for each dimension, how many projects fall in each risk band."""
    dims = [d.id for d in pack.risks.dimensions]
    fig = go.Figure()
    for b in pack.risks.bands:
        fig.add_trace(
            go.Bar(
                name=b.label.get(lang),
                y=[dimension_name(pack, d, lang, short=True) for d in dims],
                x=[counts.get((d, b.id), 0) for d in dims],
                orientation="h",
                marker={"color": b.color},
                hovertemplate="%{y}: %{x}<extra>" + plain(b.label.get(lang)) + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("chart.portfolio_routes_axis", lang), gridcolor=GRID)
    fig.update_yaxes(automargin=True, autorange="reversed")
    fig = layout(fig, t("chart.portfolio_risk_title", lang), 520, lang=lang)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.12})
    return fig


# How it went, in a colour-blind-safe order from good to bad; "not recorded" in grey.
OUTCOME_COLORS = {
    "awarded": "#44AA99",
    "completed": "#332288",
    "scaled": "#117733",
    "ongoing": "#88CCEE",
    "stopped": "#DDCC77",
    "cancelled": "#CC6677",
    "litigated": "#AA4499",
    "unknown": "#BBBBBB",
}


def _used_name(pack: Pack, route: str, lang: str) -> str:
    if route in pack.routes:
        return step_name(pack, route, lang, short=True)
    paths = award_paths(pack)
    return paths[route].get(lang) if route in paths else t("happened.other", lang)


def outcomes_table(pack: Pack, counts: Mapping[tuple[str, str | None], int], lang: str) -> pd.DataFrame:
    """Route used x how it went, the numbers of ``outcomes_chart``."""
    used = sorted({r for r, _ in counts}, key=lambda r: (r not in pack.routes, _used_name(pack, r, lang)))
    kinds: list[str | None] = [*OUTCOME_COLORS, None]
    cols = {
        (t(f"happened.outcome_ids.{k}", lang) if k else t("happened.no_outcome", lang)): [
            counts.get((r, k), 0) for r in used
        ]
        for k in kinds
    }
    return pd.DataFrame({t("advice.col_used", lang): [_used_name(pack, r, lang) for r in used], **cols})


def outcomes_alt(pack: Pack, counts: Mapping[tuple[str, str | None], int], lang: str) -> str:
    table = outcomes_table(pack, counts, lang)
    parts = []
    for _, row in table.iterrows():
        items = [f"{c} {int(row[c])}" for c in table.columns[1:] if int(row[c])]
        parts.append(f"{row.iloc[0]}: {', '.join(items)}")
    return t("advice.chart_alt", lang, detail="; ".join(parts) + ".")


def outcomes_chart(pack: Pack, counts: Mapping[tuple[str, str | None], int], lang: str) -> go.Figure:
    """Stacked bars: for each route actually used, how many assessments went which way."""
    table = outcomes_table(pack, counts, lang)
    names = [plain(n) for n in table.iloc[:, 0]]
    fig = go.Figure()
    for kind, column in zip([*OUTCOME_COLORS, None], table.columns[1:], strict=True):
        if not table[column].any():  # no empty entries in the legend
            continue
        fig.add_trace(
            go.Bar(
                name=column,
                y=names,
                x=list(table[column]),
                orientation="h",
                marker={"color": OUTCOME_COLORS.get(kind or "", EXCLUDED)},
                hovertemplate="%{y}: %{x}<extra>" + plain(column) + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    most = int(table.iloc[:, 1:].sum(axis=1).max()) if len(table) else 1
    fig.update_xaxes(
        title=t("advice.chart_count", lang),
        gridcolor=GRID,
        rangemode="tozero",
        tickformat=",d",
        dtick=max(1, most // 8),
    )
    fig.update_yaxes(automargin=True, autorange="reversed")
    fig = layout(fig, t("advice.chart_title", lang), 200 + 44 * max(len(names), 1))
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"t": 100},
    )
    return fig


COMPARE_COLORS = ("#332288", "#117733", "#CC6677", "#DDCC77")
COMPARE_DASHES = ("solid", "dash", "dot", "dashdot")


def compare_radar(pack: Pack, items: Sequence[tuple[str, Assessment]], lang: str) -> go.Figure:
    """Risk radars of two to four assessments overlaid (colour and dash differ per project)."""
    names = [dimension_name(pack, d.id, lang, short=True) for d in pack.risks.dimensions]
    fig = go.Figure()
    for i, (label, a) in enumerate(items):
        by_dim = {r.dimension: r.score for r in a.risks}
        scores = [by_dim[d.id] for d in pack.risks.dimensions]
        fig.add_trace(
            go.Scatterpolar(
                r=[*scores, scores[0]],
                theta=[*names, names[0]],
                mode="lines+markers",
                name=plain(label),
                line={"color": COMPARE_COLORS[i % 4], "dash": COMPARE_DASHES[i % 4], "width": 2},
                hovertemplate="%{theta}: %{r}<extra>" + plain(label) + "</extra>",
            )
        )
    fig.update_polars(
        radialaxis={"range": [0, 25], "gridcolor": GRID, "angle": 90, "tickfont": {"size": 10}},
        angularaxis={"gridcolor": GRID, "rotation": 90, "direction": "clockwise"},
        bgcolor="white",
    )
    fig = layout(fig, t("chart.compare_title", lang), 560, lang=lang)
    fig.update_layout(
        showlegend=True, legend={"orientation": "h", "y": -0.08}, margin={"l": 90, "r": 90, "t": 70, "b": 60}
    )
    return fig
