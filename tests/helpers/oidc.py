"""A real OpenID provider for sign-in tests and benches: ``oidc-provider-mock`` started as a local
server with the given people (their ID-token claims; each needs a ``sub``)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def start_provider(
    port: int, people: Iterable[Mapping[str, Any]], log: Path, wait_s: float = 60
) -> subprocess.Popen[bytes]:
    """The provider on 127.0.0.1:``port``, listening once this returns (its output goes to ``log``)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    claims = [arg for person in people for arg in ("--user-claims", json.dumps(dict(person)))]
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *claims],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + wait_s
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/.well-known/openid-configuration", timeout=2
            ):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"the OpenID provider did not start; see {log}")


def sign_in_as(page: Any, base: str, subject: str, *, signed_in: bool = True) -> None:
    """Sign in to the app at ``base`` as the provider's account ``subject`` (its button on the test
    provider's page) and come back to the app; with ``signed_in``, until the app says so (an
    account the app refuses: ``signed_in=False``)."""
    from tests.helpers.browser import settle

    page.goto(base)
    settle(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=subject, exact=True).click()
    page.wait_for_url(f"{base}/**", timeout=30_000)
    settle(page)
    if signed_in:
        page.get_by_text("Signed in as").wait_for(timeout=30_000)
