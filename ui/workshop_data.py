"""The workshop pages' units of work: one Session per call, errors turned into messages.

Pages call these instead of the repository so that each click is one short transaction and a
failure shows a sentence, not a traceback. Messages go through ``ui.messages.flash`` (shown on the
next run), because most calls happen in widget callbacks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from mixdecide import workshop as wk
from mixdecide.answers import AnswerError
from mixdecide.store import (
    AssessmentRecord,
    InvalidValue,
    NotFound,
    StaleSave,
    StoreError,
    get_assessment,
    list_assessments,
    session_scope,
)
from mixdecide.store.access import can_write
from mixdecide.workshop.context import project_facts
from mixdecide.workshop.models import NAME_MAX
from mixdecide.workshop.ratelimit import TRUSTED_PROXIES_ENV, trusted_proxies
from mixdecide.workshop.ratelimit import client_address as client_address_from
from ui import keys
from ui import workshop_keys as K
from ui.auth import principal
from ui.db import engine
from ui.messages import flash
from ui.state import actor, get_pack, lang, load_into_session, tr

PICK_LIMIT = 200


def client_address() -> str:
    """This visitor's normalised network address (``ratelimit.client_address``); Streamlit reports
    a local connection as no address, which is the loopback address here (one key, never none)."""
    peer = st.context.ip_address
    return client_address_from(
        peer if isinstance(peer, str) and peer else "127.0.0.1",  # (AppTest gives a mock object)
        st.context.headers.get("X-Forwarded-For"),
        trusted_proxies(os.environ.get(TRUSTED_PROXIES_ENV, "")),
    )


def clients() -> list[str]:
    """Rate-limiting keys of this visitor: its network address and its browser session."""
    ss = st.session_state
    if K.CLIENT not in ss:
        ss[K.CLIENT] = uuid.uuid4().hex
    return [f"ip:{client_address()}", f"session:{ss[K.CLIENT]}"]


PUBLIC_URL_ENV = "MIXDECIDE_PUBLIC_URL"  # the address people in the room use (README, "Deploying")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")


def app_url(page: str, **params: str) -> str:
    """An absolute link to another page of this app: $MIXDECIDE_PUBLIC_URL when set (the address
    phones in the room can reach, e.g. https://decide.example.ca/mix), else the address the browser
    used (scheme and host) and the app's ``server.baseUrlPath``; relative when neither is known.
    Whatever page this is called from (``/assess``, ``/workshop``), the link is the app's base
    followed by ``page``, never nested under the current page."""
    query = urlencode(params)
    public = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if public:
        return f"{public}/{page}?{query}"
    parts = urlsplit(st.context.url or "")
    base = "/".join(p for p in str(st.get_option("server.baseUrlPath") or "").split("/") if p)
    path = f"/{base}/{page}" if base else f"/{page}"
    if not parts.netloc:
        return f"{path}?{query}"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def only_here(url: str) -> bool:
    """Whether a link points at this machine (127.0.0.1, localhost): phones in the room cannot open it."""
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


# --- facilitator ---------------------------------------------------------------------------------


STRIP_KEY_JS = """<script>
(() => { const u = new URL(window.location.href);
  if (u.searchParams.has('k')) { u.searchParams.delete('k'); window.history.replaceState(window.history.state, '', u); }
})();
</script>"""


def take_facilitator_key() -> bool:
    """First thing of every run (app.py, before anything is drawn): a private facilitator link's
    key (/workshop?w=&k=) moves from the address bar into this browser session, so it leaves the
    URL before the page's first paint and a screen-share never shows it. pages/workshop.py checks
    it (a wrong key is refused there and forgotten). No other page takes ``w`` and ``k``; the page
    is not known yet here (st.context.url leaves the page's path out), and on any page a key is
    better out of the address bar."""
    qp = st.query_params
    wid, key = qp.get("w"), qp.get("k")
    if not (wid and key is not None):
        return False
    st.session_state[K.FAC] = {"w": wid, "k": key}
    del qp["k"]
    return True


def assessment_choices(current: str | None) -> dict[str, tuple[str, ...]]:
    """id -> (title, municipality, status, last change) of stored assessments, the session's own
    first: the status and time tell apart copies with the same name (review r14)."""

    def parts(r: Any) -> tuple[str, ...]:
        when = r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        title = r.title or tr("present.untitled")
        return (title, r.municipality, f"{tr('status.' + r.status)} · {when}")

    with session_scope(engine(), readonly=True) as s:
        rows, _ = list_assessments(principal=principal(), session=s, limit=PICK_LIMIT)
        out = {r.id: parts(r) for r in rows}
        if current and current not in out:
            try:
                rec = get_assessment(principal=principal(), session=s, id=current)
            except NotFound:
                return out
            out = {rec.id: parts(rec), **out}
    return out


def create(assessment_id: str, title: str, sections: list[str], facilitator: str) -> wk.Created | None:
    try:
        with session_scope(engine()) as s:
            return wk.create_workshop(
                principal=principal(),
                session=s,
                assessment_id=assessment_id,
                title=title,
                sections=sections,
                actor=sidebar_name() or facilitator,
                pack=get_pack(),
                facilitator=facilitator,
            )
    except NotFound:
        flash("error", "workshop.create.no_assessment")
    except InvalidValue as exc:
        flash("error", "workshop.create.invalid", reason=str(exc))
    except StoreError as exc:  # Forbidden: a role changed since the form was drawn; never a traceback
        flash("error", "workshop.create.refused", reason=str(exc))
    return None


def board(workshop_id: str, secret: str) -> wk.Board | None:
    """The board, or None when the facilitator link is not valid. In a team deployment a valid link
    also takes someone who may change the assessment (an editor who sees it): for anyone else it
    is exactly an invalid link, so it reveals nothing about the assessment or the workshop."""
    try:
        with session_scope(engine(), readonly=True) as s:
            b = wk.board_data(session=s, workshop_id=workshop_id, secret=secret, pack=get_pack())
            _check_member(s, b.workshop.assessment_id)
            return b
    except (wk.NotAllowed, NotFound):
        return None


def _check_member(session: Any, assessment_id: str) -> None:
    """In a team deployment the secret is not enough: the signed-in member must be able to change
    the workshop's assessment (an editor who sees it). Anyone else gets what a wrong secret gets."""
    who = principal()  # read again from the database: a role taken away counts at once
    if who.superuser:
        return
    try:
        rec = get_assessment(principal=who, session=session, id=assessment_id)
    except NotFound:
        raise wk.NotAllowed("not this workshop's facilitator") from None
    row = {k: getattr(rec, k) for k in ("org_id", "owner_sub", "visibility", "department")}
    if not can_write(who, row):
        raise wk.NotAllowed("not this workshop's facilitator")


def _facilitator(session: Any, workshop_id: str, secret: str) -> wk.WorkshopInfo:
    """Before any facilitator action: the secret, and (team mode) the signed-in member."""
    w = wk.check_facilitator(session=session, workshop_id=workshop_id, secret=secret)
    _check_member(session, w.assessment_id)
    return w


def fac_actor(w: wk.WorkshopInfo) -> str:
    """Who the history and the workshop record name for this facilitator's changes: the name in
    the sidebar (the signed-in identity in a team deployment) or else the facilitator's name given
    when the workshop was created, never "Guest" (review r17lead)."""
    return sidebar_name() or w.created_by or actor()


def sidebar_name() -> str:
    """The name typed in the sidebar ("Your name"; the signed-in identity in a team deployment), or ""."""
    named = st.session_state.get(keys.ACTOR)
    return named.strip() if isinstance(named, str) else ""


def _facilitator_refused(exc: InvalidValue | wk.NotAllowed) -> None:
    """The message for a facilitator action refused because the facilitator's name in the sidebar
    is not valid (InvalidValue) or the link is not (NotAllowed)."""
    if isinstance(exc, InvalidValue):
        flash("error", "session.save_invalid", who=str(exc), when="")
    else:
        flash("error", "workshop.bad_link")


def facilitate(action: str, workshop_id: str, secret: str, **kwargs: Any) -> None:
    """lock / unlock / close / names, as a widget callback."""
    fns: dict[str, Callable[..., Any]] = {
        "lock": wk.lock_round,
        "unlock": wk.unlock_round,
        "close": wk.close_workshop,
        "names": wk.set_show_names,
        "publish": wk.set_published,
    }
    fn = fns[action]
    if (action == "publish" and kwargs.get("published")) or action in ("lock", "unlock", "close"):
        # publishing takes a snapshot of the group's answers; locking, a new round and closing keep
        # the round's votes and group answers in the record (review r18lead #2)
        kwargs["pack"] = get_pack()
    try:
        with session_scope(engine()) as s:
            w = _facilitator(s, workshop_id, secret)
            if action in ("lock", "unlock", "close"):  # the record says who locked, opened and closed rounds
                kwargs["actor"] = fac_actor(w)
            fn(session=s, workshop_id=workshop_id, secret=secret, **kwargs)
    except wk.ResultChanged:
        flash("warning", "workshop.result.publish_changed")
    except wk.WorkshopUnavailable:
        flash("warning", "workshop.closed_already")
    except (InvalidValue, wk.NotAllowed) as exc:
        _facilitator_refused(exc)


def remove(workshop_id: str, secret: str, participant_id: str) -> None:
    """Remove a participant, as a widget callback (the message says whom)."""
    try:
        with session_scope(engine()) as s:
            w = _facilitator(s, workshop_id, secret)
            name, answers = wk.remove_participant(
                session=s,
                workshop_id=workshop_id,
                secret=secret,
                participant_id=participant_id,
                actor=fac_actor(w),
            )
    except NotFound:
        flash("warning", "workshop.remove.gone")
    except (InvalidValue, wk.NotAllowed) as exc:
        _facilitator_refused(exc)
    else:
        flash("success", "workshop.remove.done", name=name, answers=answers)


def _store_group_answer(
    session: Any, workshop_id: str, secret: str, question_id: str, value: Any, note: str, **kwargs: Any
) -> wk.ConsensusEntry:
    """Store one group answer (``kwargs``: ``actor``, the facilitator it is recorded under, and the
    save's ``expected`` version and ``window``)."""
    return wk.set_consensus(
        session=session,
        workshop_id=workshop_id,
        secret=secret,
        question_id=question_id,
        value=value,
        note=note,
        pack=get_pack(),
        **kwargs,
    )


def _invalid_group_answer(exc: Exception) -> None:
    flash("error", "workshop.consensus.invalid", reason=str(exc))


def set_consensus(
    workshop_id: str, secret: str, values: dict[str, tuple[Any, str]], *, confirm: bool = True
) -> bool:
    """Save group answers: question -> (value, note). All or nothing. A failure is always a
    message; a success only with ``confirm`` (the page may confirm next to the control instead)."""
    try:
        with session_scope(engine()) as s:
            w = _facilitator(s, workshop_id, secret)
            for qid, (value, note) in values.items():
                _store_group_answer(s, workshop_id, secret, qid, value, note, actor=fac_actor(w))
    except (InvalidValue, AnswerError) as exc:
        _invalid_group_answer(exc)
        return False
    except wk.NotAllowed:
        flash("error", "workshop.bad_link")
        return False
    except wk.WorkshopUnavailable:
        flash("warning", "workshop.closed_already")
        return False
    if confirm:
        flash("success", "workshop.consensus.saved", n=len(values))
    return True


def set_group_answer(
    workshop_id: str, secret: str, question_id: str, value: Any, note: str, expected: Any
) -> tuple[str, wk.ConsensusEntry | None]:
    """Save one group answer if nobody changed it since this window read it (``expected``: the
    ``set_at`` it read, None when there was none). ("saved", entry); ("changed", what it now is)
    when another facilitator window changed it meanwhile (nothing stored); ("failed", None) with
    a message otherwise."""
    try:
        with session_scope(engine()) as s:
            w = wk.check_facilitator(session=s, workshop_id=workshop_id, secret=secret)
            entry = _store_group_answer(
                s,
                workshop_id,
                secret,
                question_id,
                value,
                note,
                actor=fac_actor(w),
                expected=expected,
                window=window(),
            )
    except wk.ConsensusChanged as exc:
        return "changed", exc.current
    except (InvalidValue, AnswerError) as exc:
        _invalid_group_answer(exc)
        return "failed", None
    except (wk.WorkshopUnavailable, wk.NotAllowed):
        flash("warning", "workshop.closed_already")
        return "failed", None
    return "saved", entry


WINDOW_COOKIE = "mixdecide_window"  # this browser session's facilitator-window id (a session cookie)
WINDOW_CHARS = re.compile(r"[0-9a-f]{12}")


def _window_cookie() -> str:
    """The window id this browser session kept (session cookie), or ""."""
    try:
        raw = st.context.cookies.get(WINDOW_COOKIE)
    except Exception:  # noqa: BLE001 - no browser behind this session (AppTest, a script)
        return ""
    return raw if isinstance(raw, str) and WINDOW_CHARS.fullmatch(raw) else ""


def window() -> str:
    """This facilitator window: the workshop record calls a change "from a second facilitator
    window" only when another window made it. It is the browser session's, not the Streamlit
    session's (review r17lead #2: a reload starts a new Streamlit session, and one facilitator's
    saves before and after a reload were logged as two windows'): the browser keeps it in a
    session cookie (``keep_window``), read again by the next Streamlit session."""
    ss = st.session_state
    if K.WINDOW not in ss:
        ss[K.WINDOW] = _window_cookie() or uuid.uuid4().hex[:12]
    return str(ss[K.WINDOW])


def keep_window(where: Any) -> None:
    """Have the browser keep this window's id for the browser session (once per Streamlit session),
    drawn in ``where`` (the sidebar: nothing in the main area moves)."""
    ss = st.session_state
    wid = window()
    if ss.get(K.WINDOW_KEPT) or _window_cookie() == wid:
        return
    ss[K.WINDOW_KEPT] = True
    set_cookie(where, f"{WINDOW_COOKIE}={wid}; path=/; SameSite=Strict")


def set_cookie(where: Any, cookie: str) -> None:
    """Have the browser store ``cookie`` (a whole ``name=value; attributes`` string, every part of it
    from the app or percent-encoded), by a script drawn in ``where``; JSON-quoted, so nothing in
    it can close the script tag."""
    where.html(f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True)


def record(board: wk.Board) -> dict[str, Any]:
    """The workshop record for the report (``mixdecide.workshop.record``): the board, plus rounds
    and overrides from the assessment's audit trail."""
    from mixdecide.workshop.record import events, workshop_record

    with session_scope(engine(), readonly=True) as s:
        return workshop_record(board, events(s, board))


def apply(workshop_id: str, secret: str) -> None:
    """Save the group's answers as the assessment's; reload it if this session has it open."""
    ss = st.session_state
    try:
        with session_scope(engine()) as s:
            w = _facilitator(s, workshop_id, secret)
            version = wk.apply_consensus(
                principal=principal(),
                session=s,
                workshop_id=workshop_id,
                secret=secret,
                pack=get_pack(),
                actor=fac_actor(w),
            )
            w = wk.check_facilitator(session=s, workshop_id=workshop_id, secret=secret)
            record = get_assessment(principal=principal(), session=s, id=w.assessment_id)
    except StaleSave:
        flash("warning", "workshop.apply.stale")
        return
    except (StoreError, AnswerError) as exc:
        flash("error", "workshop.apply.failed", reason=str(exc))
        return
    if ss.get("assessment_id") == record.id:
        open_assessment(record)
    flash("success", "workshop.apply.done", version=version)


def open_assessment(record: AssessmentRecord) -> None:
    """Make ``record`` the session's current assessment (what the other pages show)."""
    meta = {k: getattr(record, k) for k in ("title", "municipality", "department", "owner", "status")}
    load_into_session(
        answers=record.answers,
        notes=record.notes,
        checklist=record.checklist,
        meta=meta,
        assessment_id=record.id,
        version=record.version,
        outcome=record.outcome,
    )


def load_assessment(assessment_id: str) -> bool:
    try:
        with session_scope(engine(), readonly=True) as s:
            open_assessment(get_assessment(principal=principal(), session=s, id=assessment_id))
    except NotFound:
        return False
    return True


# --- participant ---------------------------------------------------------------------------------


def join(code: str, name: str, previous: str = "") -> wk.Joined | None:
    """Join; ``previous``: this browser's last participant link, which no longer works (a removed
    participant joining again is shown to the facilitator as a rejoin)."""
    try:
        with session_scope(engine()) as s:
            joined = wk.join(session=s, code=code, name=name, clients=clients(), previous=previous)
    except wk.RateLimited as exc:
        flash("error", f"join.rate_limited_{exc.scope}", **_wait(exc.retry_after))
        return None
    except InvalidValue:
        flash("error", "join.bad_name", limit=NAME_MAX)
        return None
    except wk.WorkshopUnavailable:
        flash("error", "join.full")
        return None
    if joined is None:
        flash("error", "join.bad_code")
    return joined


def _wait(seconds: int) -> dict[str, int]:
    """How long to wait, in seconds (at least one) for the message."""
    return {"seconds": max(1, int(seconds))}


def code_exists(code: str) -> bool | None:
    """Whether a code from the URL finds an open workshop (None when rate-limited)."""
    try:
        with session_scope(engine()) as s:
            return wk.get_by_code(session=s, code=code, clients=clients()) is not None
    except wk.RateLimited:
        return None


def participant(token: str) -> wk.ParticipantView | None:
    with session_scope(engine(), readonly=True) as s:
        return wk.rejoin(session=s, token=token)


def round_status(token: str) -> tuple[str, int, bool, bool, str] | None:
    """(status, round, published, show_names, published at) of the participant's workshop; None for a link that no longer works."""
    with session_scope(engine(), readonly=True) as s:
        return wk.round_status(session=s, token=token)


def project_context(
    token: str,
) -> tuple[
    dict[str, str], list[tuple[str, str]], dict[str, Any] | None, dt.datetime | None, str | None, int | None
]:
    """For a participant's device: the project's details (title, municipality, department, owner),
    its facts (value, date needed, problem: ``workshop.context.project_facts``), and the group's
    answers as the facilitator last published them with when and, in this session's language, the
    warning published with them when an answer the workshop did not cover decides the first route
    (else None, None, None), and the round it was published in (None: not recorded)."""
    with session_scope(engine(), readonly=True) as s:
        view = wk.rejoin(session=s, token=token)
        if view is None:
            return {}, [], None, None, None, None
        try:
            rec = get_assessment(principal=principal(), session=s, id=view.workshop.assessment_id)
        except NotFound:
            return {}, [], None, None, None, None
        details = {f: getattr(rec, f) for f in ("title", "municipality", "department", "owner")}
        asked = wk.section_questions(get_pack(), view.workshop.sections)
        facts = project_facts(get_pack(), rec.answers, rec.notes, rec.updated_at.date(), lang(), asked)
        published = wk.published_result(session=s, token=token, pack=get_pack())
        if published is None:
            return details, facts, None, None, None, None
        outside = (published.outside or {}).get(lang())
        return details, facts, published.answers, published.at, outside, published.round


def _participant_refused(exc: wk.RoundLocked | wk.WorkshopUnavailable) -> None:
    """The message for a participant's save refused: the round is locked, or the workshop closed."""
    flash("warning", "join.locked_not_saved" if isinstance(exc, wk.RoundLocked) else "join.closed")


def save_answer(token: str, question_id: str, value: Any) -> bool:
    """Whether the answer was saved (a message says why not)."""
    try:
        with session_scope(engine()) as s:
            wk.save_participant_answer(
                session=s, token=token, question_id=question_id, value=value, pack=get_pack()
            )
    except (wk.RoundLocked, wk.WorkshopUnavailable) as exc:
        _participant_refused(exc)
    except (InvalidValue, AnswerError):
        flash("error", "join.invalid_answer")
    else:
        return True
    return False


def finish(token: str) -> None:
    try:
        with session_scope(engine()) as s:
            wk.set_finished(session=s, token=token)
    except (wk.RoundLocked, wk.WorkshopUnavailable) as exc:
        _participant_refused(exc)
    else:
        flash("success", "join.finished_thanks")
