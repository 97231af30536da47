"""The blind deploy review's F1, against a real OpenID provider (oidc-provider-mock) in Chromium:
another account whose e-mail is the configured admin's but which the provider does not mark
verified is refused, is never recorded as a member and sees no assessment; the real admin (a
verified e-mail) signs in as admin. Configured like deploy/secrets.example.toml's e-mail variant."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest

from mixdecide.store import make_engine, session_scope, upgrade
from mixdecide.store.models import MEMBER
from tests.helpers.browser import ARTIFACTS, Server, free_port, settle, shot
from tests.helpers.oidc import sign_in_as, start_provider

PEOPLE = {
    "ida": {"sub": "ida", "email": "it.admin@guelph.ca", "name": "Ida Admin", "email_verified": True},
    "jane": {"sub": "jane", "email": "jane@guelph.ca", "name": "Jane Editor", "email_verified": True},
    "evil-123": {
        "sub": "evil-123",
        "email": "it.admin@guelph.ca",
        "name": "Not Ida",
        "email_verified": False,
    },
}


def _provider(port: int) -> subprocess.Popen[bytes]:
    return start_provider(port, PEOPLE.values(), ARTIFACTS.parent / f"oidc-{port}.log")


@pytest.mark.browser
def test_an_unverified_copy_of_the_admins_email_is_refused(browser, server_env, tmp_path):
    idp_port = free_port()
    idp = _provider(idp_port)
    server = None
    try:
        app_port = free_port()
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "mixdecide-test"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "http://127.0.0.1:{idp_port}/.well-known/openid-configuration"

[mixdecide]
org_claim = ""
org_map = "guelph.ca=guelph"
admins = "it.admin@guelph.ca"
""",
            encoding="utf-8",
        )
        db = Path(server_env["MIXDECIDE_DB_PATH"])
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        server = Server({**server_env, "STREAMLIT_SECRETS_FILES": str(secrets_file)}, port=app_port).start()
        base = server.url

        evil = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        sign_in_as(evil, base, "evil-123", signed_in=False)
        evil.get_by_text("does not belong to an organisation").wait_for(timeout=30_000)
        main = evil.locator('[data-testid="stMain"]').inner_text()
        assert "e-mail address is verified" in main and "Signed in as" not in evil.content()
        shot(evil, "i15-unverified-email-refused")
        evil.goto(f"{base}/portfolio")
        settle(evil)
        evil.get_by_text("does not belong to an organisation").wait_for(timeout=30_000)

        ida = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        sign_in_as(ida, base, "ida")
        assert "admin" in ida.locator('[data-testid="stSidebar"]').inner_text()

        with session_scope(engine, readonly=True) as s:
            rows = {r.subject: r.role for r in s.execute(MEMBER.select()).all()}
        assert rows == {"ida": "admin"}  # the unverified account was never recorded

        # off-boarding (F2): Ida deactivates Jane on the Members page; Jane's next click is refused
        jane = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        sign_in_as(jane, base, "jane")
        for size in ((1920, 1080), (1280, 720)):
            ida.set_viewport_size({"width": size[0], "height": size[1]})
            ida.goto(f"{base}/admin")
            settle(ida)
            ida.get_by_test_id("stSelectbox").first.click()  # Ida, herself, is chosen first
            ida.get_by_role("option", name="Jane Editor <jane@guelph.ca>").click()
            settle(ida)
            ida.get_by_role("button", name="Deactivate this member").wait_for(timeout=30_000)
            shot(ida, f"i15-members-deactivate-{size[0]}")
        ida.get_by_role("button", name="Deactivate this member").click()
        ida.get_by_text("Jane Editor is deactivated").wait_for(timeout=30_000)
        settle(ida)
        shot(ida, "i15-members-deactivated")
        jane.goto(f"{base}/portfolio")
        settle(jane)
        jane.get_by_text("deactivated your account").wait_for(timeout=30_000)
        shot(jane, "i15-deactivated-member")
        engine.dispose()
    finally:
        if server:
            server.stop()
        idp.terminate()
        idp.wait(timeout=10)
