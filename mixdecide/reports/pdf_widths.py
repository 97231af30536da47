"""Faster line breaking for fpdf2: the width of a growing text fragment, summed incrementally.

fpdf2's line breaker asks for the width of the line after every character it adds, and each ask
sums the glyph widths of the whole fragment again: the work grows with the square of the line
length. Measured on a 30-page report (review r16head, finding 11), that was ~6 of the ~7 s a PDF
took once the charts were drawn. ``install()`` wraps ``Fragment.get_width`` so that, for the plain
case fpdf2 uses for our text (a TrueType font, no text shaping, the whole fragment), the glyph
widths already summed are kept on the fragment and only new characters are added - in the same
left-to-right order, so every width is bit-for-bit the one fpdf2 computes. Any other case (a slice,
given characters, shaping, a symbol or core font, characters replaced or removed) goes to fpdf2's
own method.
"""

from __future__ import annotations

from typing import Any

from fpdf.fonts import TTFFont
from fpdf.line_break import Fragment

_ORIGINAL = Fragment.get_width
_KEY = "_mixdecide_width"  # (characters list, font, length, code points, glyph-width sum, last char)


def _get_width(
    self: Fragment, start: int = 0, end: int | None = None, chars: str | None = None, initial_cs: bool = True
) -> float:
    font = self.graphics_state.current_font
    if (
        chars is not None
        or start != 0
        or end is not None
        or self.graphics_state.text_shaping
        or type(font) is not TTFFont
        or font.is_symbol
    ):
        return _ORIGINAL(self, start, end, chars, initial_cs)
    characters = self.characters
    n = len(characters)
    cached: Any = self.__dict__.get(_KEY)
    if (
        cached is not None
        and cached[0] is characters
        and cached[1] is font
        and cached[2] <= n
        and (cached[2] == 0 or characters[cached[2] - 1] == cached[5])
    ):
        done, length, raw = cached[2], cached[3], cached[4]
    else:
        done, length, raw = 0, 0, 0
    cw = font.cw
    new = "".join(characters[done:])
    for c in new:  # the same order as fpdf2's sum(): the same float
        raw += cw[ord(c)]
    length += len(new)
    self.__dict__[_KEY] = (characters, font, n, length, raw, characters[-1] if n else "")
    font_size_pt = self.font_size_pt
    if font_size_pt > font.biggest_size_pt:  # as fpdf2's get_text_width records it
        font.biggest_size_pt = font_size_pt
    w = raw * font_size_pt * 0.001
    # the rest exactly as fpdf2's Fragment.get_width
    char_spacing = self.char_spacing
    if self.font_stretching != 100:
        w *= self.font_stretching * 0.01
        char_spacing *= self.font_stretching * 0.01
    if self.char_spacing != 0:
        w += char_spacing * length if initial_cs else char_spacing * (length - 1)
    return float(w / self.k)


def install() -> None:
    """Use the incremental width (idempotent)."""
    Fragment.get_width = _get_width  # type: ignore[method-assign]
