"""Where a group agrees: answer distributions, a disagreement measure and consensus defaults.

Pure functions over plain answers (``question id -> value``); the tests pin these definitions.

- **Answered**: a participant gave an answer, "don't know" included, to a question they can see.
  Visibility follows each participant's own answers (``visible_if``), so an answer to a question
  their other answers hide is ignored. **Unanswered**: they can see it and left it empty
  (a partial submission).
- **Distribution**: answer -> number of participants, the real answers most common first (ties in
  the pack's option order; numbers in increasing order), then "don't know", always last: it is the
  absence of an answer, not a competing one (review r18lead #6).
- **Disagreement**: the normalised Shannon entropy of the distribution,
  ``H / ln(min(K, n))``, where ``n`` is the number of answers and ``K`` the number of possible
  answers (the options plus "don't know"; for a number question every distinct value counts, so
  ``K = n``). 0 when everyone who answered agrees or fewer than two answered; 1 when the answers
  are spread as evenly as they can be. "Don't know" is an answer like the others: a room split
  between "many suppliers" and "don't know" disagrees.
- **Split**: no real answer is held by more than half of those who gave a real answer ("don't
  know" not counted); a tie for first is therefore always split. A **tie** is among real answers only.
- **Consensus default** (what the facilitator's editor is pre-filled with): for a choice question
  the real answer more than half of those who gave a real answer chose, unless more people said
  "don't know" than chose it; else "unknown" (split, or nobody gave a real answer). None when
  nobody answered.
  People rarely type the same figure, so for a number question the default is the median of the
  numbers given when more than half of those who answered gave a number, else "unknown".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mixdecide.answers import visible_answers
from mixdecide.conditions import UNKNOWN

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class QuestionStats:
    """How the participants answered one question."""

    question: str
    kind: str  # "choice" | "number"
    counts: tuple[tuple[Any, int], ...]  # (answer, participants), most common first
    voters: tuple[tuple[Any, tuple[str, ...]], ...]  # (answer, participant ids), same order
    answered: int
    eligible: int  # participants who can see the question
    disagreement: float
    split: bool
    default: Any  # the consensus default: an answer, "unknown", or None (nobody answered)

    @property
    def real(self) -> tuple[tuple[Any, int], ...]:
        """The counts of real answers ("don't know" left out: it is no position, review r18lead #6)."""
        return tuple((v, n) for v, n in self.counts if v != UNKNOWN)

    @property
    def unknown(self) -> int:
        """How many said "don't know"."""
        return self.count_of(UNKNOWN)

    @property
    def tied(self) -> int:
        """How many real answers share the first place (0 when nobody gave one; 1: a unique leader)."""
        real = self.real
        return sum(1 for _, n in real if n == real[0][1]) if real else 0

    @property
    def leader(self) -> Any:
        """The one real answer more people gave than any other, or None (a tie, or none given)."""
        return self.real[0][0] if self.tied == 1 else None

    @property
    def unanswered(self) -> int:
        return self.eligible - self.answered

    @property
    def top(self) -> Any:
        """The most common answer (None when nobody answered)."""
        return self.counts[0][0] if self.counts else None

    @property
    def top_share(self) -> float:
        """Share of those who answered holding the most common answer (0 when nobody did)."""
        return self.counts[0][1] / self.answered if self.counts else 0.0

    def count_of(self, value: Any) -> int:
        return next((n for v, n in self.counts if v == value), 0)


@dataclass(frozen=True)
class GroupAnswers:
    """The answers the group's result is computed from."""

    answers: dict[str, Any]  # the assessment's answers with the group's on top
    covered: tuple[str, ...]  # the workshop's questions, visible under these answers, in order
    source: dict[str, str]  # covered question -> "consensus" | "default" | "assessment" | "none" | HIDDEN


def _canonical(value: Any) -> Any:
    """Numbers as int when whole, so 5 and 5.0 are one answer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def distribution(values: Iterable[Any], order: Iterable[Any] = ()) -> tuple[tuple[Any, int], ...]:
    """``(answer, count)`` pairs, most common first; ties follow ``order``, then the value."""
    counts: dict[Any, int] = {}
    for v in values:
        v = _canonical(v)
        counts[v] = counts.get(v, 0) + 1
    rank = {v: i for i, v in enumerate(order)}

    def key(item: tuple[Any, int]) -> tuple[Any, ...]:
        v, n = item
        numeric = isinstance(v, int | float) and not isinstance(v, bool)
        # "don't know" is shown apart, after the real answers, however many said it
        return (v == UNKNOWN, -n, rank.get(v, len(rank)), 0 if numeric else 1, v if numeric else 0, str(v))

    return tuple(sorted(counts.items(), key=key))


def normalised_entropy(counts: Iterable[int], categories: int | None = None) -> float:
    """``H / ln(min(K, n))`` in [0, 1]: see the module docstring. ``categories`` is K
    (default: as many as there are answers)."""
    counts = [c for c in counts if c > 0]
    n = sum(counts)
    k = min(categories if categories is not None else n, n)
    if n < 2 or k < 2 or len(counts) < 2:
        return 0.0
    h = -sum((c / n) * math.log(c / n) for c in counts)
    return max(0.0, min(1.0, h / math.log(k)))


def is_split(counts: tuple[tuple[Any, int], ...]) -> bool:
    """No real answer held by more than half of those who gave a real answer ("don't know" is not
    counted; nobody gave a real answer: not split)."""
    real = [n for v, n in counts if v != UNKNOWN]
    total = sum(real)
    return total > 0 and max(real) * 2 <= total


def consensus_default(counts: tuple[tuple[Any, int], ...], kind: str = "choice") -> Any:
    """The answer the facilitator's editor starts from; see the module docstring."""
    total = sum(n for _, n in counts)
    if total == 0:
        return None
    if kind == "number":
        numbers = [v for v, n in counts if v != UNKNOWN for _ in range(n)]
        if len(numbers) * 2 <= total:
            return UNKNOWN
        return _canonical(float(statistics.median(numbers)))
    real = [(v, n) for v, n in counts if v != UNKNOWN]
    unknown = total - sum(n for _, n in real)
    if not real or is_split(counts) or real[0][1] < unknown:
        return UNKNOWN
    return real[0][0]


def question_stats(
    question: str,
    kind: str,
    answers: Mapping[str, Any],
    *,
    eligible: int | None = None,
    options: Iterable[str] = (),
) -> QuestionStats:
    """Stats of one question from ``participant id -> answer`` (participants who answered).

    ``options`` are the question's option ids (for K and tie order); ``eligible`` how many
    participants can see the question (default: those who answered).
    """
    options = list(options)
    order = [*options, UNKNOWN] if kind == "choice" else []
    counts = distribution(answers.values(), order)
    voters = tuple((v, tuple(sorted(p for p, a in answers.items() if _canonical(a) == v))) for v, _ in counts)
    k = len(order) if kind == "choice" else None
    return QuestionStats(
        question=question,
        kind=kind,
        counts=counts,
        voters=voters,
        answered=len(answers),
        eligible=max(len(answers), eligible if eligible is not None else len(answers)),
        disagreement=normalised_entropy([n for _, n in counts], k),
        split=is_split(counts),
        default=consensus_default(counts, kind),
    )


def _merged(base: Answers, covered: set[str], own: Answers) -> dict[str, Any]:
    # The assessment's answers outside the workshop decide the visibility of covered questions
    # too; inside it, only the participant's own answers count.
    return {
        **{k: v for k, v in base.items() if k not in covered},
        **{k: v for k, v in own.items() if k in covered},
    }


def summarise(
    pack: Pack,
    questions: Iterable[str],
    by_participant: Mapping[str, Answers],
    base: Answers | None = None,
) -> dict[str, QuestionStats]:
    """Stats of every question in ``questions`` (in the pack's order) over the participants'
    answers; ``base`` is the assessment's answers (used for visibility outside the workshop)."""
    covered = set(questions)
    base = base or {}
    per_question: dict[str, dict[str, Any]] = {q: {} for q in covered}
    eligible = dict.fromkeys(covered, 0)
    for pid, own in by_participant.items():
        shown, visible = visible_answers(pack, _merged(base, covered, own))
        for q in visible:
            if q in covered:
                eligible[q] += 1
                if q in shown and shown[q] is not None:
                    per_question[q][pid] = shown[q]
    out = {}
    for q in pack.question_order():
        if q in covered:
            question = pack.questions[q]
            out[q] = question_stats(
                q,
                question.type,
                per_question[q],
                eligible=eligible[q],
                options=[o.id for o in question.options],
            )
    return out


def ranked(stats: Mapping[str, QuestionStats], order: Iterable[str] = ()) -> list[QuestionStats]:
    """Questions by disagreement, most first; ties: more answers first, then questionnaire order."""
    position = {q: i for i, q in enumerate(order)}
    return sorted(stats.values(), key=lambda s: (-s.disagreement, -s.answered, position.get(s.question, 0)))


def progress(
    pack: Pack, questions: Iterable[str], own: Answers, base: Answers | None = None
) -> tuple[int, int]:
    """(answered, visible) of one participant over the workshop's questions."""
    covered = set(questions)
    shown, visible = visible_answers(pack, _merged(base or {}, covered, own))
    mine = [q for q in visible if q in covered]
    return sum(1 for q in mine if q in shown), len(mine)


def participant_answers(base: Answers, questions: Iterable[str], own: Answers) -> dict[str, Any]:
    """A participant's answers inside the workshop on top of the assessment's outside it
    (what "their own top route" is computed from)."""
    return _merged(base, set(questions), own)


HIDDEN = "hidden"  # GroupAnswers.source of a follow-up the group's answers do not ask


def group_answers(
    pack: Pack,
    questions: Iterable[str],
    stats: Mapping[str, QuestionStats],
    consensus: Mapping[str, Any],
    base: Answers | None = None,
) -> GroupAnswers:
    """The group's answers: per covered question the facilitator's consensus if set, else the
    default of the distribution, else (nobody answered) what the assessment already holds."""
    covered = set(questions)
    answers = dict(base or {})
    source = {}
    for q in pack.question_order():
        if q not in covered:
            continue
        if q in consensus and consensus[q] is not None:
            answers[q], source[q] = consensus[q], "consensus"
        elif q in stats and stats[q].default is not None:
            answers[q], source[q] = stats[q].default, "default"
        else:
            source[q] = "assessment" if q in answers else "none"
    _, visible = visible_answers(pack, answers)
    shown = set(visible)
    for q in covered - shown:
        # A follow-up the group's own answers do not ask (its parent's group answer hides it) takes
        # nobody's answer: some participants' did, and saving it wrote an answer the group never
        # gave (review r19fac #5). The assessment keeps what it held; the counts leave it out.
        if source.get(q) in ("consensus", "default"):
            if base is not None and q in base:
                answers[q] = base[q]
            else:
                answers.pop(q, None)
            source[q] = HIDDEN
    return GroupAnswers(answers=answers, covered=tuple(q for q in visible if q in covered), source=source)
