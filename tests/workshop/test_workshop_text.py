"""What people type stays text: Markdown escaping, and every catalog key the workshop uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mixdecide.i18n import LANGS, catalog, placeholders, t
from ui.workshop_text import md

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *ROOT.glob("ui/workshop_*.py"),
    ROOT / "pages" / "workshop.py",
    ROOT / "pages" / "join.py",
    *ROOT.glob("mixdecide/workshop/*.py"),
]
DYNAMIC = (
    [f"{p}.status.{s}" for p in ("workshop", "join") for s in ("open", "locked", "closed")]
    + [f"workshop.board.state.{s}" for s in ("open", "locked", "closed")]
    + ["workshop.present.board", "workshop.present.result"]
)


@pytest.mark.parametrize(
    "typed",
    [
        "![x](http://evil.example/p.png)",
        "[click](https://evil.example)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "www.evil.example",
        "mail me@evil.example",
        "$\\frac{1}{2}$ :red[alarm] :material/warning:",
        "# heading\n- list\n> quote",
        "**bold** _it_ `code` ~~s~~",
    ],
)
def test_markdown_escaping_leaves_nothing_active(typed):
    out = md(typed)
    assert "\n" not in out
    # every ASCII punctuation character is escaped, so no Markdown, HTML, maths or directive starts
    assert re.search(r"(?<!\\)[!-/:-@\[-`{-~]", re.sub(r"\\[!-/:-@\[-`{-~]", "", out)) is None, out
    # and GitHub-style autolinks (URL, www., e-mail) are broken by an invisible word joiner
    plain = out.replace("\\", "")
    for trigger in (r"(?i)[a-z0-9]://", r"(?i)www\.", r"[^\u2060]@"):
        assert re.search(trigger, plain) is None, (trigger, out)
    visible = out.replace("\u2060", "").replace("\\", "")
    assert visible == " ".join(typed.replace("\\", "").split())  # reads the same, minus the escapes


def test_plain_names_are_unchanged():
    for name in ("Sam", "Zoé Tremblay", "Eun-ji"):
        assert md(name).replace("\\", "") == name


def test_every_workshop_catalog_key_exists_in_both_languages():
    used = set(DYNAMIC)
    for path in SOURCES:
        used |= set(
            re.findall(
                r"[\"']((?:workshop|join)\.[a-z_]+(?:\.[a-z_]+)*)[\"']", path.read_text(encoding="utf-8")
            )
        )
    used -= {"workshop.id"}  # a foreign key (models.py), not a catalog key
    cat = catalog()
    missing = sorted(k for k in used if k not in cat)
    assert missing == []
    for key in used:
        assert placeholders(cat[key]["en"]) == placeholders(cat[key]["fr"]), key
        for lang in LANGS:
            assert cat[key][lang].strip(), (key, lang)


def test_french_is_french():
    assert t("join.title", "fr") == "Rejoindre un atelier"
    assert t("workshop.title", "fr") == "Animer un atelier"
