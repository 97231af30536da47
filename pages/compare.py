"""Compare two to four assessments side by side: differing answers, rankings, risks, checklist."""

from ui.boot import require_app

require_app()

import datetime as dt  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from mixdecide import charts  # noqa: E402
from mixdecide.answers import visible_answers  # noqa: E402
from mixdecide.checklist import progress  # noqa: E402
from mixdecide.engine import assess  # noqa: E402
from mixdecide.risk import worst_band  # noqa: E402
from mixdecide.store import NotFound, PortfolioFilter, get_assessment, list_assessments, session_scope  # noqa: E402
from mixdecide.text import md_escape  # noqa: E402
from mixdecide.wording import answer_label, step_name  # noqa: E402
from ui import keys  # noqa: E402
from ui.auth import principal  # noqa: E402
from ui.db import engine  # noqa: E402
from ui.render import checklist_meter  # noqa: E402
from ui.state import get_pack, lang, tr  # noqa: E402

pack = get_pack()
worst = worst_band(pack).id
lg = lang()
ss = st.session_state

st.title(tr("compare.title"), anchor=False)
st.caption(tr("compare.intro"))

with session_scope(engine(), readonly=True) as s:
    rows, _ = list_assessments(
        principal=principal(),
        session=s,
        filters=PortfolioFilter(include_archived=True),
        sort="title",
        limit=500,
    )
names = {r.id: f"{r.title} — {r.municipality}" if r.municipality else r.title for r in rows}
if "cmp.ids" not in ss:
    wanted = [i for i in st.query_params.get("ids", "").split(",") if i in names]
    # the assessment open in this session first (review r19head #10: Compare opened on two others)
    current = ss.get(keys.ASSESSMENT_ID)
    start = [current] if current in names else []
    ss["cmp.ids"] = wanted[:4] or (start + [r.id for r in rows if r.id not in start])[:2]
chosen = st.multiselect(
    tr("compare.choose"),
    list(names),
    key="cmp.ids",
    placeholder=tr("common.choose"),
    max_selections=4,
    format_func=lambda i: names[i],
)
if len(chosen) < 2:
    st.info(tr("compare.need_two"), icon=":material/compare:")
    st.stop()

records, results = [], []
with session_scope(engine(), readonly=True) as s:
    for aid in chosen:
        try:
            records.append(get_assessment(principal=principal(), session=s, id=aid))
        except NotFound:
            continue
for rec in records:
    results.append(assess(pack, rec.answers, today=dt.date.today()))
labels = [
    f"{i + 1}. {r.title if len(r.title) <= 32 else r.title[:30].rstrip() + '…'}"
    for i, r in enumerate(records)
]
visible = [set(visible_answers(pack, r.answers)[1]) for r in records]

st.subheader(tr("compare.summary"), anchor=False)
cols = st.columns(len(records))
for col, rec, res in zip(cols, records, results, strict=True):
    with col, st.container(border=True):
        st.text(rec.title)
        st.caption(md_escape(rec.municipality, inline=True) if rec.municipality else "—")  # typed text
        # a metric cut route names short ("Pre-commer…"): the label and the whole name, wrapped
        st.caption(tr("rec.recommended"))
        st.markdown(f"**{step_name(pack, res.top, lg)}**")
        st.metric(tr("compare.high_risks"), sum(1 for r in res.risks if r.band == worst))
        checklist_meter(st, progress(res.checklist, rec.checklist))

st.subheader(tr("compare.answers"), anchor=False)
only_diff = st.toggle(tr("compare.only_differences"), key="cmp.only_diff", value=True)
rows_out, differs = [], []
for qid in pack.question_order():
    values = [
        answer_label(pack, qid, r.answers.get(qid), lg) if qid in shown else tr("answer.hidden")
        for r, shown in zip(records, visible, strict=True)
    ]
    diff = len(set(values)) > 1
    if only_diff and not diff:
        continue
    rows_out.append([pack.questions[qid].label.get(lg), *values])
    differs.append(diff)
answers = pd.DataFrame(rows_out, columns=[tr("rules.col.question"), *labels])
if answers.empty:
    st.write(tr("compare.no_differences"))
else:

    def _mark(row: pd.Series) -> list[str]:
        hl = "background-color: #FFF3C4" if differs[row.name] else ""
        return [""] + [hl] * (len(row) - 1)

    # a table wraps long answers; a data grid cut them off at 1280 px
    st.table(answers.style.apply(_mark, axis=1), hide_index=True)
    st.caption(tr("compare.highlight_note"))

st.subheader(tr("compare.rankings"), anchor=False)
rank_rows = []
for route in pack.routes:
    line = [step_name(pack, route, lg)]
    for res in results:
        entry = res.score_of(route)
        if entry.excluded:
            line.append(tr("compare.excluded"))
        else:
            pos = [r.route for r in res.ranking].index(route) + 1
            line.append(f"#{pos} · {entry.score:.0f}")
    rank_rows.append(line)
st.table(pd.DataFrame(rank_rows, columns=[tr("table.route"), *labels]), hide_index=True)

st.subheader(tr("compare.risks"), anchor=False)
fig = charts.compare_radar(pack, list(zip(labels, results, strict=True)), lg)
alt = " | ".join(
    f"{label}: " + charts.risk_alt(pack, res, lg) for label, res in zip(labels, results, strict=True)
)
st.plotly_chart(fig, key="chart.compare", config={"displayModeBar": False}, alt=alt)
with st.expander(tr("common.data_table")):
    dims = [d.id for d in pack.risks.dimensions]
    table: dict[str, list[str] | list[int]] = {
        tr("risk.dimension"): [charts.dimension_name(pack, d, lg) for d in dims]
    }
    for label, res in zip(labels, results, strict=True):
        by = {r.dimension: r.score for r in res.risks}
        table[label] = [by[d] for d in dims]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
