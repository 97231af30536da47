"""Markdown that shows exactly what a person typed: the one escaping rule for every place that
renders Markdown (the dashboard's elements and the Markdown report alike).

Markdown turns ``[x](url)`` into a link, ``![x](url)`` into an image every reader's browser fetches,
``$...$`` into maths, ``<b>`` into HTML and, in Streamlit, ``:red[...]`` into colour. A backslash
before each character that can start such syntax makes it literal (CommonMark allows escaping any
ASCII punctuation); characters that are only active at the start of a line (lists, headings,
quotes) are escaped there. Punctuation that is never active (``, ' " / ? ;`` ...) is left alone so
a Markdown file stays readable as plain text.

Escaping does not stop GitHub-style autolinks, which find ``http://``, ``www.`` and e-mail addresses
in the text itself (seen in a browser: a name holding a URL became a link; GitHub's parser finds
e-mail addresses after unescaping), so an invisible word joiner (U+2060) is put inside each of
those. The only change a reader could notice: a URL or an e-mail address in the text is not a link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

WORD_JOINER = "\u2060"
ECHO_MAX = 80  # characters of a bad value an error message repeats
ELLIPSIS = "…"
# Inline syntax: emphasis, code, links, images, raw HTML, entities, tables, strikethrough, maths,
# e-mail; and a colon that could open a Streamlit directive, icon or emoji (":red[", ":material/").
# Parentheses and "!" only act after a "]" or before a "[" (a link or an image), which are escaped
# already, and braces never act: escaping them made "(MIX challenge)" read "\(MIX challenge\)" in
# the Markdown file (review r16head, finding 12).
_ACTIVE = re.compile(r"([\\`*_\[\]|<>~&@$]|:(?=\S))")
_LINE_START = re.compile(r"^([-+=#])")  # bullet lists, setext underlines and ATX headings
_ORDERED = re.compile(r"^(\d+)([.)])")  # ordered lists
# After escaping: between a scheme and "://", after "www" before ".", and before "@".
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(?=\\?:\\?/\\?/)|(?<=www)(?=\\?\.)|(?<!\\)(?=\\?@)")


def _escape_line(line: str) -> str:
    line = _ACTIVE.sub(r"\\\1", line)
    line = _LINE_START.sub(r"\\\1", line)
    line = _ORDERED.sub(r"\1\\\2", line)
    return _AUTOLINK.sub(WORD_JOINER, line)


def md_escape(text: object, *, inline: bool = False, cell: bool = False) -> str:
    """``text`` as inert Markdown: it renders as exactly these characters, never as markup.

    ``inline=True`` (a name or title inside a sentence or a widget label): one line, whitespace
    collapsed. Otherwise each line is escaped on its own and line breaks become hard breaks, or
    " — " in a table cell (``cell=True``); blank lines are dropped, so nothing can open a code
    block, a heading or a list.
    """
    if inline:
        return _escape_line(" ".join(str(text).split()))
    lines = [_escape_line(line.strip()) for line in str(text).split("\n")]
    lines = [x for x in lines if x] or [""]
    return " — ".join(lines) if cell else "  \n".join(lines)


def clip(text: object, limit: int = ECHO_MAX) -> str:
    """``text`` cut to ``limit`` characters with "…" when longer: what an error message may echo
    of a bad value (a 1 MB value must not become a 1 MB message)."""
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + ELLIPSIS


def shorten(text: object, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters with "…" when longer: a title on one
    line of a room's screen, where the rest of the line (the round's status) must stay readable."""
    s = " ".join(str(text).split())
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    if " " in cut and s[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ·:,;-—") + ELLIPSIS


def echo(value: object, limit: int = ECHO_MAX) -> str:
    """A bad value as an error message shows it: its ``repr``, clipped (see ``clip``)."""
    return clip(repr(value), limit)


def locate(raw: Any, loc: Sequence[Any]) -> str:
    """Turn a pydantic error location into 'rules[3] (id=x).field' so the item can be found in
    the file ``raw`` was read from."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id={node['id']})"
            parts.append(label)
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "top level"


MAX_PROBLEMS = 5  # reasons a refused file lists at most


class FileProblem(ValueError):
    """A file that cannot be imported; ``problems`` lists the first few reasons in plain language."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = [clip(p, 3 * ECHO_MAX) for p in problems[:MAX_PROBLEMS]] or [
            "The file could not be read."
        ]
        super().__init__("; ".join(self.problems))


def read_json_file(data: bytes, what: str, check_text: Callable[[str], None] | None = None) -> Any:
    """The JSON in an uploaded file's bytes, or FileProblem saying in words why not: binary data,
    not UTF-8, bad syntax (with line and column), NaN/Infinity. ``what`` names the file expected
    ("a MIX Decide JSON export"); ``check_text`` may refuse the decoded text before it is parsed."""
    if b"\x00" in data[:4096]:
        raise FileProblem([f"This is a binary file, not {what}."])
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem([f"The file is not UTF-8 text (byte {exc.start} cannot be read)."]) from None
    if check_text is not None:
        check_text(text)

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not allowed in JSON")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            [f"The file is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."]
        ) from None
    except (ValueError, RecursionError) as exc:
        raise FileProblem([f"The file is not valid JSON: {exc}."]) from None
