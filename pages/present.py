"""Presentation mode: one idea per screen in large type, for the back of a room. Previous / Next,
or ←/→, PageUp/PageDown and Space (a presenter's clicker)."""

from ui.boot import require_app

require_app()


import streamlit as st  # noqa: E402

from mixdecide import charts  # noqa: E402
from mixdecide.checklist import must_first, progress  # noqa: E402
from mixdecide.narrative import deadline_lines, strategy_rows  # noqa: E402
from mixdecide.plan_text import flag_text, plan_alt, plan_figure, summary_text  # noqa: E402
from mixdecide.strategy import leading_path  # noqa: E402
from mixdecide.text import md_escape, shorten  # noqa: E402
from ui import keys, nav, plan_state, theme  # noqa: E402
from ui.render import (  # noqa: E402
    ROOM_RISKS,
    ROOM_RISKS_MOST,
    checklist_meter,
    clicker_buttons,
    recommendation_screen,
    top_risks,
    why_screen,
)  # noqa: E402
from ui.state import answers, checklist_state, get_pack, lang, meta, result, tr  # noqa: E402

STEPS = ("recommendation", "strategy", "why", "risk", "checklist", "plan")
RADAR_HEIGHT = 460  # under the title, above Previous/Next at 1280x720
CHECKLIST_ITEMS = 3  # items that fit one 1280x720 screen at 28 px in French too; the rest are counted

pack = get_pack()
lg = lang()
a = result()
ss = st.session_state
theme.presentation_css()

SLIDE = "slide"  # the screen in the address (1-based): a reload keeps it (review r16fac #15)


# Review r16head #6: each slide change reran the whole app (sidebar, navigation, session) and took
# about 1.8 s on a busy server. Only the deck reruns now: Previous / Next and the clicker keys are
# inside this fragment. Exit and the sidebar's toggle still run the whole app.
@st.fragment
def deck() -> None:
    step = max(0, min(int(ss.get(keys.PRESENT_STEP, 0)), len(STEPS) - 1))
    st.query_params[SLIDE] = str(step + 1)

    def _move(delta: int) -> None:
        ss[keys.PRESENT_STEP] = max(0, min(len(STEPS) - 1, step + delta))

    def _exit() -> None:
        ss[keys.PRESENT] = False
        st.query_params.pop(SLIDE, None)

    title = meta().get("title") or tr("present.untitled")
    top_bar = st.columns([6, 1], vertical_alignment="center")
    with top_bar[0], st.container(key="present-context"):  # one line: the title is shortened
        theme.clicker_keys()
        # typed by a user: shown as plain text, never Markdown. The counter first (i14room), then
        # the title shortened at a word so the line fits (it wraps rather than clip, theme)
        st.text(f"{tr('present.step', n=step + 1, total=len(STEPS))} · {shorten(title, 60)}")
    if top_bar[1].button(tr("present.exit"), icon=":material/close:", key="present.exit", on_click=_exit):
        nav.go("recommendation")

    name = STEPS[step]
    if name == "recommendation":
        recommendation_screen(pack, a)
    elif name == "why":
        why_screen(pack, a)
    elif name == "risk":
        st.title(tr("present.risk_title"), anchor=False)
        c1, c2 = st.columns([3, 2], vertical_alignment="center")
        with c1:
            fig = charts.risk_radar(pack, a, lg, big=True, height=RADAR_HEIGHT)
            st.plotly_chart(
                fig, key="present.radar", config={"displayModeBar": False}, alt=charts.risk_alt(pack, a, lg)
            )
        with c2:
            top_risks(pack, a, big=True, limit=ROOM_RISKS, most=ROOM_RISKS_MOST)
            st.markdown(f"*{tr('present.risk_scale')}*")  # review r16fac #13: what the rings measure
    elif name == "strategy":
        st.title(tr("present.strategy_title"), anchor=False)
        if a.strategy is not None and pack.strategy is not None:
            # body size (28 px), not a small heading: a room reads these from the back
            st.markdown(
                "\n".join("- " + tr("strategy.row", part=p, text=x) for p, x in strategy_rows(pack, a, lg))
            )
            # a direct award or a call-off runs no procedure whose duration could miss the date
            if a.top and leading_path(pack, a.strategy) is None:
                for line in deadline_lines(pack, a, lg, routes=(a.top,)):
                    st.markdown(f"**{line}**")
    elif name == "plan":
        st.title(tr("plan.report.heading"), anchor=False)
        plan = plan_state.current_plan() if a.strategy is not None else None
        if plan is None:
            st.markdown(tr("plan.no_plan"))
        else:
            st.markdown(f"**{md_escape(summary_text(plan, lg))}**")
            first = next((f for f in plan.flags if f.level == "error"), None)
            if first is not None:  # the first thing that cannot fit, said before the chart
                st.markdown(md_escape(flag_text(pack, plan, first, lg, room=True)))
            fig = plan_figure(pack, plan, lg, big=True, by_stage=True)
            fig.update_layout(
                height=300 if first else 380, title_text="", margin={"t": 40, "b": 10}, showlegend=False
            )
            st.plotly_chart(fig, key="present.plan", config={"displayModeBar": False}, alt=plan_alt(plan, lg))
    else:
        st.title(tr("present.checklist_title"), anchor=False)
        state = checklist_state()
        findings = must_first(a.checklist, state)
        checklist_meter(st, progress(findings, state))
        must_count = sum(f.basis == "mandatory" for f in findings)
        st.markdown(tr("present.basis_counts", must=must_count, should=len(findings) - must_count))
        items = {i.id: i for i in pack.checklist.items}
        lines = []
        for f in findings[:CHECKLIST_ITEMS]:
            item = items[f.item]
            status = (state.get(f.item) or {}).get("status") or "not_started"
            # no small print on a room's screen: each item's source and reason are on the Checklist page
            must = f"**{tr('present.must')}** · " if f.basis == "mandatory" else ""
            lines.append(f"- {must}{item.text.get(lg)} — *{tr('cl.status.' + status)}*")
        st.markdown("\n".join(lines))
        if len(findings) > CHECKLIST_ITEMS:
            st.markdown(tr("present.more_items", n=len(findings) - CHECKLIST_ITEMS))

    hint = clicker_buttons(_move, at_start=step == 0, at_end=step == len(STEPS) - 1)
    hint.caption(tr("present.keys_hint"))


if not answers():
    # review r17room #2: with nothing answered the deck presented a result built from no answers
    # ("RFI / market sounding, 54 / 100") as if it were somebody's project
    st.title(tr("present.nothing_title"), anchor=False)
    st.markdown(tr("present.nothing"))

    def _stop_presenting() -> None:
        ss[keys.PRESENT] = False
        st.query_params.pop(SLIDE, None)

    c1, c2 = st.columns(2)
    if c1.button(
        tr("present.open_one"), icon=":material/folder_open:", type="primary", on_click=_stop_presenting
    ):
        nav.go("portfolio")
    if c2.button(tr("present.exit"), icon=":material/close:", key="present.exit", on_click=_stop_presenting):
        nav.go("home")
else:
    deck()
