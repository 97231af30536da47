"""Showing what people typed (names, titles, notes) as inert text inside Markdown.

Streamlit's Markdown turns ``[x](url)`` into a link, ``![x](url)`` into an image every viewer's
browser fetches, ``$...$`` into maths and ``:red[...]`` into colour. A backslash before every ASCII
punctuation character makes all of that literal (CommonMark allows escaping any of them), and
Streamlit never renders raw HTML without ``unsafe_allow_html``. Escaping does not stop GitHub's
autolinks, which find ``http://``, ``www.`` and e-mail addresses in the text itself (seen in a
browser: a name holding a URL became a link), so an invisible word joiner (U+2060) is put inside
each of those. Line breaks become spaces, so a name cannot open a heading or a list.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_WJ = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(?=\\?:\\?/\\?/)|(?<=www)(?=\\?\.)|(?<!\\)(?=\\?@)")


def md(text: object) -> str:
    """``text`` escaped for use inside Markdown (one line), autolinks broken."""
    one_line = " ".join(str(text).split())
    escaped = _PUNCT.sub(r"\\\1", one_line)
    return _AUTOLINK.sub(_WJ, escaped)
