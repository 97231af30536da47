"""Risk profile: radar and 5x5 matrix of the twelve dimensions, drivers and route mitigations."""

from ui.boot import require_app

require_app()


import pandas as pd
import streamlit as st

from mixdecide import charts
from mixdecide.result import RiskItem
from mixdecide.risk import focus_bands, worst_band
from mixdecide.text import md_escape
from mixdecide.wording import driver_texts, step_name
from ui import nav
from ui.render import chart, project_line
from ui.state import get_pack, lang, result, tr

pack = get_pack()
lg = lang()
a = result()
dims = {d.id: d for d in pack.risks.dimensions}

st.title(tr("risk.title"), anchor=False)
project_line()
st.caption(tr("risk.intro", route=step_name(pack, a.top, lg)))

counts = {b.id: sum(1 for r in a.risks if r.band == b.id) for b in pack.risks.bands}
cols = st.columns(len(pack.risks.bands))
for col, b in zip(cols, reversed(pack.risks.bands), strict=True):
    col.metric(b.label.get(lg), counts[b.id], help=tr("risk.band_help", min=b.min, max=b.max))
if a.missing or a.unknown:
    st.info(tr("risk.unknown_note"), icon=":material/help:")

# One under the other: side by side at 1280 px, names spilled over the matrix cells.
left, right = st.container(), st.container()
with left:
    chart(
        charts.risk_radar(pack, a, lg),
        charts.risk_alt(pack, a, lg),
        charts.risk_table(pack, a, lg),
        key="chart.radar",
    )
with right:
    chart(
        charts.risk_matrix(pack, a, lg),
        charts.risk_alt(pack, a, lg, "chart.matrix_alt"),
        charts.risk_table(pack, a, lg),
        key="chart.matrix",
    )


def _drivers(item: RiskItem) -> str:
    # one bulleted paragraph per driver, like the mitigations: run together, two reasons read as one
    lines = driver_texts(pack, item, lg, deltas=True)
    return "\n\n".join(f"• {line}" for line in lines) or tr("risk.base_level")


def _mitigations(item: RiskItem) -> str:
    by_id = {m.id: m for m in dims[item.dimension].mitigations}
    return "\n\n".join(f"• {by_id[m].text.get(lg)}" for m in item.mitigations)


order = sorted(a.risks, key=lambda r: (-r.score, r.dimension))
st.subheader(tr("risk.table_title"), anchor=False)
table = pd.DataFrame(
    {
        tr("risk.dimension"): [charts.dimension_name(pack, r.dimension, lg) for r in order],
        tr("risk.band"): [
            # non-breaking spaces: the formula never wraps in the middle
            f"{charts.band_label(pack, r.band, lg)}\n({r.likelihood}\u00a0×\u00a0{r.impact}\u00a0=\u00a0{r.score})"
            for r in order
        ],
        tr("risk.drivers"): [_drivers(r) for r in order],
        tr("risk.mitigations"): [_mitigations(r) for r in order],
    }
)
st.table(table, hide_index=True)

focus = {b.id for b in focus_bands(pack)}
worst = worst_band(pack).id
st.subheader(tr("risk.focus_title"), anchor=False)
for r in order:
    if r.band not in focus:
        continue
    d = dims[r.dimension]
    with st.expander(
        f"{d.name.get(lg)} — {charts.band_label(pack, r.band, lg)} ({r.score})", expanded=r.band == worst
    ):
        st.write(d.description.get(lg))
        st.markdown(f"**{tr('risk.drivers')}**")
        drivers = driver_texts(pack, r, lg, deltas=True)
        st.markdown(
            "\n".join(f"- {md_escape(line, inline=True)}" for line in drivers) or tr("risk.base_level")
        )
        st.markdown(f"**{tr('risk.mitigations_for', route=step_name(pack, a.top, lg))}**")
        by_id = {m.id: m for m in d.mitigations}
        for m in r.mitigations:
            st.markdown(f"- {by_id[m].text.get(lg)}")

st.divider()
nav.link("checklist", tr("rec.goto_checklist"))
