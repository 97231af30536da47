"""French dates write the first of the month as an ordinal (review r19head #12: "d'ici le 1 juin 2028")."""

import datetime as dt

import pytest

from mixdecide.i18n import fmt_date


@pytest.mark.parametrize(
    ("style", "first", "eleventh"),
    [
        ("long", "1er juin 2028", "11 juin 2028"),
        ("medium", "1er juin 2028", "11 juin 2028"),
        ("short_day", "1er juin", "11 juin"),
    ],
)
def test_the_first_of_the_month_is_1er_in_french_only(style: str, first: str, eleventh: str) -> None:
    assert fmt_date(dt.date(2028, 6, 1), "fr", style) == first
    assert fmt_date(dt.date(2028, 6, 11), "fr", style) == eleventh  # not "1er1 juin"
    assert fmt_date(dt.date(2028, 6, 1), "en", style).startswith(("June 1", "Jun 1"))
    assert fmt_date(dt.date(2028, 6, 1), "fr", "month") == "juin 2028"
