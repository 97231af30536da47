"""The database for the app: one engine per process, migrated and seeded on first use."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from mixdecide.store import make_engine, seed_demo, session_scope, upgrade
from mixdecide.store.db import database_url
from ui.state import get_pack


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    eng = make_engine(url)
    upgrade(eng)  # cheap when current; safe from several processes at once
    with session_scope(eng) as session:
        seed_demo(session=session, pack=get_pack())  # idempotent: only what is missing
    return eng


def engine() -> Engine:
    """The engine for the configured database (DATABASE_URL, else the SQLite file)."""
    return _engine(database_url())
