"""Off-boarding (r15deploy F2): an admin deactivates a member; from then on the member has no
principal (every run re-reads it), cannot sign in again, and the change is in the organisation's
trail. Guards: not oneself, not the last active admin, not another organisation's member."""

from __future__ import annotations

import pytest

from mixdecide.store import (
    Forbidden,
    InvalidValue,
    NoSuchMember,
    load_principal,
    make_engine,
    member_trail,
    session_scope,
    set_active,
    set_role,
    sign_in,
    upgrade,
)


@pytest.fixture
def engine(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'team.db'}")
    upgrade(eng)
    yield eng
    eng.dispose()


def _join(engine, subject: str, org: str = "guelph", role: str = "viewer"):
    with session_scope(engine) as s:
        return sign_in(session=s, subject=subject, email=f"{subject}@{org}.ca", name=subject.title(),
                       org=org, default_role=role)  # fmt: skip


def test_deactivated_member_is_refused_until_reactivated_and_it_is_audited(engine):
    ida = _join(engine, "ida", role="admin")
    _join(engine, "jane", role="editor")
    with session_scope(engine) as s:
        set_active(session=s, subject="jane", active=False, principal=ida)
    with session_scope(engine) as s, pytest.raises(Forbidden, match="deactivated"):
        load_principal(session=s, subject="jane")
    with pytest.raises(Forbidden, match="deactivated"):  # signing in again at the provider
        _join(engine, "jane", role="editor")
    with session_scope(engine) as s:
        trail = member_trail(session=s, principal=ida)
    assert (trail[0][1], trail[0][2], trail[0][3], trail[0][4], trail[0][5]) == (
        "Ida <ida@guelph.ca>", "member_deactivated", "jane", "active", "inactive",
    )  # fmt: skip
    with session_scope(engine) as s:
        set_active(session=s, subject="jane", active=True, principal=ida)
    with session_scope(engine) as s:
        assert load_principal(session=s, subject="jane").role == "editor"  # the role kept
        assert member_trail(session=s, principal=ida)[0][2] == "member_reactivated"


def test_guards_self_last_admin_other_organisation_and_non_admins(engine):
    ida = _join(engine, "ida", role="admin")
    bob = _join(engine, "bob", org="kitchener", role="admin")
    jane = _join(engine, "jane", role="editor")
    with session_scope(engine) as s, pytest.raises(InvalidValue, match="yourself"):
        set_active(session=s, subject="ida", active=False, principal=ida)
    with session_scope(engine) as s, pytest.raises(NoSuchMember):
        set_active(session=s, subject="jane", active=False, principal=bob)
    with session_scope(engine) as s, pytest.raises(Forbidden):
        set_active(session=s, subject="ida", active=False, principal=jane)
    # a second admin may deactivate the first, but then the last active admin cannot step down
    with session_scope(engine) as s:
        set_role(session=s, subject="jane", role="admin", principal=ida)
    jane = _join(engine, "jane")
    with session_scope(engine) as s:
        set_active(session=s, subject="ida", active=False, principal=jane)
    with session_scope(engine) as s, pytest.raises(InvalidValue, match="at least one admin"):
        set_role(session=s, subject="jane", role="viewer", principal=jane)
