"""The database for the app: one engine per process, migrated and seeded on first use."""

from __future__ import annotations

import os

import streamlit as st
from sqlalchemy import Engine

from mixdecide.store import make_engine, seed_demo, session_scope, upgrade
from mixdecide.store.db import database_url
from mixdecide.store.migrate import SchemaNotCurrent, check_current
from mixdecide.text import md_escape
from ui.state import get_pack, tr

MIGRATE_ENV = "MIXDECIDE_MIGRATE_ON_START"  # "0": a team deployment migrates once per deploy
SEED_ENV = "MIXDECIDE_SEED_DEMO"  # "0": no demo assessments (a team deployment starts empty)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    eng = make_engine(url)
    if os.environ.get(MIGRATE_ENV, "1").strip() == "0":
        check_current(eng)  # SchemaNotCurrent: not cached, the next run checks again
    else:
        upgrade(eng)  # cheap when current; safe from several processes at once
    if os.environ.get(SEED_ENV, "1").strip() != "0":
        with session_scope(eng) as session:
            seed_demo(session=session, pack=get_pack())  # idempotent: only what is missing
    return eng


def engine() -> Engine:
    """The engine for the configured database (DATABASE_URL, else the SQLite file)."""
    try:
        return _engine(database_url())
    except (SchemaNotCurrent, ValueError) as exc:  # a deploy step missed, or a bad pool setting
        st.error(tr("db.unavailable", why=md_escape(str(exc), inline=True)), icon=":material/database:")
        st.stop()
