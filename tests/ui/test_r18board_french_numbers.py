"""Review r18fac #15: the French Recommendation page wrote "(+3.3 pour Appel à solutions; -3,7 pour
Partenariat innov.)": one number with a dot, the other with the French comma, in one sentence.
Every number on the French page and presentation screens goes through the language's format."""

from __future__ import annotations

import json
import re

from tests.helpers.apptest import ROOT, goto, new_app, texts

DEMO = json.loads((ROOT / "data/demo/01_guelph_green_bin_plastics.json").read_text())["answers"]
DOTTED = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")  # 3.3, not a date or a version "1.2.3"
STEPS = 6  # pages/present.py STEPS


CITED = re.compile(r"(par\. [\d.]+|^Sources :.*$)", re.M)  # a clause number, a source's own title


def _dotted(at) -> list[str]:
    return DOTTED.findall(CITED.sub("", texts(at)))


def test_the_french_recommendation_page_writes_every_decimal_with_a_comma():
    at = goto(new_app(answers=dict(DEMO), lang="fr"), "recommendation")
    shown = texts(at)
    assert "pour" in shown and re.search(r"\d,\d", shown), "the demo's reasons carry decimals"
    assert _dotted(at) == []


def test_the_french_presentation_screens_write_every_decimal_with_a_comma():
    at = new_app(answers=dict(DEMO), lang="fr")
    at.session_state["present"] = True
    for step in range(STEPS):
        at.session_state["present_step"] = step
        at = goto(at, "present")
        assert _dotted(at) == [], f"screen {step + 1}"
