"""The plan's inputs kept in the session (start date, deadline, how the call is run) and the
municipality profile read from the store, shared by the Plan page, presentation mode and the
report downloads so each shows the same plan."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, cast

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from mixdecide.plan import Options, Plan, build_plan, deadline_from, default_profile
from mixdecide.profile import Profile
from mixdecide.store import session_scope
from mixdecide.store.profiles import get_profile
from ui.auth import principal
from ui.db import engine
from ui.state import get_pack, lang, meta, result

log = logging.getLogger(__name__)

START = "plan_start"  # the plan's start date (default: today)
DEADLINE = "plan_deadline"  # {"start": iso, "value": iso | None}: a deadline set on the page (and the start it was set for)
OPTIONS = "plan_options"  # Options fields -> bool
PROFILE_CACHE = "plan_profile_cache"  # ((org, name), Profile | None) read from the store this run
OPTION_FIELDS: tuple[str, ...] = tuple(Options.__dataclass_fields__)


def municipality() -> str:
    return " ".join(str(meta().get("municipality") or "").split())


def start() -> dt.date:
    value = st.session_state.get(START)
    return value if isinstance(value, dt.date) else dt.date.today()


def deadline() -> dt.date | None:
    """The deadline set on the page, else start + ``timeline_months``; None when neither is known
    or it falls before the start. A date set by hand is a fixed date: it stays when the start
    changes (review finding: a later start moved a fixed deadline with it, and the miss vanished)."""
    s = start()
    saved = st.session_state.get(DEADLINE)
    if isinstance(saved, dict) and "value" in saved:
        value = saved.get("value")
        chosen = dt.date.fromisoformat(value) if isinstance(value, str) else None
    else:
        chosen = deadline_from(result().answers, s)
    return chosen if chosen is None or chosen > s else None


def options() -> Options:
    saved = cast(dict[str, bool], st.session_state.get(OPTIONS) or {})
    return Options(**{k: bool(v) for k, v in saved.items() if k in OPTION_FIELDS})


def saved_profile(*, fresh: bool = False) -> Profile | None:
    """The stored profile of this assessment's municipality, or None (none saved, or the
    database is unavailable: the plan then uses the defaults and the page says so)."""
    name, who = municipality(), principal()
    key = (who.org, name)  # a profile is its organisation's
    cached = st.session_state.get(PROFILE_CACHE)
    if not fresh and isinstance(cached, tuple) and cached[0] == key:
        return cast(Profile | None, cached[1])
    try:
        with session_scope(engine(), readonly=True) as s:
            profile = get_profile(session=s, name=name, principal=who)
    except SQLAlchemyError:
        log.exception("could not read the municipality profile")
        return None
    st.session_state[PROFILE_CACHE] = (key, profile)
    return profile


def forget_profile_cache() -> None:
    st.session_state.pop(PROFILE_CACHE, None)


def profile(for_lang: str | None = None) -> Profile:
    """The saved profile, else the pack's defaults (in ``for_lang``, default the page's)."""
    saved = saved_profile()
    if saved is not None:
        return saved
    default = default_profile(get_pack(), start(), for_lang or lang(), municipality())
    assert default is not None  # the page checks the pack has a plan file first
    return default


def current_plan() -> Plan | None:
    return build_plan(get_pack(), result(), profile(), start=start(), deadline=deadline(), options=options())


def report_fields() -> dict[str, Any]:
    """What a report needs to show the same plan as the page."""
    return {
        "plan_start": start(),
        "plan_deadline": deadline(),
        "plan_options": options(),
        "profile": saved_profile(),  # None: the defaults, in the report's language
    }
