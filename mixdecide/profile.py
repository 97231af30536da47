"""A municipality's profile: who approves a purchase at which value, and when council or a
committee meets. The plan reads it to date the approval steps.

``check_profile`` turns what a form or a file holds into a ``Profile`` or raises ``ProfileError``
with every problem in plain words, in the person's language. ``default_profile`` is what the plan
uses until a profile is saved: the pack's illustrative tiers and a generated meeting calendar.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from mixdecide.details import LINE_CONTROL, NAME_MAX
from mixdecide.i18n import fmt_money, t

Body = Literal["staff", "committee", "council"]
MeetingBody = Literal["council", "committee"]
BODIES: tuple[str, ...] = get_args(Body)
MEETING_BODIES: tuple[str, ...] = get_args(MeetingBody)
MAX_TIERS = 12
MAX_MEETINGS = 120
MAX_LEAD = 60  # business days a report can need before a meeting
MAX_YEAR = 2200  # a meeting date past this is a typing slip
MAX_VALUE = 1e12  # a limit past any municipal budget: beyond it a figure is a typing slip
DEFAULT_NAME = ""  # the profile used when an assessment names no municipality


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Tier(_Model):
    """Purchases up to ``up_to`` (CAD, options included; None: no limit) are approved by
    ``authority``; ``body`` says whether that is staff or a body that meets on set dates."""

    up_to: float | None
    authority: str
    body: Body = "staff"
    # the pack's illustrative level, not one a municipality saved: every document that names it
    # says it is still to be confirmed against the procurement by-law (review r18head #2)
    illustrative: bool = False


class Meeting(_Model):
    date: dt.date
    body: MeetingBody = "council"


class Profile(_Model):
    name: str = DEFAULT_NAME
    tiers: tuple[Tier, ...]
    meetings: tuple[Meeting, ...] = ()
    # business days a report needs before the meeting that approves it (None: the pack's default)
    report_lead_bd: int | None = Field(default=None, ge=0, le=60)

    def approver(self, value: float | None) -> Tier:
        """The tier that approves ``value``; the highest tier when the value is unknown."""
        if value is None:
            return self.tiers[-1]
        for tier in self.tiers:
            if tier.up_to is None or value <= tier.up_to:
                return tier
        return self.tiers[-1]  # pragma: no cover - the last tier has no limit (checked)

    def next_meeting(self, body: str, on_or_after: dt.date) -> dt.date | None:
        """The first meeting of ``body`` on or after a date, or None when none is listed."""
        dates = sorted(m.date for m in self.meetings if m.body == body and m.date >= on_or_after)
        return dates[0] if dates else None

    def to_data(self) -> dict[str, Any]:
        """The JSON form the store keeps (dates as ISO text)."""
        return {
            "tiers": [{"up_to": x.up_to, "authority": x.authority, "body": x.body} for x in self.tiers],
            "meetings": [{"date": m.date.isoformat(), "body": m.body} for m in self.meetings],
            "report_lead_bd": self.report_lead_bd,
        }


class ProfileError(ValueError):
    """A profile that cannot be saved; ``problems`` lists every reason, in the person's language."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _number(value: Any) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        value = value.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", "")
        value = value.replace("$", "")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError
    return number


def _date(value: Any) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # a pandas Timestamp
        return value.date()  # type: ignore[no-any-return]
    return dt.date.fromisoformat(str(value).strip()[:10])


def check_profile(
    name: Any,
    tiers: Iterable[Mapping[str, Any]],
    meetings: Iterable[Mapping[str, Any]],
    lang: str = "en",
    *,
    today: dt.date | None = None,
    report_lead_bd: Any = None,
) -> Profile:
    """A profile from rows people typed (blank rows are skipped), or ``ProfileError`` naming each
    problem: tiers must rise, the last needs no limit, every tier names who approves, and a body
    that meets needs meeting dates. With ``today`` (a save), a meeting date before it is refused:
    a stored profile read back later keeps its past meetings, which the plan simply never uses."""
    problems: list[str] = []
    lead: int | None = None
    try:
        lead_value = _number(report_lead_bd)
    except (TypeError, ValueError):
        lead_value = -1.0
    if lead_value is not None:
        if lead_value < 0 or lead_value > MAX_LEAD or lead_value != int(lead_value):
            problems.append(t("profile.err.lead", lang, limit=MAX_LEAD))
        else:
            lead = int(lead_value)
    clean_name = _text(name)
    if len(clean_name) > NAME_MAX:
        problems.append(t("profile.err.name_long", lang, n=len(clean_name), limit=NAME_MAX))
    if LINE_CONTROL.search(clean_name):
        problems.append(t("profile.err.control", lang, field=t("profile.name", lang)))
    out_tiers: list[Tier] = []
    rows = [r for r in tiers if not all(_blank(r.get(k)) for k in ("up_to", "authority"))]
    if not rows:
        problems.append(t("profile.err.no_tiers", lang))
    if len(rows) > MAX_TIERS:
        problems.append(t("profile.err.too_many_tiers", lang, limit=MAX_TIERS))
    last: float | None = None
    for n, row in enumerate(rows[:MAX_TIERS], start=1):
        authority = _text(row.get("authority"))
        body = _text(row.get("body")) or "staff"
        try:
            up_to = _number(row.get("up_to"))
        except (TypeError, ValueError):
            problems.append(t("profile.err.tier_value", lang, n=n))
            continue
        if not authority:
            problems.append(t("profile.err.tier_authority", lang, n=n))
        elif len(authority) > NAME_MAX or LINE_CONTROL.search(authority):
            problems.append(t("profile.err.tier_authority_long", lang, n=n, limit=NAME_MAX))
        if body not in BODIES:
            problems.append(t("profile.err.tier_body", lang, n=n))
            body = "staff"
        if up_to is not None:
            if up_to <= 0 or up_to > MAX_VALUE:
                problems.append(t("profile.err.tier_positive", lang, n=n))
            elif last is not None and up_to <= last:
                problems.append(t("profile.err.tier_order", lang, n=n, prev=fmt_money(last, lang)))
            last = up_to
        elif n != len(rows):
            problems.append(t("profile.err.tier_open_not_last", lang, n=n))
        out_tiers.append(Tier(up_to=up_to, authority=authority, body=body))  # type: ignore[arg-type]
    if out_tiers and out_tiers[-1].up_to is not None:
        problems.append(t("profile.err.last_open", lang, value=fmt_money(out_tiers[-1].up_to, lang)))
    out_meetings: set[Meeting] = set()
    # a row with a body but no date lost its date (the grid empties a date it cannot read):
    # say so, never drop the meeting silently
    meeting_rows = [r for r in meetings if not (_blank(r.get("date")) and _blank(r.get("body")))]
    if len(meeting_rows) > MAX_MEETINGS:
        problems.append(t("profile.err.too_many_meetings", lang, limit=MAX_MEETINGS))
    for n, row in enumerate(meeting_rows[:MAX_MEETINGS], start=1):
        body = _text(row.get("body")) or "council"
        try:
            day = _date(row.get("date"))
        except (TypeError, ValueError):
            problems.append(t("profile.err.meeting_date", lang, n=n))
            continue
        if body not in MEETING_BODIES:
            problems.append(t("profile.err.meeting_body", lang, n=n))
            continue
        if day is None:
            problems.append(t("profile.err.meeting_date", lang, n=n))
            continue
        if today is not None and day < today:
            problems.append(t("profile.err.meeting_past", lang, n=n, date=day.isoformat()))
            continue
        if day.year > MAX_YEAR:
            problems.append(t("profile.err.meeting_date", lang, n=n))
            continue
        out_meetings.add(Meeting(date=day, body=body))  # type: ignore[arg-type]
    for body in sorted({x.body for x in out_tiers if x.body != "staff"}):
        if not any(m.body == body for m in out_meetings):
            name = t(f"profile.body.{body}", lang)
            problems.append(t("profile.err.no_meetings", lang, body=name[:1].lower() + name[1:]))
    if problems:
        raise ProfileError(problems)
    ordered = tuple(sorted(out_meetings, key=lambda m: (m.date, m.body)))
    return Profile(name=clean_name, tiers=tuple(out_tiers), meetings=ordered, report_lead_bd=lead)


def profile_from_data(name: str, data: Mapping[str, Any]) -> Profile:
    """A stored profile (``Profile.to_data``) back into a ``Profile``."""
    return check_profile(
        name, data.get("tiers") or [], data.get("meetings") or [], report_lead_bd=data.get("report_lead_bd")
    )


def generated_meetings(
    start: dt.date,
    *,
    body: str,
    weekday: int,
    weeks: Sequence[int],
    recess_months: Sequence[int],
    months: int,
) -> tuple[Meeting, ...]:
    """Meetings on the given weekday of the given weeks of each month, from ``start`` for
    ``months`` months, none in the recess months (e.g. the 2nd and 4th Tuesday, no August)."""
    out: list[Meeting] = []
    year, month = start.year, start.month
    for _ in range(months + 1):
        if month not in recess_months:
            first = dt.date(year, month, 1)
            offset = (weekday - first.weekday()) % 7
            for week in weeks:
                day = first + dt.timedelta(days=offset + 7 * (week - 1))
                if day.month == month and day >= start:
                    out.append(Meeting(date=day, body=body))  # type: ignore[arg-type]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)
