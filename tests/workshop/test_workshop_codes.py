"""Join codes, facilitator secrets and participant tokens."""

from __future__ import annotations

import math
import re

from mixdecide.workshop import codes


def test_join_code_is_short_unambiguous_and_read_with_a_hyphen():
    seen = {codes.new_code() for _ in range(2000)}
    assert len(seen) > 1990  # random
    for code in seen:
        assert len(code) == 6 and set(code) <= set(codes.ALPHABET)
    assert not set("01OIL") & set(codes.ALPHABET)
    assert codes.display_code("K7QM3X") == "K7Q-M3X"


def test_typed_codes_are_normalised():
    assert codes.normalise_code(" k7q-m3x ") == "K7QM3X"
    assert codes.normalise_code("k7q m3x") == "K7QM3X"
    assert codes.normalise_code("K7QM3X") == "K7QM3X"
    for bad in ("", "K7QM3", "K7QM3XY", "K7QM0X", "K7QMIX", "'; DROP TABLE--", None, 123, "x" * 500):
        assert codes.normalise_code(bad) is None


def test_facilitator_secret_has_at_least_128_bits_and_is_stored_hashed():
    secret = codes.new_secret()
    assert len(secret) * 6 >= 256 and re.fullmatch(r"[A-Za-z0-9_\-]+", secret)
    stored = codes.hash_secret(secret)
    assert stored != secret and len(stored) == 64
    assert codes.secret_matches(secret, stored)
    assert not codes.secret_matches(codes.new_secret(), stored)
    assert not codes.secret_matches(secret[:-1], stored)
    assert not codes.secret_matches(None, stored) and not codes.secret_matches("short", stored)
    assert math.log2(len(codes.ALPHABET)) * codes.CODE_LENGTH < 32  # a code is no secret...
    assert codes.SECRET_BYTES * 8 >= 128  # ...the facilitator secret is


def test_participant_tokens_are_distinct_and_url_safe():
    tokens = {codes.new_token() for _ in range(500)}
    assert len(tokens) == 500
    assert all(codes.looks_like_token(t) for t in tokens)
    assert not codes.looks_like_token("../../etc") and not codes.looks_like_token("")
