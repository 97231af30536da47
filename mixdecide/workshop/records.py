"""What the workshop repository hands back (frozen dataclasses, detached from any Session) and
its errors."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mixdecide.store.records import StoreError
from mixdecide.workshop.aggregate import GroupAnswers, QuestionStats
from mixdecide.workshop.codes import display_code


class WorkshopError(StoreError):
    """Base class of the workshop errors."""


class NotAllowed(WorkshopError):
    """Unknown workshop or wrong facilitator secret (the two are not told apart)."""


class WorkshopUnavailable(WorkshopError):
    """The participant link is unknown, or the workshop has closed or expired."""


class RoundLocked(WorkshopError):
    """The facilitator locked the round: answers cannot change until it is unlocked."""


class ResultChanged(WorkshopError):
    """Publishing was refused: the group's answers are no longer those the facilitator saw."""


class RateLimited(WorkshopError):
    """Try again after ``retry_after`` seconds. ``scope`` says why: "browser" (this browser typed
    too many wrong codes), "network" (so did its address, while many wrong codes are being tried
    on the server) or "joins" (too many joins from this browser or address this minute)."""

    def __init__(self, retry_after: int, scope: str = "browser") -> None:
        super().__init__(f"too many attempts ({scope}); try again in {retry_after} s")
        self.retry_after = retry_after
        self.scope = scope


class ConsensusChanged(WorkshopError):
    """Another facilitator window changed (or cleared) this group answer since the caller read it;
    ``current`` is the group answer as it now is (a ConsensusEntry, None when there is none)."""

    def __init__(self, current: Any) -> None:
        super().__init__("the group answer was changed by someone else since it was read")
        self.current = current


@dataclass(frozen=True)
class WorkshopInfo:
    id: str
    assessment_id: str
    title: str
    sections: tuple[str, ...]
    code: str | None
    status: str  # open | locked | closed (an expired workshop reads as closed)
    show_names: bool
    round: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    expires_at: dt.datetime
    applied_at: dt.datetime | None
    applied_version: int | None
    published: bool = False  # participants see the group result
    published_at: dt.datetime | None = None  # when the result participants see was published
    published_answers: dict[str, Any] | None = None  # the group's answers as published (a snapshot)
    # the warning published with them, per language, when an answer the workshop did not cover
    # decides their first route (``scope.outside_notice``); None when there was none
    published_outside: dict[str, str] | None = None

    @property
    def display_code(self) -> str | None:
        """The join code as read aloud (ABC-DEF); None once the workshop is closed."""
        return display_code(self.code) if self.code and self.status != "closed" else None

    @property
    def is_open(self) -> bool:
        """Participants can change their answers."""
        return self.status == "open"


# In a stored snapshot (the ``published_answers`` column), the warning published with the answers
# sits beside them under this key: no question id starts with "@", and snapshots taken before the
# warning existed read as having none.
OUTSIDE_KEY = "@outside"
# ... and the round it was published in (review r16lead #8: in round 2 the round-1 result is said
# to be the previous round's); snapshots taken before this read as of an unknown round
ROUND_KEY = "@round"


def split_snapshot(raw: dict[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, str] | None]:
    """A stored snapshot as (the group's answers, the warning per language or None)."""
    if raw is None:
        return None, None
    answers = {q: v for q, v in raw.items() if not q.startswith("@")}
    outside = raw.get(OUTSIDE_KEY)
    return answers, (dict(outside) if isinstance(outside, dict) and outside else None)


@dataclass(frozen=True)
class PublishedResult:
    """What a participant's device shows once the facilitator has published: the group's answers
    and, when an answer the workshop did not cover decides their first route, the warning (per
    language), both as they were when published."""

    answers: dict[str, Any]
    outside: dict[str, str] | None
    at: dt.datetime | None
    round: int | None = None  # the round it was published in (None: not recorded)


@dataclass(frozen=True)
class ParticipantInfo:
    id: str
    workshop_id: str
    name: str
    joined_at: dt.datetime
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class Created:
    """A new workshop and its facilitator secret (shown once, never stored)."""

    workshop: WorkshopInfo
    secret: str


@dataclass(frozen=True)
class Joined:
    """A new participant and the token of their personal link (never stored)."""

    participant: ParticipantInfo
    workshop: WorkshopInfo
    token: str


@dataclass(frozen=True)
class ParticipantView:
    """What a participant's page shows: their workshop, themselves and their own answers."""

    participant: ParticipantInfo
    workshop: WorkshopInfo
    answers: dict[str, Any]


@dataclass(frozen=True)
class ConsensusEntry:
    question: str
    value: Any
    note: str
    set_by: str
    set_at: dt.datetime


@dataclass(frozen=True)
class BoardParticipant:
    """One line of the board. The name is always there (the facilitator sees who joined); the
    page links names to answers and routes only when the facilitator chose to show names."""

    id: str
    name: str
    joined_at: dt.datetime
    finished_at: dt.datetime | None
    answered: int
    visible: int
    top_route: str | None
    same_client: int = 1  # participants (this one included) who joined from the same address
    rejoined: str | None = None  # joined again from the browser of this removed participant


@dataclass(frozen=True)
class Board:
    """Everything the facilitator board shows, read in one go."""

    workshop: WorkshopInfo
    assessment_title: str
    assessment_version: int
    questions: tuple[str, ...]  # the workshop's questions, in questionnaire order
    participants: tuple[BoardParticipant, ...]  # in joining order
    stats: dict[str, QuestionStats]
    ranked: tuple[QuestionStats, ...]  # by disagreement, most first
    consensus: dict[str, ConsensusEntry]
    group: GroupAnswers
    route_counts: dict[str | None, int] = field(default_factory=dict)  # participants' own top routes
    assessment_answers: dict[str, Any] = field(default_factory=dict)  # as the assessment stores them
    assessment_status: str = ""  # draft | final | archived

    @property
    def joined(self) -> int:
        """How many people joined (and were not removed): the one count the board, the join screen,
        the record and the history give (review r17lead #4). Someone who joined twice under the
        same name is two until the facilitator removes one; the board says which (``twins``)."""
        return len(self.participants)

    @property
    def twins(self) -> dict[str, int]:
        """Names more than one participant joined under (case and spacing aside) -> how many."""
        seen = Counter(" ".join(p.name.split()).casefold() for p in self.participants)
        return {k: n for k, n in seen.items() if n > 1}

    @property
    def finished(self) -> int:
        return sum(1 for p in self.participants if p.finished_at is not None)

    @property
    def answers_stored(self) -> int:
        return sum(s.answered for s in self.stats.values())

    def report_summary(self) -> dict[str, Any]:
        """The mapping ``mixdecide.reports.Workshop.coerce`` reads (answers as JSON-style keys)."""
        return {
            "participants": self.joined,
            "distributions": {q: {str(v): n for v, n in s.counts} for q, s in self.stats.items() if s.counts},
            "consensus_notes": {q: c.note for q, c in self.consensus.items() if c.note},
        }
