"""What a participant's device says about the project before they answer: what it is, where, how
much, by when and which problem it solves (their answers are worth more when they know)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from mixdecide.i18n import fmt_date, fmt_money, t
from mixdecide.pack.models import Pack
from mixdecide.plan import deadline_from
from mixdecide.wording import answer_label

VALUE_Q = "estimated_value_cad"
PROBLEM_Q = "need_clarity"  # where the need stands; its note is the team's own problem statement


def project_facts(
    pack: Pack,
    answers: Mapping[str, Any],
    notes: Mapping[str, str],
    since: dt.date | None,
    lang: str,
    asked: Collection[str] = (),
) -> list[tuple[str, str]]:
    """(label, text) lines for the participant's project card: the estimated value ($400,000), the
    date the solution must be in use (``since`` plus the timeline the team answered), and the
    problem (the team's note on the need, else how well the need is known). Only what is known.

    ``asked``: the questions the workshop asks. The assessment's answers to them are left out, so
    participants are not anchored on the current answers before they give their own (review
    r18lead #7); the team's own note on the problem stays (it describes, it does not answer)."""
    facts: list[tuple[str, str]] = []
    answers = {q: v for q, v in answers.items() if q not in set(asked)}
    value = answers.get(VALUE_Q)
    if isinstance(value, int | float) and not isinstance(value, bool) and VALUE_Q in pack.questions:
        facts.append((t("join.project_value", lang), fmt_money(value, lang)))
    due = deadline_from(answers, since) if since is not None else None
    if due is not None:
        facts.append((t("join.project_deadline", lang), fmt_date(due, lang)))
    note = (notes.get(PROBLEM_Q) or "").strip()
    if note:
        facts.append((t("join.project_problem", lang), note))
    elif PROBLEM_Q in pack.questions and answers.get(PROBLEM_Q) is not None:
        facts.append(
            (t("join.project_problem", lang), answer_label(pack, PROBLEM_Q, answers[PROBLEM_Q], lang))
        )
    return facts
