"""Team sign-in in Chromium against a real OpenID provider (``oidc-provider-mock`` as a local
server): two people of two organisations sign in with st.login, see only their organisation's
assessments, and sign out. One test, one app server, one provider."""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import create_assessment, make_engine, session_scope, set_visibility, sign_in, upgrade
from mixdecide.workshop import create_workshop
from tests.helpers.browser import (
    ARTIFACTS,
    Server,
    choose_in_box,
    free_port,
    open_box_until,
    settle,
    shot,
)
from tests.helpers.oidc import sign_in_as, start_provider

PEOPLE = {
    "owen": {"sub": "owen", "email": "owen@guelph.ca", "name": "Owen Guelph", "email_verified": True},
    "lou": {"sub": "lou", "email": "lou@london.ca", "name": "Lou London", "email_verified": True},
}


def _provider(port: int) -> subprocess.Popen[bytes]:
    return start_provider(port, PEOPLE.values(), ARTIFACTS.parent / f"oidc-{port}.log")


def _secrets(path: Path, app_port: int, idp_port: int, base: str = "") -> None:
    path.write_text(
        f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}{base}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "mixdecide-test"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "http://127.0.0.1:{idp_port}/.well-known/openid-configuration"

[mixdecide]
org_map = "guelph.ca=guelph, london.ca=london"
admins = "owen@guelph.ca"
""",
        encoding="utf-8",
    )


def _seed(db: Path) -> str:
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    try:
        with session_scope(engine) as s:
            owen = sign_in(
                session=s, subject="owen", email="owen@guelph.ca", name="Owen Guelph", org="guelph",
                admins=["owen@guelph.ca"],
            )  # fmt: skip
            rec = create_assessment(
                session=s, title="Guelph road salt 2027", municipality="Guelph", department="Works",
                owner="Owen", pack=load_pack(), principal=owen,
            )  # fmt: skip
            set_visibility(session=s, id=rec.id, visibility="organisation", principal=owen)
        return rec.id
    finally:
        engine.dispose()


def _sign_out(page) -> None:
    """Sign out of the app, and (Streamlit follows the provider's end_session_endpoint) of the
    provider too: its confirmation page comes back to the app's sign-in screen."""
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)


@pytest.mark.browser
def test_two_organisations_sign_in_and_out(browser, server_env, tmp_path):
    idp_port = free_port()
    idp = _provider(idp_port)  # listening once it returns: the next free port is another one
    server = None
    try:
        app_port = free_port()
        secrets_file = tmp_path / "secrets.toml"
        _secrets(secrets_file, app_port, idp_port)
        aid = _seed(Path(server_env["MIXDECIDE_DB_PATH"]))
        env = {**server_env, "STREAMLIT_SECRETS_FILES": str(secrets_file)}
        server = Server(env, port=app_port).start()
        base = server.url

        owen = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        sign_in_as(owen, base, PEOPLE["owen"]["sub"])
        assert "Owen Guelph" in owen.locator('[data-testid="stSidebar"]').inner_text()
        owen.goto(f"{base}/portfolio")
        settle(owen)
        # the portfolio is a canvas grid: its cells are in the page for screen readers, not visible
        owen.get_by_text("Guelph road salt 2027").first.wait_for(state="attached", timeout=30_000)
        shot(owen, "i15-signed-in-owen-portfolio")
        owen.goto(f"{base}/admin")
        settle(owen)
        owen.get_by_text("Changes to members").wait_for(timeout=30_000)
        assert "lou@london.ca" not in owen.locator('[data-testid="stMain"]').inner_text()  # one organisation
        shot(owen, "i15-members-page")
        owen.goto(f"{base}/assess?a={aid}")
        settle(owen)
        owen.get_by_text("Who can see this assessment").click()
        owen.get_by_text("Shared by link (read-only)").wait_for(timeout=30_000)
        owen.wait_for_timeout(600)  # the expander's opening animation
        shot(owen, "i15-sharing-box")

        lou = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        sign_in_as(lou, base, PEOPLE["lou"]["sub"])
        lou.goto(f"{base}/portfolio")
        settle(lou)
        lou.get_by_role("heading", name="Portfolio").wait_for(timeout=30_000)
        assert lou.get_by_text("Guelph road salt 2027").count() == 0
        assert "Guelph road salt" not in lou.locator('[data-testid="stMain"]').inner_text()
        lou.goto(f"{base}/recommendation?a={aid}")
        settle(lou)
        lou.get_by_text("No assessment has this link").wait_for(timeout=30_000)
        shot(lou, "i15-signed-in-lou-foreign-link")

        for page in (owen, lou):
            _sign_out(page)
            page.reload()
            settle(page)
            assert page.get_by_role("button", name="Sign in").is_visible()  # the session is over
        shot(owen, "i15-signed-out")
    finally:
        if server:
            server.stop()
        idp.terminate()
        idp.wait(timeout=10)


@pytest.mark.browser
def test_copied_cookie_is_refused_after_sign_out_and_share_link_opens(browser, server_env, tmp_path):
    """r15 #1 and #2, on a server with a base URL path (``/mix``): the read-only link the owner
    copies from the Assess page opens the recommendation in a signed-out browser; a copy of the
    owner's sign-in cookies, taken before signing out, shows the sign-in screen and no data after."""
    idp_port = free_port()
    idp = _provider(idp_port)
    server = None
    try:
        app_port = free_port()
        secrets_file = tmp_path / "secrets.toml"
        _secrets(secrets_file, app_port, idp_port, base="/mix")
        aid = _seed(Path(server_env["MIXDECIDE_DB_PATH"]))
        env = {
            **server_env,
            "STREAMLIT_SECRETS_FILES": str(secrets_file),
            "STREAMLIT_SERVER_BASE_URL_PATH": "mix",
        }
        server = Server(env, port=app_port).start()
        base = f"{server.url}/mix"

        context = browser.new_context(viewport={"width": 1280, "height": 800})
        owen = context.new_page()
        sign_in_as(owen, base, PEOPLE["owen"]["sub"])
        owen.goto(f"{base}/assess?a={aid}")
        settle(owen)
        choose_in_box(owen, "Who can see this assessment", "Shared by link (read-only)")
        make = owen.get_by_role("button", name="Make a read-only link")
        open_box_until(owen, "Who can see this assessment", make)
        make.click()
        settle(owen)
        link = (
            owen.locator('[data-testid="stCode"]').filter(has_text="s=").first.text_content() or ""
        ).strip()
        assert link.startswith(f"{base}/recommendation?a={aid}&s="), link

        reader = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        reader.goto(link)
        settle(reader)
        reader.get_by_text("Guelph road salt 2027").first.wait_for(timeout=30_000)
        main = reader.locator('[data-testid="stMain"]').inner_text()
        assert "Read-only" in main and reader.get_by_role("button", name="Sign in").count() == 0
        shot(reader, "i15-share-link-opened-1920")

        copied = context.cookies()
        assert any(c["name"].startswith("_streamlit_user") for c in copied), [c["name"] for c in copied]
        _sign_out(owen)
        thief = browser.new_context(viewport={"width": 1280, "height": 720})
        thief.add_cookies(copied)
        stolen = thief.new_page()
        stolen.goto(f"{base}/portfolio")
        settle(stolen)
        stolen.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
        text = stolen.locator('[data-testid="stMain"]').inner_text()
        assert "You signed out of this sign-in" in text and "Guelph road salt" not in text
        assert "Signed in as" not in stolen.locator("body").inner_text()
        shot(stolen, "i15-copied-cookie-after-sign-out-1280")
        sign_in_as(owen, base, PEOPLE["owen"]["sub"])  # signing in again works at once
        assert "Owen Guelph" in owen.locator('[data-testid="stSidebar"]').inner_text()
    finally:
        if server:
            server.stop()
        idp.terminate()
        idp.wait(timeout=10)


def _workshop(db: Path, aid: str) -> tuple[str, str]:
    """An open workshop on the seeded assessment: (its id, its join code)."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with session_scope(engine) as s:
            owen = sign_in(
                session=s, subject="owen", email="owen@guelph.ca", name="Owen Guelph", org="guelph"
            )
            created = create_workshop(
                session=s, assessment_id=aid, title="Guelph salt workshop", sections=["need"],
                pack=load_pack(), principal=owen,
            )  # fmt: skip
        return created.workshop.id, created.workshop.code
    finally:
        engine.dispose()


@pytest.mark.browser
def test_anonymous_participant_joins_with_the_code_and_sees_nothing_else(browser, server_env, tmp_path):
    """r15attack #1: with sign-in on, a browser with no account joins a workshop with its code and
    a name, answers a question (stored), and with that session no other page opens."""
    idp_port = free_port()
    idp = _provider(idp_port)
    server = None
    try:
        app_port = free_port()
        secrets_file = tmp_path / "secrets.toml"
        _secrets(secrets_file, app_port, idp_port)
        db = Path(server_env["MIXDECIDE_DB_PATH"])
        aid = _seed(db)
        wid, code = _workshop(db, aid)
        env = {**server_env, "STREAMLIT_SECRETS_FILES": str(secrets_file)}
        server = Server(env, port=app_port).start()
        base = server.url

        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(f"{base}/join")
        settle(page)
        page.locator(".st-key-wk-join-code input").fill(code)
        page.locator(".st-key-wk-join-name input").fill("Val")
        page.locator(".st-key-wk-join-submit button").click()
        page.get_by_text("You joined as").wait_for(timeout=30_000)
        settle(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Guelph salt workshop" in main and "Sign in with your municipality" not in main
        page.locator(".st-key-wk-q-need_clarity").get_by_text(
            "The problem is clear; the solution is open", exact=True
        ).click()
        settle(page)
        shot(page, "i15fix-anonymous-participant-1280")
        with sqlite3.connect(db) as con:  # the answer is stored, under this workshop's one participant
            stored = con.execute(
                "SELECT p.name, a.question_id FROM participant_answer a JOIN participant p"
                " ON p.id = a.participant_id WHERE p.workshop_id = ?",
                (wid,),
            ).fetchall()
        assert stored == [("Val", "need_clarity")], stored

        token = parse_qs(urlparse(page.url).query).get("p", [""])[0]
        assert token, page.url
        for other in ("portfolio", f"recommendation?a={aid}", "admin", f"assess?a={aid}"):
            page.goto(f"{base}/{other}")  # a new page load: the address alone decides
            settle(page)
            # the sign-in wall, or (this browser joined: review r16lead #3) the participant's own page
            page.get_by_role("button", name="Sign in").or_(page.get_by_text("You joined as")).first.wait_for(
                timeout=30_000
            )
            body = page.locator("body").inner_text()
            assert "Guelph road salt" not in body and "Portfolio" not in body, other
            page.goto(f"{base}/{other}{'&' if '?' in other else '?'}p={token}")  # with the token
            settle(page)
            page.get_by_text("You joined as").wait_for(timeout=30_000)  # their workshop, nothing else
            body = page.locator("body").inner_text()
            assert "Guelph road salt" not in body and "Portfolio" not in body, other
        shot(page, "i15fix-participant-other-page-1280")
    finally:
        if server:
            server.stop()
        idp.terminate()
        idp.wait(timeout=10)
