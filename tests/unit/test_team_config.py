"""Team deployment settings: which organisation a signed-in person belongs to, the [auth] checks
that refuse an insecure cookie secret, and the per-server connection pool."""

from __future__ import annotations

import pytest

from mixdecide.auth import AuthConfigError, check_auth_section, organisation_of, team_settings
from mixdecide.store.db import pool_sizes

AUTH = {"redirect_uri": "https://decide.guelph.ca/oauth2callback", "cookie_secret": "k" * 32}


def test_organisation_from_the_email_domain_by_default():
    s = team_settings({}, env={})
    assert organisation_of({"email": "Aisha@Guelph.ca"}, s) == "guelph.ca"
    assert organisation_of({"email": "no-at-sign"}, s) is None
    assert organisation_of({}, s) is None


def test_organisation_from_a_claim_and_a_map_that_also_restricts():
    s = team_settings({"org_claim": "tid", "org_map": "t-1=guelph, london.ca=london"}, env={})
    assert organisation_of({"tid": "T-1", "email": "a@x.com"}, s) == "guelph"
    assert organisation_of({"email": "b@london.ca"}, s) == "london"  # no claim: the domain
    assert organisation_of({"email": "c@gmail.com"}, s) is None  # not served by this deployment


def test_environment_fills_what_the_secrets_section_leaves_out():
    env = {
        "MIXDECIDE_ADMINS": "Ada@Guelph.ca, ",
        "MIXDECIDE_DEFAULT_ROLE": "editor",
        "MIXDECIDE_ORG_MAP": "x.ca=x",
    }
    s = team_settings({"org_map": {"guelph.ca": "guelph"}}, env=env)
    assert (s.admins, s.default_role, dict(s.org_map)) == (
        ("ada@guelph.ca",),
        "editor",
        {"guelph.ca": "guelph"},
    )


@pytest.mark.parametrize(
    "section, message",
    [
        ({"default_role": "owner"}, "default_role"),
        ({"org_map": "guelph.ca"}, "value=organisation"),
        ({"org_map": "guelph.ca=Guelph City"}, "not an organisation id"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(section, message):
    with pytest.raises(AuthConfigError, match=message):
        team_settings(section, env={})


@pytest.mark.parametrize(
    "auth, message",
    [
        ({**AUTH, "cookie_secret": ""}, "cookie_secret"),
        ({**AUTH, "cookie_secret": "short"}, "cookie_secret"),
        ({k: v for k, v in AUTH.items() if k != "cookie_secret"}, "cookie_secret"),
        ({**AUTH, "redirect_uri": "https://decide.guelph.ca/"}, "oauth2callback"),
    ],
)
def test_auth_section_without_a_real_cookie_secret_is_refused(auth, message):
    with pytest.raises(AuthConfigError, match=message):
        check_auth_section(auth)
    check_auth_section(AUTH)  # the good one passes


def test_pool_size_per_server():
    assert pool_sizes({}) == (5, 10)
    assert pool_sizes({"MIXDECIDE_DB_POOL_SIZE": "3", "MIXDECIDE_DB_MAX_OVERFLOW": "0"}) == (3, 0)
    for bad in (
        {"MIXDECIDE_DB_POOL_SIZE": "0"},
        {"MIXDECIDE_DB_POOL_SIZE": "lots"},
        {"MIXDECIDE_DB_MAX_OVERFLOW": "-1"},
    ):
        with pytest.raises(ValueError, match="MIXDECIDE_DB_"):
            pool_sizes(bad)
