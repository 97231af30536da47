"""The plan in words, as a table, a Gantt chart and an .ics calendar: shared by the Plan page,
presentation mode and every report format (one wording, one table, one calendar)."""

from __future__ import annotations

import datetime as dt
import hashlib

import plotly.graph_objects as go
from icalendar import Calendar, Event

from mixdecide.charts import BIG_FONT, TEXT, layout, plain
from mixdecide.cites import cite_text
from mixdecide.i18n import fmt_count, fmt_date, fmt_money, t
from mixdecide.pack.models import Pack
from mixdecide.plan import Flag, Plan, PlanStep, plan_spec
from mixdecide.profile import Tier
from mixdecide.result import DAYS_PER_MONTH, Assessment
from mixdecide.wording import question_label, step_name

CRITICAL = "#1F4E79"  # dark blue: on the critical path
OTHER = "#9DC3E6"  # light blue: has slack
DEADLINE = "#C00000"


def length_text(step: PlanStep, lang: str) -> str:
    return t(f"plan.{step.unit}", lang, n=step.days)


def basis_text(step: PlanStep, lang: str, pack: Pack | None = None) -> str:
    """What the step's length rests on: the law (with pinpoint) or typical practice; and, for a
    step run as a phase of an earlier contract, which one (why it needs no competition of its own)."""
    legal = step.legal
    parts: list[str] = []
    if step.under is not None:
        route = step_name(pack, step.under, lang) if pack is not None else step.under
        parts.append(t("plan.under", lang, route=route))
    cite = cite_text(legal.cite, lang) if legal else ""
    if legal is None:
        parts.append(t("plan.typical", lang))
    elif legal.period == "reasonable_time":
        parts.append(t("plan.legal.reasonable", lang, cite=cite))
    elif legal.within is not None and legal.due is not None:
        parts.append(t("plan.legal.within", lang, date=fmt_date(legal.due, lang), n=legal.within, cite=cite))
    elif legal.period == "standstill" and legal.minimum is not None:
        parts.append(t("plan.legal.standstill", lang, n=legal.minimum.days))
    elif legal.minimum is not None:
        key = "plan.legal.minimum" if legal.basis == "mandatory" else "plan.legal.should"
        parts.append(t(key, lang, n=legal.minimum.days, cite=cite))
        cut = sum(v for _, v in legal.minimum.reductions)
        if cut and legal.minimum.floor is None:
            parts.append(t("plan.legal.reductions", lang, base=legal.minimum.base, cut=cut))
        if legal.minimum.floor:
            parts.append(t(f"plan.legal.floor.{legal.minimum.floor}", lang))
    else:
        parts.append(t("plan.legal.duty", lang, cite=cite))
    if step.moved_to_business_day:
        parts.append(t("plan.legal.moved", lang))
    if step.approval is not None:
        tier = step.approval.tier
        if step.approval.meeting is not None:
            parts.append(
                t(
                    "plan.approval.meeting",
                    lang,
                    authority=tier.authority,
                    date=fmt_date(step.approval.meeting, lang),
                    ready=fmt_date(step.approval.ready or step.approval.meeting, lang),
                )
            )
        else:
            parts.append(t("plan.approval.staff", lang, authority=tier.authority))
    return "; ".join(parts)


def flag_text(pack: Pack, plan: Plan, flag: Flag, lang: str, *, room: bool = False) -> str:
    """A plan flag in words; ``room`` for a presentation screen, where the chart shows which steps
    run past the deadline and their list would push Previous/Next off a 1280x720 screen."""
    v = dict(flag.values)
    for k, value in list(v.items()):
        if isinstance(value, dt.date):
            v[k] = fmt_date(value, lang)
    if flag.kind in ("meeting", "no_meeting"):
        body = t(f"profile.body.{v['body']}", lang)
        v["body"], v["body_lower"] = body, body[:1].lower() + body[1:]
        after = v.get("after")
        v["after"] = plan.step(after).name.get(lang) if isinstance(after, str) else ""
        v.pop("authority", None)
    if flag.kind == "holidays" and flag.step is not None:
        v["step"] = plan.step(flag.step).name.get(lang)
    if flag.kind == "past_deadline":
        names = [step_label(pack, plan.step(uid), lang) for uid in v.pop("steps", ())]
        text = t("plan.flag.past_deadline", lang, **v)
        if room or not names:
            return text
        return text + " " + t("plan.flag.after_deadline", lang, steps="; ".join(names))
    if flag.kind == "no_deadline":
        v["question"] = question_label(pack, "timeline_months", lang)
    return t(f"plan.flag.{flag.kind}", lang, **v)


def approver_who(tier: Tier, lang: str) -> str:
    """Who approves at this level, said once: "General manager, under delegated authority",
    "Audit board (committee)", "Planning committee" (not "Planning committee (committee)")."""
    if tier.body != "staff" and t(f"plan.approver_kind.{tier.body}", lang) in tier.authority.casefold():
        return tier.authority
    return t(f"plan.approver_who.{tier.body}", lang, who=tier.authority)


def approver_text(plan: Plan, lang: str) -> str:
    """The plan's approval line: the level the value falls in, or the highest when it is unknown."""
    who = approver_who(plan.approver, lang)
    if plan.value is None:
        line = t("plan.approver_unknown", lang, who=who)
    else:
        line = t("plan.approver", lang, value=fmt_money(plan.value, lang), who=who)
    if plan.approver.illustrative:
        line += " " + t("plan.approver_illustrative", lang)
    return line


def summary_text(plan: Plan, lang: str) -> str:
    start, end = fmt_date(plan.start, lang), fmt_date(plan.end, lang)
    first = min((s.start for s in plan.steps), default=plan.start)
    if first > plan.start:  # a start on a weekend or a holiday: the work starts on the next business day
        start = t("plan.start_moved", lang, start=start, first=fmt_date(first, lang))
    if plan.deadline is None:
        return t("plan.summary_no_deadline", lang, start=start, end=end)
    return t("plan.summary", lang, start=start, deadline=fmt_date(plan.deadline, lang), end=end)


def bid_with_minimum(plan: Plan) -> PlanStep | None:
    """The call whose length a trade agreement's minimum bid period sets, or None (below the
    thresholds, or no open call): then how the call is run changes no date."""
    return next(
        (s for s in plan.steps if s.legal and s.legal.minimum and s.legal.period.startswith("bid_")), None
    )


def reductions_text(plan: Plan, lang: str) -> str:
    """Which reductions set the legal minimum bid period (they are ticked under "How you will run
    the call"), so the headline never hides that the minimum depends on them; "" when none."""
    bid = bid_with_minimum(plan)
    if bid is None or bid.legal is None or bid.legal.minimum is None:
        return ""
    m = bid.legal.minimum
    used = [t(f"plan.opt.{name}", lang) for name, _ in m.reductions] + (
        [t(f"plan.opt.{m.floor}", lang)] if m.floor else []
    )
    if not used:
        return t("plan.minimum_plain", lang, n=m.days, base=m.base)
    return t("plan.minimum_used", lang, n=m.days, base=m.base, used="; ".join(used))


def duration_note(pack: Pack, a: Assessment, plan: Plan, lang: str) -> str:
    """How this plan's length relates to the one the Recommendation page states: the same dated
    computation (mixdecide.plan.timeline), from the assessment's day with the example approvals;
    it differs only when this plan's start, deadline, call options or approvals were changed."""
    months = round((plan.end - plan.start).days / DAYS_PER_MONTH, 1)
    tl = a.timeline
    if tl is None or tl.end == plan.end:
        return t("plan.duration_same", lang, months=fmt_count("months", months, lang))
    return t(
        "plan.duration_differs",
        lang,
        months=fmt_count("months", months, lang),
        start=fmt_date(plan.start, lang),
        end=fmt_date(plan.end, lang),
        rec_months=fmt_count("months", tl.months, lang),
        rec_start=fmt_date(tl.start, lang),
        rec_end=fmt_date(tl.end, lang),
    )


def step_label(pack: Pack, step: PlanStep, lang: str) -> str:
    label = t(
        "plan.step_label", lang, stage=step_name(pack, step.stage, lang, short=True), step=step.name.get(lang)
    )
    if step.under is not None:  # a phase of an earlier contract: said in the name, not only the basis
        label = t("plan.under_label", lang, label=label, route=step_name(pack, step.under, lang, short=True))
    return label


HEADER_KEYS = ("step", "start", "end", "length", "basis", "critical")


def plan_header(lang: str) -> tuple[str, ...]:
    return tuple(t(f"plan.col.{k}", lang) for k in HEADER_KEYS)


def plan_rows(pack: Pack, plan: Plan, lang: str) -> list[tuple[str, ...]]:
    """One row per step: name, start, end, length, basis, critical."""
    return [
        (
            step_label(pack, s, lang),
            fmt_date(s.start, lang, "medium"),
            fmt_date(s.end, lang, "medium"),
            length_text(s, lang),
            basis_text(s, lang, pack),
            t("plan.on_path", lang) if s.critical else "",
        )
        for s in plan.steps
    ]


def _bars(pack: Pack, plan: Plan, lang: str, by_stage: bool) -> list[tuple[str, dt.date, dt.date, bool]]:
    """(label, start, end, critical) per step, or per stage (its steps that hold up the next)."""
    if not by_stage:
        return [(step_label(pack, s, lang), s.start, s.end, s.critical) for s in plan.steps]
    out: list[tuple[str, dt.date, dt.date, bool]] = []
    for stage in dict.fromkeys(s.stage for s in plan.steps):
        steps = [s for s in plan.steps if s.stage == stage and not s.tail] or [
            s for s in plan.steps if s.stage == stage
        ]
        name = step_name(pack, stage, lang, short=True)
        out.append(
            (name, min(s.start for s in steps), max(s.end for s in steps), any(s.critical for s in steps))
        )
    return out


def _month_ticks(first: dt.date, last: dt.date, most: int = 6) -> list[dt.date]:
    """First days of months spread over [first, last], at most ``most`` of them."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = max(1, -(-months // most))
    out = []
    for i in range(0, months + 1, every):
        m0 = first.month - 1 + i
        out.append(dt.date(first.year + m0 // 12, m0 % 12 + 1, 1))
    return out


def stage_bars(pack: Pack, plan: Plan, lang: str) -> list[tuple[str, dt.date, dt.date, bool]]:
    """(stage name, start, end, critical) per stage of the plan."""
    return _bars(pack, plan, lang, by_stage=True)


def plan_figure(pack: Pack, plan: Plan, lang: str, *, big: bool = False, by_stage: bool = False) -> go.Figure:
    """A Gantt chart: one bar per step (dark on the critical path), a red line at the deadline;
    ``by_stage`` draws one bar per stage instead (a presentation screen)."""
    fig = go.Figure()
    bars = _bars(pack, plan, lang, by_stage)
    labels = [plain(b[0]) for b in bars]
    day_ms = 86_400_000
    for critical in (True, False):
        chosen = [(lab, b) for lab, b in zip(labels, bars, strict=True) if b[3] == critical]
        if not chosen:
            continue
        fig.add_trace(
            go.Bar(
                y=[lab for lab, _ in chosen],
                x=[((b[2] - b[1]).days + 1) * day_ms for _, b in chosen],
                base=[b[1].isoformat() for _, b in chosen],
                orientation="h",
                marker={"color": CRITICAL if critical else OTHER},
                name=t("plan.critical" if critical else "plan.off_critical", lang),
                hovertemplate="%{y}<br>%{base|%Y-%m-%d} → %{customdata}<extra></extra>",
                customdata=[b[2].isoformat() for _, b in chosen],
            )
        )
    if plan.deadline is not None:
        fig.add_vline(x=plan.deadline.isoformat(), line={"color": DEADLINE, "width": 2, "dash": "dash"})
        fig.add_annotation(
            x=plan.deadline.isoformat(),
            y=1.02,
            yref="paper",
            yanchor="bottom",
            text=t("plan.deadline_line", lang),
            showarrow=False,
            # on white with a red frame: readable even where the plot has no room above it and
            # the label meets a dark bar (review r14: a presentation's plan screen)
            font={"color": DEADLINE},
            bgcolor="white",
            bordercolor=DEADLINE,
            borderpad=2,
        )
    height = 120 + (56 if big else 34) * len(bars)
    layout(fig, t("plan.gantt_title", lang), height, big=big)
    # the legend sits under the two-line month labels, not over them
    fig.update_layout(
        showlegend=True, legend={"orientation": "h", "y": -60 / height, "yanchor": "top"}, barmode="overlay"
    )
    ticks = _month_ticks(min(b[1] for b in bars), max(b[2] for b in bars))
    fig.update_xaxes(
        type="date",
        gridcolor="#D9D9D9",
        tickangle=0,
        tickvals=[d.isoformat() for d in ticks],
        # month names in the user's language, the year on a second line so labels never run together
        ticktext=[fmt_date(d, lang, "month").replace(" ", "<br>", 1) for d in ticks],
    )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True)
    # dark row and month labels (Streamlit's chart theme greys them: under 4.5:1 from a room)
    size = {"size": BIG_FONT} if big else {}
    fig.update_yaxes(tickfont={"color": TEXT, **size})
    fig.update_xaxes(tickfont={"color": TEXT, **size})
    return fig


def plan_alt(plan: Plan, lang: str) -> str:
    return t(
        "plan.gantt_alt",
        lang,
        n=len(plan.steps),
        start=fmt_date(plan.start, lang),
        end=fmt_date(plan.end, lang),
    )


def plan_ics(pack: Pack, plan: Plan, lang: str, project: str, now: dt.datetime | None = None) -> bytes:
    """The plan as an iCalendar file: one all-day event per step (end exclusive, as RFC 5545
    requires) and one for the deadline. UIDs are stable for the same plan, so importing a newer
    version updates the events instead of duplicating them."""
    cal = Calendar()
    cal.add("prodid", "-//MIX Decide//Procurement plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", t("plan.gantt_title", lang))
    seed = f"{project}|{pack.id}|{plan.start.isoformat()}"
    # DTSTAMP is when this file was made (RFC 5545), not the plan's start
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    for s in plan.steps:
        ev = Event()
        ev.add("uid", hashlib.sha256(f"{seed}|{s.uid}".encode()).hexdigest()[:32] + "@mixdecide")
        ev.add("dtstamp", stamp)
        ev.add("summary", step_label(pack, s, lang))
        ev.add("dtstart", s.start)
        ev.add("dtend", s.end + dt.timedelta(days=1))
        basis = f"{length_text(s, lang)} · {basis_text(s, lang, pack)}"
        ev.add("description", t("plan.ics.description", lang, project=project, basis=basis))
        if s.critical:
            ev.add("categories", [t("plan.critical", lang)])
        cal.add_component(ev)
    for s in plan.steps:
        if s.approval is None or s.approval.meeting is None:
            continue
        ev = Event()  # the meeting itself, so it is in the calendar, not only in a description
        ev.add("uid", hashlib.sha256(f"{seed}|{s.uid}|meeting".encode()).hexdigest()[:32] + "@mixdecide")
        ev.add("dtstamp", stamp)
        ev.add(
            "summary", t("plan.ics.meeting", lang, authority=s.approval.tier.authority, step=s.name.get(lang))
        )
        ev.add("dtstart", s.approval.meeting)
        ev.add("dtend", s.approval.meeting + dt.timedelta(days=1))
        cal.add_component(ev)
    if plan.deadline is not None:
        ev = Event()
        ev.add("uid", hashlib.sha256(f"{seed}|deadline".encode()).hexdigest()[:32] + "@mixdecide")
        ev.add("dtstamp", stamp)
        ev.add("summary", t("plan.ics.deadline", lang))
        ev.add("dtstart", plan.deadline)
        ev.add("dtend", plan.deadline + dt.timedelta(days=1))
        cal.add_component(ev)
    return bytes(cal.to_ical())


def caveat_text(pack: Pack, lang: str) -> str:
    """What the plan's dates are and are not: typical durations, business days less the pack's
    public holidays (named, with their law), the office's own closures not skipped."""
    spec = plan_spec(pack)
    if spec is None or spec.holidays is None:
        return t("plan.caveat", lang)
    basis = spec.holidays.basis.get(lang)
    return t(
        "plan.caveat_holidays",
        lang,
        basis=basis,
        basis_lower=basis[:1].lower() + basis[1:],
        cite=spec.holidays.cite.get(lang),
    )
