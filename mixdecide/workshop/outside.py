"""Which of the assessment's answers outside a workshop's questions decide the group's result
(review r14 F1: a sole-source headline came from a direct-award ground no participant saw).

An answer outside the workshop decides the result when, without it (left unanswered), the
headline - the first route, or the award path that leads in its place - would differ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from mixdecide.engine import assess
from mixdecide.i18n import t
from mixdecide.pack.models import Pack
from mixdecide.result import Assessment
from mixdecide.strategy import leading_path
from mixdecide.wording import answer_label, question_label


def headline_key(pack: Pack, a: Assessment) -> tuple[str | None, str | None]:
    lead = leading_path(pack, a.strategy)
    return a.top, (lead.id if lead is not None else None)


def outside_deciders(
    pack: Pack, answers: Mapping[str, Any], covered: Collection[str], today: dt.date
) -> list[str]:
    """The questions outside ``covered`` whose answer the group's headline depends on, in
    questionnaire order."""
    key = headline_key(pack, assess(pack, dict(answers), today=today, explain=False))
    out = []
    for q in pack.question_order():
        if q in covered or answers.get(q) is None:
            continue
        rest = {k: v for k, v in answers.items() if k != q}
        if headline_key(pack, assess(pack, rest, today=today, explain=False)) != key:
            out.append(q)
    return out


def outside_sentence(pack: Pack, answers: Mapping[str, Any], questions: list[str], lang: str) -> str | None:
    """ "Decided partly by answers this workshop did not discuss: …", or None when there are none."""
    if not questions:
        return None
    parts = [
        t(
            "workshop.outside.part",
            lang,
            question=question_label(pack, q, lang),
            value=answer_label(pack, q, answers[q], lang),
        )
        for q in questions
    ]
    return t("workshop.outside.sentence", lang, answers="; ".join(parts))
