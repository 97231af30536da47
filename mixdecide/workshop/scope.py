"""Does the group's result come from the group? A workshop covers some sections; the assessment's
other answers stay as they were. When one of those answers (a direct-award ground, say) decides the
first route, the room must be told: it never saw or discussed that answer (review r14 F1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mixdecide.engine import assess
from mixdecide.pack.models import Pack
from mixdecide.workshop.aggregate import GroupAnswers


@dataclass(frozen=True)
class OutsideDecider:
    route: str | None  # the first route without those answers (None: no route)
    deciders: tuple[str, ...]  # outside answers that alone change the first route, in pack order
    outside: int  # how many of the assessment's answers the workshop did not cover


def decided_outside(pack: Pack, group: GroupAnswers, today: dt.date) -> OutsideDecider | None:
    """None unless an answer the workshop did not cover, on its own, changes the first route (left
    out, the group would get another). Then: those answers, and the route without them."""
    covered = set(group.covered)
    top = assess(pack, group.answers, today=today).top
    outside = [q for q in pack.questions if q in group.answers and q not in covered]
    deciders = tuple(q for q in outside if assess(pack, _without(group.answers, {q}), today=today).top != top)
    if not deciders:
        return None
    own = assess(pack, _without(group.answers, set(deciders)), today=today).top
    return OutsideDecider(route=own, deciders=deciders, outside=len(outside))


def _without(answers: Mapping[str, Any], drop: set[str]) -> dict[str, Any]:
    return {q: v for q, v in answers.items() if q not in drop}
