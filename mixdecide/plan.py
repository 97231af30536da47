"""From a strategy to a dated procurement plan: steps, legal minimum periods, approvals, the
critical path and what cannot fit before the deadline.

Pure arithmetic on the pack's ``plan.yaml`` (typical durations per step, legal periods with their
pinpoints) and the municipality ``Profile`` (who approves at which value, meeting dates). Every
step runs at least as long as the law requires and as long as is typical. Two kinds of days:
business days (``bd``: Monday to Friday) for the city's own work, and calendar days (``cd``) for
the periods the trade agreements count.

A step of ``n`` business days occupies ``n`` working days from its start; a step of ``n`` calendar
days ends ``n`` days after its start (a bid period published on day 0 closes on day 40). The next
step starts the day after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mixdecide.cites import for_agreements
from mixdecide.holidays import Holidays, closed_days
from mixdecide.pack.models import Pack, PackError, Text
from mixdecide.profile import Profile, Tier, generated_meetings
from mixdecide.result import Assessment, Timeline
from mixdecide.text import locate

PLAN_FILE = "plan.yaml"
HOLIDAY_YEARS = 8  # holidays are known this many years past the start or the deadline (a long plan)
Unit = Literal["bd", "cd"]


# --- the pack file ------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Typical(_Model):
    days: int = Field(ge=0)
    unit: Unit


class NameBy(_Model):
    """A step's name by one answer (the roll-out: an option of this contract, or a separate
    procurement); an unknown or other answer keeps the step's own name."""

    q: str
    names: dict[str, Text]


class StepSpec(_Model):
    id: str
    name: Text
    name_by: NameBy | None = None
    typical: Typical
    legal: str | None = None
    approval: bool = False
    award: bool = False
    tail: bool = False
    after: tuple[str, ...] | None = None
    # the solution is first in use at this step's start (a pilot in service) or end (delivery):
    # the date the deadline is met by (review r18head #3); a plan with no such step is in use when
    # it ends
    in_use: Literal["start", "end"] | None = None


class PeriodSpec(_Model):
    agreement: str | None = None
    agreements: tuple[str, ...] = ()
    basis: Literal["mandatory", "good_practice"]
    cite: str
    days: int | None = Field(default=None, ge=0)
    within: int | None = Field(default=None, ge=0)
    reductions: dict[str, int] = Field(default_factory=dict)
    floor_advance_notice: int | None = None
    floor_urgency: int | None = None
    commercial: int | None = None
    commercial_electronic_bids: int | None = None
    refs: tuple[str, ...] = ()

    @property
    def covers(self) -> tuple[str, ...]:
        return (self.agreement,) if self.agreement else self.agreements


class ReasonableTime(_Model):
    cite: str
    refs: tuple[str, ...] = ()


class TierSpec(_Model):
    up_to: float | None = None
    authority: Text
    body: Literal["staff", "committee", "council"] = "staff"


class MeetingRule(_Model):
    body: Literal["council", "committee"] = "council"
    weekday: int = Field(ge=0, le=6)
    weeks: tuple[int, ...]
    recess_months: tuple[int, ...] = ()
    horizon_months: int = Field(ge=1, le=60)


class ProfileDefaults(_Model):
    tiers: tuple[TierSpec, ...] = Field(min_length=1)
    meetings: MeetingRule


class Continuation(_Model):
    """A stage run as a phase of an earlier stage's contract: only the ``keep`` steps are dated."""

    after: tuple[str, ...] = Field(min_length=1)
    keep: tuple[str, ...] = Field(min_length=1)


class PlanSpec(_Model):
    report_lead_bd: int = Field(ge=0)
    close_on_business_day: bool = True
    # a plan that ends at the contract award leaves delivery out: fewer days than this between
    # the award and the in-use date is a warning, more is said as information
    delivery_check_days: int = Field(ge=0)
    # the public holidays business days skip (None: Monday to Friday, every one of them)
    holidays: Holidays | None = None
    profile_defaults: ProfileDefaults
    periods: dict[str, PeriodSpec]
    reasonable_time: ReasonableTime
    stages: dict[str, tuple[StepSpec, ...]]
    # a stage that, right after one of ``after``, is a phase of that stage's contract (a pilot of
    # what a challenge co-developed): its own competition is not run again
    continues: dict[str, Continuation] = Field(default_factory=dict)


def plan_spec(pack: Pack) -> PlanSpec | None:
    """The pack's ``plan.yaml`` (None when the pack has none), read once per loaded pack."""
    if "plan_spec" not in pack.cache:
        pack.cache["plan_spec"] = _read_spec(Path(pack.path) / PLAN_FILE, pack)
    spec: PlanSpec | None = pack.cache["plan_spec"]
    return spec


def _read_spec(path: Path, pack: Pack) -> PlanSpec | None:
    if not path.is_file():
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(f"{PLAN_FILE}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(raw, dict):
        raise PackError(f"{PLAN_FILE}: expected a mapping at the top level")
    try:
        spec = PlanSpec.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise PackError(f"{PLAN_FILE}: {locate(raw, err['loc'])}: {err['msg']}") from None
    for stage, steps in spec.stages.items():
        ids = [s.id for s in steps]
        for s in steps:
            if s.legal and s.legal not in spec.periods:
                raise PackError(f"{PLAN_FILE}: stages.{stage}.{s.id}: unknown legal period {s.legal!r}")
            if s.name_by and s.name_by.q not in pack.questions:
                raise PackError(
                    f"{PLAN_FILE}: stages.{stage}.{s.id}: name_by: unknown question {s.name_by.q!r}"
                )
            for a in s.after or ():
                if a not in ids[: ids.index(s.id)]:
                    raise PackError(f"{PLAN_FILE}: stages.{stage}.{s.id}: after {a!r} is not an earlier step")
    for stage, c in spec.continues.items():
        ids = [s.id for s in spec.stages.get(stage, ())]
        for k in c.keep:
            if k not in ids:
                raise PackError(f"{PLAN_FILE}: continues.{stage}: keep {k!r} is not a step of the stage")
    for pid, p in spec.periods.items():
        for ref in p.refs:
            if ref not in pack.sources:
                raise PackError(f"{PLAN_FILE}: periods.{pid}: unknown source {ref!r}")
    for ref in spec.holidays.refs if spec.holidays else ():
        if ref not in pack.sources:
            raise PackError(f"{PLAN_FILE}: holidays: unknown source {ref!r}")
    return spec


def holidays(pack: Pack, first_year: int, last_year: int) -> frozenset[dt.date]:
    """The days the pack's public holidays close from ``first_year`` to ``last_year`` (none when
    the pack names none)."""
    spec = plan_spec(pack)
    if spec is None or spec.holidays is None:
        return frozenset()
    return closed_days(spec.holidays.days, range(first_year, last_year + 1))


def default_profile(pack: Pack, today: dt.date, lang: str, name: str = "") -> Profile | None:
    """The pack's illustrative approval tiers (in ``lang``) and a generated meeting calendar."""
    spec = plan_spec(pack)
    if spec is None:
        return None
    d = spec.profile_defaults
    rule = d.meetings
    return Profile(
        name=name,
        tiers=tuple(
            Tier(up_to=x.up_to, authority=x.authority.get(lang), body=x.body, illustrative=True)
            for x in d.tiers
        ),
        meetings=generated_meetings(
            today,
            body=rule.body,
            weekday=rule.weekday,
            weeks=rule.weeks,
            recess_months=rule.recess_months,
            months=rule.horizon_months,
        ),
    )


# --- day arithmetic -----------------------------------------------------------------------------


NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def is_business_day(day: dt.date, closed: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday, and not one of the ``closed`` days (public holidays)."""
    return day.weekday() < 5 and day not in closed


def next_business_day(day: dt.date, closed: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    """``day`` itself when it is a business day, else the next one."""
    while not is_business_day(day, closed):
        day += dt.timedelta(days=1)
    return day


def add_business_days(start: dt.date, n: int, closed: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    """The last day of ``n`` business days worked from ``start`` (``start`` counts when it is a
    business day); ``n`` = 0 gives the day before the first business day."""
    day = next_business_day(start, closed)
    if n <= 0:
        return day - dt.timedelta(days=1)
    counted = 1
    while counted < n:
        day += dt.timedelta(days=1)
        if is_business_day(day, closed):
            counted += 1
    return day


def step_end(start: dt.date, days: int, unit: Unit, closed: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    return add_business_days(start, days, closed) if unit == "bd" else start + dt.timedelta(days=days)


def add_months(day: dt.date, months: float) -> dt.date:
    """``day`` plus a (possibly fractional) number of months; the 31st becomes the month's last day."""
    whole = int(months)
    extra_days = round((months - whole) * 30)
    month0 = day.month - 1 + whole
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=extra_days)


# --- legal minimum periods ----------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """How the call is run: what the CETA reductions and floors depend on."""

    electronic_notice: bool = True
    electronic_documents: bool = True
    electronic_bids: bool = True
    advance_notice: bool = False  # a notice of planned procurement 40 days to 12 months ahead
    urgency: bool = False  # a duly substantiated urgency
    commercial: bool = False  # commercial goods or services


@dataclass(frozen=True)
class Minimum:
    """A legal minimum period and how it was reached (``parts``: catalog keys and values)."""

    days: int
    base: int
    reductions: tuple[tuple[str, int], ...]
    floor: str | None  # "advance_notice" | "urgency" | "commercial" when a floor set the minimum


def minimum_days(period: PeriodSpec, options: Options) -> Minimum | None:
    """The shortest period the agreement allows for these options (None: it sets no number).

    The base period less each reduction whose condition holds; then the lowest floor the options
    open (advance notice, urgency, commercial goods or services published electronically)."""
    if period.days is None:
        return None
    applied = tuple((k, v) for k, v in period.reductions.items() if getattr(options, k, False))
    days = period.days - sum(v for _, v in applied)
    floor: str | None = None
    candidates: list[tuple[int, str]] = []
    if options.advance_notice and period.floor_advance_notice is not None:
        candidates.append((period.floor_advance_notice, "advance_notice"))
    if options.urgency and period.floor_urgency is not None:
        candidates.append((period.floor_urgency, "urgency"))
    if (
        options.commercial
        and options.electronic_notice
        and options.electronic_documents
        and period.commercial is not None
    ):
        commercial = (
            period.commercial_electronic_bids
            if options.electronic_bids and period.commercial_electronic_bids is not None
            else period.commercial
        )
        candidates.append((commercial, "commercial"))
    for value, why in sorted(candidates):
        if value < days:
            days, floor = value, why
        break
    return Minimum(days=days, base=period.days, reductions=applied, floor=floor)


# --- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Legal:
    """The law's say on a step: a minimum (``min_days``), a maximum after the award (``within``),
    or a duty with no number (``reasonable``); with basis and pinpoint."""

    period: str  # the plan.yaml period id, or "reasonable_time"
    basis: str
    cite: str
    refs: tuple[str, ...]
    minimum: Minimum | None = None
    within: int | None = None
    due: dt.date | None = None  # the latest lawful end, for a period with ``within``


@dataclass(frozen=True)
class Approval:
    tier: Tier
    meeting: dt.date | None  # the meeting that approves, for a council or committee
    ready: dt.date | None  # when the report can be on the agenda (lead time before the meeting)


@dataclass(frozen=True)
class PlanStep:
    uid: str  # "<stage>.<step>"
    stage: str
    id: str
    name: Text
    start: dt.date
    end: dt.date
    days: int
    unit: Unit
    typical: Typical
    legal: Legal | None = None
    approval: Approval | None = None
    tail: bool = False
    award: bool = False
    after: tuple[str, ...] = ()
    driver: str | None = None  # the predecessor whose end set this start
    critical: bool = False
    moved_to_business_day: bool = False
    under: str | None = None  # the earlier stage whose contract this step runs under (a phase of it)
    in_use: Literal["start", "end"] | None = None  # first in use at this step's start or end


@dataclass(frozen=True)
class Flag:
    """Something the plan cannot fit or must point out; ``kind`` picks the catalog sentence."""

    kind: str  # legal_past_deadline | past_deadline | meeting | no_meeting | value_unknown | no_deadline | notice_late
    level: Literal["error", "warning", "info"]
    step: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    start: dt.date
    deadline: dt.date | None
    end: dt.date  # when the last step that holds up the result ends
    steps: tuple[PlanStep, ...]
    flags: tuple[Flag, ...]
    value: float | None
    approver: Tier
    options: Options
    in_use: dt.date | None = None  # when the solution is first in use (see first_use); None: at end
    in_use_step: str | None = None  # the step that puts it in use (a pilot), None: the plan's end

    @property
    def first_use(self) -> dt.date:
        """The day the solution is first in use: what the deadline is met by."""
        return self.in_use or self.end

    @property
    def critical_path(self) -> tuple[PlanStep, ...]:
        return tuple(s for s in self.steps if s.critical)

    def step(self, uid: str) -> PlanStep:
        return next(s for s in self.steps if s.uid == uid)


def deadline_from(answers: Mapping[str, Any], start: dt.date) -> dt.date | None:
    """The date the solution must be in use: ``start`` plus ``timeline_months`` (None if unknown)."""
    months = answers.get("timeline_months")
    if isinstance(months, bool) or not isinstance(months, int | float) or months <= 0:
        return None
    return add_months(start, float(months))


def _value(answers: Mapping[str, Any]) -> float | None:
    v = answers.get("estimated_value_cad")
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def _applying(a: Assessment) -> set[str]:
    return {f.agreement for f in a.trade if f.status == "applies"}


def _set_aside(pack: Pack, a: Assessment) -> set[str]:
    if a.strategy is None or pack.strategy is None:
        return set()
    option = next((o for o in pack.strategy.paths if o.id == a.strategy.path.id), None)
    return set(getattr(option, "sets_aside_obligations", None) or ())


_BID_PERIODS = ("bid_open", "bid_requests", "bid_tender")


def _legal(
    spec: PlanSpec, step: StepSpec, applying: set[str], set_aside: set[str], options: Options
) -> Legal | None:
    if step.legal is None:
        return None
    period = spec.periods[step.legal]
    if step.legal in _BID_PERIODS:
        if "bid_period" in set_aside:
            return None
        if any(a in applying for a in period.covers):
            return Legal(
                step.legal,
                period.basis,
                for_agreements(period.cite, applying),
                period.refs,
                minimum=minimum_days(period, options),
            )
        if applying & {"CFTA", "OQTCA"}:
            rt = spec.reasonable_time
            return Legal("reasonable_time", "mandatory", for_agreements(rt.cite, applying), rt.refs)
        return None
    if not any(a in applying for a in period.covers):
        return None
    minimum = minimum_days(period, options) if period.days is not None else None
    cite = for_agreements(period.cite, applying)
    return Legal(step.legal, period.basis, cite, period.refs, minimum=minimum, within=period.within)


def _fallback(pack: Pack, stage: str) -> tuple[StepSpec, ...]:
    """A stage the plan file does not describe: one step as long as the route's shortest duration."""
    route = pack.routes.get(stage)
    step = pack.steps.get(stage)
    name = route.name if route else step.name if step else Text(en=stage, fr=stage)
    days = round(route.duration.min_months * 30) if route else 20
    unit: Unit = "cd" if route else "bd"
    return (StepSpec(id="main", name=name, typical=Typical(days=days, unit=unit)),)


def build_plan(
    pack: Pack,
    a: Assessment,
    profile: Profile,
    *,
    start: dt.date,
    deadline: dt.date | None = None,
    options: Options | None = None,
) -> Plan | None:
    """The dated plan of ``a``'s strategy from ``start`` (None when the pack has no plan file or
    the assessment no strategy). ``deadline`` defaults to ``start`` + ``timeline_months``."""
    spec = plan_spec(pack)
    if spec is None or a.strategy is None:
        return None
    options = options or Options()
    if deadline is None:
        deadline = deadline_from(a.answers, start)
    applying, set_aside = _applying(a), _set_aside(pack, a)
    value = _value(a.answers)
    # public holidays over the years a plan can run (its steps, their meetings and the deadline)
    closed = holidays(pack, start.year, max(start.year, (deadline or start).year) + HOLIDAY_YEARS)
    approver = profile.approver(value)
    flags: list[Flag] = []
    steps: list[PlanStep] = []
    ends: dict[str, PlanStep] = {}
    previous_exit: str | None = None  # the step the next stage waits for
    done: list[str] = []
    for stage in a.strategy.stages:
        specs = spec.stages.get(stage) or _fallback(pack, stage)
        cont = spec.continues.get(stage)
        under = next((x for x in reversed(done) if cont and x in cont.after), None)
        if cont is not None and under is not None:
            specs = tuple(x for x in specs if x.id in cont.keep)
        done.append(stage)
        last_main: str | None = previous_exit
        for s in specs:
            uid = f"{stage}.{s.id}"
            after = tuple(f"{stage}.{x}" for x in s.after) if s.after else ((last_main,) if last_main else ())
            begin, driver = start, None
            for p in after:
                candidate = ends[p].end + dt.timedelta(days=1)
                if candidate >= begin:
                    begin, driver = candidate, p
            begin = next_business_day(begin, closed)  # notices go out and work starts on a working day
            legal = _legal(spec, s, applying, set_aside, options)
            days, unit = s.typical.days, s.typical.unit
            if (
                legal
                and legal.minimum
                and begin + dt.timedelta(days=legal.minimum.days) > step_end(begin, days, unit, closed)
            ):
                days, unit = legal.minimum.days, "cd"  # never less than the law's minimum
            end = step_end(begin, days, unit, closed)
            moved = False
            if s.legal in _BID_PERIODS and spec.close_on_business_day and not is_business_day(end, closed):
                end, moved = next_business_day(end, closed), True
            approval = None
            if s.approval:
                tier = approver
                meeting = ready = None
                if tier.body != "staff":
                    lead = spec.report_lead_bd if profile.report_lead_bd is None else profile.report_lead_bd
                    ready = add_business_days(begin, lead, closed)
                    meeting = profile.next_meeting(tier.body, ready)
                    if meeting is not None and meeting > end:
                        # the step lasts until the meeting that approves: say so in its length
                        end, days, unit = meeting, (meeting - begin).days, "cd"
                    if meeting is not None:
                        flags.append(
                            Flag(
                                "meeting",
                                "info",
                                uid,
                                {
                                    "body": tier.body,
                                    "authority": tier.authority,
                                    "date": meeting,
                                    "after": driver,
                                    "lead": lead,
                                },
                            )
                        )
                    else:
                        flags.append(Flag("no_meeting", "error", uid, {"body": tier.body, "date": ready}))
                approval = Approval(tier, meeting, ready)
            if legal and legal.within is not None:
                award = ends.get(after[0]) if after else None
                due = (award.end if award else begin) + dt.timedelta(days=legal.within)
                legal = Legal(
                    legal.period, legal.basis, legal.cite, legal.refs, legal.minimum, legal.within, due
                )
                if end > due:
                    flags.append(Flag("notice_late", "error", uid, {"due": due}))
            named = s.name_by.names.get(str(a.answers.get(s.name_by.q))) if s.name_by else None
            step = PlanStep(
                uid=uid,
                stage=stage,
                id=s.id,
                name=named or s.name,
                start=begin,
                end=end,
                days=days,
                unit=unit,
                typical=s.typical,
                legal=legal,
                approval=approval,
                tail=s.tail,
                award=s.award,
                after=after,
                driver=driver,
                moved_to_business_day=moved,
                under=under,
                in_use=s.in_use,
            )
            steps.append(step)
            ends[uid] = step
            if not s.tail:
                last_main = uid
        previous_exit = last_main
    # the critical path: from the last step that holds up the result, back through each driver
    main = [s for s in steps if not s.tail] or steps
    last = max(main, key=lambda s: (s.end, -steps.index(s)))
    critical: set[str] = set()
    at: str | None = last.uid
    while at is not None:
        critical.add(at)
        at = ends[at].driver
    steps = [PlanStep(**{**_fields(s), "critical": s.uid in critical}) for s in steps]
    use_step, in_use = first_use(steps)
    flags[:0] = _deadline_flags(
        steps,
        start,
        deadline,
        last.end,
        value,
        in_use or last.end,
        use_step,
        delivery_check_days=spec.delivery_check_days,
    )
    return Plan(
        start=start,
        deadline=deadline,
        end=last.end,
        steps=tuple(steps),
        flags=tuple(flags),
        value=value,
        approver=approver,
        options=options,
        in_use=in_use,
        in_use_step=use_step,
    )


def first_use(steps: Sequence[PlanStep]) -> tuple[str | None, dt.date | None]:
    """The step that first puts the solution in use and the day it does (a pilot's first day, a
    purchase's delivery): the earliest step the pack marks ``in_use``. (None, None) when none is
    marked: the solution is then in use when the plan ends."""
    marked = [(s.start if s.in_use == "start" else s.end, s.uid) for s in steps if s.in_use and not s.tail]
    if not marked:
        return None, None
    day, uid = min(marked)
    return uid, day


def timeline(pack: Pack, a: Assessment, start: dt.date) -> Timeline | None:
    """``a``'s strategy dated from ``start`` with the pack's example approvals and meetings: what
    the Recommendation page says of the sequence's length, and what the Plan page shows until the
    person changes the start, the deadline, the call options or the municipality's approvals."""
    profile = default_profile(pack, start, "en")  # the authorities' names do not move a date
    if profile is None:
        return None
    p = build_plan(pack, a, profile, start=start)
    if p is None:
        return None
    return Timeline(p.start, p.end, p.deadline, p.first_use, p.in_use_step)


def _fields(s: PlanStep) -> dict[str, Any]:
    return {k: getattr(s, k) for k in PlanStep.__dataclass_fields__}


def _spans_year_end(start: dt.date, end: dt.date) -> bool:
    """Whether a period touches the Christmas to New Year closure (December 24 to January 2)."""
    for year in range(start.year - 1, end.year + 1):
        if start <= dt.date(year + 1, 1, 2) and end >= dt.date(year, 12, 24):
            return True
    return False


def _deadline_flags(
    steps: Sequence[PlanStep],
    start: dt.date,
    deadline: dt.date | None,
    end: dt.date,
    value: float | None,
    in_use: dt.date | None = None,
    use_step: str | None = None,
    *,
    delivery_check_days: int,
) -> list[Flag]:
    """``in_use`` is the day the solution is first in use (default ``end``): the deadline is met
    by it, and a roll-out that ends later is stated, not flagged as a miss (review r18head #3).
    A plan with no step that puts the solution in use ends at the contract award: the days left
    for delivery, installation and training before the deadline are said (a warning under
    ``delivery_check_days``), never counted as met (review: an award 12 days before a winter
    in-use date read "inside your 11 months")."""
    in_use = in_use or end
    flags: list[Flag] = []
    for s in steps:
        if s.id == "bid" and _spans_year_end(s.start, s.end):
            # many by-laws avoid or extend a call over Christmas and New Year: say so
            flags.append(Flag("holidays", "warning", s.uid, {"start": s.start, "end": s.end}))
    if value is None:
        flags.append(Flag("value_unknown", "warning"))
    if deadline is None:
        flags.append(Flag("no_deadline", "info"))
        return flags
    bid = next((s for s in steps if s.legal and s.legal.minimum and s.legal.period in _BID_PERIODS), None)
    if bid is not None and bid.legal is not None and bid.legal.minimum is not None:
        alone = start + dt.timedelta(days=bid.legal.minimum.days)
        if alone > deadline:
            flags.append(
                Flag(
                    "legal_past_deadline",
                    "error",
                    bid.uid,
                    {
                        "days": bid.legal.minimum.days,
                        "cite": bid.legal.cite,
                        "date": alone,
                        "deadline": deadline,
                    },
                )
            )
    if in_use > deadline:
        flags.append(
            Flag(
                "past_deadline",
                "error",
                use_step,
                {
                    "end": in_use,
                    "deadline": deadline,
                    "late": (in_use - deadline).days,
                    "steps": tuple(s.uid for s in steps if s.end > deadline),
                },
            )
        )
    elif use_step is None and (award := next((s for s in reversed(steps) if s.award), None)) is not None:
        left = (deadline - award.end).days
        flags.append(
            Flag(
                "delivery_not_planned",
                "warning" if left < delivery_check_days else "info",
                award.uid,
                {"award": award.end, "deadline": deadline, "days": left},
            )
        )
    elif end > deadline:
        # in use by the date (a pilot in service), the full roll-out after it: said, not an error
        flags.append(
            Flag(
                "rollout_after_deadline",
                "info",
                use_step,
                {"in_use": in_use, "end": end, "deadline": deadline},
            )
        )
    return flags
