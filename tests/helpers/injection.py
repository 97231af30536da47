"""What an attacker types into a name, a title or a note to make a Markdown-rendering element
fetch, link or format something; and the check that what was drawn stayed text."""

from __future__ import annotations

from tests.helpers.reports import md_to_html, parse

MARKDOWN_PAYLOADS = [
    "![b](http://evil.example/b)[go](http://evil.example/x)",
    "![x][ref]\n\n[ref]: http://evil.example/q.png",
    "[click me](javascript:alert(1))",
    "<http://evil.example/auto>",
    "http://evil.example/bare.png",
    "www.evil.example/path",
    "attacker@evil.example",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="http://evil.example">x</a>',
    "**bold** _em_ `code` # heading ~~del~~",
    "$\\frac{1}{2}$ :red[alarm] :material/warning: :rainbow[x]",
    "# heading\n- list\n> quote\n1. one\n---",
    "| a | b |\n|---|---|\n| c | d |",
    "&lt;b&gt; &#x41; \\*",
]

# Tags the catalog's own wording may produce; anything else came from typed text.
ALLOWED_TAGS = {"p", "strong", "em", "br", "code"}


def markup_from(markdown: str) -> set[str]:
    """Tags beyond the catalog's own that ``markdown`` renders to (empty when it stayed text)."""
    return {t for t, _ in parse(md_to_html(markdown)).tags} - ALLOWED_TAGS
