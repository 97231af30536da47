"""Join-code guesses and joins, rate-limited in the database (so across app servers): by browser
session and by a trusted, normalised address, with exponential backoff per key; a correct code
from a fresh browser is never blocked by someone else's typos unless the code space is under
attack; a room behind one address is not locked out by one person."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.store import session_scope
from mixdecide.store.db import make_engine
from mixdecide.store.models import utcnow
from mixdecide.workshop import RateLimited, get_by_code, join
from mixdecide.workshop import ratelimit as rl

OFFICE = "ip:203.0.113.9"


def _wrong(code: str) -> str:
    return "222222" if code != "222222" else "333333"


def _get(engine, code, clients, now=None):
    with session_scope(engine) as s:
        return get_by_code(session=s, code=code, clients=clients, now=now)


def _join(engine, code, clients, name="Sam", now=None):
    with session_scope(engine) as s:
        return join(session=s, code=code, name=name, clients=clients, now=now)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", "127.0.0.1"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::9", "2001:db8:1:2::/64"),  # the same household
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", None),
        ("", None),
    ],
)
def test_addresses_are_normalised(raw, key):
    assert rl.normalise_address(raw) == key


def test_forwarded_for_is_believed_only_from_a_trusted_proxy():
    proxies = rl.trusted_proxies("10.0.0.0/8, ::ffff:192.0.2.1, nonsense")
    assert len(proxies) == 2
    # no proxy configured: the header is anyone's to forge
    assert rl.client_address("198.51.100.7", "1.2.3.4", []) == "198.51.100.7"
    # a peer that is not a trusted proxy: ignored as well
    assert rl.client_address("198.51.100.7", "1.2.3.4", proxies) == "198.51.100.7"
    # through the trusted proxy: the nearest untrusted hop, never the forgeable left end
    assert rl.client_address("10.1.1.1", "6.6.6.6, 203.0.113.9", proxies) == "203.0.113.9"
    assert rl.client_address("10.1.1.1", "6.6.6.6, 203.0.113.9, 10.2.2.2", proxies) == "203.0.113.9"
    assert rl.client_address("::ffff:192.0.2.1", "::ffff:203.0.113.9", proxies) == "203.0.113.9"
    assert rl.client_address("10.1.1.1", None, proxies) == "10.1.1.1"
    assert rl.client_address("10.1.1.1", "garbage", proxies) == "10.1.1.1"
    assert rl.client_address("not an ip", None, proxies) == rl.UNKNOWN_ADDRESS


def test_one_persons_typos_do_not_lock_out_the_room(engine, workshop):
    code = workshop.workshop.code
    for _ in range(rl.LIMITS["session"]):
        assert _get(engine, _wrong(code), [OFFICE, "session:typist"]) is None
    # the typist waits, even with the right code ...
    with pytest.raises(RateLimited) as exc:
        _join(engine, code, [OFFICE, "session:typist"])
    assert exc.value.scope == "browser" and 0 < exc.value.retry_after <= rl.BASE.total_seconds() + 1
    # ... a colleague behind the same address, in a fresh browser, joins
    assert _join(engine, code, [OFFICE, "session:colleague"], name="Ann") is not None


def test_new_sessions_do_not_give_fresh_guesses_once_the_codes_are_under_attack(engine, workshop):
    code = workshop.workshop.code
    start = utcnow()
    # an attacker behind one address opens a new session for every guess
    for i in range(rl.LIMITS[rl.CODES]):
        assert _get(engine, _wrong(code), [OFFICE, f"session:bot{i}"], now=start) is None
    # the code space is under attack and the address is over its limit: even the right code waits
    with pytest.raises(RateLimited) as exc:
        _get(engine, code, [OFFICE, "session:fresh"], now=start)
    assert exc.value.scope == "network"
    # someone elsewhere is not affected
    assert _get(engine, code, ["ip:198.51.100.1", "session:elsewhere"], now=start) is not None


def test_backoff_doubles_with_each_further_failure(engine, workshop):
    code, me = workshop.workshop.code, [OFFICE, "session:me"]
    t = utcnow()
    for _ in range(rl.LIMITS["session"]):
        _get(engine, _wrong(code), me, now=t)
    waits = []
    for _ in range(3):
        with pytest.raises(RateLimited) as exc:
            _get(engine, _wrong(code), me, now=t)
        waits.append(exc.value.retry_after)
        t += dt.timedelta(seconds=exc.value.retry_after)  # wait it out, then guess wrong again
        assert _get(engine, _wrong(code), me, now=t) is None
    assert waits[1] >= 2 * waits[0] - 2 and waits[2] >= 2 * waits[1] - 2, waits


def test_the_limit_holds_across_app_servers(db_url, engine, workshop):
    second = make_engine(db_url)  # another app server on the same database
    code = workshop.workshop.code
    try:
        for _ in range(rl.LIMITS["session"]):
            _get(engine, _wrong(code), [OFFICE, "session:me"])
        with pytest.raises(RateLimited):
            _get(second, code, [OFFICE, "session:me"])
    finally:
        second.dispose()


def test_joins_per_browser_and_per_minute_are_limited(engine, workshop):
    code, t = workshop.workshop.code, utcnow()
    for i in range(rl.JOIN_LIMITS["session"]):
        assert _join(engine, code, [OFFICE, "session:filler"], name=f"Fake {i}", now=t) is not None
    with pytest.raises(RateLimited) as exc:
        _join(engine, code, [OFFICE, "session:filler"], name="One more", now=t)
    assert exc.value.scope == "joins"
    later = t + rl.JOIN_WINDOW + dt.timedelta(seconds=1)
    assert _join(engine, code, [OFFICE, "session:filler"], name="Later", now=later) is not None
    # one address: a room may join at once, up to the address's limit per minute
    for i in range(rl.JOIN_LIMITS["ip"] - 1):
        _join(engine, code, ["ip:198.51.100.1", f"session:p{i}"], name=f"P {i}", now=t)
    _join(engine, code, ["ip:198.51.100.1", "session:last"], name="Last", now=t)
    with pytest.raises(RateLimited):
        _join(engine, code, ["ip:198.51.100.1", "session:over"], name="Over", now=t)
