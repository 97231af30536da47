"""`python -m mixdecide.store check` (readiness, r15deploy F4) and what `upgrade` says it did
(F10), run as the deploy runs them: a real process, its exit code and its output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.browser import ROOT

GOOD_AUTH = """
[auth]
redirect_uri = "https://decide.example.ca/oauth2callback"
cookie_secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
client_id = "x"
client_secret = "y"
server_metadata_url = "https://idp.example/.well-known/openid-configuration"
[mixdecide]
org_claim = "tid"
org_map = "t-1=guelph"
"""


def run(command: str, url: str, secrets: Path | None, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("MIXDECIDE_", "STREAMLIT_", "DATABASE_"))
    }
    if secrets is not None:
        base["STREAMLIT_SECRETS_FILES"] = str(secrets)
    return subprocess.run(
        [sys.executable, "-m", "mixdecide.store", command, "--url", url],
        cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_fails_until_migrated_and_upgrade_says_what_it_did(tmp_path):
    url = f"sqlite:///{tmp_path / 'ready.db'}"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(GOOD_AUTH, encoding="utf-8")

    before = run("check", url, secrets)
    assert before.returncode == 1
    assert "FAIL  schema:" in before.stderr and "python -m mixdecide.store upgrade" in before.stderr
    assert "NOT READY" in before.stderr

    first = run("upgrade", url, secrets)
    assert first.returncode == 0 and "migrated empty database →" in first.stdout, first
    again = run("upgrade", url, secrets)
    assert again.returncode == 0 and "already at head" in again.stdout and "migrated" not in again.stdout

    ready = run("check", url, secrets)
    assert ready.returncode == 0, ready.stderr
    assert "ok    sign-in: [auth] usable" in ready.stdout and ready.stdout.rstrip().endswith("ready")
    assert "org_map from secrets [mixdecide]" in ready.stdout


def test_check_refuses_the_example_cookie_secret_and_a_missing_secrets_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    assert run("upgrade", url, None).returncode == 0
    example = ROOT / "deploy" / "secrets.example.toml"  # as shipped: the placeholder secret
    placeholder = run("check", url, example)
    assert placeholder.returncode == 1 and "FAIL  sign-in: [auth] cookie_secret" in placeholder.stderr
    missing = run("check", url, tmp_path / "nope.toml")
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    bad_env = tmp_path / "ok.toml"
    bad_env.write_text(GOOD_AUTH, encoding="utf-8")
    wrong = run("check", url, bad_env, MIXDECIDE_DEFAULT_ROLE="owner")
    assert wrong.returncode == 1 and "default_role" in wrong.stderr


def test_check_fails_clearly_when_the_database_is_unreachable_without_showing_the_password(tmp_path):
    url = "postgresql+psycopg://mixdecide:s3cret-pw@127.0.0.1:1/mixdecide"  # nothing listens on port 1
    result = run("check", url, None, PGCONNECT_TIMEOUT="3")
    assert result.returncode == 1
    assert (
        "FAIL  database: cannot connect to postgresql+psycopg://mixdecide:***@127.0.0.1:1/mixdecide"
        in result.stderr
    )
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
