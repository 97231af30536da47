"""Does the group's result come from the group? A workshop covers some sections; the assessment's
other answers stay as they were. When one of those answers (a direct-award ground, say) decides the
first route, the room must be told: it never saw or discussed that answer (review r14 F1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mixdecide.engine import assess
from mixdecide.i18n import LANGS, t
from mixdecide.pack.models import Pack
from mixdecide.wording import answer_label, question_label, step_name
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


def outside_notice(pack: Pack, group: GroupAnswers, today: dt.date) -> dict[str, str] | None:
    """The warning for participants' devices, worded for someone who answered only the workshop's
    questions, in every language the product speaks ({"en": ..., "fr": ...}); None when no answer
    from outside the workshop decides the first route. Publishing stores it with the snapshot, so
    a participant reads it with the result it is about (review r14 F1: only the facilitator's board
    and the room's screen said it). Pack labels only, never typed text: safe as Markdown."""
    found = decided_outside(pack, group, today)
    if found is None:
        return None
    top = assess(pack, group.answers, today=today).top
    return {
        lang: t(
            "join.outside",
            lang,
            route=step_name(pack, top, lang),
            questions="; ".join(
                f"{question_label(pack, q, lang)} — {answer_label(pack, q, group.answers[q], lang)}"
                for q in found.deciders
            ),
            own=step_name(pack, found.route, lang) if found.route else t("join.outside_none", lang),
        )
        for lang in LANGS
    }


def _without(answers: Mapping[str, Any], drop: set[str]) -> dict[str, Any]:
    return {q: v for q, v in answers.items() if q not in drop}
