"""What differs between two results a facilitator compares (the group's answers now, the ones
published, the ones saved in the assessment): the first route, its fit score, and whether the date
the solution is needed by is achievable. Review r18lead #4 and #9: a warning named two identical
routes while the real change (fit 87 -> 80, the date no longer achievable) went unsaid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mixdecide.answers import AnswerError
from mixdecide.engine import assess
from mixdecide.pack.models import Pack


@dataclass(frozen=True)
class Outline:
    """A result in three facts: the first route, its fit score (rounded as pages show it) and
    whether it fits the date (None: no date given, or no route)."""

    route: str | None
    score: int | None
    on_time: bool | None


def outline(pack: Pack, answers: Mapping[str, Any], today: dt.date) -> Outline:
    try:
        a = assess(pack, dict(answers), today=today, explain=False)
    except AnswerError:
        return Outline(None, None, None)
    if a.top is None:
        return Outline(None, None, None)
    dated = "timeline_months" in a.answers and isinstance(a.answers.get("timeline_months"), int | float)
    return Outline(a.top, round(a.score_of(a.top).score), (not a.top_misses_deadline) if dated else None)


def differences(before: Outline, after: Outline) -> list[tuple[str, Any, Any]]:
    """(what, before, after) for each of route, score and date that differs, in that order."""
    out: list[tuple[str, Any, Any]] = []
    if before.route != after.route:
        out.append(("route", before.route, after.route))
    if before.score != after.score:
        out.append(("score", before.score, after.score))
    if before.on_time != after.on_time:
        out.append(("date", before.on_time, after.on_time))
    return out
