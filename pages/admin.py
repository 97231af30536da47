"""Members (team mode, admins only): who is in the organisation, their role and department, and
every change made to them."""

from ui.boot import require_app

require_app()


import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from mixdecide.store import (  # noqa: E402
    Forbidden,
    InvalidValue,
    NoSuchMember,
    list_members,
    member_trail,
    session_scope,
    set_active,
    set_department,
    set_role,
)
from mixdecide.store.models import ROLES  # noqa: E402
from ui import messages  # noqa: E402
from ui.auth import principal  # noqa: E402
from ui.db import engine  # noqa: E402
from ui.state import tr  # noqa: E402

ss = st.session_state
st.title(tr("admin.title"))
who = principal()
if not (who.member and who.admin):
    # the same words as for any page someone may not use: nothing about the members is shown
    st.error(tr("admin.admins_only"), icon=":material/lock:")
    st.stop()

with session_scope(engine(), readonly=True) as s:
    members = list_members(principal=who, session=s)
    trail = member_trail(principal=who, session=s, limit=50)

st.caption(tr("admin.intro", org=who.org))
st.dataframe(
    pd.DataFrame(
        {
            tr("admin.name"): [m.name for m in members],
            tr("admin.email"): [m.email for m in members],
            tr("admin.role"): [tr(f"auth.role_{m.role}") for m in members],
            tr("admin.department"): [m.department for m in members],
            tr("admin.status"): [
                tr("admin.status_inactive" if m.deactivated_at else "admin.status_active") for m in members
            ],
            tr("admin.last_seen"): [
                f"{m.last_seen_at:%Y-%m-%d %H:%M}" if m.last_seen_at else "" for m in members
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)

by_subject = {m.subject: m for m in members}


def _save() -> None:
    subject = ss.get("admin.member")
    if subject not in by_subject:
        return
    try:
        with session_scope(engine()) as s:
            set_role(principal=who, session=s, subject=subject, role=ss["admin.role"])
            set_department(principal=who, session=s, subject=subject, department=ss.get("admin.dept") or "")
        messages.flash("success", "admin.saved", who=by_subject[subject].name or by_subject[subject].email)
    except (InvalidValue, NoSuchMember, Forbidden) as exc:
        messages.flash("error", "admin.failed", reason=str(exc))


def _set_active(active: bool) -> None:
    subject = ss.get("admin.member")
    if subject not in by_subject:
        return
    m = by_subject[subject]
    try:
        with session_scope(engine()) as s:
            set_active(principal=who, session=s, subject=subject, active=active)
        messages.flash(
            "success", "admin.reactivated" if active else "admin.deactivated", who=m.name or m.email
        )
    except (InvalidValue, NoSuchMember, Forbidden) as exc:
        messages.flash("error", "admin.failed", reason=str(exc))


def _seed() -> None:
    m = by_subject.get(str(ss.get("admin.member") or ""))
    if m:
        ss["admin.role"] = m.role
        ss["admin.dept"] = m.department


st.subheader(tr("admin.change"))
if members:
    ss.setdefault("admin.member", members[0].subject)
    if ss["admin.member"] not in by_subject:
        ss["admin.member"] = members[0].subject
    st.selectbox(
        tr("admin.member"),
        list(by_subject),
        format_func=lambda s: f"{by_subject[s].name} <{by_subject[s].email}>",
        key="admin.member",
        on_change=_seed,
    )
    if "admin.role" not in ss:
        _seed()
    cols = st.columns(2)
    cols[0].segmented_control(
        tr("admin.role"), ROLES, format_func=lambda r: tr(f"auth.role_{r}"), key="admin.role", required=True
    )
    cols[1].text_input(
        tr("admin.department"), key="admin.dept", max_chars=120, help=tr("admin.department_help")
    )
    b1, b2 = st.columns([1, 3])
    b1.button(tr("admin.save"), on_click=_save, type="primary", key="admin.save", icon=":material/save:")
    chosen = by_subject.get(str(ss.get("admin.member") or ""))
    if chosen is not None and chosen.deactivated_at:
        b2.button(
            tr("admin.reactivate"), on_click=_set_active, args=(True,), key="admin.reactivate",
            icon=":material/person_check:",
        )  # fmt: skip
    elif chosen is not None and chosen.subject != who.subject:
        b2.button(
            tr("admin.deactivate"), on_click=_set_active, args=(False,), key="admin.deactivate",
            icon=":material/person_off:", help=tr("admin.deactivate_help"),
        )  # fmt: skip


def _shown(value: object) -> str:
    """A role, department or {role, email} as a reader wants it: roles in their words."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(_shown(v) for v in value.values())
    text = str(value)
    if text in ("active", "inactive"):
        return tr(f"admin.status_{text}")
    return tr(f"auth.role_{text}") if text in ROLES else text


st.subheader(tr("admin.history"))
if trail:
    st.dataframe(
        pd.DataFrame(
            {
                tr("history.when"): [f"{at:%Y-%m-%d %H:%M}" for at, *_ in trail],
                tr("history.who"): [actor for _, actor, *_ in trail],
                tr("admin.what"): [tr(f"admin.action_{a}") for _, _, a, *_ in trail],
                tr("admin.member"): [
                    (by_subject[t].email if t in by_subject else t) or "" for _, _, _, t, *_ in trail
                ],
                tr("admin.before"): [_shown(o) for *_, o, _ in trail],
                tr("admin.after"): [_shown(n) for *_, n in trail],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(tr("admin.no_history"))
