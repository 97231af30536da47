"""One Markdown escaping rule for the dashboard and the reports: what a person typed reads as typed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mixdecide.text import WORD_JOINER, md_escape
from tests.helpers.reports import md_to_html, parse

TYPED = [
    "![x](http://evil.example/p.png)",
    "[click](https://evil.example)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "www.evil.example",
    "mail me@evil.example",
    "$\\frac{1}{2}$ :red[alarm] :material/warning:",
    "# heading\n- list\n> quote\n1. one\n---",
    "**bold** _it_ `code` ~~s~~ | a | b |",
    "&amp; &#x41; \\*",
]


def _rendered_text(markdown: str) -> tuple[set[str], str]:
    tags = parse(md_to_html(markdown))
    return {t for t, _ in tags.tags}, "".join(tags.text).replace(WORD_JOINER, "")


@pytest.mark.parametrize("typed", TYPED)
def test_inline_text_stays_one_line_of_plain_text(typed):
    out = md_escape(typed, inline=True)
    assert "\n" not in out
    tags, text = _rendered_text(out)
    assert tags <= {"p"}, out
    assert text.strip() == " ".join(typed.split())
    # GitHub-style autolinks (URL, www., e-mail) are broken by an invisible word joiner
    plain = out.replace("\\", "")
    for trigger in (r"(?i)[a-z0-9]://", r"(?i)www\.", r"[^\u2060]@"):
        assert re.search(trigger, plain) is None, (trigger, out)
    # and nothing opens a Streamlit directive, icon or maths
    assert re.search(r"(?<!\\)(?::(?=\S)|[$\[])", out) is None, out


@pytest.mark.parametrize("typed", TYPED)
def test_block_text_keeps_its_lines_as_plain_text(typed):
    tags, text = _rendered_text(md_escape(typed))
    assert tags <= {"p", "br"}
    assert [x.strip() for x in text.split("\n") if x.strip()] == [
        x.strip() for x in typed.split("\n") if x.strip()
    ]


def test_a_table_cell_is_one_line():
    assert md_escape("a\n\nb", cell=True) == "a — b"


def test_plain_names_and_sentences_are_unchanged():
    for name in ("Sam", "Zoé Tremblay", "Eun-ji", "Ce n'est pas un avis juridique.", "Reg. 191/11, s. 5"):
        assert md_escape(name, inline=True) == name


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60))
def test_markdown_escape_renders_as_the_same_text(text):
    text = " ".join(text.split())  # one line, single spaces: how a field reads
    tags, rendered = _rendered_text(md_escape(text))
    assert tags <= {"p"}, text
    assert rendered.strip() == text.replace(WORD_JOINER, "").strip()


def test_parentheses_and_braces_stay_as_typed():
    # review r16head finding 12: the Markdown export read "\(MIX challenge\)"; only what can start
    # Markdown syntax is escaped (brackets, so "(url)" can never become a link)
    for text in ("Challenge-based procurement (MIX challenge)", "CFTA Art. 513.1(b)!", "{n} days", "Note #3"):
        assert md_escape(text, inline=True) == text
    assert md_escape("# not a heading", inline=True) == "\\# not a heading"
    assert md_escape("[x](http://e.example)", inline=True).startswith("\\[x\\](")
