"""Showing what people typed (names, titles, notes) as inert text inside Markdown.

Streamlit's Markdown turns ``[x](url)`` into a link, ``![x](url)`` into an image every viewer's
browser fetches, ``$...$`` into maths and ``:red[...]`` into colour. A backslash before every ASCII
punctuation character makes all of it literal (CommonMark allows escaping any of them), and
Streamlit never renders raw HTML without ``unsafe_allow_html``. Line breaks become spaces, so a
name cannot open a heading or a list.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    """``text`` escaped for use inside Markdown (one line)."""
    one_line = " ".join(str(text).split())
    return _PUNCT.sub(r"\\\1", one_line)
