"""The facilitator board, the group's consensus, and applying it to the assessment.

``board_data`` reads everything the board shows with four queries (workshop with its assessment,
participants, their answers, consensus) and aggregates in Python: for 30 participants answering
27 questions that is about 800 small rows, plus one engine run per participant for "their own
top route" (about a third of a millisecond each without explanations).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlmodel import Session

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.engine import assess
from mixdecide.store.access import Principal, acting
from mixdecide.store.models import ASSESSMENT as A
from mixdecide.store.models import AUDIT_EVENT, utcnow
from mixdecide.store.records import InvalidValue, NotFound
from mixdecide.store.repo import actor_of, save_assessment
from mixdecide.store.rows import log_events
from mixdecide.store.validate import clean_actor
from mixdecide.workshop.aggregate import group_answers, participant_answers, progress, ranked, summarise
from mixdecide.workshop.models import ANSWER, CONSENSUS, NOTE_MAX, PARTICIPANT, WORKSHOP
from mixdecide.workshop.records import (
    Board,
    BoardParticipant,
    ConsensusChanged,
    ConsensusEntry,
    WorkshopUnavailable,
)
from mixdecide.workshop.rows import clean_line, facilitated, info, section_questions, upsert

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

P, C = PARTICIPANT, CONSENSUS


def _top_route(pack: Pack, answers: dict[str, Any]) -> str | None:
    try:
        return assess(pack, answers, explain=False).top
    except AnswerError:  # stored under an older pack whose options have since changed
        return None


def board_data(*, session: Session, workshop_id: str, secret: str, pack: Pack) -> Board:
    """Everything the facilitator board shows; NotAllowed without the facilitator secret."""
    return group_board(session, facilitated(session, workshop_id, secret), pack)


def group_board(session: Session, w: dict[str, Any], pack: Pack) -> Board:
    """The board of workshop row ``w`` (the caller has checked who may see what of it)."""
    workshop_id = w["id"]
    a = session.execute(
        select(A.c.title, A.c.answers, A.c.version, A.c.status).where(A.c.id == w["assessment_id"])
    ).first()
    if a is None:
        raise NotFound(w["assessment_id"])
    base = dict(a.answers or {})
    questions = section_questions(pack, w["sections"] or ())
    people = session.execute(
        select(P.c.id, P.c.name, P.c.joined_at, P.c.finished_at, P.c.client)
        .where(P.c.workshop_id == workshop_id)
        .order_by(P.c.joined_at, P.c.id)
    ).all()
    own: dict[str, dict[str, Any]] = {p.id: {} for p in people}
    for pid, qid, value in session.execute(
        select(ANSWER.c.participant_id, ANSWER.c.question_id, ANSWER.c.value)
        .join(P, P.c.id == ANSWER.c.participant_id)
        .where(P.c.workshop_id == workshop_id)
    ):
        if qid in pack.questions:
            own[pid][qid] = value
    consensus = {
        r.question_id: ConsensusEntry(r.question_id, r.value, r.note, r.set_by, r.set_at)
        for r in session.execute(
            select(C.c.question_id, C.c.value, C.c.note, C.c.set_by, C.c.set_at).where(
                C.c.workshop_id == workshop_id
            )
        )
    }
    stats = summarise(pack, questions, own, base)
    same = Counter(p.client for p in people if p.client)
    rejoined = {  # new participant id -> the removed one's name (review r16lead #9)
        new["participant"]: str(old.get("name", ""))
        for old, new in session.execute(
            select(AUDIT_EVENT.c.old, AUDIT_EVENT.c.new).where(
                AUDIT_EVENT.c.assessment_id == w["assessment_id"],
                AUDIT_EVENT.c.action == "participant_rejoined",
                AUDIT_EVENT.c.target == f"workshop:{workshop_id}",
            )
        )
        if isinstance(old, dict) and isinstance(new, dict) and new.get("participant")
    }
    rows = []
    for p in people:
        answered, visible = progress(pack, questions, own[p.id], base)
        top = _top_route(pack, participant_answers(base, questions, own[p.id])) if answered else None
        rows.append(
            BoardParticipant(
                p.id,
                p.name,
                p.joined_at,
                p.finished_at,
                answered,
                visible,
                top,
                same.get(p.client, 1),
                rejoined.get(p.id),
            )
        )
    group = group_answers(pack, questions, stats, {q: c.value for q, c in consensus.items()}, base)
    return Board(
        workshop=info(w),
        assessment_title=a.title,
        assessment_version=int(a.version),
        questions=questions,
        participants=tuple(rows),
        stats=stats,
        ranked=tuple(ranked(stats, questions)),
        consensus=consensus,
        group=group,
        route_counts=dict(Counter(r.top_route for r in rows if r.answered)),
        assessment_answers=base,
        assessment_status=str(a.status or ""),
    )


CONSENSUS_EVENT = "workshop_consensus"  # audit action: a group answer was set or changed
ANY_VERSION = object()  # set_consensus without the "has it changed since I read it?" check


def result_changed_since_publishing(board: Board) -> bool:
    """Whether the group's answers on ``board`` differ from the snapshot participants were shown."""
    w = board.workshop
    return (
        w.published and w.published_answers is not None and dict(board.group.answers) != w.published_answers
    )


def _entry(session: Session, workshop_id: str, question_id: str) -> ConsensusEntry | None:
    r = session.execute(
        select(C.c.question_id, C.c.value, C.c.note, C.c.set_by, C.c.set_at).where(
            C.c.workshop_id == workshop_id, C.c.question_id == question_id
        )
    ).first()
    return None if r is None else ConsensusEntry(r.question_id, r.value, r.note, r.set_by, r.set_at)


def set_consensus(
    *,
    session: Session,
    workshop_id: str,
    secret: str,
    question_id: str,
    value: Any,
    note: str = "",
    actor: str,
    pack: Pack,
    expected: dt.datetime | None | object = ANY_VERSION,
    window: str = "",
) -> ConsensusEntry:
    """Set the group answer to one of the workshop's questions, with an optional note (≤ 500
    characters) of why. Raises AnswerError for a value the question does not take.

    ``expected`` is the ``set_at`` of the group answer the caller last read (None: there was none).
    When the stored one differs, someone else (another facilitator window) changed it meanwhile:
    nothing is stored and ConsensusChanged carries the answer as it now is (optimistic concurrency;
    the workshop row is locked for the check, so two saves cannot both pass it).

    ``window`` names the facilitator window (browser session) that set it: the audit trail gets
    one ``workshop_consensus`` event per change, so the workshop record can say when a second
    window replaced an answer another one had set."""
    w = facilitated(session, workshop_id, secret, lock=expected is not ANY_VERSION)
    if info(w).status == "closed":
        raise WorkshopUnavailable("the workshop is closed")
    if question_id not in section_questions(pack, w["sections"] or ()):
        raise InvalidValue(f"question {question_id!r} is not part of this workshop")
    if value is None:
        raise InvalidValue('a group answer needs a value ("unknown" for don\'t know)')
    clean = normalize_answers(pack, {question_id: value})[question_id]
    note = clean_line("note", note or "", NOTE_MAX, multiline=True)
    now_stored = _entry(session, workshop_id, question_id)
    if expected is not ANY_VERSION:
        stored_at = now_stored.set_at if now_stored is not None else None
        if stored_at != expected:
            raise ConsensusChanged(now_stored)
    actor = clean_actor(actor)
    now = utcnow()
    if now_stored is None or now_stored.value != clean or now_stored.note != note:
        log_events(
            session,
            w["assessment_id"],
            actor,
            now,
            [
                (
                    CONSENSUS_EVENT,
                    f"workshop:{workshop_id}",
                    None if now_stored is None else {"value": now_stored.value, "by": now_stored.set_by},
                    {
                        "question": question_id,
                        "value": clean,
                        "window": window[:32],
                        "round": int(w["round"]),
                    },
                )
            ],
        )
    upsert(
        session,
        C,
        {
            "workshop_id": workshop_id,
            "question_id": question_id,
            "value": clean,
            "note": note,
            "set_by": actor,
            "set_at": now,
        },
        ("workshop_id", "question_id"),
    )
    return ConsensusEntry(question_id, clean, note, actor, now)


REOPENED_STATUS = "draft"  # what a Final assessment becomes when the workshop changes its answers


def apply_consensus(
    *,
    session: Session,
    workshop_id: str,
    secret: str,
    pack: Pack,
    actor: str = "",
    principal: Principal | None = None,
) -> int:
    """Save the group's answers as the assessment's answers and return its new version.

    The assessment's audit trail gets one ``workshop_applied`` event per answer changed (through
    ``save_assessment``) and one naming the workshop, its participants and the questions agreed.
    An open round is locked (the answers applied are the ones on the board). A Final assessment
    whose answers change goes back to Draft (``REOPENED_STATUS``). Raises StaleSave if
    the assessment was saved by someone else meanwhile (nothing stored). In a team deployment
    the facilitator must also be allowed to change the assessment (``principal``: an editor who
    sees it; NotFound or Forbidden otherwise, nothing stored).
    """
    board = board_data(session=session, workshop_id=workshop_id, secret=secret, pack=pack)
    w = board.workshop
    if w.status == "closed":
        raise WorkshopUnavailable("the workshop is closed")
    status = session.execute(select(A.c.status).where(A.c.id == w.assessment_id)).scalar()
    changes_answers = any(board.assessment_answers.get(q) != v for q, v in board.group.answers.items())
    version = save_assessment(
        session=session,
        id=w.assessment_id,
        expected_version=board.assessment_version,
        actor=actor,
        answers=board.group.answers,
        # A Final assessment whose answers the workshop changes is no longer the one signed off:
        # it goes back to Draft, to be checked and made Final again (review r18lead #4; the
        # confirmation says so before saving)
        meta={"status": REOPENED_STATUS} if status == "final" and changes_answers else None,
        pack=pack,
        action="workshop_applied",
        principal=principal,
    )
    now = utcnow()
    summary = {
        "workshop": w.id,
        "title": w.title,
        "round": w.round,
        "participants": board.joined,
        "agreed": sorted(q for q, s in board.group.source.items() if s == "consensus"),
        "defaults": sorted(q for q, s in board.group.source.items() if s == "default"),
    }
    log_events(
        session,
        w.assessment_id,
        actor_of(acting(principal), actor),
        now,
        [("workshop_applied", f"workshop:{w.id}", None, summary)],
    )
    values: dict[str, Any] = {"applied_at": now, "applied_version": version, "updated_at": now}
    if w.status == "open":
        values["status"] = "locked"
    session.execute(update(WORKSHOP).where(WORKSHOP.c.id == w.id).values(**values))
    return version
