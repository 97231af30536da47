"""Trade-agreement thresholds: which period applies on a date, and whether a value is covered.

A value exactly at a threshold counts as covered (the agreements apply "at or above" it). When the
value or the category is unknown the answer is "cannot tell", unless every category's threshold
gives the same verdict for the value that is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mixdecide.conditions import UNKNOWN
from mixdecide.pack.models import Agreement, Pack, Period


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """The threshold period used for an agreement on a date, and whether the date fell inside it."""

    period: Period
    exact: bool  # False when the date is outside every period and the nearest one was used


def period_for(agreement: Agreement, on: dt.date) -> PeriodChoice:
    """The period in force on ``on``; outside every period, the latest one that ended before it
    (the last published thresholds stay the reference until new ones are encoded), or the first
    period for a date before all of them. Either way the choice is flagged as inexact."""
    periods = sorted(agreement.periods, key=lambda p: p.start)
    for p in periods:
        if p.start <= on <= p.end:
            return PeriodChoice(p, True)
    before = [p for p in periods if p.end < on]
    return PeriodChoice(before[-1] if before else periods[0], False)


@dataclass(frozen=True, slots=True)
class ThresholdTable:
    """Threshold values per agreement and category for one assessment date."""

    values: Mapping[str, Mapping[str, float]]  # agreement -> category -> CAD
    choices: Mapping[str, PeriodChoice]
    category_question: str
    value_question: str
    not_in_force: frozenset[str] = frozenset()  # agreements that did not yet bind on the date

    def covered(self, agreement: str, answers: Mapping[str, Any]) -> bool | None:
        """True when the value is at or above the agreement's threshold for the category; False,
        whatever the value, on a date before the agreement bound municipalities."""
        if agreement in self.not_in_force:
            return False
        value = answers.get(self.value_question)
        if value is None or value == UNKNOWN:
            return None
        by_category = self.values[agreement]
        category = answers.get(self.category_question)
        if category is None or category == UNKNOWN:
            verdicts = {value >= v for v in by_category.values()}
            return verdicts.pop() if len(verdicts) == 1 else None
        base = by_category[category]
        period = self.choices[agreement].period
        bound = period.verify_below
        # bounded by the lowest of that agreement's thresholds (the indexed base stays below every one)
        if (
            bound is not None
            and category in period.verify
            and base <= value < min(self.values[bound].values())
        ):
            return None  # an indexed value in force still to verify: at or above the base, it may apply
        return bool(value >= base)


def threshold_table(pack: Pack, on: dt.date) -> ThresholdTable:
    """The thresholds of every agreement in the pack for the date ``on`` (built once per date)."""
    memo: dict[dt.date, ThresholdTable] = pack.cache.setdefault("threshold_tables", {})
    got = memo.get(on)
    if got is None:
        got = memo[on] = _build_table(pack, on)
    return got


def _build_table(pack: Pack, on: dt.date) -> ThresholdTable:
    th = pack.thresholds
    choices = {a.id: period_for(a, on) for a in th.agreements}
    return ThresholdTable(
        values={a: dict(c.period.values) for a, c in choices.items()},
        choices=choices,
        category_question=th.category_question,
        value_question=th.value_question,
        not_in_force=frozenset(a.id for a in th.agreements if a.in_force is not None and on < a.in_force),
    )
