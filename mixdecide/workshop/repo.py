"""Workshop repository: keyword-only functions, each taking the Session of the caller's unit of work.

Who may do what is decided here, not in the pages: facilitator actions take the workshop id and
the facilitator secret and check it (``NotAllowed`` otherwise); participant actions take the
participant's token, which names one participant of one workshop and nothing else. A join code
only finds an open workshop, and wrong codes are rate-limited per client (``ratelimit.py``).
The board, consensus and apply live in ``board.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

import mixdecide.workshop.ratelimit as ratelimit
from mixdecide.answers import normalize_answers
from mixdecide.store.access import Principal, acting, check_write
from mixdecide.store.models import new_id, utcnow
from mixdecide.store.records import InvalidValue, NotFound
from mixdecide.store.repo import actor_of, visible_row
from mixdecide.store.rows import log_events
from mixdecide.store.validate import clean_actor
from mixdecide.workshop.board import group_board
from mixdecide.workshop.codes import (
    hash_secret,
    looks_like_token,
    new_code,
    new_secret,
    new_token,
    normalise_code,
)
from mixdecide.workshop.models import ANSWER, NAME_MAX, PARTICIPANT, TITLE_MAX, WORKSHOP
from mixdecide.workshop.records import (
    Created,
    Joined,
    ParticipantView,
    RoundLocked,
    WorkshopInfo,
    WorkshopUnavailable,
)
from mixdecide.workshop.rows import (
    clean_line,
    effective_status,
    facilitated,
    info,
    participant,
    section_questions,
    upsert,
)

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

W, P = WORKSHOP, PARTICIPANT
LIFETIME = dt.timedelta(days=7)  # a forgotten open workshop stops accepting its code after this
MAX_PARTICIPANTS = 200


# --- facilitator ---------------------------------------------------------------------------------


def create_workshop(
    *,
    session: Session,
    assessment_id: str,
    title: str,
    sections: Iterable[str],
    actor: str = "",
    pack: Pack,
    lifetime: dt.timedelta = LIFETIME,
    principal: Principal | None = None,
) -> Created:
    """A new open workshop on an existing assessment (NotFound otherwise) covering ``sections``
    (ids of the pack's sections; at least one). Returns it with the facilitator secret, which is
    not stored and cannot be recovered. In a team deployment it takes an editor who may change the
    assessment (``principal``; NotFound if they cannot see it, Forbidden if only read it)."""
    who = acting(principal)
    check_write(who, visible_row(session, assessment_id, who))
    title = clean_line("title", title, TITLE_MAX, required=True)
    actor = actor_of(who, actor)
    known = [s.id for s in pack.sections]
    wanted = list(dict.fromkeys(sections))
    unknown = [s for s in wanted if s not in known]
    if unknown or not wanted:
        raise InvalidValue(
            f"sections must be some of {', '.join(known)}; got {', '.join(map(str, wanted)) or 'none'}"
        )
    now = utcnow()
    # Codes of expired workshops are released before drawing a new one.
    session.execute(
        update(W).where(W.c.code.is_not(None), W.c.expires_at <= now).values(code=None, status="closed")
    )
    secret = new_secret()
    row = {
        "id": new_id(),
        "assessment_id": assessment_id,
        "title": title,
        "status": "open",
        "secret_hash": hash_secret(secret),
        "show_names": False,
        "published": False,
        "published_answers": None,
        "published_at": None,
        "round": 1,
        "created_by": actor,
        "created_at": now,
        "updated_at": now,
        "expires_at": now + lifetime,
        "applied_at": None,
        "applied_version": None,
        "sections": [s for s in known if s in wanted],
    }
    for _ in range(20):
        row["code"] = new_code()
        if session.execute(select(W.c.id).where(W.c.code == row["code"])).first():
            continue
        try:
            with session.begin_nested():  # another server may draw the same code at the same moment
                session.execute(insert(W).values(**row))
        except IntegrityError:
            continue
        return Created(workshop=info(row, now), secret=secret)
    raise RuntimeError("could not draw a free join code")


def check_facilitator(*, session: Session, workshop_id: str, secret: str) -> WorkshopInfo:
    """The workshop, if ``secret`` is its facilitator secret; NotAllowed otherwise."""
    return info(facilitated(session, workshop_id, secret))


def _set(session: Session, workshop_id: str, secret: str, **values: Any) -> WorkshopInfo:
    row = facilitated(session, workshop_id, secret, lock=True)
    if effective_status(row, utcnow()) == "closed":
        raise WorkshopUnavailable("the workshop is closed")
    values["updated_at"] = utcnow()
    session.execute(update(W).where(W.c.id == workshop_id).values(**values))
    return info({**row, **values})


def lock_round(*, session: Session, workshop_id: str, secret: str) -> WorkshopInfo:
    """Stop participants changing their answers."""
    return _set(session, workshop_id, secret, status="locked")


def unlock_round(*, session: Session, workshop_id: str, secret: str) -> WorkshopInfo:
    """Let participants change their answers again (a new round)."""
    row = facilitated(session, workshop_id, secret)
    if row["status"] != "locked":
        return info(row)
    return _set(session, workshop_id, secret, status="open", round=int(row["round"]) + 1)


def set_show_names(*, session: Session, workshop_id: str, secret: str, show: bool) -> WorkshopInfo:
    """Show (or hide) who gave which answer on the board."""
    return _set(session, workshop_id, secret, show_names=bool(show))


def set_published(
    *, session: Session, workshop_id: str, secret: str, published: bool, pack: Pack | None = None
) -> WorkshopInfo:
    """Show (or stop showing) the group result on participants' own devices. Publishing (again)
    takes a snapshot of the group's answers (``pack`` is needed for it): participants keep seeing
    that result until the facilitator publishes again, never one that changes under them."""
    if not published:
        return _set(session, workshop_id, secret, published=False, published_answers=None, published_at=None)
    if pack is None:
        raise TypeError("publishing needs the pack, to take the snapshot of the group's answers")
    row = facilitated(session, workshop_id, secret, lock=True)
    snapshot = dict(group_board(session, row, pack).group.answers)
    return _set(
        session, workshop_id, secret, published=True, published_answers=snapshot, published_at=utcnow()
    )


def published_answers(*, session: Session, token: str, pack: Pack) -> dict[str, Any] | None:
    """The group's answers for a participant's device, once the facilitator has published them
    (None before, or for an unknown token): the snapshot taken when they were last published (a
    workshop published before snapshots existed shows the live answers)."""
    found = _by_token(session, token)
    if found is None or not found[1].get("published"):
        return None
    if found[1].get("published_answers") is not None:
        return dict(found[1]["published_answers"])
    return dict(group_board(session, found[1], pack).group.answers)


def close_workshop(*, session: Session, workshop_id: str, secret: str) -> WorkshopInfo:
    """End the workshop: its code stops working (and is free again), answers are kept."""
    row = facilitated(session, workshop_id, secret, lock=True)
    values = {"status": "closed", "code": None, "updated_at": utcnow()}
    session.execute(update(W).where(W.c.id == workshop_id).values(**values))
    return info({**row, **values})


# --- participants --------------------------------------------------------------------------------


def get_by_code(
    *, session: Session, code: str, clients: Iterable[str] = (), now: dt.datetime | None = None
) -> WorkshopInfo | None:
    """The open (or locked) workshop with this join code, or None; a miss counts as a failed
    attempt for every key in ``clients``. Raises RateLimited when this visitor must wait
    (``ratelimit.gate``: a correct code is not blocked by other browsers' typos unless the code
    space is under attack)."""
    clients = list(clients)
    now = now or utcnow()
    ratelimit.gate(session=session, clients=clients, now=now)
    normal = normalise_code(code)
    row = None
    if normal is not None:
        row = (
            session.execute(select(W).where(W.c.code == normal, W.c.status != "closed", W.c.expires_at > now))
            .mappings()
            .first()
        )
    if row is None:
        ratelimit.record_failure(session=session, clients=clients, now=now)
        return None
    return info(dict(row), now)


def join(
    *, session: Session, code: str, name: str, clients: Iterable[str] = (), now: dt.datetime | None = None
) -> Joined | None:
    """Join the workshop with this code under a display name (≤ 60 characters, InvalidValue
    otherwise). None when no open workshop has the code (counted, see ``get_by_code``).
    The token returned is the participant's personal link; only its hash is stored."""
    name = clean_line("name", name, NAME_MAX, required=True)
    clients = list(clients)
    now = now or utcnow()
    ratelimit.check_joins(session=session, clients=clients, now=now)
    workshop = get_by_code(session=session, code=code, clients=clients, now=now)
    if workshop is None:
        return None
    count = session.execute(
        select(P.c.id).where(P.c.workshop_id == workshop.id).limit(MAX_PARTICIPANTS)
    ).all()
    if len(count) >= MAX_PARTICIPANTS:
        raise WorkshopUnavailable("the workshop is full")
    token = new_token()
    address = next((c for c in clients if c.startswith("ip:")), None)
    row = {
        "id": new_id(),
        "workshop_id": workshop.id,
        "name": name,
        "token_hash": hash_secret(token),
        "joined_at": now,
        "finished_at": None,
        # a fingerprint, not the address (salted with the workshop, so it matches nothing
        # elsewhere): enough to count who joined this workshop from the same one
        "client": hash_secret(f"{workshop.id}|{address}")[:16] if address else None,
    }
    session.execute(insert(P).values(**row))
    ratelimit.record_join(session=session, clients=clients, now=now)
    return Joined(participant=participant(row), workshop=workshop, token=token)


def remove_participant(
    *, session: Session, workshop_id: str, secret: str, participant_id: str, actor: str
) -> tuple[str, int]:
    """Remove a participant (a fake one, someone who joined twice): their answers leave the board
    and the group's defaults, their link stops working, and the assessment's audit trail records
    who removed whom. Returns (name, answers removed); NotFound for someone not in this workshop."""
    w = facilitated(session, workshop_id, secret, lock=True)
    actor = clean_actor(actor)
    p = session.execute(
        select(P.c.id, P.c.name).where(P.c.id == participant_id, P.c.workshop_id == workshop_id)
    ).first()
    if p is None:
        raise NotFound(str(participant_id)[:40])
    answers = session.execute(delete(ANSWER).where(ANSWER.c.participant_id == p.id)).rowcount  # type: ignore[attr-defined]
    session.execute(delete(P).where(P.c.id == p.id))
    log_events(
        session,
        w["assessment_id"],
        actor,
        utcnow(),
        [("participant_removed", f"workshop:{workshop_id}", {"name": p.name, "answers": answers}, None)],
    )
    return str(p.name), int(answers)


def _by_token(
    session: Session, token: object, *, share_lock: bool = False
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(participant row, workshop row) for a token, in one query (kept short: on SQLite a save
    holds the write lock for the whole transaction)."""
    if not looks_like_token(token):
        return None
    query = (
        select(*P.c, *(c.label(f"w_{c.name}") for c in W.c))
        .join(W, W.c.id == P.c.workshop_id)
        .where(P.c.token_hash == hash_secret(cast(str, token)))
    )
    if share_lock:  # PostgreSQL: a lock (status change) waits for saves in flight, and vice versa
        query = query.with_for_update(read=True, of=W)
    row = session.execute(query).mappings().first()
    if row is None:
        return None
    participant = {c.name: row[c.name] for c in P.c}
    workshop = {c.name: row[f"w_{c.name}"] for c in W.c}
    return participant, workshop


def rejoin(*, session: Session, token: str) -> ParticipantView | None:
    """The participant behind a personal link (after a refresh or on another device), their
    workshop and their own answers; None for an unknown token."""
    found = _by_token(session, token)
    if found is None:
        return None
    p, w = found
    rows = session.execute(
        select(ANSWER.c.question_id, ANSWER.c.value).where(ANSWER.c.participant_id == p["id"])
    )
    answers = {qid: value for qid, value in rows}
    return ParticipantView(participant=participant(p), workshop=info(w), answers=answers)


def round_status(*, session: Session, token: str) -> tuple[str, int, bool, bool, str] | None:
    """(status, round, published, show_names, published at) of the participant's workshop, or None
    for an unknown token: what the participant page polls, so one query on the token's unique index
    and nothing else. The last is an ISO timestamp ("" when never published): publishing again
    changes it, so participants' pages redraw with the new result."""
    if not looks_like_token(token):
        return None
    row = session.execute(
        select(W.c.status, W.c.round, W.c.published, W.c.show_names, W.c.expires_at, W.c.published_at)
        .join(P, P.c.workshop_id == W.c.id)
        .where(P.c.token_hash == hash_secret(token))
    ).first()
    if row is None:
        return None
    status = effective_status({"status": row.status, "expires_at": row.expires_at}, utcnow())
    stamp = row.published_at.isoformat() if row.published_at and row.published else ""
    return status, int(row.round), bool(row.published), bool(row.show_names), stamp


def _open_for(session: Session, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    found = _by_token(session, token, share_lock=True)
    if found is None:
        raise WorkshopUnavailable("unknown participant link")
    p, w = found
    status = effective_status(w, utcnow())
    if status == "closed":
        raise WorkshopUnavailable("the workshop is closed")
    if status != "open":
        raise RoundLocked("the round is locked")
    return p, w


def save_participant_answer(
    *, session: Session, token: str, question_id: str, value: Any, pack: Pack
) -> None:
    """Store (or, with None, clear) this participant's answer to one of the workshop's questions.

    Raises RoundLocked, WorkshopUnavailable, InvalidValue (question outside the workshop) or
    AnswerError (value not valid for the question).
    """
    # Checked before touching the database, so the transaction is two statements long.
    clean = None if value is None else normalize_answers(pack, {question_id: value})[question_id]
    p, w = _open_for(session, token)
    if question_id not in section_questions(pack, w["sections"] or ()):
        raise InvalidValue(f"question {question_id!r} is not part of this workshop")
    if clean is None:
        session.execute(
            delete(ANSWER).where(ANSWER.c.participant_id == p["id"], ANSWER.c.question_id == question_id)
        )
        return
    upsert(
        session,
        ANSWER,
        {"participant_id": p["id"], "question_id": question_id, "value": clean, "updated_at": utcnow()},
        ("participant_id", "question_id"),
    )


def set_finished(*, session: Session, token: str, finished: bool = True) -> None:
    """Mark the participant as done (or not); they can still change answers while the round is open."""
    p, _ = _open_for(session, token)
    done = cast(
        CursorResult[Any],
        session.execute(
            update(P).where(P.c.id == p["id"]).values(finished_at=utcnow() if finished else None)
        ),
    )
    assert done.rowcount == 1
