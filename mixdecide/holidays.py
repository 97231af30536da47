"""Public holidays, from the pack's rules: the days a municipal office is closed, which the plan's
business days skip.

A rule names one day a year, in one of four ways: a fixed date (Canada Day: July 1), the nth
weekday of a month (Labour Day: the first Monday of September), the last such weekday before a
date (Victoria Day: the Monday before May 25), or a number of days from Easter Sunday (Good
Friday: -2). A holiday that falls on a weekend is closed on the next weekday that is not already
closed (Christmas on a Saturday and Boxing Day on a Sunday close Monday and Tuesday), where the
rule says ``observed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mixdecide.pack.models import Text


class HolidayRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    weekday: int | None = Field(default=None, ge=0, le=6)  # 0 = Monday
    nth: int | None = Field(default=None, ge=1, le=4)
    before_day: int | None = Field(default=None, ge=2, le=31)  # the ``weekday`` before this day
    easter: int | None = Field(default=None, ge=-60, le=60)  # days from Easter Sunday
    observed: bool = True

    @model_validator(mode="after")
    def _one_way(self) -> HolidayRule:
        ways = [
            self.easter is not None and self.month is None,
            self.month is not None and self.day is not None and self.weekday is None,
            self.month is not None
            and self.weekday is not None
            and (self.nth is None) != (self.before_day is None),
        ]
        extra = self.day is not None and (self.nth is not None or self.before_day is not None)
        if sum(ways) != 1 or extra:
            raise ValueError(
                "a holiday is one of: month and day; month, weekday and nth; month, weekday and "
                "before_day; or easter (days from Easter Sunday)"
            )
        if self.month is not None and self.day is not None:
            dt.date(2024, self.month, self.day)  # a day the month has (Feb 29 in a leap year)
        return self

    def on(self, year: int) -> dt.date | None:
        """The holiday in ``year`` (None for February 29 in a common year)."""
        if self.easter is not None:
            return easter_sunday(year) + dt.timedelta(days=self.easter)
        assert self.month is not None
        if self.weekday is None:
            assert self.day is not None
            try:
                return dt.date(year, self.month, self.day)
            except ValueError:
                return None
        if self.nth is not None:
            first = dt.date(year, self.month, 1)
            return first + dt.timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))
        assert self.before_day is not None
        limit = dt.date(year, self.month, self.before_day)
        return limit - dt.timedelta(days=(limit.weekday() - self.weekday) % 7 or 7)


class Holidays(BaseModel):
    """The pack's public holidays, with the law that names them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    basis: Text
    cite: Text  # the law in each language (the French text has its own title and pinpoint)
    refs: tuple[str, ...] = ()
    days: tuple[HolidayRule, ...] = Field(min_length=1)


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def closed_days(rules: Iterable[HolidayRule], years: Iterable[int]) -> frozenset[dt.date]:
    """Every day the rules close in ``years``, a weekend holiday moved to the next open weekday
    (in date order, so Boxing Day follows Christmas's day off)."""
    closed: set[dt.date] = set()
    for year in years:
        found = sorted((d, r.observed) for r in rules if (d := r.on(year)) is not None)
        for day, observed in found:
            if day.weekday() < 5 or not observed:
                closed.add(day)
                continue
            while day.weekday() >= 5 or day in closed:
                day += dt.timedelta(days=1)
            closed.add(day)
    return frozenset(closed)
