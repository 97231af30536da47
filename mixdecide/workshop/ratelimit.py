"""Rate limiting of join-code guesses and of joins, in the database so that it holds across app
servers.

Keys. The UI passes a visitor's keys: its browser session (``session:<random id>``) and its
network address (``ip:<address>``, normalised by ``normalise_address`` and taken from
``X-Forwarded-For`` only behind a trusted proxy). Every wrong code counts one failure for each of
them and one for the code space as a whole (``CODES``), so a guesser who spreads out over many
sessions or addresses still uses up the server's budget.

Backoff. A key with ``LIMITS[kind]`` failures within ``MEMORY`` waits ``BASES[kind]`` (else
``BASE``) after its last failure, twice as long after each further one, up to ``MEMORY``. A
browser session: 5 wrong codes, then 5 s, 10 s, 20 s, 40 s, ... (a typist waits seconds, a guesser
soon minutes); an address, the code space and sign-ins: 30 s, 1 min, 2 min, ...

Who waits (``gate``):
- the browser session that made the mistakes, whatever it types next;
- an address with too many failures only while the code space itself is under attack (its key
  is waiting too). Until then a fresh browser behind that address (a colleague in the same office,
  behind the same proxy) is not blocked by someone else's typos: a correct code joins, and a wrong
  one is one more failure.
With 887 million codes, a few open workshops and a budget of ``LIMITS["codes"]`` wrong codes per
hour for the whole server before everyone above their own limit waits, finding a code by chance
is hopeless.

Sign-ins. Each click on "Sign in" counts one attempt under ``SIGNIN`` + the client's address; a
sign-in that completes takes one back, one the app refuses (an organisation this deployment does
not serve) counts one more. What remains are failed, aborted or refused sign-ins: at
``LIMITS["signin"]`` of them within ``MEMORY`` the address waits, with the same doubling backoff,
before the app offers another sign-in (``signin_wait``).

Joins. A successful join is recorded under ``JOINED`` + the key, and ``check_joins`` refuses more
than ``JOIN_LIMITS[kind]`` of them per ``JOIN_WINDOW`` (one browser cannot fill a workshop).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from mixdecide.store.models import utcnow
from mixdecide.workshop.models import JOIN_ATTEMPT as J
from mixdecide.workshop.records import RateLimited

CODES = "codes"  # the key every wrong code counts against
SIGNIN = "signin:"
LIMITS = {"session": 5, "ip": 30, CODES: 200, "signin": 10}  # failures within MEMORY before a key waits
LIMIT = LIMITS["session"]
MEMORY = dt.timedelta(hours=1)
BASE = dt.timedelta(seconds=30)
BASES = {"session": dt.timedelta(seconds=5)}  # the first wait, when not BASE
WINDOW = MEMORY  # kept for callers of the first version
JOINED = "joined:"
JOIN_LIMITS = {"session": 3, "ip": 30}  # joins per JOIN_WINDOW
JOIN_WINDOW = dt.timedelta(minutes=1)
KEY_MAX = 128


def normalise_address(text: object) -> str | None:
    """A client address as a rate-limiting key: IPv4-mapped IPv6 (``::ffff:127.0.0.1``) is the IPv4
    address, an IPv6 address stands for its /64 (what one household or office gets); None when
    ``text`` is not an address."""
    try:
        addr = ipaddress.ip_address(str(text).strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{addr}/64", strict=False))
    return str(addr)


TRUSTED_PROXIES_ENV = "MIXDECIDE_TRUSTED_PROXIES"
UNKNOWN_ADDRESS = "unknown"  # one shared key for every connection whose address cannot be read
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(setting: str) -> list[Network]:
    """The reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or networks
    (``MIXDECIDE_TRUSTED_PROXIES``, e.g. ``127.0.0.1,10.0.0.0/8``); what does not parse is ignored."""
    out = []
    for part in setting.split(","):
        try:
            out.append(ipaddress.ip_network(normalise_address(part) or part.strip(), strict=False))
        except ValueError:
            continue
    return out


def _trusted(address: str, proxies: list[Network]) -> bool:
    normal = normalise_address(address)
    if normal is None:
        return False
    net = ipaddress.ip_network(normal, strict=False)
    return any(net.version == p.version and net.subnet_of(p) for p in proxies)  # type: ignore[arg-type]


def client_address(peer: str, forwarded: str | None, proxies: list[Network]) -> str:
    """The address to rate-limit a visitor by: the connection's ``peer``, unless the peer is a
    trusted proxy; then the nearest address in ``forwarded`` (X-Forwarded-For, appended to by
    each proxy) that is not itself a trusted proxy. Anything a client can forge (the left of the
    header) is never used while a trusted hop is further right. Normalised."""
    address = peer
    if proxies and _trusted(peer, proxies):
        hops = [h.strip() for h in (forwarded or "").split(",") if h.strip()]
        for hop in reversed(hops):
            if normalise_address(hop) is None:
                break  # garbage: stop at the last address we could vouch for
            address = hop
            if not _trusted(hop, proxies):
                break
    return normalise_address(address) or normalise_address(peer) or UNKNOWN_ADDRESS


def clean_keys(clients: Iterable[str]) -> list[str]:
    """Distinct non-empty keys, cut to the column's length."""
    return sorted({str(c)[:KEY_MAX] for c in clients if c})


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


def waits(*, session: Session, keys: Iterable[str], now: dt.datetime) -> dict[str, int]:
    """Seconds each of ``keys`` must still wait (only keys that must)."""
    keys = clean_keys(keys)
    if not keys:
        return {}
    rows = session.execute(
        select(J.c.client, func.count(), func.max(J.c.at))
        .where(J.c.client.in_(keys), J.c.at > now - MEMORY)
        .group_by(J.c.client)
    ).all()
    out = {}
    for key, n, last in rows:
        limit = LIMITS.get(_kind(key), LIMIT)
        if n < limit:
            continue
        backoff = min(BASES.get(_kind(key), BASE) * 2 ** min(n - limit, 20), MEMORY)
        left = math.ceil((last + backoff - now).total_seconds())  # int(-0.5) + 1 waited a second more
        if left > 0:
            out[key] = left
    return out


def gate(*, session: Session, clients: Iterable[str], now: dt.datetime) -> None:
    """Before a code is looked up: raise RateLimited when this visitor must wait (see above)."""
    clients = clean_keys(clients)
    waiting = waits(session=session, keys=[*clients, CODES], now=now)
    mine = {k: s for k, s in waiting.items() if _kind(k) == "session"}
    if mine:
        raise RateLimited(max(mine.values()), scope="browser")
    network = {k: s for k, s in waiting.items() if _kind(k) == "ip"}
    if network and CODES in waiting:
        raise RateLimited(max(network.values()), scope="network")


# Kept for callers of the first version: refuse a visitor who must wait.
check = gate


def record_failure(*, session: Session, clients: Iterable[str], now: dt.datetime | None = None) -> None:
    """Count one wrong code for every key and for the code space; forget what is older than MEMORY."""
    now = now or utcnow()
    session.execute(delete(J).where(J.c.at <= now - MEMORY))
    keys = clean_keys([*clients, CODES])
    session.execute(insert(J), [{"client": k, "at": now} for k in keys])


def check_joins(*, session: Session, clients: Iterable[str], now: dt.datetime) -> None:
    """Raise RateLimited (scope "joins") when a key has joined ``JOIN_LIMITS`` times this minute."""
    keys = {JOINED + k: _kind(k) for k in clean_keys(clients) if _kind(k) in JOIN_LIMITS}
    if not keys:
        return
    rows = session.execute(
        select(J.c.client, func.count(), func.min(J.c.at))
        .where(J.c.client.in_(list(keys)), J.c.at > now - JOIN_WINDOW)
        .group_by(J.c.client)
    ).all()
    left = [
        max(1, math.ceil((first + JOIN_WINDOW - now).total_seconds()))
        for key, n, first in rows
        if n >= JOIN_LIMITS[keys[key]]
    ]
    if left:
        raise RateLimited(max(left), scope="joins")


def record_join(*, session: Session, clients: Iterable[str], now: dt.datetime) -> None:
    keys = [JOINED + k for k in clean_keys(clients) if _kind(k) in JOIN_LIMITS]
    if keys:
        session.execute(insert(J), [{"client": k[:KEY_MAX], "at": now} for k in keys])


def signin_wait(*, session: Session, address: str, now: dt.datetime) -> int:
    """Seconds this client address must wait before it may start another sign-in (0: it may)."""
    key = SIGNIN + address
    return waits(session=session, keys=[key], now=now).get(clean_keys([key])[0], 0)


def record_signin_attempt(*, session: Session, address: str, now: dt.datetime | None = None) -> None:
    """Count a sign-in started (taken back when it completes) or refused, for this address."""
    now = now or utcnow()
    session.execute(delete(J).where(J.c.at <= now - MEMORY))
    session.execute(insert(J).values(client=clean_keys([SIGNIN + address])[0], at=now))


def signin_completed(*, session: Session, address: str) -> None:
    """A sign-in from this address completed: take back its latest attempt."""
    key = clean_keys([SIGNIN + address])[0]
    last = session.execute(select(func.max(J.c.id)).where(J.c.client == key)).scalar_one_or_none()
    if last is not None:
        session.execute(delete(J).where(J.c.id == last))
