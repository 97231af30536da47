"""Join codes, facilitator secrets and participant tokens.

A join code is read aloud to a room, so it is short and uses an alphabet without look-alikes
(no 0/O, 1/I/L): 6 characters of 31 give about 887 million codes (29.7 bits). That is far too few
to be a secret, which is why codes only let people join while the workshop is open, guesses are
rate-limited (``ratelimit.py``), and nothing a facilitator can do is reachable with a code.

The facilitator link and the participant link each carry a separate random secret of 256 and
192 bits. The database keeps only their SHA-256 (a leaked database does not leak working links);
a random secret of that size needs no salt or slow hash. Comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
SECRET_BYTES = 32  # facilitator secret: 256 bits
TOKEN_BYTES = 24  # participant token: 192 bits
_SEPARATORS = re.compile(r"[\s\-_.·]+")
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{20,100}")


def new_code() -> str:
    """A fresh random join code, e.g. ``"K7QM3X"`` (stored without the hyphen)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """The code as shown and read aloud: ``"K7Q-M3X"``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: object) -> str | None:
    """What a person typed, as a stored code: case, spaces and hyphens ignored.

    None when it cannot be a code (wrong length or a character outside the alphabet), so a
    malformed entry never reaches the database.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def new_secret() -> str:
    """The facilitator secret (URL-safe, 43 characters, 256 bits)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def new_token() -> str:
    """A participant's reconnect token (URL-safe, 32 characters, 192 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: object) -> bool:
    """A cheap shape check before hashing what came from a URL."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def hash_secret(secret: str) -> str:
    """SHA-256 of a secret or token, in hex (what the database stores)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: object, stored_hash: str) -> bool:
    """True when ``secret`` hashes to ``stored_hash`` (constant-time comparison)."""
    if not looks_like_token(secret):
        return False
    assert isinstance(secret, str)
    return hmac.compare_digest(hash_secret(secret), stored_hash)
