"""A room of participants answering the full questionnaire at once, each in their own AppTest session
on its own thread, on SQLite and on PostgreSQL: every answer stored exactly once, zero errors.

6 participants by default, about 55 s per database (12 took 104 s, on a suite already over its
20-minute target). WORKSHOP_TEST_PARTICIPANTS=30 runs the full room, and `bench/workshop.py
--crowd 50` measures 50 real browsers' connections against a running server."""

from __future__ import annotations

import os
import random
import threading
import time
import traceback
from typing import Any

import pytest
from sqlalchemy import func, select

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.workshop import board_data
from mixdecide.workshop.models import ANSWER, PARTICIPANT
from tests.helpers.apptest import ok
from tests.helpers.databases import PG_SKIP, drop_schema, pg_schema_url
from tests.helpers.workshop import answer, facilitator, has_widget, join_code, participant

PARTICIPANTS = int(os.environ.get("WORKSHOP_TEST_PARTICIPANTS", "6"))
PACK = load_pack()
# Answers that make every conditional question appear, so everyone answers all of them.
OPENING = {"need_clarity": ["solution_adaptable", "problem_clear_solution_open"],
           "multi_buyer": ["committed", "possible"], "personal_data": ["some", "sensitive"],
           # the answers that open the strategy's follow-up questions, so every participant meets them
           "can_host_test": ["yes"], "outcome_measurable": ["yes"],
           "solution_maturity": ["near_market", "prototype", "research_needed"]}  # fmt: skip


def plan(i: int) -> dict[str, Any]:
    rng = random.Random(i)
    out = {}
    for q in PACK.questions.values():
        if q.id in OPENING:
            out[q.id] = rng.choice(OPENING[q.id])
        elif q.type == "choice":
            out[q.id] = rng.choice([o.id for o in q.options] + ["unknown"])
        elif q.id in ("timeline_months", "development_months"):
            out[q.id] = rng.choice(["unknown", 6, 12, 24, 36])
        else:
            out[q.id] = rng.choice(["unknown", 50_000, 100_000, 250_000, 1_500_000])
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app_db(request, tmp_path, monkeypatch):
    """The app's database for this test: a SQLite file, or a fresh PostgreSQL schema."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    if request.param == "sqlite":
        yield request.param
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip(PG_SKIP)
    url, schema = pg_schema_url(base)
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        yield request.param
    finally:
        from ui import db

        db.engine().dispose()  # the app's cached engine for this URL
        db._engine.clear()
        drop_schema(base, schema)


@pytest.fixture
def overlapping_apptests(monkeypatch):
    """Let AppTest runs overlap in threads. AppTest is written for one run at a time; three
    process-wide things it touches are made safe here (the app code is left as it is):

    - each run installs a global mock Runtime and sets it back to None when it ends, pulling it
      from under any other run still going ("Runtime hasn't been created!"): a shared stand-in
      answers while the slot is empty;
    - each run resets ``PagesManager.uses_pages_directory``, which a real server sets once, at
      its first ``st.navigation``; reset under a running script it sends that script down the
      legacy pages/ path: it is pinned to what a running server holds (False);
    - each run switches the config option ``global.appTest`` on and back off, so a run that ends
      switches it off under the others (their widgets then miss what AppTest reads back:
      "KeyError: '$$ID-...'"): it stays on for the whole test;
    - each run re-parses the scripts, and CPython 3.11's ``ast.parse`` is not safe to call from
      several threads at once ("AST constructor recursion depth mismatch"): calls are serialised.

    The scripts, their sessions and the database work run truly concurrently.
    """
    import ast
    from contextlib import nullcontext
    from unittest.mock import MagicMock

    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
    from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1.util import patch_config_options

    stand_in = MagicMock(spec=Runtime)
    stand_in.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    stand_in.dataframe_source_mgr = DataframeSourceManager()
    stand_in.cache_storage_manager = MemoryCacheStorageManager()
    stand_in.bidi_component_registry = BidiComponentManager()
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: cls._instance or stand_in))
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))

    class _PagesManager(PagesManager):
        """AppTest's reset lands on this subclass; the flag everyone reads stays False."""

    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    monkeypatch.setattr("streamlit.testing.v1.app_test.PagesManager", _PagesManager)

    parse, parse_lock = ast.parse, threading.Lock()

    def locked_parse(*args, **kwargs):
        with parse_lock:
            return parse(*args, **kwargs)

    monkeypatch.setattr(ast, "parse", locked_parse)
    monkeypatch.setattr("streamlit.testing.v1.app_test.patch_config_options", lambda _options: nullcontext())
    with patch_config_options({"global.appTest": True}):
        yield


@pytest.mark.slow
def test_a_room_of_participants_answer_everything_at_once(app_db, overlapping_apptests):
    fac, wid, secret = facilitator([s.id for s in PACK.sections])
    code = join_code(fac)
    plans = [plan(i) for i in range(PARTICIPANTS)]
    errors: list[str] = []
    tokens: dict[int, str] = {}
    lock = threading.Lock()
    start = threading.Barrier(PARTICIPANTS)

    def run(i: int) -> None:
        try:
            start.wait()
            at = participant(code, f"Participant {i}")
            tokens[i] = at.query_params["p"]
            todo = dict(plans[i])
            first = next(iter(todo))
            answer(at, first, "unknown")  # answered twice: the second must replace the first
            for _ in range(4):  # conditional questions appear once their condition is answered
                for qid in [q for q in PACK.question_order() if q in todo]:
                    if has_widget(at, qid):
                        answer(at, qid, todo.pop(qid))
            if todo:
                raise AssertionError(f"never shown: {sorted(todo)}")
            ok(at.button(key="wk.finish").click().run())
        except BaseException as exc:  # noqa: BLE001 - every failure is collected and reported
            with lock:
                errors.append(f"participant {i}: {exc!r}\n{traceback.format_exc()[-4000:]}")

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARTICIPANTS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0

    assert errors == [], "\n\n".join(errors)
    from ui.db import engine

    eng = engine()
    n_questions = len(PACK.questions)
    with eng.connect() as conn:
        assert conn.execute(select(func.count()).select_from(PARTICIPANT)).scalar_one() == PARTICIPANTS
        rows = conn.execute(select(ANSWER.c.participant_id, ANSWER.c.question_id, ANSWER.c.value)).all()
        names = dict(conn.execute(select(PARTICIPANT.c.id, PARTICIPANT.c.name)).all())
    stored: dict[str, dict[str, Any]] = {}
    for pid, qid, value in rows:
        stored.setdefault(names[pid], {})[qid] = value
    wrong = {
        i: {
            q: (v, stored.get(f"Participant {i}", {}).get(q))
            for q, v in plans[i].items()
            if stored.get(f"Participant {i}", {}).get(q) != v
        }
        for i in range(PARTICIPANTS)
    }
    assert {i: w for i, w in wrong.items() if w} == {}
    assert len(rows) == PARTICIPANTS * n_questions  # exactly once each
    with session_scope(eng, readonly=True) as s:
        board = board_data(session=s, workshop_id=wid, secret=secret, pack=PACK)
    assert board.finished == PARTICIPANTS and board.answers_stored == PARTICIPANTS * n_questions
    assert all(p.answered == p.visible == n_questions for p in board.participants)
    ok(fac.run())
    print(f"\n{app_db}: {PARTICIPANTS} participants x {n_questions} answers in {elapsed:.1f} s")
