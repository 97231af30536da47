"""Who may see the open assessment (team mode): its visibility, its read-only links.

Drawn on the Assess page under the project details. The owner and the organisation's admins change
it; everyone else reads what it is. Every change is in the assessment's history.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from mixdecide.store import (
    Forbidden,
    NotFound,
    StoreError,
    create_share_link,
    get_assessment,
    revoke_share_links,
    session_scope,
    set_visibility,
)
from mixdecide.store.access import VISIBILITIES, can_manage
from ui import auth, keys, messages
from ui.db import engine
from ui.state import tr
from ui.workshop_data import app_url

VIS_WIDGET = "w.visibility"
DAYS_WIDGET = "w.share_days"
LINK_DAYS_MAX = 90
NEW_LINK = "share.new_link"  # (assessment id, link, expiry): shown once, right after it was made


def _current() -> tuple[str, bool] | None:
    """(visibility, may change it) of the open assessment, None when there is none to share."""
    aid = st.session_state.get(keys.ASSESSMENT_ID)
    if not aid:
        return None
    who = auth.principal()
    try:
        with session_scope(engine(), readonly=True) as s:
            rec = get_assessment(principal=who, session=s, id=aid)
    except NotFound:
        return None
    row = {"org_id": rec.org_id, "owner_sub": rec.owner_sub, "visibility": rec.visibility}
    return rec.visibility, can_manage(who, row)


def _bump_version() -> None:
    aid = st.session_state[keys.ASSESSMENT_ID]
    with session_scope(engine(), readonly=True) as s:
        st.session_state[keys.VERSION] = get_assessment(principal=auth.principal(), session=s, id=aid).version


def _on_visibility() -> None:
    wanted = str(st.session_state.get(VIS_WIDGET) or "")
    try:
        with session_scope(engine()) as s:
            set_visibility(
                principal=auth.principal(),
                session=s,
                id=st.session_state[keys.ASSESSMENT_ID],
                visibility=wanted,
            )
        _bump_version()
        messages.flash("success", "sharing.saved", visibility=tr(f"sharing.vis_{wanted}"))
    except (Forbidden, NotFound, StoreError) as exc:
        messages.flash("error", "sharing.failed", reason=str(exc))


def _on_make_link() -> None:
    days = int(st.session_state.get(DAYS_WIDGET) or 7)
    if not 1 <= days <= LINK_DAYS_MAX:  # never another length than the one asked for
        messages.flash("error", "sharing.failed", reason=tr("sharing.days_range", most=LINK_DAYS_MAX))
        return
    aid = st.session_state[keys.ASSESSMENT_ID]
    try:
        with session_scope(engine()) as s:
            link = create_share_link(
                principal=auth.principal(),
                session=s,
                id=aid,
                expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=days),
            )
        url = app_url("recommendation", a=aid, s=link.token)
        st.session_state[NEW_LINK] = (aid, url, f"{link.expires_at:%Y-%m-%d %H:%M} UTC")
    except (Forbidden, NotFound, StoreError) as exc:
        messages.flash("error", "sharing.failed", reason=str(exc))


def _on_revoke() -> None:
    try:
        with session_scope(engine()) as s:
            n = revoke_share_links(
                principal=auth.principal(), session=s, id=st.session_state[keys.ASSESSMENT_ID]
            )
        st.session_state.pop(NEW_LINK, None)
        messages.flash("success", "sharing.revoked", n=n)
    except (Forbidden, NotFound, StoreError) as exc:
        messages.flash("error", "sharing.failed", reason=str(exc))


def panel() -> None:
    """The sharing box (team mode, a stored assessment the person can see)."""
    if not auth.team():
        return
    current = _current()
    if current is None:
        return
    visibility, may_change = current
    with st.expander(tr("sharing.title"), icon=":material/lock:"):
        if not may_change:
            st.caption(tr("sharing.read_only", visibility=tr(f"sharing.vis_{visibility}")))
            return
        st.session_state[VIS_WIDGET] = visibility
        st.radio(
            tr("sharing.visibility"),
            VISIBILITIES,
            format_func=lambda v: tr(f"sharing.vis_{v}"),
            key=VIS_WIDGET,
            on_change=_on_visibility,
            captions=[tr(f"sharing.vis_{v}_help") for v in VISIBILITIES],
        )
        if visibility != "link":
            return
        cols = st.columns([1, 1, 1], vertical_alignment="bottom")
        # a slider, not a number box: 999 typed in a box was refused by the browser, which then
        # sent the old 7, so a 7-day link was made under the error (r15attack #5)
        cols[0].slider(
            tr("sharing.days"), min_value=1, max_value=LINK_DAYS_MAX, value=7, step=1, key=DAYS_WIDGET
        )
        cols[1].button(
            tr("sharing.make_link"), on_click=_on_make_link, key="share.make", icon=":material/link:"
        )
        cols[2].button(
            tr("sharing.revoke"), on_click=_on_revoke, key="share.revoke", icon=":material/link_off:"
        )
        made = st.session_state.get(NEW_LINK)
        if made and made[0] == st.session_state.get(keys.ASSESSMENT_ID):
            st.caption(tr("sharing.link_once", until=made[2]))
            st.code(made[1], language=None)
