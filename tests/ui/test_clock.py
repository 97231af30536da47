"""Workshop times are shown in the viewer's timezone, named, never in the server's (issue 14)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from ui import clock

PUBLISHED = dt.datetime(2026, 11, 30, 15, 5, tzinfo=dt.UTC)  # stored in UTC


@pytest.mark.parametrize(
    ("timezone", "offset", "shown"),
    [
        ("Europe/Paris", -60, "16:05 CET"),  # the browser's IANA name wins
        ("America/Vancouver", 480, "07:05 PST"),
        (None, 240, "11:05 UTC-04:00"),  # only an offset (minutes behind UTC, as JavaScript gives)
        ("Not/AZone", None, "10:05 EST"),  # nothing usable: the municipality's zone, Toronto
        (None, None, "10:05 EST"),
    ],
)
def test_a_time_is_shown_in_the_viewers_zone_with_its_name(monkeypatch, timezone, offset, shown):
    monkeypatch.setattr(clock.st, "context", SimpleNamespace(timezone=timezone, timezone_offset=offset))
    assert clock.local_time(PUBLISHED) == shown


def test_a_naive_stored_time_is_read_as_utc(monkeypatch):
    monkeypatch.setattr(clock.st, "context", SimpleNamespace(timezone="America/Toronto", timezone_offset=300))
    assert clock.local_time(PUBLISHED.replace(tzinfo=None), "%H:%M:%S") == "10:05:00 EST"
