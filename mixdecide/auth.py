"""Team sign-in settings and the organisation a signed-in person belongs to (no Streamlit here).

Sign-in itself is Streamlit's ``st.login`` (OpenID Connect, Authlib), configured by the ``[auth]``
section of ``.streamlit/secrets.toml`` (see README.md, "Team deployment"). What MIX Decide adds is
read, key by key, from the environment variable of the same name in capitals with ``MIXDECIDE_`` in
front when it is set (not empty), else from the ``[mixdecide]`` section of the same file, else the
default; the source of each key is logged once (never the value):

======================  ===================================================================
org_claim               an ID-token claim naming the organisation (Entra ID ``tid``, Google
                        ``hd``, an Okta custom claim); empty: the (verified) e-mail domain
org_map                 ``value=org`` pairs, comma-separated, mapping claim values or e-mail
                        domains to organisation ids (``guelph.ca=guelph, london.ca=london``);
                        when set, only the values it names can sign in
admins                  comma-separated; ``sub:<subject>`` (preferred: the provider's subject)
                        or an e-mail, honoured only when the provider says it is verified
default_role            the role of someone signing in for the first time (viewer unless set)
trust_unverified_email  ``true`` accepts e-mails the provider does not mark ``email_verified``
                        for the organisation and for admins. UNSAFE with a multi-tenant
                        provider: anyone can put any address on an account there.
======================  ===================================================================

An e-mail counts only when the ID token says ``email_verified: true``: an account whose
unverified e-mail copies an admin's never signs in, and an unverified e-mail's domain names no
organisation.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mixdecide.store.models import ROLES

COOKIE_SECRET_MIN = 32
_ORG = re.compile(r"[a-z0-9][a-z0-9.\-_]{0,63}")
SUBJECT_PREFIX = "sub:"  # an admins entry naming the provider's subject, not an e-mail
KEYS = ("org_claim", "org_map", "admins", "default_role", "trust_unverified_email")
log = logging.getLogger("mixdecide.auth")
_logged: set[tuple[str, str]] = set()


class AuthConfigError(ValueError):
    """The sign-in configuration is unusable; the message says what to fix."""


@dataclass(frozen=True)
class TeamSettings:
    org_claim: str = ""
    org_map: Mapping[str, str] = field(default_factory=dict)
    admins: tuple[str, ...] = ()
    default_role: str = "viewer"
    trust_unverified_email: bool = False
    # where each key came from: "environment MIXDECIDE_X", "secrets [mixdecide]" or "default"
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def _flag(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    raise AuthConfigError(f"{key} is true or false, not {value!r}")


def team_settings(section: Mapping[str, Any] | None, env: Mapping[str, str] | None = None) -> TeamSettings:
    """The settings: per key, a non-empty ``MIXDECIDE_*`` environment variable, else the
    ``[mixdecide]`` secrets section, else the default (module docstring)."""
    env = os.environ if env is None else env
    section = section or {}
    sources: dict[str, str] = {}

    def get(key: str) -> Any:
        name = f"MIXDECIDE_{key.upper()}"
        if str(env.get(name) or "").strip():
            sources[key] = f"environment {name}" + (" (over secrets [mixdecide])" if key in section else "")
            return env[name]
        if key in section:
            sources[key] = "secrets [mixdecide]"
            return section[key]
        sources[key] = "default"
        return ""

    mapping: dict[str, str] = {}
    raw_map = get("org_map")
    pairs = raw_map.items() if isinstance(raw_map, Mapping) else (p.split("=", 1) for p in _split(raw_map))
    for pair in pairs:
        if len(pair) != 2:
            raise AuthConfigError("org_map takes value=organisation pairs separated by commas")
        key, org = (str(p).strip().lower() for p in pair)
        if not key or not _ORG.fullmatch(org):
            raise AuthConfigError(
                f"org_map: {org!r} is not an organisation id (lowercase letters, digits, . - _)"
            )
        mapping[key] = org
    role = str(get("default_role") or "viewer").strip()
    if role not in ROLES:
        raise AuthConfigError(f"default_role must be one of {', '.join(ROLES)}")
    admins = tuple(
        a if a.startswith(SUBJECT_PREFIX) else a.lower() for a in _split(get("admins"))
    )  # a subject is case-sensitive, an e-mail is not
    settings = TeamSettings(
        org_claim=str(get("org_claim") or "").strip(),
        org_map=mapping,
        admins=admins,
        default_role=role,
        trust_unverified_email=_flag(get("trust_unverified_email"), "trust_unverified_email"),
        sources=dict(sources),
    )
    _log_sources(settings)
    return settings


def _log_sources(settings: TeamSettings) -> None:
    """Log where each setting came from, once per process and source (never a value)."""
    for key, source in settings.sources.items():
        if (key, source) not in _logged:
            _logged.add((key, source))
            # both set is what confuses an operator: say it where a default logger shows it
            level = logging.WARNING if "over secrets" in source else logging.INFO
            log.log(level, "MIX Decide setting %s: from %s", key, source)
    if settings.trust_unverified_email and ("trust_unverified_email", "warned") not in _logged:
        _logged.add(("trust_unverified_email", "warned"))
        log.warning(
            "trust_unverified_email is on: unverified e-mail addresses choose organisations and admins "
            "(unsafe with a multi-tenant identity provider)"
        )


def email_verified(claims: Mapping[str, Any]) -> bool:
    """Whether the identity provider vouches for the e-mail claim (``email_verified: true``)."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def admin_emails(settings: TeamSettings) -> set[str]:
    return {a for a in settings.admins if not a.startswith(SUBJECT_PREFIX)}


def check_auth_section(section: Mapping[str, Any]) -> None:
    """Refuse an ``[auth]`` section Streamlit would run insecurely or not at all."""
    secret = str(section.get("cookie_secret") or "")
    if len(secret) < COOKIE_SECRET_MIN:
        raise AuthConfigError(
            f"[auth] cookie_secret must be set to a random secret of at least {COOKIE_SECRET_MIN} "
            "characters (for example the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
        )
    if not str(section.get("redirect_uri") or "").endswith("/oauth2callback"):
        raise AuthConfigError("[auth] redirect_uri must be the app's address followed by /oauth2callback")


def organisation_of(claims: Mapping[str, Any], settings: TeamSettings) -> str | None:
    """The organisation id of a signed-in person, or None when this deployment does not serve it.

    An e-mail the provider does not mark verified (unless ``trust_unverified_email``) never names
    an organisation, and an account whose unverified e-mail is one of the ``admins`` is refused
    altogether (it would otherwise be made admin by ``sign_in``, which matches e-mails)."""
    email = str(claims.get("email") or "").strip().lower()
    trusted = settings.trust_unverified_email or email_verified(claims)
    if not trusted and email and email in admin_emails(settings):
        return None
    value = ""
    if settings.org_claim:
        value = str(claims.get(settings.org_claim) or "").strip().lower()
    if not value and trusted:
        value = email.rpartition("@")[2].strip() if "@" in email else ""
    if not value:
        return None
    if settings.org_map:
        return settings.org_map.get(value)
    return value if _ORG.fullmatch(value) else None
