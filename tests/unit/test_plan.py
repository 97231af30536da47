"""The plan's schedule arithmetic (issue 12): business and calendar days, the CETA minimum bid
periods and their electronic reductions, a deadline that cannot be met, meeting dates that push
an approval, the award notice's 72 days and the critical path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mixdecide.engine import assess
from mixdecide.pack import Pack
from mixdecide.plan import (
    Options,
    Plan,
    add_business_days,
    add_months,
    build_plan,
    deadline_from,
    default_profile,
    minimum_days,
    plan_spec,
    step_end,
)
from mixdecide.plan_text import flag_text, plan_ics, plan_rows
from mixdecide.profile import Meeting, Profile, Tier

MONDAY = dt.date(2026, 3, 2)
FRIDAY = dt.date(2026, 3, 6)


def _answers(pack: Pack, example: str) -> dict[str, Any]:
    return dict(next(e for e in pack.examples if e.id == example).answers)


def _plan(pack: Pack, answers: dict[str, Any], profile: Profile | None = None, **kw: Any) -> Plan:
    a = assess(pack, answers, today=MONDAY)
    profile = profile or default_profile(pack, MONDAY, "en")
    assert profile is not None
    plan = build_plan(pack, a, profile, start=kw.pop("start", MONDAY), **kw)
    assert plan is not None
    return plan


def _council(*dates: dt.date) -> Profile:
    return Profile(
        tiers=(
            Tier(up_to=100_000, authority="Director"),
            Tier(up_to=None, authority="Council", body="council"),
        ),
        meetings=tuple(Meeting(date=d) for d in dates),
    )


# --- days ---------------------------------------------------------------------------------------


def test_business_days_skip_weekends_and_calendar_days_do_not() -> None:
    assert add_business_days(FRIDAY, 1) == FRIDAY
    assert add_business_days(FRIDAY, 2) == dt.date(2026, 3, 9)  # Friday, then Monday
    assert add_business_days(dt.date(2026, 3, 7), 1) == dt.date(2026, 3, 9)  # a Saturday start works Monday
    assert add_business_days(MONDAY, 15) == dt.date(2026, 3, 20)  # three working weeks
    assert step_end(MONDAY, 15, "cd") == dt.date(2026, 3, 17)
    assert step_end(MONDAY, 15, "bd") == dt.date(2026, 3, 20)


def test_deadline_counts_months_from_the_start() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
    assert deadline_from({"timeline_months": 6}, MONDAY) == dt.date(2026, 9, 2)
    assert deadline_from({"timeline_months": "unknown"}, MONDAY) is None


# --- CETA Art. 19.10 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "days"),
    [
        (Options(False, False, False), 40),  # paper notice, documents and bids
        (Options(True, False, False), 35),
        (Options(True, True, False), 30),
        (Options(), 25),  # notice, documents and bids electronic: 5 days off for each
        (Options(advance_notice=True), 10),  # a notice of planned procurement 40 days-12 months ahead
        (Options(urgency=True), 10),
        (Options(commercial=True), 10),  # commercial goods or services with electronic bids
        (Options(electronic_bids=False, commercial=True), 13),
        (
            Options(electronic_documents=False, commercial=True),
            30,
        ),  # the commercial floor needs online documents
    ],
)
def test_ceta_minimum_bid_period(pack: Pack, options: Options, days: int) -> None:
    spec = plan_spec(pack)
    assert spec is not None
    minimum = minimum_days(spec.periods["bid_open"], options)
    assert minimum is not None and minimum.days == days


def test_ceta_covered_bid_period_never_shorter_than_the_law(pack: Pack) -> None:
    # ex01: $1.2M of goods, CETA applies. Paper bids: the legal 40 days beat the typical 30.
    paper = _plan(pack, _answers(pack, "ex01_road_salt_rfp"), options=Options(False, False, False))
    bid = paper.step("traditional_rfp.bid")
    assert bid.legal is not None and bid.legal.minimum is not None and bid.legal.minimum.days == 40
    assert (bid.end - bid.start).days >= 40
    assert bid.legal.cite.startswith("CETA Art. 19.10")
    online = _plan(pack, _answers(pack, "ex01_road_salt_rfp"))
    assert online.step("traditional_rfp.bid").end < bid.end  # electronic means shorten the plan
    assert online.step("traditional_rfp.bid").end.weekday() < 5  # closes on a business day


def test_below_ceta_the_plan_claims_no_number_of_days(pack: Pack) -> None:
    # ex07: $200,000 of services, CFTA but not CETA: "enough time", no invented minimum
    plan = _plan(pack, _answers(pack, "ex07_seniors_isolation_challenge"))
    bid = plan.step("challenge_based.bid")
    assert bid.legal is not None and bid.legal.period == "reasonable_time" and bid.legal.minimum is None
    assert "verify" in bid.legal.cite


def test_award_notice_is_due_72_days_after_the_award(pack: Pack) -> None:
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"))
    award, notice = plan.step("traditional_rfp.award"), plan.step("traditional_rfp.notice")
    assert notice.legal is not None and notice.legal.due == award.end + dt.timedelta(days=72)
    assert notice.end <= notice.legal.due and notice.start > award.end


# --- deadline, meetings, critical path ------------------------------------------------------------


def test_a_deadline_the_legal_minimum_alone_cannot_meet(pack: Pack) -> None:
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"), deadline=MONDAY + dt.timedelta(days=20))
    kinds = {f.kind for f in plan.flags}
    assert {"legal_past_deadline", "past_deadline"} <= kinds
    flag = next(f for f in plan.flags if f.kind == "legal_past_deadline")
    text = flag_text(pack, plan, flag, "en")
    assert "legal minimum bid period alone (25 days" in text and "March 22, 2026" in text
    assert "27 mars 2026" in flag_text(pack, plan, flag, "fr")


def test_a_long_deadline_raises_no_deadline_flag(pack: Pack) -> None:
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"), deadline=dt.date(2027, 12, 31))
    assert not {"legal_past_deadline", "past_deadline"} & {f.kind for f in plan.flags}


def test_council_meeting_dates_push_the_approval(pack: Pack) -> None:
    answers = _answers(pack, "ex01_road_salt_rfp")  # $1.2M: council approves
    # evaluation ends on May 20, 2026; the report needs 10 business days: on an agenda from June 3
    early = _plan(pack, answers, _council(dt.date(2026, 6, 9), dt.date(2026, 9, 15)))
    approve = early.step("traditional_rfp.approve")
    assert early.step("traditional_rfp.evaluate").end == dt.date(2026, 5, 20)
    assert approve.approval is not None and approve.approval.meeting == dt.date(2026, 6, 9)
    assert approve.end == dt.date(2026, 6, 9)
    # a meeting too soon after evaluation for the report is skipped: the summer recess costs months
    late = _plan(pack, answers, _council(dt.date(2026, 6, 2), dt.date(2026, 9, 15)))
    pushed = late.step("traditional_rfp.approve")
    assert pushed.end == dt.date(2026, 9, 15)
    assert late.step("traditional_rfp.award").start == dt.date(2026, 9, 16)
    flag = next(f for f in late.flags if f.kind == "meeting")
    assert flag_text(pack, late, flag, "en") == (
        "Council approval needed at this value: the next council meeting after “Evaluate the bids” "
        "is September 15, 2026."
    )


def test_no_meeting_listed_is_an_error_not_a_silent_date(pack: Pack) -> None:
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"), _council(dt.date(2026, 3, 10)))
    assert any(f.kind == "no_meeting" and f.level == "error" for f in plan.flags)


def test_staff_approval_below_the_council_tier(pack: Pack) -> None:
    answers = {**_answers(pack, "ex01_road_salt_rfp"), "estimated_value_cad": 80_000}
    plan = _plan(pack, answers, _council())
    assert plan.approver.authority == "Director"
    assert not any(f.kind in ("meeting", "no_meeting") for f in plan.flags)


def test_critical_path_runs_through_the_steps_that_set_the_end(pack: Pack) -> None:
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"))
    critical = [s.uid for s in plan.critical_path]
    assert critical[0] == "traditional_rfp.prepare" and critical[-1] == "traditional_rfp.award"
    assert plan.end == plan.step("traditional_rfp.award").end
    for uid in ("traditional_rfp.notice", "traditional_rfp.debrief", "traditional_rfp.complaint"):
        assert not plan.step(uid).critical  # they run after the award without holding anything up
    for s in plan.critical_path[1:]:
        assert s.driver in critical


def test_stages_follow_one_another(pack: Pack) -> None:
    # ex07: a challenge, then a pilot, evaluation and the scale purchase
    plan = _plan(pack, _answers(pack, "ex07_seniors_isolation_challenge"))
    stages = list(dict.fromkeys(s.stage for s in plan.steps))
    assert len(stages) > 1
    for before, after in zip(stages, stages[1:], strict=False):
        first = next(s for s in plan.steps if s.stage == after)
        last = max((s for s in plan.steps if s.stage == before and not s.tail), key=lambda s: s.end)
        assert first.start > last.end


def test_rows_and_calendar_in_both_languages(pack: Pack) -> None:
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"))
    en, fr = plan_rows(pack, plan, "en"), plan_rows(pack, plan, "fr")
    assert len(en) == len(fr) == len(plan.steps)
    assert "jours civils" in " ".join(r[3] for r in fr)
    ics = plan_ics(pack, plan, "en", "Road <salt>").decode()
    assert ics.count("BEGIN:VEVENT") == len(plan.steps) + 1  # and the deadline
    assert "DTSTART;VALUE=DATE:20260302" in ics


def test_a_broken_plan_file_is_a_pack_error_naming_it(pack_copy) -> None:
    from mixdecide.pack import PackError, load_pack

    def unknown_period(data: dict[str, Any]) -> None:
        data["stages"]["traditional_rfp"][1]["legal"] = "bid_forever"

    broken = load_pack(pack_copy("plan", unknown_period))  # the rules still load
    with pytest.raises(
        PackError, match=r"plan.yaml: stages.traditional_rfp.bid: unknown legal period 'bid_forever'"
    ):
        plan_spec(broken)


def test_a_pack_without_plan_file_has_no_plan(pack_copy) -> None:
    from mixdecide.pack import load_pack

    root = pack_copy()
    (root / "plan.yaml").unlink()
    other = load_pack(root)
    a = assess(other, {}, today=MONDAY)
    assert plan_spec(other) is None and default_profile(other, MONDAY, "en") is None
    assert (
        build_plan(
            other, a, Profile(tiers=(Tier(up_to=None, authority="Council", body="council"),)), start=MONDAY
        )
        is None
    )
