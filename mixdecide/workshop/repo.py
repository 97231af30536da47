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
from mixdecide.store.models import AUDIT_EVENT, new_id, utcnow
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
from mixdecide.workshop.models import ANSWER, FACILITATOR_MAX, NAME_MAX, PARTICIPANT, TITLE_MAX, WORKSHOP
from mixdecide.workshop.record import round_snapshot
from mixdecide.workshop.records import (
    OUTSIDE_KEY,
    ROUND_KEY,
    Created,
    Joined,
    ParticipantView,
    PublishedResult,
    ResultChanged,
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
from mixdecide.workshop.scope import outside_notice

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack

W, P = WORKSHOP, PARTICIPANT
CREATED_EVENT = "workshop_created"  # audit action: a workshop was created (its title and facilitator)
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
    facilitator: str | None = None,
) -> Created:
    """A new open workshop on an existing assessment (NotFound otherwise) covering ``sections``
    (ids of the pack's sections; at least one). Returns it with the facilitator secret, which is
    not stored and cannot be recovered. In a team deployment it takes an editor who may change the
    assessment (``principal``; NotFound if they cannot see it, Forbidden if only read it).

    ``facilitator``: the name the facilitator gave (the record, the history and the board show
    it; review r17lead: records read "Facilitator: Guest"). Required when given (InvalidValue if
    empty or too long); None takes the audit trail's ``actor``. The history gets a
    ``workshop_created`` event naming it."""
    who = acting(principal)
    check_write(who, visible_row(session, assessment_id, who))
    title = clean_line("title", title, TITLE_MAX, required=True)
    actor = actor_of(who, actor)
    runs = (
        actor
        if facilitator is None
        else clean_line("facilitator", facilitator, FACILITATOR_MAX, required=True)
    )
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
        "created_by": runs,
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
        log_events(
            session,
            assessment_id,
            actor,
            now,
            [(CREATED_EVENT, f"workshop:{row['id']}", None, {"title": title, "facilitator": runs})],
        )
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


ROUND_EVENT = "workshop_round"  # audit action: a round was locked, a new one opened, the workshop closed


def log_round(
    session: Session,
    row: dict[str, Any],
    event: str,
    round_: int,
    actor: str = "",
    snapshot: dict[str, Any] | None = None,
) -> None:
    """Record in the assessment's audit trail when a round was locked or opened, or the workshop
    closed (the workshop record in the report reads them back: ``record.py``). ``snapshot``: the
    round's votes and group answers as they were (``record.snapshot_of``), kept with the event."""
    new: dict[str, Any] = {"event": event, "round": int(round_)}
    if snapshot is not None:
        new["snapshot"] = snapshot
    log_events(
        session,
        row["assessment_id"],
        clean_actor(actor or row["created_by"] or "facilitator"),
        utcnow(),
        [(ROUND_EVENT, f"workshop:{row['id']}", None, new)],
    )


def lock_round(
    *, session: Session, workshop_id: str, secret: str, actor: str = "", pack: Pack | None = None
) -> WorkshopInfo:
    """Stop participants changing their answers. With ``pack``, the round's votes as locked are
    kept in the database (a snapshot in the round's event: ``record.snapshot_of``)."""
    row = facilitated(session, workshop_id, secret, lock=True)
    if row["status"] == "locked":  # a second click, or another window locked it: nothing to record
        return info(row)
    snapshot = round_snapshot(session, row, pack) if pack is not None else None
    done = _set(session, workshop_id, secret, status="locked")
    log_round(session, row, "locked", int(row["round"]), actor, snapshot)
    return done


def unlock_round(
    *,
    session: Session,
    workshop_id: str,
    secret: str,
    expected_round: int | None = None,
    actor: str = "",
    pack: Pack | None = None,
) -> WorkshopInfo:
    """Let participants change their answers again (a new round). ``expected_round``: the round
    the facilitator's screen showed locked; when it is not the stored one (a second click of the
    same button, or another window already opened a new round) nothing changes. With ``pack``, the
    round that ends is kept as it ends (its votes, group answers and reasons: a snapshot in the new
    round's event), and everyone's "I'm done" is cleared: it belongs to a round."""
    row = facilitated(session, workshop_id, secret, lock=True)
    if row["status"] != "locked" or (expected_round is not None and int(row["round"]) != expected_round):
        return info(row)
    snapshot = round_snapshot(session, row, pack) if pack is not None else None
    done = _set(session, workshop_id, secret, status="open", round=int(row["round"]) + 1)
    # "I'm done" belongs to a round: in the new one nobody has reviewed their answers yet (review
    # r18lead #8: the board said "Finished 2 / 3" the moment round 2 opened)
    session.execute(update(P).where(P.c.workshop_id == workshop_id).values(finished_at=None))
    log_round(session, row, "opened", int(row["round"]) + 1, actor, snapshot)
    return done


def set_show_names(*, session: Session, workshop_id: str, secret: str, show: bool) -> WorkshopInfo:
    """Show (or hide) who gave which answer on the board."""
    return _set(session, workshop_id, secret, show_names=bool(show))


def set_published(
    *,
    session: Session,
    workshop_id: str,
    secret: str,
    published: bool,
    pack: Pack | None = None,
    expected: dict[str, Any] | None = None,
) -> WorkshopInfo:
    """Show (or stop showing) the group result on participants' own devices. Publishing (again)
    takes a snapshot of the group's answers (``pack`` is needed for it): participants keep seeing
    that result until the facilitator publishes again, never one that changes under them. When an
    answer the workshop did not cover decides the first route, the snapshot carries the warning
    participants read with it, in both languages (``scope.outside_notice``).

    ``expected``: the group's answers the facilitator's screen showed when they clicked. When the
    group's answers are no longer those (someone changed one since), nothing is published and
    ResultChanged says so: what participants get is exactly what the facilitator saw."""
    if not published:
        return _set(session, workshop_id, secret, published=False, published_answers=None, published_at=None)
    if pack is None:
        raise TypeError("publishing needs the pack, to take the snapshot of the group's answers")
    row = facilitated(session, workshop_id, secret, lock=True)
    group = group_board(session, row, pack).group
    snapshot: dict[str, Any] = dict(group.answers)
    if expected is not None and snapshot != dict(expected):
        raise ResultChanged("the group's answers changed since the result was drawn")
    outside = outside_notice(pack, group, dt.date.today())
    if outside is not None:
        snapshot[OUTSIDE_KEY] = outside
    snapshot[ROUND_KEY] = int(row["round"])
    return _set(
        session, workshop_id, secret, published=True, published_answers=snapshot, published_at=utcnow()
    )


def published_answers(*, session: Session, token: str, pack: Pack) -> dict[str, Any] | None:
    """The group's answers for a participant's device, once the facilitator has published them
    (None before, or for an unknown token): the snapshot taken when they were last published (a
    workshop published before snapshots existed shows the live answers)."""
    result = published_result(session=session, token=token, pack=pack)
    return result.answers if result is not None else None


def published_result(*, session: Session, token: str, pack: Pack) -> PublishedResult | None:
    """The group's result for a participant's device, once the facilitator has published it (None
    before, or for an unknown token): the answers and the warning as they were when last published
    (a workshop published before snapshots existed shows the live answers and warning)."""
    found = _by_token(session, token)
    if found is None or not found[1].get("published"):
        return None
    w = info(found[1])
    if w.published_answers is not None:
        stamp = (found[1].get("published_answers") or {}).get(ROUND_KEY)
        return PublishedResult(
            answers=dict(w.published_answers),
            outside=w.published_outside,
            at=w.published_at,
            round=stamp if isinstance(stamp, int) else None,
        )
    group = group_board(session, found[1], pack).group
    return PublishedResult(
        answers=dict(group.answers), outside=outside_notice(pack, group, dt.date.today()), at=w.published_at
    )


def close_workshop(
    *, session: Session, workshop_id: str, secret: str, actor: str = "", pack: Pack | None = None
) -> WorkshopInfo:
    """End the workshop: its code stops working (and is free again), answers are kept (with
    ``pack``, the last round as it ended, like ``unlock_round``)."""
    row = facilitated(session, workshop_id, secret, lock=True)
    if row["status"] == "closed":
        return info(row)
    snapshot = round_snapshot(session, row, pack) if pack is not None else None
    values = {"status": "closed", "code": None, "updated_at": utcnow()}
    session.execute(update(W).where(W.c.id == workshop_id).values(**values))
    log_round(session, row, "closed", int(row["round"]), actor, snapshot)
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
    *,
    session: Session,
    code: str,
    name: str,
    clients: Iterable[str] = (),
    now: dt.datetime | None = None,
    previous: str = "",
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
    if looks_like_token(previous):  # this browser's last link: removed from this workshop?
        _note_rejoin(session, workshop, hash_secret(previous), row, now)
    ratelimit.record_join(session=session, clients=clients, now=now)
    return Joined(participant=participant(row), workshop=workshop, token=token)


def _note_rejoin(
    session: Session, workshop: WorkshopInfo, token_hash: str, row: dict[str, Any], now: dt.datetime
) -> None:
    """A browser whose participant was removed from this workshop joined again: the history says
    so, and the board shows the new participant as a rejoin (review r16lead #9)."""
    target = f"workshop:{workshop.id}"
    for old in session.execute(
        select(AUDIT_EVENT.c.old).where(
            AUDIT_EVENT.c.assessment_id == workshop.assessment_id,
            AUDIT_EVENT.c.action == "participant_removed",
            AUDIT_EVENT.c.target == target,
        )
    ).scalars():
        if isinstance(old, dict) and old.get("token") == token_hash:
            event = (
                "participant_rejoined",
                target,
                {"name": old.get("name", "")},
                {"participant": row["id"], "name": row["name"]},
            )
            log_events(session, workshop.assessment_id, clean_actor(row["name"]), now, [event])
            return


def remove_participant(
    *, session: Session, workshop_id: str, secret: str, participant_id: str, actor: str
) -> tuple[str, int]:
    """Remove a participant (a fake one, someone who joined twice): their answers leave the board
    and the group's defaults, their link stops working, and the assessment's audit trail records
    who removed whom. Returns (name, answers removed); NotFound for someone not in this workshop."""
    w = facilitated(session, workshop_id, secret, lock=True)
    actor = clean_actor(actor)
    p = session.execute(
        select(P.c.id, P.c.name, P.c.token_hash, P.c.joined_at).where(
            P.c.id == participant_id, P.c.workshop_id == workshop_id
        )
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
        # the link's hash (never the link): the same browser joining again is told apart as a rejoin
        [
            (
                "participant_removed",
                f"workshop:{workshop_id}",
                # when they joined: the record tells two people of one name apart (review r19fac #8)
                {"name": p.name, "answers": answers, "token": p.token_hash, "joined": _iso(p.joined_at)},
                None,
            )
        ],
    )
    return str(p.name), int(answers)


def _iso(at: dt.datetime | None) -> str | None:
    """A stored time as ISO text for an audit event's JSON (None stays None)."""
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).isoformat()


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
