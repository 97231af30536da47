"""Who is using this session: the local user (single-user mode) or a signed-in member (team).

Team mode is on when ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit's own
``st.login``, OpenID Connect). Every store call of the pages passes ``principal()``; the store
decides what it may see and change. Without ``[auth]`` nothing changes: the local user sees and
changes everything, and the sidebar says "single-user mode".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from mixdecide.auth import AuthConfigError, TeamSettings, check_auth_section, organisation_of, team_settings
from mixdecide.store import (
    LOCAL,
    Principal,
    access,
    load_principal,
    session_scope,
    sign_in,
    sign_in_current,
    sign_out,
)
from mixdecide.store.models import utcnow
from mixdecide.store.records import StoreError
from mixdecide.text import md_escape
from mixdecide.workshop import ratelimit
from ui import keys
from ui.db import engine
from ui.state import tr

SIGNED_IN = "auth.subject"  # the subject this session signed in (sign_in ran once for it)
PRINCIPAL = "auth.principal"  # this run's principal (set by ``boot``)
READ_ONLY = "auth.read_only"  # this run: the open assessment may be read but not changed
REFUSED = "auth.refused"  # the subject whose refused sign-in this session already counted
SHARE = "s"  # query parameter of a read-only share link
# Pages someone who is not signed in can open: joining a workshop with its code, and the read-only
# result pages of an assessment shared by link.
OPEN_PAGES = ("join",)
LINK_PAGES = ("recommendation", "risk", "checklist", "present", "rules")


def _section(name: str) -> Mapping[str, Any] | None:
    try:
        if not st.secrets.load_if_toml_exists():  # no secrets file at all: single-user mode
            return None
        value = st.secrets.get(name)
    except Exception:
        return None
    return dict(value) if isinstance(value, Mapping) else None


def auth_section() -> Mapping[str, Any] | None:
    return _section("auth")


def team() -> bool:
    """Sign-in configured: team mode."""
    return auth_section() is not None


def settings() -> TeamSettings:
    return team_settings(_section("mixdecide"))


def principal() -> Principal:
    """The principal of this run (LOCAL in single-user mode). A member's is read again from the
    database at each call: a widget's callback runs before ``boot``, and must not act on a role
    an admin took away, nor for a sign-in its owner ended (a copied cookie's session)."""
    p = st.session_state.get(PRINCIPAL)
    if not isinstance(p, Principal):
        return LOCAL if not team() else access.ANONYMOUS
    if p.superuser or not p.member:
        return p
    claims = _claims()
    with session_scope(engine(), readonly=True) as s:
        if claims.get("sub") != p.subject or not sign_in_current(
            session=s, subject=p.subject, issued_at=claims.get("iat"), nonce=claims.get("nonce") or ""
        ):
            return access.ANONYMOUS
        return load_principal(session=s, subject=p.subject, shares=p.shares)


def _claims() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def boot(page: str) -> None:
    """Called by app.py each run, before the page: decide the mode and the principal, and in team
    mode stop with the sign-in screen when the page needs a signed-in member."""
    ss = st.session_state
    section = auth_section()
    access.configure(team=section is not None)
    if section is None:
        ss[PRINCIPAL] = LOCAL
        return
    try:
        check_auth_section(section)
        conf = settings()
    except AuthConfigError as exc:
        st.error(tr("auth.misconfigured", why=md_escape(str(exc), inline=True)), icon=":material/lock:")
        st.stop()
    share = str(st.query_params.get(SHARE) or "")
    claims = _claims()
    signed_out = False
    if claims.get("is_logged_in"):
        with session_scope(engine(), readonly=True) as s:
            signed_out = not sign_in_current(
                session=s,
                subject=str(claims.get("sub") or ""),
                issued_at=claims.get("iat"),
                nonce=claims.get("nonce") or "",
            )
    if not claims.get("is_logged_in") or signed_out:
        ss.pop(SIGNED_IN, None)
        ss[PRINCIPAL] = access.ANONYMOUS.with_share(share)
        if page in OPEN_PAGES or (share and page in LINK_PAGES):
            return
        _sign_in_screen(signed_out=signed_out)
        st.stop()
    subject = str(claims.get("sub") or "")
    org = organisation_of(claims, conf)
    if not subject or org is None:
        ss[PRINCIPAL] = access.ANONYMOUS
        if ss.get(REFUSED) != subject:  # a refused sign-in counts against the address, once
            ss[REFUSED] = subject
            with session_scope(engine()) as s:
                ratelimit.record_signin_attempt(session=s, address=client_address())
        st.error(tr("auth.no_organisation", email=md_escape(str(claims.get("email") or "?"), inline=True)))
        st.button(tr("auth.sign_out"), on_click=_sign_out, key="auth.out_refused", icon=":material/logout:")
        st.stop()
    try:
        if ss.get(SIGNED_IN) != subject:
            with session_scope(engine()) as s:
                p = sign_in(
                    session=s,
                    subject=subject,
                    email=str(claims.get("email") or ""),
                    name=str(claims.get("name") or ""),
                    org=org,
                    admins=conf.admins,
                    default_role=conf.default_role,
                )
                ratelimit.signin_completed(session=s, address=client_address())
            ss[SIGNED_IN] = subject
        with session_scope(engine(), readonly=True) as s:  # every run: a changed role applies at once
            p = load_principal(session=s, subject=subject)
    except StoreError as exc:
        st.error(tr("auth.sign_in_failed", why=md_escape(str(exc), inline=True)))
        st.stop()
    ss[PRINCIPAL] = p.with_share(share)
    ss[keys.ACTOR] = p.label


def client_address() -> str:
    from ui.workshop_data import client_address as address  # imports this module

    return address()


def _start_sign_in() -> None:
    """The sign-in button: count the attempt for this address (a sign-in that completes takes it
    back), then hand over to the identity provider, unless the address must wait."""
    with session_scope(engine()) as s:
        if ratelimit.signin_wait(session=s, address=client_address(), now=utcnow()):
            return  # the next run says how long; no redirect
        ratelimit.record_signin_attempt(session=s, address=client_address())
    st.login()


def _sign_out() -> None:
    """End this sign-in in the database first (a copy of the cookie in another browser stops
    working too), then Streamlit's own sign-out (cookie, provider)."""
    claims = _claims()
    subject = str(claims.get("sub") or "")
    if subject:
        with session_scope(engine()) as s:
            sign_out(session=s, subject=subject, issued_at=claims.get("iat"), nonce=claims.get("nonce") or "")
    st.session_state.pop(SIGNED_IN, None)
    st.logout()


# Pages that show or change the open assessment: a read-only reader gets the note at their top.
ASSESSMENT_PAGES = ("assess", "plan", "risk", "checklist", "recommendation", "present", "rules")


def settle_read_only() -> bool:
    """Decide, once per run after the assessment is loaded, whether this person may only read it:
    team mode and not allowed to change it (a viewer, someone holding a share link, an editor who
    sees it only through a link). Every answer widget is then disabled and nothing is stored."""
    ss = st.session_state
    ss[READ_ONLY] = False
    if not team():
        return False
    who = principal()
    if not who.editor:
        ss[READ_ONLY] = True
        return True
    aid = ss.get(keys.ASSESSMENT_ID)
    if aid:
        from mixdecide.store import NotFound, get_assessment

        try:
            with session_scope(engine(), readonly=True) as s:
                rec = get_assessment(principal=who, session=s, id=aid)
        except NotFound:
            return False
        row = {
            "org_id": rec.org_id,
            "owner_sub": rec.owner_sub,
            "visibility": rec.visibility,
            "department": rec.department,
        }
        ss[READ_ONLY] = not access.can_write(who, row)
    return bool(ss[READ_ONLY])


def read_only() -> bool:
    """This run's answer (``settle_read_only``): True disables every input that changes the
    assessment."""
    return bool(st.session_state.get(READ_ONLY))


def read_only_note(page: str) -> None:
    """The note at the top of an assessment page for someone who may only read it."""
    if page in ASSESSMENT_PAGES and read_only():
        who = principal()
        reason = "viewer" if who.member and not who.editor else ("link" if not who.member else "other")
        st.info(tr(f"auth.read_only_{reason}"), icon=":material/visibility:")


def _sign_in_screen(*, signed_out: bool = False) -> None:
    from ui.nav import language_switch  # nav draws the signed-in sidebar, which imports this module

    st.title(tr("app.name"))
    if signed_out:
        st.warning(tr("auth.signed_out"), icon=":material/logout:")
    st.info(tr("auth.sign_in_needed"), icon=":material/lock:")
    with session_scope(engine(), readonly=True) as s:
        wait = ratelimit.signin_wait(session=s, address=client_address(), now=utcnow())
    if wait:
        st.error(tr("auth.too_many_sign_ins", seconds=wait), icon=":material/timer:")
    else:
        st.button(
            tr("auth.sign_in"),
            on_click=_start_sign_in,
            type="primary",
            key="auth.in",
            icon=":material/login:",
        )
    language_switch(st, key="w.lang_sign_in")


def sidebar_identity() -> None:
    """Single-user mode, or who is signed in (organisation, role) with the sign-out button."""
    if not team():
        st.caption(tr("auth.single_user"), help=tr("auth.single_user_help"))
        return
    p = principal()
    if not p.member:
        return
    st.caption(
        tr(
            "auth.signed_in_as",
            who=md_escape(p.label, inline=True),
            org=md_escape(p.org, inline=True),
            role=tr(f"auth.role_{p.role}"),
        )
    )
    st.button(tr("auth.sign_out"), on_click=_sign_out, key="auth.out", icon=":material/logout:")
