"""Repository functions: keyword-only, each takes the Session of the caller's unit of work.

Saves use optimistic concurrency: ``save_assessment`` names the version it started from and the
UPDATE only matches that version, so of two tabs or two people saving from the same version one
wins and the other gets ``StaleSave`` with nothing stored. Every change writes one audit event per
answer, note, checklist item or field changed; a save that changes nothing writes nothing and
keeps the version. Portfolio queries (``list_assessments``, ``portfolio_summary``,
``filter_choices``) live in ``portfolio.py``; ``mixdecide.store`` exports both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlmodel import Session

from mixdecide.details import TITLE_MAX
from mixdecide.engine import assess
from mixdecide.store.access import (
    Principal,
    acting,
    check_manage,
    check_write,
    member_sees,
    readable,
    require_editor,
)
from mixdecide.store.models import utcnow
from mixdecide.store.records import AssessmentRecord, AuditEntry, Forbidden, RiskRow, StaleSave
from mixdecide.store.rows import (
    E,
    R,
    insert_assessment,
    log_events,
    read_row,
    result_columns,
    risk_rows,
    update_if_current,
    write_risks,
)
from mixdecide.store.validate import (
    clean_actor,
    clean_answers,
    clean_checklist,
    clean_meta,
    clean_notes,
    clean_outcome,
    clean_status,
    diff,
)

if TYPE_CHECKING:
    from mixdecide.pack.models import Pack
    from mixdecide.result import Assessment as Result


ACTIONS = (
    "created", "imported", "duplicated", "answer_changed", "note_changed", "checklist_changed",
    "meta_changed", "status_changed", "workshop_applied", "participant_removed", "participant_rejoined", "deleted",
    "outcome_changed",
    "visibility_changed", "owner_changed", "link_shared", "link_revoked",
)  # fmt: skip


def actor_of(principal: Principal, actor: str) -> str:
    """Who the audit trail records: the signed-in identity, or in single-user mode the name typed."""
    return clean_actor(actor if principal.superuser else principal.label)


def visible_row(
    session: Session,
    id: str,
    principal: Principal | None,
    *,
    include_deleted: bool = False,
    skip: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The row if ``principal`` may see it; otherwise exactly what an unknown id gives (NotFound)."""
    return read_row(
        session, id, include_deleted=include_deleted, skip=skip, visible=readable(acting(principal))
    )


def _record(session: Session, row: Mapping[str, Any]) -> AssessmentRecord:
    risks = session.execute(
        select(R.c.dimension, R.c.likelihood, R.c.impact, R.c.score, R.c.band)
        .where(R.c.assessment_id == row["id"])
        .order_by(R.c.score.desc(), R.c.dimension)
    ).all()
    fields = {k: v for k, v in row.items() if k != "deleted_at"}
    return AssessmentRecord(**fields, risks=tuple(RiskRow(*r) for r in risks))


def _outcome_columns(outcome: Mapping[str, Any]) -> dict[str, Any]:
    return {"outcome": dict(outcome) or None, "used_route": outcome.get("route")}


def get_assessment(*, session: Session, id: str, principal: Principal | None = None) -> AssessmentRecord:
    """The assessment with its risk rows; NotFound for a malformed, unknown or deleted id, or one
    ``principal`` may not see (see ``access``)."""
    return _record(session, visible_row(session, id, principal))


def create_assessment(
    *,
    session: Session,
    title: str,
    municipality: str,
    department: str,
    owner: str,
    pack: Pack,
    answers: Mapping[str, Any] | None = None,
    notes: Mapping[str, str] | None = None,
    checklist: Mapping[str, Any] | None = None,
    actor: str = "",
    result: Result | None = None,
    action: str = "created",
    outcome: Mapping[str, Any] | None = None,
    principal: Principal | None = None,
) -> AssessmentRecord:
    """Store a new draft: answers are checked against ``pack`` (AnswerError) and assessed unless
    ``result`` is given. ``action="imported"`` records a re-imported export instead of a creation.
    A signed-in editor owns it, in their organisation, private to start with (Forbidden for
    anyone else); single-user mode records ``actor``."""
    if action not in ("created", "imported"):
        raise ValueError(f"action must be 'created' or 'imported', not {action!r}")
    who = acting(principal)
    require_editor(who)
    actor = actor_of(who, actor)
    meta = clean_meta(
        {"title": title, "municipality": municipality, "department": department, "owner": owner}
    )
    clean = clean_answers(answers or {}, pack)
    result = result if result is not None else assess(pack, clean)
    values = {
        **meta,
        **result_columns(result),
        "answers": clean,
        "notes": clean_notes(notes or {}, pack),
        "checklist": clean_checklist(checklist or {}, pack),
        **_ownership(who),
        **_outcome_columns(clean_outcome(outcome or {}, pack)),
    }
    id = insert_assessment(
        session=session, values=values, risks=risk_rows(result), actor=actor, event=(action, None, None, meta)
    )
    return get_assessment(session=session, id=id, principal=who)


def _ownership(who: Principal) -> dict[str, str]:
    """A new assessment's organisation, owner and visibility (private for a signed-in owner)."""
    if who.superuser:
        return {"org_id": who.org, "owner_sub": "", "visibility": "organisation"}
    return {"org_id": who.org, "owner_sub": who.subject, "visibility": "private"}


def save_assessment(
    *,
    session: Session,
    id: str,
    expected_version: int,
    actor: str = "",
    answers: Mapping[str, Any] | None = None,
    notes: Mapping[str, str] | None = None,
    checklist: Mapping[str, Any] | None = None,
    meta: Mapping[str, Any] | None = None,
    result: Result | None = None,
    pack: Pack | None = None,
    action: str | None = None,
    outcome: Mapping[str, Any] | None = None,
    principal: Principal | None = None,
) -> int:
    """Save what changed since ``expected_version`` and return the new version.

    ``answers``, ``notes`` and ``checklist`` replace the stored mappings whole (None leaves one
    as it is); ``meta`` sets some of title, municipality, department, owner and status. With
    ``pack`` the answers and ids are checked and, when answers change and no ``result`` is
    given, re-assessed. ``result`` (an engine Assessment) refreshes the snapshot, top route and
    risk rows. One audit event per changed key, with ``action`` overriding the kind (e.g.
    "workshop_applied"). Nothing changed: nothing written, same version returned. Raises
    StaleSave (nothing stored) if another save came first, NotFound if the id is gone or
    ``principal`` may not see it, Forbidden if they may see but not change it.
    ``outcome`` replaces what happened after the advice (an empty mapping clears it): one
    "outcome_changed" event per field that changed.
    """
    if action is not None and action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    who = acting(principal)
    # the stored snapshot is only ever replaced here, never read: not decoding it on every answer
    row = visible_row(session, id, who, skip=("snapshot",))
    check_write(who, row)
    actor = actor_of(who, actor)
    if row["version"] != expected_version:
        raise StaleSave(id, expected_version, row["version"], row["updated_by"], row["updated_at"])
    values: dict[str, Any] = {}
    events: list[tuple[str, Any, Any, Any]] = []
    for column, kind, new, clean in (
        ("answers", "answer_changed", answers, clean_answers),
        ("notes", "note_changed", notes, clean_notes),
        ("checklist", "checklist_changed", checklist, clean_checklist),
    ):
        if new is None:
            continue
        cleaned = clean(new, pack)
        changes = diff(row[column], cleaned)
        if changes:
            values[column] = cleaned
            events += [(action or kind, key, old, val) for key, old, val in changes]
    if meta is not None:
        new_meta = clean_meta(meta)
        for key, old, val in diff({k: row[k] for k in new_meta}, new_meta):
            values[key] = val
            events.append(
                (action or ("status_changed" if key == "status" else "meta_changed"), key, old, val)
            )
    if outcome is not None:
        new_outcome = clean_outcome(outcome, pack)
        changes = diff(row["outcome"] or {}, new_outcome)
        if changes:
            values.update(_outcome_columns(new_outcome))
            events += [(action or "outcome_changed", f"outcome.{key}", old, val) for key, old, val in changes]
    if not events:
        return expected_version
    if result is None and pack is not None and "answers" in values:
        result = assess(pack, values["answers"])
    if result is not None:
        values.update(result_columns(result))
    now = utcnow()
    values.update(version=expected_version + 1, updated_at=now, updated_by=actor)
    update_if_current(session, id, expected_version, values)
    if result is not None:
        write_risks(session, id, risk_rows(result), replace=True)
    log_events(session, id, actor, now, events)
    return expected_version + 1


def set_status(
    *,
    session: Session,
    id: str,
    status: str,
    actor: str = "",
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> int:
    """Archive (``status="archived"``), restore (``"draft"``) or finalise; returns the new version.
    Without ``expected_version`` it applies to whatever version is current."""
    status = clean_status(status)
    version = (
        expected_version if expected_version is not None else visible_row(session, id, principal)["version"]
    )
    return save_assessment(
        session=session,
        id=id,
        expected_version=version,
        actor=actor,
        meta={"status": status},
        principal=principal,
    )


def delete_assessment(
    *,
    session: Session,
    id: str,
    actor: str = "",
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> None:
    """Soft-delete: the row and its audit trail stay, but it is NotFound and leaves the portfolio.
    Its owner or an admin of its organisation only (Forbidden for others who can see it)."""
    who = acting(principal)
    row = visible_row(session, id, who)
    check_manage(who, row)
    actor = actor_of(who, actor)
    expected = expected_version if expected_version is not None else row["version"]
    now = utcnow()
    values = {"deleted_at": now, "updated_at": now, "updated_by": actor, "version": expected + 1}
    update_if_current(session, id, expected, values)
    log_events(session, id, actor, now, [("deleted", None, None, None)])


def duplicate_assessment(
    *,
    session: Session,
    id: str,
    actor: str = "",
    title: str | None = None,
    principal: Principal | None = None,
) -> AssessmentRecord:
    """A new draft with the same answers, notes, checklist progress and result, and a fresh history.
    The copy belongs to whoever makes it (an editor who sees the original as a member: a share
    link lets its holder read, not copy), private to start with."""
    who = acting(principal)
    src = visible_row(session, id, who)
    require_editor(who)
    if not member_sees(who, src):
        raise Forbidden("A shared link lets you read this assessment, not copy it.")
    actor = actor_of(who, actor)
    new_title = clean_meta({"title": title if title is not None else f"{src['title']} (copy)"[:TITLE_MAX]})[
        "title"
    ]
    keep = (
        "municipality",
        "department",
        "owner",
        "pack_id",
        "pack_version",
        "top_route",
        "max_risk_band",
        "max_risk_score",
        "answers",
        "notes",
        "checklist",
        "snapshot",
    )  # not what happened: that is the original project's record
    risks = session.execute(
        select(R.c.dimension, R.c.likelihood, R.c.impact, R.c.score, R.c.band).where(R.c.assessment_id == id)
    ).mappings()
    new = insert_assessment(
        session=session,
        values={
            **{k: src[k] for k in keep},
            "title": new_title,
            **(
                _ownership(who)
                if not who.superuser
                else {k: src[k] for k in ("org_id", "owner_sub", "visibility")}
            ),
        },
        risks=[dict(r) for r in risks],
        actor=actor,
        event=("duplicated", id, None, {"from": id, "title": new_title}),
    )
    return get_assessment(session=session, id=new, principal=who)


def audit_trail(
    *,
    session: Session,
    id: str,
    limit: int = 200,
    principal: Principal | None = None,
    target: str | None = None,
) -> list[AuditEntry]:
    """The assessment's history, newest first (also for a deleted one); NotFound for unknown ids
    and for ids ``principal`` may not see as a member (a share link shows no history: it names
    the people who worked on it). With ``target``, only the changes to that key (``"status"``: the
    status changes, whichever action made them)."""
    who = acting(principal)
    visible_row(session, id, replace(who, shares=()), include_deleted=True)
    query = select(E.c.id, E.c.at, E.c.actor, E.c.action, E.c.target, E.c.old, E.c.new).where(
        E.c.assessment_id == id
    )
    if target is not None:
        query = query.where(E.c.target == target)
    rows = session.execute(query.order_by(E.c.id.desc()).limit(max(1, min(int(limit), 10_000)))).all()
    return [AuditEntry(*r) for r in rows]
