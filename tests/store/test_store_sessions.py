"""Sign-out ends a sign-in for good (issue 15, review r15 #1): the store remembers which ID tokens a
member signed out of, so a sign-in cookie copied to another browser stops working on every server;
a new sign-in counts at once, even in the same second. And sign-in failures per client address are
counted in the database with a doubling backoff (#5)."""

from __future__ import annotations

import datetime as dt

from mixdecide.store import load_principal, session_scope, sign_in, sign_in_current, sign_out
from mixdecide.store.models import utcnow
from mixdecide.workshop import ratelimit as rl


def _member(engine, subject="sub-owen"):
    with session_scope(engine) as s:
        sign_in(session=s, subject=subject, email="owen@guelph.ca", name="Owen", org="guelph")


def _current(engine, iat, nonce="n1", subject="sub-owen"):
    with session_scope(engine, readonly=True) as s:
        return sign_in_current(session=s, subject=subject, issued_at=iat, nonce=nonce)


def _out(engine, iat, nonce="n1", subject="sub-owen"):
    with session_scope(engine) as s:
        sign_out(session=s, subject=subject, issued_at=iat, nonce=nonce)


def test_signing_out_ends_that_sign_in_and_earlier_ones_but_not_a_new_one(engine):
    _member(engine)
    _member(engine, "sub-lou")
    t = 1_800_000_000
    assert _current(engine, t) and _current(engine, t - 600, "old")
    _out(engine, t)
    assert not _current(engine, t)  # the copied cookie of the signed-out sign-in
    assert not _current(engine, t - 600, "old")  # an older sign-in of the same member
    assert not _current(engine, None)  # a token without an issue time proves nothing
    assert _current(engine, t, "n2")  # a new sign-in in the same second (another nonce)
    assert _current(engine, t + 1, "n3")
    assert _current(engine, t - 600, "old", subject="sub-lou")  # another member is untouched
    # signing out of an older sign-in afterwards does not bring the ended one back
    _out(engine, t - 600, "old")
    assert not _current(engine, t) and _current(engine, t + 1, "n3")
    _out(engine, t + 1, "n3")
    assert not _current(engine, t + 1, "n3") and not _current(engine, t, "n2")
    with session_scope(engine, readonly=True) as s:  # the member (role, organisation) stays
        assert load_principal(session=s, subject="sub-owen").role == "viewer"


def test_sign_in_failures_per_address_wait_with_a_doubling_backoff(engine):
    now = utcnow()
    office, home = "203.0.113.9", "198.51.100.7"
    with session_scope(engine) as s:
        for i in range(rl.LIMITS["signin"] - 1):
            rl.record_signin_attempt(session=s, address=office, now=now + dt.timedelta(seconds=i))
        rl.record_signin_attempt(session=s, address=office, now=now + dt.timedelta(seconds=20))
        rl.signin_completed(session=s, address=office)  # one of them completed: taken back
        assert rl.signin_wait(session=s, address=office, now=now + dt.timedelta(seconds=21)) == 0
        rl.record_signin_attempt(session=s, address=office, now=now + dt.timedelta(seconds=21))
        first = rl.signin_wait(session=s, address=office, now=now + dt.timedelta(seconds=21))
        assert 29 <= first <= 31  # 30 s after the 10th unfinished sign-in
        assert rl.signin_wait(session=s, address=home, now=now + dt.timedelta(seconds=21)) == 0
        rl.record_signin_attempt(session=s, address=office, now=now + dt.timedelta(seconds=60))
        assert 59 <= rl.signin_wait(session=s, address=office, now=now + dt.timedelta(seconds=60)) <= 61
        assert rl.signin_wait(session=s, address=office, now=now + dt.timedelta(seconds=122)) == 0
