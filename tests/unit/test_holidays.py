"""Public holidays in the plan's business days: the pack's rules give Ontario's nine public
holidays (Employment Standards Act, 2000, s. 1(1)) on the right days, a weekend one closes the next
open weekday, and a plan never starts work or closes a call on a holiday (review finding: the plan
counted Christmas and Good Friday as working days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from mixdecide import load_pack
from mixdecide.engine import assess
from mixdecide.holidays import HolidayRule, closed_days, easter_sunday
from mixdecide.pack import Pack, PackError
from mixdecide.plan import (
    _BID_PERIODS,
    add_business_days,
    build_plan,
    default_profile,
    holidays,
    is_business_day,
    next_business_day,
    plan_spec,
)
from mixdecide.plan_text import caveat_text
from tests.unit.test_r18plan_domain import _camera

D = dt.date


def test_ontario_public_holidays_of_2026_and_2027(pack: Pack) -> None:
    # 2026: Boxing Day is a Saturday, closed the Monday after
    assert sorted(d for d in holidays(pack, 2026, 2026) if d.year == 2026) == [
        D(2026, 1, 1),  # New Year's Day, Thursday
        D(2026, 2, 16),  # Family Day, third Monday of February
        D(2026, 4, 3),  # Good Friday (Easter April 5)
        D(2026, 5, 18),  # Victoria Day: May 25 is a Monday, so the Monday before it
        D(2026, 7, 1),
        D(2026, 9, 7),  # Labour Day, first Monday of September
        D(2026, 10, 12),  # Thanksgiving, second Monday of October
        D(2026, 12, 25),
        D(2026, 12, 28),
    ]
    # 2027: Christmas on a Saturday and Boxing Day on a Sunday close Monday and Tuesday
    closed = holidays(pack, 2027, 2027)
    assert {D(2027, 3, 26), D(2027, 5, 24), D(2027, 12, 27), D(2027, 12, 28)} <= closed
    assert not {D(2027, 12, 25), D(2027, 12, 26)} & closed  # the weekend days themselves do not matter
    spec = plan_spec(pack)
    assert spec is not None and spec.holidays is not None
    assert spec.holidays.refs == ("on_esa",) and pack.sources["on_esa"].kind == "primary"


@pytest.mark.parametrize(
    "year, easter",
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25))],
)
def test_easter_sunday(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


def test_business_days_skip_the_closed_days() -> None:
    closed = frozenset({D(2026, 12, 25), D(2026, 12, 28)})
    assert not is_business_day(D(2026, 12, 25), closed) and is_business_day(D(2026, 12, 24), closed)
    assert next_business_day(D(2026, 12, 25), closed) == D(2026, 12, 29)  # Fri, weekend, Mon closed
    assert add_business_days(D(2026, 12, 24), 2, closed) == D(2026, 12, 29)
    assert add_business_days(D(2026, 12, 24), 2) == D(2026, 12, 25)  # without them, as before


def test_a_rule_is_one_kind_of_day() -> None:
    with pytest.raises(ValidationError, match="a holiday is one of"):
        HolidayRule.model_validate({"name": {"en": "x", "fr": "x"}, "month": 5, "day": 3, "nth": 1})
    with pytest.raises(ValidationError):
        HolidayRule.model_validate({"name": {"en": "x", "fr": "x"}, "month": 2, "day": 30})
    leap = HolidayRule.model_validate({"name": {"en": "x", "fr": "x"}, "month": 2, "day": 29})
    assert leap.on(2027) is None and closed_days([leap], [2027, 2028]) == {D(2028, 2, 29)}


def test_an_unknown_source_is_refused(pack_copy: Any) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["holidays"]["refs"] = ["no_such_source"]

    with pytest.raises(PackError, match="holidays: unknown source 'no_such_source'"):
        plan_spec(load_pack(pack_copy("plan", mutate)))


@pytest.mark.parametrize("month", [1, 3, 5, 6, 9, 11, 12])
def test_no_step_starts_and_no_call_closes_on_a_holiday(pack: Pack, month: int) -> None:
    for day in (1, 8, 15, 22):
        start = D(2026, month, day)
        a = assess(pack, _camera(), today=start, explain=False)
        profile = default_profile(pack, start, "en")
        assert profile is not None
        plan = build_plan(pack, a, profile, start=start)
        assert plan is not None
        closed = holidays(pack, start.year, start.year + 4)
        for s in plan.steps:
            assert s.start not in closed, (start, s.uid, s.start)
            if s.legal is not None and s.legal.period in _BID_PERIODS:
                assert s.end not in closed and s.end.weekday() < 5, (start, s.uid, s.end)


def test_the_plan_says_which_holidays_it_skips(pack: Pack) -> None:
    en, fr = caveat_text(pack, "en"), caveat_text(pack, "fr")
    assert "less Ontario's public holidays (Employment Standards Act, 2000" in en
    assert "Civic Holiday, Easter Monday" in en and "not skipped" in en and "taken on the next weekday" in en
    assert "à l'exclusion des jours fériés de l'Ontario (Loi de 2000 sur les normes d'emploi" in fr


def test_a_start_on_a_holiday_says_when_the_work_starts(pack: Pack) -> None:
    """Review finding: "Start July 1, 2027" headed a plan whose first step began July 2."""
    from mixdecide.plan_text import summary_text

    for start, lang, said in (
        (D(2027, 7, 1), "en", "Start July 1, 2027 (work starts July 2, 2027, the next business day)"),
        (D(2027, 7, 1), "fr", "(le travail commence le 2 juillet 2027, jour ouvrable suivant)"),
    ):
        a = assess(pack, _camera(), today=start, explain=False)
        profile = default_profile(pack, start, lang)
        assert profile is not None
        plan = build_plan(pack, a, profile, start=start)
        assert plan is not None and said in summary_text(plan, lang)
    monday = D(2027, 7, 5)
    a = assess(pack, _camera(), today=monday, explain=False)
    plan = build_plan(pack, a, default_profile(pack, monday, "en"), start=monday)  # type: ignore[arg-type]
    assert plan is not None and "work starts" not in summary_text(plan, "en")
