"""Every catalog key the workshop pages use exists, in both languages (escaping: tests/unit/test_text.py)."""

from __future__ import annotations

import re
from pathlib import Path

from mixdecide.i18n import LANGS, catalog, placeholders, t

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
