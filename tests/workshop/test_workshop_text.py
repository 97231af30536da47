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
    + ["workshop.present.join", "workshop.present.board", "workshop.present.result"]
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
    # a sentence about a count (``tn``) is a pair of keys: key.one and key.other
    used = {k2 for k in used for k2 in ((f"{k}.one", f"{k}.other") if f"{k}.one" in cat else (k,))}
    missing = sorted(k for k in used if k not in cat)
    assert missing == []
    for key in used:
        assert placeholders(cat[key]["en"]) == placeholders(cat[key]["fr"]), key
        for lang in LANGS:
            assert cat[key][lang].strip(), (key, lang)


def test_french_is_french():
    assert t("join.title", "fr") == "Rejoindre un atelier"
    assert t("workshop.title", "fr") == "Animer un atelier"


def test_agreement_in_words_counts_people_and_says_dont_know_apart():
    from mixdecide.workshop.aggregate import question_stats
    from mixdecide.workshop.charts import agreement_words

    def words(answers, lang="en"):
        s = question_stats("market_depth", "choice", answers, options=["many", "few", "one_or_none"])
        return agreement_words(s, lang)

    five_three = {**{f"a{i}": "few" for i in range(5)}, **{f"u{i}": "unknown" for i in range(3)}}
    assert words(five_three) == "5 of 5 chose the leading answer; 3 say don't know"
    # "1 of 3 agrees" read as if someone agreed with nobody: say what the count is (UX review #10)
    one_other = "1 person answers otherwise"  # not "1 answers otherwise" (review r14)
    assert words({"a": "few", "b": "many", "c": "few"}) == f"2 of 3 chose the leading answer; {one_other}"
    assert (
        words({"a": "unknown", "b": "unknown", "c": "few"})
        == "1 of 1 chose the leading answer; 2 say don't know"
    )
    assert words({"a": "few", "b": "many", "c": "one_or_none", "d": "few"}).endswith(
        "; 2 people answer otherwise"
    )
    assert words({}) == "Nobody has answered yet"
    # French singular for 0 and 1, plural from 2 ("1 sont" was a bug)
    fr_one = "1 sur 1 a choisi la réponse en tête"
    assert words({"a": "few"}, "fr") == fr_one
    fr_two = "2 sur 3 ont choisi la réponse en tête; 1 personne répond autrement"
    assert words({"a": "few", "b": "many", "c": "few"}, "fr") == fr_two
    # review r14: a tie has no leading answer; review r18lead #6: "don't know" is told apart, not
    # counted as a third competing answer
    three_way = {"a": "few", "b": "many", "c": "unknown"}
    assert words(three_way) == "Tied: 1 each for 2 different answers, of 2 who gave one; 1 says don't know"
    assert words({"a": "unknown", "b": "unknown"}) == "2 of 2 say don't know"
    assert words({"a": "few", "b": "many"}, "fr").startswith("Égalité : 1 pour chacune de 2")
    assert words(five_three, "fr") == "5 sur 5 ont choisi la réponse en tête; 3 ne savent pas"
