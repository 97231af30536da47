"""The deploy/ recipe, for real: deploy/nginx.conf (TLS, sticky hash, WebSocket upgrade) in front
of two `streamlit run` servers sharing one database. A browser answers through nginx; the server
holding its session is killed; the browser reconnects through nginx to the other server and every
answer is still there, stored once. The heavy 40-session version belongs in bench/."""

from __future__ import annotations

import os
import ssl
import time
import urllib.request
from pathlib import Path

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


ROUTES = "log_format routes '$mdroute $upstream_addr';\n"  # which browser (its cookie) went where


def _upstreams(tmp: Path, route: str) -> set[str]:
    """The app servers nginx sent the requests of the browser holding ``route`` to."""
    lines = (tmp / "routes.log").read_text(encoding="utf-8").splitlines()
    return {ln.split()[1].rstrip(",") for ln in lines if ln.split()[0] == route and ln.split()[1] != "-"}


def _check_headers(base: str) -> None:
    """The security headers of deploy/nginx.conf, on the app's page (r15deploy F7)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    with urllib.request.urlopen(f"{base}/", context=ctx, timeout=10) as r:
        h = r.headers
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert h["X-Frame-Options"] == "DENY" and h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "no-referrer" and h["Strict-Transport-Security"]
    assert h["Server"] == "nginx"  # server_tokens off: no version
    assert "mdroute=" in h["Set-Cookie"] and "Secure" in h["Set-Cookie"]


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
        logs = f"access_log {tmp_path}/access.log upstream;\n    access_log {tmp_path}/routes.log routes;"
        site = ROUTES + render(
            CONF.read_text(encoding="utf-8"), https=https, http=http, upstreams=[s.port for s in servers],
            cert=cert, key=key, extra=logs,
        )  # fmt: skip
        proxy = start_nginx(tmp_path, site)
        base = f"https://127.0.0.1:{https}"
        wait_https(f"{base}/_stcore/health")

        _check_headers(base)

        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
        page = ctx.new_page()
        blocked: list[str] = []  # what the Content-Security-Policy refused, as Chromium reports it
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        open_app(page, f"{base}/assess")
        act(page, lambda: page.get_by_text("Prototype", exact=True).first.click())
        assert "a=" in page.url
        aid = page.url.split("a=", 1)[1].split("&")[0]
        cookies = {c["name"]: c for c in ctx.cookies()}
        assert cookies["mdroute"]["secure"] and cookies["mdroute"]["httpOnly"]
        assert all(c["secure"] for c in cookies.values()), cookies  # the app's own too (XSRF)

        # which server holds this browser: nginx logs each request's upstream and route (a
        # WebSocket only when it closes); every request of this browser went to the same one
        used = _upstreams(tmp_path, cookies["mdroute"]["value"])
        assert len(used) == 1, used  # sticky
        holding = next(s for s in servers if used == {f"127.0.0.1:{s.port}"})
        other = next(s for s in servers if s is not holding)

        # more browsers from the same address (a city hall behind one NAT) spread over the servers,
        # each staying on its own: routing is by nginx's cookie, not by the client address
        seen = {next(iter(used))}
        for n in range(8):
            if len(seen) == 2 and n > 1:
                break
            extra = browser.new_context(viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
            extra_page = extra.new_page()
            extra_page.on(
                "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
            )
            open_app(extra_page, f"{base}/")
            # more page loads with the cookie; the first browser also sees the pages with Plotly
            # charts and tables under the Content-Security-Policy
            shown = ("portfolio", f"recommendation?a={aid}", f"risk?a={aid}") if n == 0 else ("portfolio",)
            for path in shown:
                open_app(extra_page, f"{base}/{path}")
            if n == 0:
                shot(extra_page, "i15-nginx-csp-risk")
            route = next(c["value"] for c in extra.cookies() if c["name"] == "mdroute")
            mine = _upstreams(tmp_path, route)
            assert len(mine) == 1, mine  # this browser stays on one server
            seen |= mine
            extra.close()
        assert len(seen) == 2, seen  # 8 more browsers from one address all on one server: not spread
        assert blocked == []  # the CSP lets the whole app work
        before = len((tmp_path / "access.log").read_text(encoding="utf-8"))
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
