"""Times of day as the person looking at the screen reads them: in their browser's timezone
(st.context.timezone, else its UTC offset), else the municipality's (America/Toronto), never the
server's. Each time carries its zone's name ("14:05 EST"), so a screen-share across zones is not
misread."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

MUNICIPALITY_TZ = "America/Toronto"  # when the browser does not say (a test client, an old browser)


def viewer_tz() -> dt.tzinfo:
    """The viewer's timezone: the browser's IANA name, else its offset, else the municipality's."""
    name = st.context.timezone
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    offset = st.context.timezone_offset  # minutes *behind* UTC, as JavaScript's getTimezoneOffset
    if isinstance(offset, int | float) and abs(offset) < 24 * 60:
        return dt.timezone(-dt.timedelta(minutes=offset))
    return ZoneInfo(MUNICIPALITY_TZ)


def local_time(when: dt.datetime, fmt: str = "%H:%M") -> str:
    """``when`` (stored in UTC; naive means UTC) in the viewer's timezone, with the zone's name."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = when.astimezone(viewer_tz())
    return f"{local.strftime(fmt)} {local.tzname()}"


def today() -> dt.date:
    """The viewer's date today (the date in a download's file name)."""
    return dt.datetime.now(viewer_tz()).date()


def now_local(fmt: str = "%H:%M:%S") -> str:
    """The viewer's clock now (the board's "refreshed at")."""
    return local_time(dt.datetime.now(dt.UTC), fmt)
