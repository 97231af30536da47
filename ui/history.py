"""Where the current assessment is saved, and its audit trail (who changed what, when)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mixdecide.answers import AnswerError
from mixdecide.details import ASSESSMENT_STATUSES, OTHER_ROUTE, WHAT_HAPPENED_FIELDS
from mixdecide.engine import assess
from mixdecide.narrative import since_line
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.store import AuditEntry, NotFound, audit_trail, session_scope
from mixdecide.store.access import VISIBILITIES
from mixdecide.wording import answer_label, question_label, step_name
from ui import keys
from ui.auth import principal
from ui.db import engine
from ui.state import get_pack, lang, tr


def save_status() -> None:
    """A one-line note: answers save automatically (bookmark the page) or not stored yet. No
    version number: the questionnaire says it beside the answer that saved, in the run that saved
    it, where it cannot go stale."""
    ss = st.session_state
    if ss.get(keys.SAVE_ERROR):
        return
    if ss.get(keys.ASSESSMENT_ID):
        st.caption(":material/cloud_done: " + tr("history.saved"))
    else:
        st.caption(":material/cloud_off: " + tr("history.not_saved"))


def _describe(entry: AuditEntry) -> str:
    pack, lg = get_pack(), lang()
    target = entry.target or ""
    if entry.action in ("answer_changed", "workshop_applied") and target in pack.questions:
        old = answer_label(pack, target, entry.old, lg)
        new = answer_label(pack, target, entry.new, lg)
        return tr("history.answer", question=question_label(pack, target, lg), old=old, new=new)
    if entry.action == "checklist_changed" and target:
        # the item as the checklist words it, not its id ("notice.ceta_periods", review finding)
        item = next((i.text.get(lg) for i in pack.checklist.items if i.id == target), target)
        return tr("history.checklist", item=item)
    if entry.action == "note_changed" and target in pack.questions:
        return tr("history.note", question=question_label(pack, target, lg))
    if entry.action == "status_changed" and entry.new in ASSESSMENT_STATUSES:
        # "Final", "Draft" as the status field reads, not the stored "draft" (review finding)
        return tr("history.meta", field=tr("meta.status"), new=tr(f"status.{entry.new}"))
    if entry.action in ("meta_changed", "status_changed"):
        return tr("history.meta", field=tr(f"meta.{target}") if target else "", new=str(entry.new or ""))
    if entry.action == "outcome_changed" and target.startswith("outcome."):
        field = target.removeprefix("outcome.")
        new = entry.new
        if field == "route" and new in pack.routes:
            new = step_name(pack, new, lg)
        elif field == "route" and new == OTHER_ROUTE:
            new = tr("happened.other")
        elif field == "outcome" and new:
            new = tr(f"happened.outcome_ids.{new}")
        label = tr(f"happened.field.{field}") if field in WHAT_HAPPENED_FIELDS else field
        return tr("history.outcome", field=label, new="—" if new in (None, "") else str(new))
    if entry.action == "visibility_changed":
        old, new = (tr(f"sharing.vis_{v}") if v in VISIBILITIES else str(v) for v in (entry.old, entry.new))
        return tr("history.visibility", old=old, new=new)
    if entry.action == "owner_changed":
        return tr("history.owner", old=str(entry.old or "—"), new=str(entry.new or "—"))
    if entry.action == "link_shared" and isinstance(entry.new, dict):
        return tr("history.link_shared", until=str(entry.new.get("expires_at", ""))[:16].replace("T", " "))
    if entry.action == "link_revoked":
        return tr("history.link_revoked", n=entry.old or 0)
    if entry.action == "participant_removed" and isinstance(entry.old, dict):
        return tr(
            "history.participant_removed",
            name=str(entry.old.get("name", "")),
            answers=entry.old.get("answers", 0),
        )
    if entry.action == "participant_rejoined" and isinstance(entry.old, dict) and isinstance(entry.new, dict):
        return tr(
            "history.participant_rejoined",
            name=str(entry.new.get("name", "")),
            was=str(entry.old.get("name", "")),
        )
    if target.startswith("workshop:"):
        return _workshop(entry)
    return tr(f"history.action.{entry.action}") if entry.action in ACTIONS else entry.action


def _workshop(entry: AuditEntry) -> str:
    """A workshop event in words, in the session's language (review r17lead #9: the History showed
    ``workshop_round``). The names and titles are plain text here: the table never renders Markdown."""
    pack, lg = get_pack(), lang()
    new = entry.new if isinstance(entry.new, dict) else {}
    if entry.action == "workshop_created":
        return tr(
            "history.workshop_created", title=str(new.get("title", "")), name=str(new.get("facilitator", ""))
        )
    if entry.action == "workshop_round" and new.get("event") in ("locked", "opened", "closed"):
        return tr(f"history.workshop_round.{new['event']}", round=new.get("round", "?"))
    if entry.action == "workshop_consensus" and new.get("question") in pack.questions:
        q = str(new["question"])
        return tr(
            "history.workshop_consensus",
            round=new.get("round", "?"),
            question=question_label(pack, q, lg),
            answer=answer_label(pack, q, new.get("value"), lg),
        )
    if entry.action == "workshop_applied":
        return tr(
            "history.workshop_applied",
            title=str(new.get("title", "")),
            round=new.get("round", "?"),
            participants=new.get("participants", "?"),
        )
    return tr("history.workshop_other")


ACTIONS = ("created", "imported", "duplicated", "deleted")


def audit_expander() -> None:
    """The assessment's history, newest first."""
    aid = st.session_state.get(keys.ASSESSMENT_ID)
    if not aid:
        return
    # Drawn only on request: the table changes with every save, and redrawing it on each
    # answer would slow the questionnaire down for something people rarely look at.
    if not st.toggle(tr("history.title"), key="w.history"):
        return
    with st.container(border=True):
        try:
            with session_scope(engine(), readonly=True) as session:
                entries = audit_trail(principal=principal(), session=session, id=aid, limit=200)
        except NotFound:
            st.info(tr("history.gone"))
            return
        table = pd.DataFrame(
            {
                tr("history.when"): [e.at.strftime("%Y-%m-%d %H:%M") for e in entries],
                tr("history.who"): [e.actor for e in entries],
                tr("history.what"): [_describe(e) for e in entries],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")  # user text stays text in a table


def reopened() -> AuditEntry | None:
    """The change that made the open assessment a Draft again after it was Final, while it is
    still a Draft from it (the latest status change; None otherwise, or for a reader who sees no
    history)."""
    aid = st.session_state.get(keys.ASSESSMENT_ID)
    if not aid:
        return None
    try:
        with session_scope(engine(), readonly=True) as session:
            entries = audit_trail(principal=principal(), session=session, id=aid, limit=1, target="status")
    except NotFound:
        return None
    last = entries[0] if entries else None  # the latest status change, a workshop's apply too
    return last if last is not None and (last.old, last.new) == ("final", "draft") else None


def last_change_line(pack: Pack, a: Assessment) -> str:
    """What the last answer change of the saved assessment did to the first route, or ""."""
    aid = st.session_state.get(keys.ASSESSMENT_ID)
    if not aid:
        return ""
    try:
        with session_scope(engine(), readonly=True) as session:
            entries = audit_trail(principal=principal(), session=session, id=aid, limit=20)
    except NotFound:
        return ""
    last = next((e for e in entries if e.action == "answer_changed" and e.target in pack.questions), None)
    if last is None or last.target is None or a.answers.get(last.target) != last.new:
        return ""
    before_answers = {k: v for k, v in a.answers.items() if k != last.target}
    if last.old is not None:
        before_answers[last.target] = last.old
    try:
        before = assess(pack, before_answers, today=a.assessed_on, explain=False)
    except AnswerError:
        return ""
    return since_line(pack, before, a, last.target, lang())
