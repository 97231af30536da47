"""The QR code of a workshop's join link, for the presentation screen."""

from __future__ import annotations

import io

import segno


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A PNG QR code of ``url`` (error correction M, a 4-module quiet zone so phones read it
    from a projected screen)."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
