"""Issue 15's load test, small: deploy/nginx.conf in front of two app servers on one PostgreSQL
database, six Chromium sessions split three and three, each signed in (st.login) with its own person
at a local OpenID provider (oidc-provider-mock), all answering at once; one server is killed
mid-way. Its sessions reconnect through nginx to the other server, are still signed in as
themselves there, and carry on; the database then holds every answer exactly once, in order, and
no page showed an error. bench/deploy_two.py runs
the same with 40 sessions and prints the figures.

Needs nginx and TEST_DATABASE_URL (PostgreSQL): under REQUIRE_BROWSER=1 (CI) a missing one fails
the test, elsewhere it skips with the reason."""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers.browser import ROOT, browser_unavailable, free_port
from tests.helpers.databases import drop_schema, pg_schema_url
from tests.helpers.nginx import nginx_missing

sys.path.insert(0, str(ROOT / "bench"))
import deploy_two  # noqa: E402

pytestmark = pytest.mark.browser
SESSIONS, ANSWERS = 6, 6


def _ports() -> tuple[int, int, int, int, int]:
    """Five distinct free ports (free_port alone hands out the same one until something listens)."""
    import socket

    held, ports = [], []
    try:
        for _ in range(5):
            s = socket.socket()
            s.bind(("127.0.0.1", free_port()))
            held.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in held:
            s.close()
    return ports[0], ports[1], ports[2], ports[3], ports[4]


def test_sessions_on_two_servers_survive_losing_one(tmp_path):
    why = browser_unavailable() or nginx_missing()
    if not why and not os.environ.get("TEST_DATABASE_URL"):
        why = "TEST_DATABASE_URL not set: two app servers need one shared PostgreSQL database"
    if why:
        if os.environ.get("REQUIRE_BROWSER") == "1":  # CI installs all three: there this must run
            pytest.fail(f"REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    base = os.environ["TEST_DATABASE_URL"]
    url, schema = pg_schema_url(base, prefix="deploytwo_")
    try:
        run = deploy_two.run_two(
            url,
            sessions=SESSIONS,
            answers=ANSWERS,
            ports=_ports(),
            workdir=tmp_path,
            signed_in=True,
            say=lambda _: None,
        )
        with ThreadPoolExecutor(1) as pool:  # its own event loop, whatever pytest's thread holds
            o = pool.submit(asyncio.run, run).result(timeout=600)
    finally:
        drop_schema(base, schema)

    print(deploy_two.report(o, (5, 10)))
    assert sorted(o.per_server.values()) == [SESSIONS // 2, SESSIONS // 2]  # split across both
    assert o.errors == []  # no exception, page error or lost click in any page
    assert o.problems == []  # the database check: one assessment each, every answer once, in order
    assert o.assessments == SESSIONS
    assert o.answers_stored == o.answers_given == SESSIONS * ANSWERS
    # the killed server's sessions all dropped, reconnected and nginx sent them to the other one
    assert len(o.reconnect_ms) == o.per_server[o.killed] == o.moved
    # ...and the server they moved to still knows who each of them is (the sign-in is kept)
    assert o.still_signed_in == o.per_server[o.killed]
