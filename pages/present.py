"""Presentation mode: large type, one result per screen, next / previous, for screen-sharing."""

from ui.boot import require_app

require_app()


import streamlit as st

from mixdecide import charts
from mixdecide.checklist import progress
from mixdecide.wording import change_sentences, confidence_sentences, item_why, step_name, top_reasons
from ui import keys, nav, theme
from ui.render import checklist_meter, top_risks
from ui.state import checklist_state, get_pack, lang, meta, result, tr

STEPS = ("recommendation", "why", "risk", "checklist")

pack = get_pack()
lg = lang()
a = result()
ss = st.session_state
theme.presentation_css()

step = max(0, min(int(ss.get(keys.PRESENT_STEP, 0)), len(STEPS) - 1))


def _move(delta: int) -> None:
    ss[keys.PRESENT_STEP] = max(0, min(len(STEPS) - 1, step + delta))


def _exit() -> None:
    ss[keys.PRESENT] = False


title = meta().get("title") or tr("present.untitled")
top_bar = st.columns([5, 1], vertical_alignment="center")
top_bar[0].caption(f"{tr('present.step', n=step + 1, total=len(STEPS))} · {tr('present.' + STEPS[step])}")
top_bar[0].text(title)
if top_bar[1].button(tr("present.exit"), icon=":material/close:", key="present.exit", on_click=_exit):
    nav.go("recommendation")

name = STEPS[step]
if name == "recommendation":
    if a.top is None:
        st.error(tr("rec.no_route"))
    else:
        route = pack.routes[a.top]
        st.title(route.name.get(lg), anchor=False)
        c1, c2, c3 = st.columns(3)
        c1.metric(tr("rec.fit_score"), f"{a.score_of(a.top).score:.0f} / {pack.meta.scoring.max:.0f}")
        c2.metric(tr("rec.confidence"), tr("confidence." + a.confidence.level))
        c3.metric(
            tr("rec.duration"),
            tr("chart.months", min=f"{route.duration.min_months:g}", max=f"{route.duration.max_months:g}"),
            help=route.duration.text.get(lg),
        )
        st.markdown(f"### {route.summary.get(lg)}")
        if a.sequence:
            st.markdown(
                f"**{tr('rec.sequence_title')}:** "
                + " → ".join(step_name(pack, s.step, lg) for s in a.sequence)
            )
elif name == "why":
    st.title(tr("present.why_title", route=step_name(pack, a.top, lg)), anchor=False)
    for c in top_reasons(a, n=4):
        st.markdown(f"### ✓ {c.why.get(lg)}")
    for line in confidence_sentences(pack, a, lg):
        st.markdown(f"#### {line}")
    changes = change_sentences(pack, a, lg)
    if changes:
        st.markdown(f"**{tr('rec.changes_title')}**")
        for line in changes[:3]:
            st.markdown(f"- {line}")
elif name == "risk":
    st.title(tr("present.risk_title"), anchor=False)
    c1, c2 = st.columns([3, 2])
    with c1:
        fig = charts.risk_radar(pack, a, lg)
        fig.update_layout(font={"size": 18}, height=600)
        st.plotly_chart(
            fig, key="present.radar", config={"displayModeBar": False}, alt=charts.risk_alt(pack, a, lg)
        )
    with c2:
        top_risks(pack, a, big=True)
    with st.expander(tr("common.data_table")):
        st.dataframe(charts.risk_table(pack, a, lg), hide_index=True, width="stretch")
else:
    st.title(tr("present.checklist_title"), anchor=False)
    state = checklist_state()
    findings = list(a.checklist)
    pack_items = {i.id: i for i in pack.checklist.items}
    checklist_meter(st, progress(findings, state))
    duties = [pack_items[f.item] for f in findings if f.basis == "mandatory"]
    st.markdown(tr("present.basis_counts", must=len(duties), should=len(findings) - len(duties)))
    if duties:
        with st.expander(tr("present.duties", n=len(duties))):
            for item in duties:
                st.markdown(f"- **{item.text.get(lg)}** {item.cite} · {item_why(item, lg)}")
    cols = st.columns(len(pack.checklist.principles))
    for col, p in zip(cols, pack.checklist.principles, strict=True):
        mine = progress(findings, state, p.id)
        col.metric(p.name.get(lg), f"{mine.complete} / {mine.total}")

nav_cols = st.columns([1, 1, 4])
nav_cols[0].button(
    tr("present.previous"),
    icon=":material/arrow_back:",
    key="present.prev",
    on_click=_move,
    args=(-1,),
    disabled=step == 0,
    width="stretch",
)
nav_cols[1].button(
    tr("present.next"),
    icon=":material/arrow_forward:",
    key="present.next",
    on_click=_move,
    args=(1,),
    disabled=step == len(STEPS) - 1,
    type="primary",
    width="stretch",
)
