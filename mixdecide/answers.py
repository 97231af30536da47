"""Answer validation and visibility.

Answers are a mapping ``question id -> value``: an option id for a choice question, a number for a
number question, or ``"unknown"`` ("don't know") for either. A missing answer (absent or ``None``)
is uncertainty, not an error. Anything else is an invalid answer and raises ``AnswerError``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mixdecide.conditions import UNKNOWN, EvalContext
from mixdecide.text import echo

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

Answers = dict[str, Any]


class AnswerError(ValueError):
    """An answer names an unknown question, an option not offered, or an invalid number."""


def normalize_answers(pack: Pack, answers: Mapping[str, Any]) -> Answers:
    """Check every answer against the pack and return a clean copy (missing answers dropped).

    Numbers come back as int or float; "unknown" stays "unknown". Raises AnswerError on the first
    invalid answer, naming the question and the value.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(f"answers must be a mapping of question id to value, got {type(answers).__name__}")
    clean: Answers = {}
    for qid, value in answers.items():
        q = pack.questions.get(qid) if isinstance(qid, str) else None
        if q is None:
            raise AnswerError(f"unknown question id {echo(qid)}")
        if value is None:
            continue
        if value == UNKNOWN:
            clean[qid] = UNKNOWN
            continue
        if q.type == "choice":
            if not isinstance(value, str) or value not in {o.id for o in q.options}:
                allowed = ", ".join([o.id for o in q.options] + [UNKNOWN])
                raise AnswerError(f"question {qid!r}: {echo(value)} is not one of {allowed}")
            clean[qid] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
            raise AnswerError(f"question {qid!r}: {echo(value)} is not a number")
        if q.min is not None and (value <= q.min if q.min_exclusive else value < q.min):
            bound = f"greater than {q.min:g}" if q.min_exclusive else f"at least {q.min:g}"
            raise AnswerError(f"question {qid!r}: {echo(value)} must be {bound}")
        if q.max is not None and value > q.max:
            raise AnswerError(f"question {qid!r}: {echo(value)} must be at most {q.max:g}")
        clean[qid] = int(value) if float(value).is_integer() else float(value)
    return clean


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _never_threshold(_agreement: str) -> None:
    return None


def visible_answers(pack: Pack, answers: Mapping[str, Any]) -> tuple[Answers, list[str]]:
    """Drop answers to questions hidden by ``visible_if``; return them and the visible question ids.

    Visibility is decided in questionnaire order, so a question hidden because an earlier one is
    hidden also disappears. A ``visible_if`` that cannot be decided yet (its answer is missing or
    unknown) hides the question: it appears once the answer it depends on makes it relevant.
    """
    shown: Answers = {}
    visible: list[str] = []
    ctx = EvalContext(answers=shown, above_threshold=_never_threshold)
    order = pack.cache.get("visibility_order")
    if order is None:  # (question, its visibility predicate or None), built once per pack
        order = pack.cache["visibility_order"] = tuple(
            (qid, c.predicate if (c := pack.visibility.get(qid)) is not None else None)
            for qid in pack.question_order()
        )
    for qid, pred in order:
        if pred is not None and pred(ctx) is not True:
            continue
        visible.append(qid)
        if qid in answers:
            shown[qid] = answers[qid]
    return shown, visible


def is_unknown(value: Any) -> bool:
    """True for a missing or "don't know" answer."""
    return value is None or value == UNKNOWN
