"""Rate limiting of join-code guesses, in the database so that it holds across app servers.

Each failed attempt (a code that matches no open workshop) is one row per client key: the UI
passes the client's network address and its browser session, so neither a new tab nor a second
app server resets the count. A key with ``LIMIT`` failures within ``WINDOW`` is refused until the
oldest of them leaves the window. With 887 million codes and a handful of open workshops, 10
guesses per 10 minutes per key make finding one by chance hopeless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from mixdecide.store.models import utcnow
from mixdecide.workshop.models import JOIN_ATTEMPT as J
from mixdecide.workshop.records import RateLimited

LIMIT = 10
WINDOW = dt.timedelta(minutes=10)
KEY_MAX = 128


def clean_keys(clients: Iterable[str]) -> list[str]:
    """Distinct non-empty keys, cut to the column's length."""
    return sorted({str(c)[:KEY_MAX] for c in clients if c})


def check(*, session: Session, clients: Iterable[str], now: dt.datetime | None = None) -> None:
    """Raise RateLimited when any of ``clients`` has used up its failures in the window."""
    keys = clean_keys(clients)
    if not keys:
        return
    now = now or utcnow()
    rows = session.execute(
        select(J.c.client, func.count(), func.min(J.c.at))
        .where(J.c.client.in_(keys), J.c.at > now - WINDOW)
        .group_by(J.c.client)
    ).all()
    waits = [int((oldest + WINDOW - now).total_seconds()) + 1 for _, n, oldest in rows if n >= LIMIT]
    if waits:
        raise RateLimited(max(waits))


def record_failure(*, session: Session, clients: Iterable[str], now: dt.datetime | None = None) -> None:
    """Count one failed attempt for every key, and forget attempts older than the window."""
    keys = clean_keys(clients)
    now = now or utcnow()
    session.execute(delete(J).where(J.c.at <= now - WINDOW))
    if keys:
        session.execute(insert(J), [{"client": k, "at": now} for k in keys])
