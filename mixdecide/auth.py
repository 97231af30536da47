"""Team sign-in settings and the organisation a signed-in person belongs to (no Streamlit here).

Sign-in itself is Streamlit's ``st.login`` (OpenID Connect, Authlib), configured by the ``[auth]``
section of ``.streamlit/secrets.toml`` (see README.md, "Team deployment"). What MIX Decide adds is
read from the ``[mixdecide]`` section of the same file or, when a key is absent there, from the
environment variable of the same name in capitals with ``MIXDECIDE_`` in front:

==============  ===========================================================================
org_claim       an ID-token claim naming the organisation (Entra ID ``tid``, Google ``hd``,
                an Okta custom claim); when absent, the e-mail domain is used
org_map         ``value=org`` pairs, comma-separated, mapping claim values or e-mail domains to
                organisation ids (``guelph.ca=guelph, london.ca=london``); when set, only
                the values it names can sign in
admins          e-mails that are made admins of their organisation when they sign in
default_role    the role of someone signing in for the first time (viewer unless set)
==============  ===========================================================================
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mixdecide.store.models import ROLES

COOKIE_SECRET_MIN = 32
_ORG = re.compile(r"[a-z0-9][a-z0-9.\-_]{0,63}")


class AuthConfigError(ValueError):
    """The sign-in configuration is unusable; the message says what to fix."""


@dataclass(frozen=True)
class TeamSettings:
    org_claim: str = ""
    org_map: Mapping[str, str] = field(default_factory=dict)
    admins: tuple[str, ...] = ()
    default_role: str = "viewer"


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def team_settings(section: Mapping[str, Any] | None, env: Mapping[str, str] | None = None) -> TeamSettings:
    """The settings from a ``[mixdecide]`` secrets section, falling back to ``MIXDECIDE_*``."""
    env = os.environ if env is None else env
    section = section or {}

    def get(key: str) -> Any:
        return section[key] if key in section else env.get(f"MIXDECIDE_{key.upper()}", "")

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
    return TeamSettings(
        org_claim=str(get("org_claim") or "").strip(),
        org_map=mapping,
        admins=tuple(a.lower() for a in _split(get("admins"))),
        default_role=role,
    )


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
    """The organisation id of a signed-in person, or None when this deployment does not serve it."""
    value = ""
    if settings.org_claim:
        value = str(claims.get(settings.org_claim) or "").strip().lower()
    if not value:
        email = str(claims.get("email") or "")
        value = email.rpartition("@")[2].strip().lower() if "@" in email else ""
    if not value:
        return None
    if settings.org_map:
        return settings.org_map.get(value)
    return value if _ORG.fullmatch(value) else None
