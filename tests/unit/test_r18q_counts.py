"""Issue 14: a months or points count always carries its unit, singular or plural by one function
(French singular below 2: "0,8 point"; English "1 month", not a bare "in 1.")."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.engine import assess
from mixdecide.i18n import fmt_count
from mixdecide.narrative import date_lines
from mixdecide.pack import load_pack
from mixdecide.wording import describe_effect

PACK = load_pack()
SALT = dict(next(e for e in PACK.examples if e.id == "ex01_road_salt_rfp").answers)


@pytest.mark.parametrize(
    ("unit", "n", "lang", "text"),
    [
        ("months", 1, "en", "1 month"),
        ("months", 2, "en", "2 months"),
        ("months", 0.5, "en", "0.5 months"),
        ("months", 1, "fr", "1 mois"),
        ("points", 1, "en", "1 point"),
        ("points", 0.8, "en", "0.8 points"),
        ("points", 0.8, "fr", "0,8 point"),
        ("points", 1.5, "fr", "1,5 point"),
        ("points", 2, "fr", "2 points"),
        ("points", 18, "fr", "18 points"),
    ],
)
def test_one_plural_function(unit, n, lang, text):
    assert fmt_count(unit, n, lang) == text


def test_a_one_month_target_is_said_with_its_unit():
    a = assess(PACK, {**SALT, "timeline_months": 1, "estimated_value_cad": 20_000}, today=dt.date(2026, 3, 2))
    en, fr = " ".join(date_lines(PACK, a, "en")), " ".join(date_lines(PACK, a, "fr"))
    # the late sequence gives the date it is needed by with its count (r18head #3): "June 2, 2026 (1 month)"
    assert "(1 month)." in en and "need it in 1." not in en and "(1)" not in en
    assert "(1 mois)." in fr and "(1)" not in fr


def test_the_deadline_rule_counts_points_in_french_singular_below_two():
    rule = next(r.rule for r in PACK.rules if r.rule.deadline)
    text = describe_effect(PACK, rule, "fr")
    assert f"perd {fmt_count('points', rule.deadline.per_month, 'fr')} par mois" in text
    assert "point(s)" not in text and "point(s)" not in describe_effect(PACK, rule, "en")
    assert "perd 1,5 point par mois" in text  # the pack's 1.5 per month
