"""Recommendation: the first route, the ranking, the sequence, confidence and what would change it."""

from ui.boot import require_app

require_app()


import pandas as pd
import streamlit as st

from mixdecide import charts
from mixdecide.narrative import deadline_lines, lift_line
from mixdecide.text import md_escape
from mixdecide.wording import (
    MAX_CHANGES,
    change_sentences,
    confidence_label,
    confidence_meaning,
    confidence_sentences,
    date_needed_sentence,
    no_change_sentence,
    obligation_texts,
    step_name,
    threshold_source,
    trade_sentence,
    unknown_sentence,
)
from ui import exports, nav
from ui.history import last_change_line
from ui.outcome import local_cases, share_case, what_happened
from ui.render import chart, project_line, route_card, similar_cases, strategy_block
from ui.state import get_pack, lang, result, tr

pack = get_pack()
lg = lang()
a = result()

st.title(tr("rec.title"), anchor=False)
project_line()
if a.missing or a.unknown:
    st.info(tr("rec.partial", missing=len(a.missing), unknown=len(a.unknown)), icon=":material/info:")
    nav.link("assess", tr("rec.back_to_questions"))

route_card(pack, a, since=last_change_line(pack, a))
strategy_block(pack, a)

left, right = st.columns([3, 2], gap="large")
with left:
    chart(
        charts.ranking_chart(pack, a, lg),
        charts.ranking_alt(pack, a, lg),
        charts.ranking_table(pack, a, lg),
        key="chart.ranking",
    )
with right:
    st.subheader(tr("rec.excluded_title"), anchor=False)
    if not a.excluded:
        st.write(tr("rec.none_excluded"))
    for r in a.excluded:
        with st.container(border=True):
            st.markdown(f"**{step_name(pack, r.route, lg)}**")
            for e in r.exclusions:
                st.write(e.reason.get(lg))
                if lift := lift_line(e.lift, lg):
                    st.caption(lift)
    strained = deadline_lines(pack, a, lg)
    if strained:
        st.subheader(tr("rec.deadline_title"), anchor=False)
        for line in strained:
            st.write(line)


def step_summary(step: str) -> str:
    """What a step is: a route's summary, or a pack step's (a direct award's or a call-off's steps)."""
    return (pack.routes[step] if step in pack.routes else pack.steps[step]).summary.get(lg)


if a.sequence:
    steps_table = pd.DataFrame(
        {
            tr("table.step"): [step_name(pack, s.step, lg) for s in a.sequence],
            tr("table.why"): [
                s.note.get(lg)
                if s.note
                else tr("rec.first_route")
                if s.step == a.top
                else step_summary(s.step)
                for s in a.sequence
            ],
        }
    )
    chart(
        charts.sequence_chart(pack, a, lg),
        charts.sequence_alt(pack, a, lg),
        steps_table,
        key="chart.sequence",
    )
    for i, s in enumerate(a.sequence, 1):
        note = s.note.get(lg) if s.note else step_summary(s.step)
        st.markdown(f"**{i}. {step_name(pack, s.step, lg)}** — {note}")

c1, c2 = st.columns(2, gap="large")
with c1:
    st.subheader(tr("rec.confidence_title", level=confidence_label(a, lg)), anchor=False)
    st.caption(confidence_meaning(lg))  # what it measures: the choice of route, not the date
    for line in confidence_sentences(pack, a, lg):
        st.write(line)
    decisive = [u for u in a.unknowns if u.decisive]
    if decisive:
        with st.expander(tr("rec.unknowns_title", n=len(decisive)), expanded=True):
            for u in decisive:
                st.write(unknown_sentence(pack, u, lg))
with c2:
    st.subheader(tr("rec.changes_title"), anchor=False)
    needed = date_needed_sentence(pack, a, lg)  # the date the first route would need, first
    if needed:
        st.markdown(f"- {md_escape(needed)}")
    lines = change_sentences(pack, a, lg)
    if not lines and not needed:
        st.write(no_change_sentence(a, lg))
    for line in lines[:MAX_CHANGES]:  # the most decisive first
        st.markdown(f"- {line}")
    if len(lines) > MAX_CHANGES:
        with st.expander(tr("rec.more_changes", n=len(lines) - MAX_CHANGES)):
            for line in lines[MAX_CHANGES:]:
                st.markdown(f"- {line}")

similar_cases(pack, a, local=local_cases(pack))

st.subheader(tr("rec.trade_title"), anchor=False)
for f in a.trade:
    icon = {
        "applies": ":material/gavel:",
        "does_not_apply": ":material/check:",
        "uncertain": ":material/help:",
        "not_procurement": ":material/info:",
        "not_in_force": ":material/info:",
    }[f.status]
    box = {
        "applies": st.warning,
        "does_not_apply": st.success,
        "uncertain": st.info,
        "not_procurement": st.info,
        "not_in_force": st.info,
    }[f.status]
    text = trade_sentence(pack, f, a, lg)
    if f.verify:
        text += " " + tr("trade.verify")
    elif source := threshold_source(f, lg):
        text += " " + source
    if not f.period_exact:
        text += " " + tr("trade.inexact")
    box(text, icon=icon)
    obligations = obligation_texts(pack, f, lg)
    if obligations:
        with st.expander(tr("rec.obligations", agreement=f.agreement)):
            for o in obligations:
                st.markdown(f"- {o}")

exports.report_downloads("rec.dl")

st.divider()
what_happened(pack, a)
share_case(pack)

st.divider()
c1, c2, c3 = st.columns(3)
with c1:
    nav.link("risk", tr("rec.goto_risk"))
with c2:
    nav.link("checklist", tr("rec.goto_checklist"))
with c3:
    nav.link("assess", tr("rec.back_to_questions"))
st.caption(pack.meta.disclaimer.get(lg))
