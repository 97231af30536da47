"""Plan: the strategy as dated steps (legal minimum periods, approvals at the council's meetings,
the critical path, what cannot fit), the calendar download, the first drafts, and the
municipality profile the approvals come from."""

from ui.boot import require_app

require_app()


import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from mixdecide import drafts
from mixdecide.i18n import fmt_number
from mixdecide.narrative import fitting_line
from mixdecide.plan import plan_spec
from mixdecide.plan_text import (
    approver_text,
    bid_with_minimum,
    caveat_text,
    duration_note,
    flag_text,
    plan_alt,
    plan_figure,
    plan_header,
    plan_ics,
    plan_rows,
    reductions_text,
    step_label,
    summary_text,
)
from mixdecide.profile import BODIES, MAX_LEAD, MEETING_BODIES, ProfileError, check_profile
from mixdecide.reports import export_name
from mixdecide.store import Forbidden, session_scope
from mixdecide.store.profiles import delete_profile, profile_trail, save_profile
from mixdecide.text import md_escape
from mixdecide.wording import question_label
from ui import auth, clock, exports, nav, plan_state
from ui.auth import principal
from ui.db import engine
from ui.render import chart, project_line
from ui.state import actor, get_pack, lang, meta, notes, result, tr

pack = get_pack()
lg = lang()
a = result()

st.title(tr("plan.title"), anchor=False)
project_line()
st.caption(tr("plan.intro"))

if plan_spec(pack) is None:
    st.info(tr("plan.no_spec"), icon=":material/info:")
    st.stop()
if a.strategy is None:
    st.info(tr("plan.no_plan"), icon=":material/info:")
    nav.link("assess")
    st.stop()


# --- inputs -------------------------------------------------------------------------------------


def _set_start() -> None:
    value = st.session_state.get("w.plan.start")
    if isinstance(value, dt.date):
        st.session_state[plan_state.START] = value


def _set_deadline(start_iso: str) -> None:
    value = st.session_state.get("w.plan.deadline")
    st.session_state[plan_state.DEADLINE] = {
        "start": start_iso,
        "value": value.isoformat() if isinstance(value, dt.date) else None,
    }


def _set_option(name: str) -> None:
    opts = dict(st.session_state.get(plan_state.OPTIONS) or {})
    opts[name] = bool(st.session_state.get(f"w.plan.opt.{name}"))
    st.session_state[plan_state.OPTIONS] = opts


start = plan_state.start()
months = a.answers.get("timeline_months")
c1, c2 = st.columns(2)
st.session_state["w.plan.start"] = start
c1.date_input(
    tr("plan.start"),
    key="w.plan.start",
    help=tr("plan.start_help"),
    on_change=_set_start,
    format="YYYY-MM-DD",
    disabled=auth.read_only(),
)
saved = st.session_state.get(plan_state.DEADLINE)
shown = plan_state.deadline()
if isinstance(saved, dict) and saved.get("value"):  # set by hand: shown even before the start
    shown = dt.date.fromisoformat(saved["value"])
st.session_state["w.plan.deadline"] = shown
question = question_label(pack, "timeline_months", lg)
c2.date_input(
    tr("plan.deadline"),
    key="w.plan.deadline",
    help=(
        tr("plan.deadline_help", question=question, months=fmt_number(months, lg))
        if isinstance(months, int | float) and not isinstance(months, bool)
        else tr("plan.deadline_unknown_help")
    ),
    on_change=_set_deadline,
    args=(start.isoformat(),),
    format="YYYY-MM-DD",
    disabled=auth.read_only(),
)
if shown is not None and shown <= start:
    st.warning(tr("plan.deadline_before_start"), icon=":material/event_busy:")

plan = plan_state.current_plan()
if plan is None:  # pragma: no cover - strategy and plan file were checked above
    st.stop()

with st.expander(tr("plan.options")):
    st.caption(tr("plan.options_help"))
    if bid_with_minimum(plan) is None:  # review: the boxes changed nothing, and nothing said why
        st.info(tr("plan.options_no_minimum"), icon=":material/info:")
    opts = plan_state.options()
    cols = st.columns(2)
    for i, name in enumerate(plan_state.OPTION_FIELDS):
        st.session_state[f"w.plan.opt.{name}"] = bool(getattr(opts, name))
        cols[i % 2].checkbox(
            tr(f"plan.opt.{name}"),
            key=f"w.plan.opt.{name}",
            on_change=_set_option,
            args=(name,),
            disabled=auth.read_only(),
            wrap=True,  # in a column a long label was cut to "…40 days to …" at 1280 px (review)
        )

# --- the plan -----------------------------------------------------------------------------------

st.subheader(summary_text(plan, lg), anchor=False)
st.markdown(md_escape(approver_text(plan, lg)))
if reductions_text(plan, lg):
    st.caption(md_escape(reductions_text(plan, lg)))
for f in plan.flags:
    text = md_escape(flag_text(pack, plan, f, lg))
    if f.level == "error" and f.kind == "past_deadline":
        # what does fit, as the Recommendation page says, and why the two durations differ
        more = f"{fitting_line(pack, a, lg)}\n\n{duration_note(pack, a, plan, lg)}"
        st.error(f"{text}\n\n{md_escape(more)}", icon=":material/event_busy:")
    elif f.level == "error":
        st.error(text, icon=":material/event_busy:")
    elif f.level == "warning":
        st.warning(text, icon=":material/warning:")
    else:
        st.info(text, icon=":material/gavel:")

rows = plan_rows(pack, plan, lg)
table = pd.DataFrame(rows, columns=list(plan_header(lg)))
# the table is shown once, in full (r12 F10: a second, scrolled copy sat under the chart's expander)
chart(plan_figure(pack, plan, lg), plan_alt(plan, lg), None, key="chart.plan")
# a static table whose cells wrap: in a data grid the "Basis" column was cut at 1280 px ("no fixed
# minimum n...", review r16head finding 12); the cells are Markdown, so each is escaped
st.table(table.map(lambda cell: md_escape(cell, inline=True)), hide_index=True)
st.caption(caveat_text(pack, lg))

st.markdown(f"**{tr('plan.critical')}**")
st.caption(tr("plan.critical_intro"))
st.markdown(
    "\n".join(
        f"{i}. {md_escape(step_label(pack, s, lg), inline=True)}" for i, s in enumerate(plan.critical_path, 1)
    )
)

m = meta()
project = m.get("title") or tr("home.untitled")
with st.container(horizontal=True):  # the plan's two downloads side by side
    st.download_button(
        tr("plan.ics.download"),
        data=partial(plan_ics, pack, plan, lg, project),
        file_name=export_name(project, "calendar", "ics", clock.today(), lg),
        mime="text/calendar",
        key="plan.ics",
        icon=":material/calendar_month:",
        help=tr("plan.ics.help"),
        on_click="ignore",
    )
    exports.plan_download("plan.dl")

# --- drafts -------------------------------------------------------------------------------------

st.divider()
st.header(tr("plan.drafts.heading"), anchor=False)
st.caption(tr("plan.drafts.intro"))
draft_input = drafts.DraftInput(
    pack=pack,
    result=a,
    title=m.get("title", ""),
    municipality=m.get("municipality", ""),
    department=m.get("department", ""),
    owner=m.get("owner", ""),
    notes=dict(notes()),
    plan=plan,
)


def _docx(draft_id: str) -> bytes:
    return drafts.to_docx(drafts.render(draft_input, draft_id, lg), a.assessed_on)


for spec in drafts.available(pack, a):
    with st.container(border=True, key=f"plan-draft-{spec.id}"):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(f"**{md_escape(spec.title.get(lg), inline=True)}**")
        right.download_button(
            tr("plan.drafts.download"),
            data=partial(_docx, spec.id),
            file_name=export_name(project, f"draft-{spec.id}", "docx", clock.today(), lg),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key=f"plan.draft.{spec.id}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )
        with st.expander(tr("plan.drafts.preview")):
            st.markdown(drafts.to_markdown(drafts.render(draft_input, spec.id, lg)))

# --- the municipality profile -------------------------------------------------------------------

st.divider()
with st.expander(tr("plan.profile.heading"), icon=":material/account_balance:"):
    name = plan_state.municipality()
    saved_profile = plan_state.saved_profile()
    current = plan_state.profile()
    read_only = not principal().admin  # profiles are the organisation's: its admins change them
    if (
        saved_profile is None
    ):  # not "Using: City of Guelph": the levels are not that city's (review r18head #2)
        st.caption(tr("plan.profile.using_default"))
    else:
        st.caption(tr("plan.profile.using", name=md_escape(name or tr("profile.default_name"), inline=True)))
    if read_only:
        st.info(tr("plan.profile.admin_only"), icon=":material/lock:")
    tiers = pd.DataFrame(
        [{"up_to": x.up_to, "authority": x.authority, "body": x.body} for x in current.tiers],
        columns=["up_to", "authority", "body"],
    )
    meetings = pd.DataFrame(
        [{"date": mt.date, "body": mt.body} for mt in current.meetings], columns=["date", "body"]
    )
    with st.form("plan.profile.form", border=False):
        st.markdown(f"**{tr('plan.profile.tiers')}**")
        st.caption(tr("plan.profile.tiers_help"))
        tiers_out = st.data_editor(
            tiers,
            key="plan.profile.tiers",
            num_rows="fixed" if read_only else "dynamic",
            disabled=read_only,
            hide_index=True,
            width="stretch",
            column_config={
                "up_to": st.column_config.NumberColumn(
                    tr("plan.profile.up_to"), min_value=0, step=1000, format="%d"
                ),
                # no max_chars: the grid would cut a long name silently; the check says so instead
                "authority": st.column_config.TextColumn(tr("plan.profile.authority")),
                "body": st.column_config.SelectboxColumn(
                    tr("plan.profile.body"),
                    options=list(BODIES),
                    format_func=lambda b: tr(f"profile.body.{b}"),
                ),
            },
        )
        st.markdown(f"**{tr('plan.profile.meetings')}**")
        meetings_out = st.data_editor(
            meetings,
            key="plan.profile.meetings",
            num_rows="fixed" if read_only else "dynamic",
            disabled=read_only,
            hide_index=True,
            width="stretch",
            column_config={
                "date": st.column_config.DateColumn(tr("plan.profile.date"), format="YYYY-MM-DD"),
                "body": st.column_config.SelectboxColumn(
                    tr("plan.profile.body"),
                    options=list(MEETING_BODIES),
                    format_func=lambda b: tr(f"profile.body.{b}"),
                ),
            },
        )
        spec_now = plan_spec(pack)
        default_lead = spec_now.report_lead_bd if spec_now is not None else 0
        lead_in = st.number_input(
            tr("plan.profile.lead"),
            min_value=0,
            max_value=MAX_LEAD,
            step=1,
            value=current.report_lead_bd if current.report_lead_bd is not None else default_lead,
            help=tr("plan.profile.lead_help", n=default_lead),
            key="plan.profile.lead",
            disabled=read_only,
        )
        st.caption(
            tr("plan.profile.applies_to_all", name=md_escape(name or tr("profile.default_name"), inline=True))
        )
        submitted = st.form_submit_button(
            tr("plan.profile.save"), type="primary", icon=":material/save:", disabled=read_only
        )
    if submitted:
        try:
            checked = check_profile(
                name,
                tiers_out.to_dict("records"),
                meetings_out.to_dict("records"),
                lg,
                today=min(start, dt.date.today()),  # a plan dated in the past keeps its meetings
                report_lead_bd=lead_in,
            )
        except ProfileError as exc:
            lines = "\n".join(f"- {md_escape(p, inline=True)}" for p in exc.problems)
            st.error(f"{tr('plan.profile.not_saved')}\n\n{lines}", icon=":material/error:")
        else:
            try:
                with session_scope(engine()) as s:
                    save_profile(session=s, profile=checked, actor=actor(), principal=principal())
            except Forbidden:
                st.error(tr("plan.profile.forbidden"), icon=":material/lock:")
            except SQLAlchemyError:
                st.error(tr("plan.profile.store_down"), icon=":material/error:")
            else:
                plan_state.forget_profile_cache()
                st.toast(
                    tr("plan.profile.saved", name=md_escape(name or tr("profile.default_name"), inline=True))
                )
                st.rerun()
    if (
        saved_profile is not None
        and not read_only
        and st.button(tr("plan.profile.reset"), key="plan.profile.reset")
    ):
        try:
            with session_scope(engine()) as s:
                delete_profile(session=s, name=name, actor=actor(), principal=principal())
        except Forbidden:
            st.error(tr("plan.profile.forbidden"), icon=":material/lock:")
        except SQLAlchemyError:
            st.error(tr("plan.profile.store_down"), icon=":material/error:")
        else:
            plan_state.forget_profile_cache()
            st.rerun()
    try:
        with session_scope(engine(), readonly=True) as s:
            trail = profile_trail(session=s, principal=principal(), limit=20)
    except SQLAlchemyError:
        trail = []
    if trail:  # inside the profile's expander, which cannot hold another one
        st.markdown(f"**{tr('plan.profile.history')}**")
        for ev in trail:
            st.text(
                tr(
                    f"plan.profile.log_{ev.action}",
                    date=f"{ev.at:%Y-%m-%d %H:%M} UTC",
                    who=ev.actor,
                    name=ev.name or tr("profile.default_name"),
                )
            )

st.divider()
exports.report_downloads("plan.report")
nav.link("recommendation", tr("cl.back"))
