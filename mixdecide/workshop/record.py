"""The workshop record a facilitator signs: who ran it, who took part, when each round was locked,
and for every question how its group answer came about.

How an answer came about (``how_answered``), from the participants' answers and the facilitator's:

- ``agreed``: everyone who answered gave this answer (the facilitator may have confirmed it);
- ``majority``: more than half of those who answered gave it, the facilitator did not change it;
- ``facilitator``: the facilitator set an answer some participants gave, but not most of them;
- ``facilitator_unknown``: participants gave answers and the facilitator set "don't know";
- ``tie_picked``: the participants were tied for first and the facilitator picked one of the tied answers;
- ``unproposed``: the facilitator set a value no participant gave (nobody proposed it);
- ``split_unknown``: the participants were split and nobody settled it, so it counts as "don't know";
- ``median``: the median of the figures participants gave (no facilitator figure);
- ``assessment``: nobody answered it in the workshop: the assessment's own answer was used;
- ``none``: nobody answered it and the assessment has no answer either.

Round and override history come from the assessment's audit trail (``workshop_round`` and
``workshop_consensus`` events, written by ``repo`` and ``board``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlmodel import Session

from mixdecide.conditions import UNKNOWN
from mixdecide.store.models import AuditEvent
from mixdecide.workshop.aggregate import QuestionStats, _canonical
from mixdecide.workshop.board import CONSENSUS_EVENT, group_board
from mixdecide.workshop.records import Board, ConsensusEntry

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

ROUND_EVENT = "workshop_round"
REMOVED_EVENT = "participant_removed"
E = AuditEvent.__table__  # type: ignore[attr-defined]


def how_answered(stats: QuestionStats | None, entry: ConsensusEntry | None, source: str, value: Any) -> str:
    """One of the kinds in the module docstring. Ties and majorities are among real answers:
    "don't know" is no competing answer (review r18lead #6)."""
    counts = stats.counts if stats is not None else ()
    given = [v for v, _ in counts]
    real = [(a, n) for a, n in counts if a != UNKNOWN]
    v = _canonical(value)
    if source == "consensus":
        if v not in given:
            return "unproposed"
        if len(counts) == 1:
            return "agreed"
        if v == UNKNOWN and real:
            # participants gave answers and the facilitator counted it as don't know: "not the answer
            # most participants gave" was wrong where no answer had a majority (review r19fac #7)
            return "facilitator_unknown"
        if not real:
            return "facilitator"
        top = real[0][1]
        tied = [a for a, n in real if n == top]
        if len(tied) > 1:
            return "tie_picked" if v in tied else "facilitator"
        if stats is not None and not stats.split and v == real[0][0]:
            return "majority"
        return "facilitator"
    if source == "default":
        if len(counts) == 1 and v == counts[0][0]:
            return "agreed"
        if v == UNKNOWN and real:
            return "split_unknown"
        if v not in given:
            return "median"
        return "majority"
    return "assessment" if source == "assessment" else "none"


# How an answer came about when the facilitator decided it against (or without) a majority: the
# record asks for a reason there, and says plainly when none was given (review r18lead #3).
DECIDED = ("tie_picked", "facilitator", "facilitator_unknown", "unproposed")


def _when(at: dt.datetime | None) -> str:
    """A time for the record: UTC, to the minute (the record is read outside the room)."""
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def snapshot_of(board: Board) -> dict[str, Any]:
    """A round as it stands: per question the participants' votes (``counts``: [answer, n] pairs),
    the group answer, how it came about, and the reason with who set it and when. Stored in the
    round's audit event (the database, whichever it is) when a round is locked, a new one opened or
    the workshop closed, so the record shows every round, not only the last (review r18lead #2)."""
    questions: dict[str, Any] = {}
    for q in board.questions:
        stats = board.stats.get(q)
        source = board.group.source.get(q, "none")
        value = board.group.answers.get(q)
        entry = board.consensus.get(q)
        item: dict[str, Any] = {
            "counts": [[v, n] for v, n in stats.counts] if stats is not None else [],
            "value": value,
            "how": how_answered(stats, entry, source, value),
        }
        if entry is not None:
            item.update(note=entry.note, by=entry.set_by, at=_when(entry.set_at))
        questions[q] = item
    return {"round": board.workshop.round, "questions": questions}


def round_snapshot(session: Session, row: dict[str, Any], pack: Pack) -> dict[str, Any]:
    """``snapshot_of`` the board of workshop row ``row``."""
    return snapshot_of(group_board(session, row, pack))


def events(session: Session, board: Board) -> list[Any]:
    """This workshop's round, group-answer and attendance events, oldest first."""
    w = board.workshop
    return list(
        session.execute(
            select(E.c.at, E.c.actor, E.c.action, E.c.old, E.c.new)
            .where(
                E.c.assessment_id == w.assessment_id,
                E.c.target == f"workshop:{w.id}",
                E.c.action.in_((ROUND_EVENT, CONSENSUS_EVENT, REMOVED_EVENT)),
            )
            .order_by(E.c.id)
        )
    )


def workshop_record(board: Board, history: Iterable[Any] = ()) -> dict[str, Any]:
    """The mapping ``mixdecide.reports.Workshop.coerce`` reads: the board's distributions and notes,
    plus who, when, and how each answer came about. ``history``: ``events(...)``."""
    w = board.workshop
    rounds: dict[int, dict[str, str]] = {1: {"round": "1", "opened": _when(w.created_at)}}
    overrides: list[dict[str, Any]] = []
    last_window: dict[str, str] = {}
    facilitators: list[str] = [w.created_by] if w.created_by else []
    snapshots: dict[int, dict[str, Any]] = {}  # round -> its latest snapshot
    set_in: dict[str, tuple[Any, int]] = {}  # question -> (value, round it was set to that value)
    removed: list[dict[str, str]] = []
    for at, actor, action, old, new in history:
        new = new or {}
        if action == REMOVED_EVENT:
            joined = (old or {}).get("joined")
            removed.append(
                {
                    "name": str((old or {}).get("name") or ""),
                    "at": _when(at),
                    "by": str(actor or ""),
                    "joined": _when(dt.datetime.fromisoformat(joined)) if isinstance(joined, str) else "",
                }
            )
        elif action == ROUND_EVENT:
            n = int(new.get("round") or 1)
            rounds.setdefault(n, {"round": str(n)})[str(new.get("event"))] = _when(at)
            snap = new.get("snapshot")
            if isinstance(snap, dict) and isinstance(snap.get("questions"), dict):
                snapshots[int(snap.get("round") or n)] = snap
        elif action == CONSENSUS_EVENT:
            q, window = str(new.get("question") or ""), str(new.get("window") or "")
            value_now = _canonical(new.get("value"))
            if (
                set_in.get(q, (None, 0))[0] != value_now
            ):  # a reason edited later keeps the round it was decided in
                set_in[q] = (value_now, int(new.get("round") or 0))
            if actor and actor not in facilitators:
                facilitators.append(actor)
            before = last_window.get(q)
            if old is not None and window and before is not None and before != window:
                overrides.append(
                    {
                        "question": q,
                        "old": old.get("value"),
                        "old_by": str(old.get("by") or ""),
                        "new": new.get("value"),
                        "by": str(actor or ""),
                        "at": _when(at),
                    }
                )
            if window:
                last_window[q] = window
    questions = {}
    for q in board.questions:
        source = board.group.source.get(q, "none")
        value = board.group.answers.get(q)
        entry = board.consensus.get(q)
        item = {"how": how_answered(board.stats.get(q), entry, source, value)}
        if entry is not None:
            item.update(by=entry.set_by, at=_when(entry.set_at))
            # Review r18lead #2: a tie broken in round 1 is not relabelled "answer of most
            # participants" because round 2's votes then agreed with it: how it was decided stays
            value_set, round_set = set_in.get(q, (None, 0))
            then = (snapshots.get(round_set) or {}).get("questions", {}).get(q) or {}
            if (
                0 < round_set < w.round
                and value_set == _canonical(entry.value)
                and _canonical(then.get("value")) == value_set
                and then.get("how") in DECIDED
                and item["how"] not in DECIDED
            ):
                item.update(how=str(then["how"]), round_set=str(round_set))
        if source != "none" or entry is not None:
            questions[q] = item
    return {
        **board.report_summary(),
        "title": w.title,
        "round": w.round,  # the participants' answers (the vote tables) are those of this round
        "date": _when(w.created_at)[:10],
        "facilitators": facilitators,
        "names": [p.name for p in board.participants] if w.show_names else [],
        # who took part, always (review r18lead #5): names as they joined and who was removed; who
        # voted what stays hidden when names were hidden on the board
        "attendance": [{"name": p.name, "joined": _when(p.joined_at)} for p in board.participants],
        "removed": removed,
        "names_shown": bool(w.show_names),
        # the rounds before the current one, as they were when they ended (snapshots)
        "history": [snapshots[n] for n in sorted(snapshots) if n < w.round],
        "rounds": [rounds[n] for n in sorted(rounds)],
        "status": w.status,
        "published_at": _when(w.published_at),
        "applied_version": w.applied_version,
        # the assessment as it is now: a save after the workshop's is said on the record (r19fac #1)
        "assessment_version": board.assessment_version,
        "questions": questions,
        "overrides": overrides,
    }
