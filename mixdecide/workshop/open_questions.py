"""Questions the group left open that could still change its route (review r16lead #2).

The group result said "Prize" while nobody had answered the question that rules a prize out
("Do you want to reward whoever reaches the target, without buying anything?"). The engine
already tries every answer to each open question (``Assessment.unknowns``); a workshop lists those
where one answer gives another first route, numbered as the questionnaire numbers them, on the
facilitator's group result and on participants' devices once it is published."""

from __future__ import annotations

from mixdecide.pack.models import Pack
from mixdecide.result import Assessment, UnknownImpact
from mixdecide.wording import question_numbers, unknown_sentence


def route_changing_open(a: Assessment) -> tuple[UnknownImpact, ...]:
    """Unanswered (or "don't know") questions one answer to which changes the first route, in the
    questionnaire's order."""
    return tuple(u for u in a.unknowns if u.decisive)


def open_lines(pack: Pack, a: Assessment, lang: str) -> list[str]:
    """One line per such question: its number, then what each answer would make the route."""
    numbers = question_numbers(pack)
    return [f"{numbers[u.question]}. {unknown_sentence(pack, u, lang)}" for u in route_changing_open(a)]
