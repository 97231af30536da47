"""Rendering helpers shared by the result pages (charts with their accessible tables, route cards)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mixdecide import charts
from mixdecide.checklist import Progress
from mixdecide.i18n import tn
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.risk import focus_risks
from mixdecide.wording import focus_band_names, step_name, top_reasons
from ui.state import lang, tr


def chart(fig: go.Figure, alt: str, table: pd.DataFrame, key: str) -> None:
    """A Plotly chart, its text alternative, and the same numbers as a table underneath."""
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "displayModeBar": False}, alt=alt)
    with st.expander(tr("common.data_table")):
        st.caption(alt)
        st.dataframe(table, hide_index=True, width="stretch")


def route_card(pack: Pack, a: Assessment, *, big: bool = False) -> None:
    """The recommended route: name, fit score, why, typical duration and next steps."""
    lg = lang()
    top = a.top
    if top is None:
        st.error(tr("rec.no_route"), icon=":material/block:")
        return
    route = pack.routes[top]
    entry = a.score_of(top)
    with st.container(border=True):
        st.caption(tr("rec.recommended"))
        head, score = st.columns([4, 1], vertical_alignment="center")
        (head.title if big else head.header)(route.name.get(lg), anchor=False)
        score.metric(tr("rec.fit_score"), f"{entry.score:.0f} / {pack.meta.scoring.max:.0f}")
        st.markdown(f"**{tr('rec.why')}** " + " ".join(c.why.get(lg) for c in top_reasons(a)))
        st.write(route.summary.get(lg))
        c1, c2 = st.columns(2)
        c1.markdown(f"**{tr('rec.duration')}**  \n{route.duration.text.get(lg)}")
        c2.markdown(f"**{tr('rec.confidence')}**  \n{tr('confidence.' + a.confidence.level)}")
        st.markdown(f"**{tr('rec.next_steps')}**")
        st.markdown("\n".join(f"{i}. {s.get(lg)}" for i, s in enumerate(route.steps, 1)))


def top_risks(pack: Pack, a: Assessment, *, big: bool = False, limit: int = 6) -> None:
    """The risks in the pack's focus bands, highest first, or a line saying there are none;
    ``big`` for a presentation screen."""
    lg = lang()
    high = focus_risks(pack, a)
    st.markdown(f"### {tr('risk.top_risks')}" if big else f"**{tr('risk.top_risks')}**")
    for r in high[:limit]:
        line = f"{charts.dimension_name(pack, r.dimension, lg)} — {charts.band_label(pack, r.band, lg)}"
        st.markdown(f"#### {line}" if big else f"- {line}")
    if not high:
        none = tr("risk.none_to_watch", bands=focus_band_names(pack, lg))
        st.markdown(f"### {none}" if big else none)


def checklist_meter(where: Any, done: Progress) -> None:
    """The checklist's progress bar: "N of M items complete"."""
    where.progress(done.share, text=tn("cl.meter", done.complete, lang(), total=done.total))


def sequence_line(pack: Pack, a: Assessment) -> str:
    return " → ".join(step_name(pack, s.step, lang()) for s in a.sequence)
