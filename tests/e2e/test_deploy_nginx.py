"""The deploy/ recipe, for real: deploy/nginx.conf (TLS, sticky hash, WebSocket upgrade) in front
of two `streamlit run` servers sharing one database. A browser answers through nginx; the server
holding its session is killed; the browser reconnects through nginx to the other server and every
answer is still there, stored once. The heavy 40-session version belongs in bench/."""

from __future__ import annotations

import os
import time

import pytest

from mixdecide.store import PortfolioFilter, get_assessment, list_assessments, make_engine, session_scope
from tests.helpers.browser import Server, act, open_app, settle, shot
from tests.helpers.nginx import (
    CONF,
    nginx_missing,
    render,
    self_signed_cert,
    start_nginx,
    two_free_ports,
    wait_https,
)

pytestmark = pytest.mark.browser


def test_two_servers_behind_nginx_survive_losing_one(browser, server_env, tmp_path):
    why = nginx_missing()
    if why:
        if os.environ.get("REQUIRE_BROWSER") == "1":  # CI installs it: there this must run, not skip
            pytest.fail(f"REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    env = {**server_env, "MIXDECIDE_TRUSTED_PROXIES": "127.0.0.1"}
    servers = [Server(env).start()]
    servers.append(Server(env).start())
    proxy = None
    try:
        https, http = two_free_ports()
        cert, key = self_signed_cert(tmp_path)
        site = render(
            CONF.read_text(encoding="utf-8"), https=https, http=http, upstreams=[s.port for s in servers],
            cert=cert, key=key,
        )  # fmt: skip
        proxy = start_nginx(tmp_path, site)
        base = f"https://127.0.0.1:{https}"
        wait_https(f"{base}/_stcore/health")

        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
        page = ctx.new_page()
        open_app(page, f"{base}/assess")
        act(page, lambda: page.get_by_text("Prototype", exact=True).first.click())
        assert "a=" in page.url
        aid = page.url.split("a=", 1)[1].split("&")[0]

        # which server holds this browser: nginx logs each request's upstream (a WebSocket only
        # when it closes), and the sticky hash sends every request of this client to the same one
        log = (tmp_path / "access.log").read_text(encoding="utf-8")
        used = {line.split()[3].rstrip(",") for line in log.splitlines() if line.split()[3:4] != ["-"]}
        assert len(used) == 1, used  # sticky
        holding = next(s for s in servers if used == {f"127.0.0.1:{s.port}"})
        other = next(s for s in servers if s is not holding)
        before = len(log)
        holding.stop()

        # the Streamlit client reconnects through nginx, which now sends it to the other server
        page.get_by_role("radio", name="Prototype").wait_for(timeout=60_000)
        deadline = time.time() + 60
        while time.time() < deadline and not page.get_by_role("radio", name="Prototype").is_checked():
            time.sleep(0.5)
        assert page.get_by_role("radio", name="Prototype").is_checked()
        settle(page, 60_000)  # the reconnected session's first run
        act(page, lambda: page.get_by_text("Supporting or internal", exact=True).first.click())
        page.wait_for_function(
            """() => [...document.querySelectorAll('input[type=radio]')].some(
                   r => r.checked && r.closest('label')?.innerText.includes('Supporting or internal'))""",
            timeout=30_000,
        )
        shot(page, "i15-nginx-failover")
        after = (tmp_path / "access.log").read_text(encoding="utf-8")[before:]
        assert f"127.0.0.1:{other.port}" in after  # nginx moved this browser to the other server

        engine = make_engine(f"sqlite:///{server_env['MIXDECIDE_DB_PATH']}")
        try:
            with session_scope(engine, readonly=True) as s:
                answers = get_assessment(session=s, id=aid).answers
                rows, _ = list_assessments(
                    session=s, filters=PortfolioFilter(include_archived=True), limit=500
                )
        finally:
            engine.dispose()
        mine = [r for r in rows if r.id == aid]
        assert len(mine) == 1 and mine[0].version == 2  # created with the first answer, then one more
        assert len(answers) == 2  # the answer given before the failover and the one after
        ctx.close()
    finally:
        if proxy:
            proxy.terminate()
            proxy.wait(timeout=10)
        for s in servers:
            s.stop()
