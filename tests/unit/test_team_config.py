"""Team deployment settings: which organisation a signed-in person belongs to, the [auth] checks
that refuse an insecure cookie secret, and the per-server connection pool."""

from __future__ import annotations

import pytest

import mixdecide.auth
from mixdecide.auth import AuthConfigError, admin_emails, check_auth_section, organisation_of, team_settings
from mixdecide.store.db import pool_sizes

AUTH = {"redirect_uri": "https://decide.guelph.ca/oauth2callback", "cookie_secret": "k" * 32}


def test_organisation_from_the_email_domain_by_default():
    s = team_settings({}, env={})
    assert organisation_of({"email": "Aisha@Guelph.ca", "email_verified": True}, s) == "guelph.ca"
    assert organisation_of({"email": "no-at-sign"}, s) is None
    assert organisation_of({}, s) is None


def test_organisation_from_a_claim_and_a_map_that_also_restricts():
    s = team_settings({"org_claim": "tid", "org_map": "t-1=guelph, london.ca=london"}, env={})
    assert organisation_of({"tid": "T-1", "email": "a@x.com"}, s) == "guelph"
    assert (
        organisation_of({"email": "b@london.ca", "email_verified": True}, s) == "london"
    )  # no claim: the domain
    assert organisation_of({"email": "c@gmail.com"}, s) is None  # not served by this deployment


def test_environment_overrides_the_secrets_section_key_by_key_and_the_source_is_logged(caplog):
    """F5: a MIXDECIDE_* variable that is set wins over [mixdecide]; a key set in neither is the
    default; where each came from is logged, never its value."""
    env = {
        "MIXDECIDE_ADMINS": "Ada@Guelph.ca, ",
        "MIXDECIDE_DEFAULT_ROLE": "editor",
        "MIXDECIDE_ORG_MAP": "guelph.ca=guelph,kitchener.ca=kitchener",
        "MIXDECIDE_ORG_CLAIM": "",  # empty: not set, the secrets file's value stands
    }
    section = {"org_map": {"guelph.ca": "guelph"}, "org_claim": "hd", "admins": "old@guelph.ca"}
    mixdecide.auth._logged.clear()  # logged once per process
    with caplog.at_level("INFO", logger="mixdecide.auth"):
        s = team_settings(section, env=env)
    assert (s.admins, s.default_role, dict(s.org_map), s.org_claim) == (
        ("ada@guelph.ca",),
        "editor",
        {"guelph.ca": "guelph", "kitchener.ca": "kitchener"},
        "hd",
    )
    assert s.sources == {
        "org_claim": "secrets [mixdecide]",
        "org_map": "environment MIXDECIDE_ORG_MAP (over secrets [mixdecide])",
        "admins": "environment MIXDECIDE_ADMINS (over secrets [mixdecide])",
        "default_role": "environment MIXDECIDE_DEFAULT_ROLE",
        "trust_unverified_email": "default",
    }
    logged = caplog.text
    assert "WARNING" in logged and "org_map: from environment MIXDECIDE_ORG_MAP (over secrets" in logged
    assert "org_claim: from secrets [mixdecide]" in logged
    assert "ada@" not in logged.lower() and "kitchener" not in logged  # sources, never values


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


# --- F1: an unverified e-mail claim never grants an organisation or admin --------------------------

SHIPPED = {"org_claim": "", "org_map": "guelph.ca=guelph", "admins": "it.admin@guelph.ca"}


def test_unverified_email_names_no_organisation():
    s = team_settings({}, env={})
    assert organisation_of({"email": "a@guelph.ca", "email_verified": True}, s) == "guelph.ca"
    assert organisation_of({"email": "a@guelph.ca", "email_verified": "true"}, s) == "guelph.ca"
    for claims in ({"email": "a@guelph.ca"}, {"email": "a@guelph.ca", "email_verified": False},
                   {"email": "a@guelph.ca", "email_verified": "false"}):  # fmt: skip
        assert organisation_of(claims, s) is None


def test_an_unverified_copy_of_an_admins_email_is_refused_even_with_an_org_claim():
    """The reviewer's attack: another account carrying the admin's e-mail, unverified."""
    evil = {"sub": "evil-123", "email": "IT.Admin@guelph.ca", "email_verified": False, "tid": "t-1"}
    assert organisation_of(evil, team_settings(SHIPPED, env={})) is None
    tenant = team_settings({**SHIPPED, "org_claim": "tid", "org_map": "t-1=guelph"}, env={})
    assert organisation_of(evil, tenant) is None  # the tenant claim does not make the e-mail true
    assert organisation_of({**evil, "email": "jane@guelph.ca"}, tenant) == "guelph"  # a plain member
    ida = {"sub": "ida", "email": "it.admin@guelph.ca", "email_verified": True}
    assert organisation_of(ida, team_settings(SHIPPED, env={})) == "guelph"


def test_trusting_unverified_emails_is_an_explicit_switch():
    s = team_settings({**SHIPPED, "trust_unverified_email": True}, env={})
    assert s.trust_unverified_email
    assert organisation_of({"email": "it.admin@guelph.ca"}, s) == "guelph"
    assert not team_settings(SHIPPED, env={}).trust_unverified_email
    with pytest.raises(AuthConfigError, match="trust_unverified_email"):
        team_settings({"trust_unverified_email": "maybe"}, env={})


def test_admins_by_subject_keep_their_case_and_sign_in_as_admin(tmp_path):
    from mixdecide.store import make_engine, session_scope, sign_in, upgrade

    s = team_settings({"admins": "sub:AbC-123, Ida@Guelph.ca"}, env={})
    assert s.admins == ("sub:AbC-123", "ida@guelph.ca")
    engine = make_engine(f"sqlite:///{tmp_path / 'team.db'}")
    upgrade(engine)
    with session_scope(engine) as db:
        by_sub = sign_in(session=db, subject="AbC-123", email="", name="Ida", org="guelph", admins=s.admins)
        other = sign_in(session=db, subject="abc-123", email="", name="Al", org="guelph", admins=s.admins)
    assert (by_sub.role, other.role) == ("admin", "viewer")


def test_shipped_example_config_is_safe():
    """deploy/secrets.example.toml: no unverified e-mail can name its organisation or admin."""
    import tomllib

    from tests.helpers.browser import ROOT

    example = tomllib.loads((ROOT / "deploy" / "secrets.example.toml").read_text(encoding="utf-8"))
    s = team_settings(example["mixdecide"], env={})
    assert not s.trust_unverified_email
    for admin in admin_emails(s) | {"it.admin@guelph.ca"}:
        assert organisation_of({"sub": "x", "email": admin, "email_verified": False}, s) is None
        assert (
            organisation_of({"sub": "x", "email": admin, "email_verified": False, "tid": "anything"}, s)
            is None
        )
