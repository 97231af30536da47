"""The plan's schedule arithmetic (issue 12): business and calendar days, the CETA minimum bid
periods and their electronic reductions, a deadline that cannot be met, meeting dates that push
an approval, the award notice's 72 days and the critical path."""

from __future__ import annotations

import datetime as dt
import re
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
from mixdecide.plan_text import basis_text, duration_note, flag_text, plan_ics, plan_rows, reductions_text
from mixdecide.profile import Meeting, Profile, ProfileError, Tier, check_profile

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
    assert "verify" not in bid.legal.cite and "CETA" not in bid.legal.cite
    assert "no fixed minimum number of days we can confirm" in basis_text(bid, "en")


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
    assert early.step("traditional_rfp.evaluate").end == dt.date(2026, 5, 21)  # Victoria Day skipped
    assert approve.approval is not None and approve.approval.meeting == dt.date(2026, 6, 9)
    assert approve.end == dt.date(2026, 6, 9)
    # a meeting too soon after evaluation for the report is skipped: the summer recess costs months
    late = _plan(pack, answers, _council(dt.date(2026, 6, 2), dt.date(2026, 9, 15)))
    pushed = late.step("traditional_rfp.approve")
    assert pushed.end == dt.date(2026, 9, 15)
    assert late.step("traditional_rfp.debrief").start == dt.date(2026, 9, 16)
    flag = next(f for f in late.flags if f.kind == "meeting")
    assert flag_text(pack, late, flag, "en") == (
        "Council approval needed at this value: the first council meeting at least 10 business days "
        "after “Evaluate the bids” (the report lead time, set in the municipality profile) is "
        "September 15, 2026."
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
    assert not plan.step("traditional_rfp.notice").critical  # runs after the award, holds nothing up
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
    meetings = sum(1 for s in plan.steps if s.approval is not None and s.approval.meeting is not None)
    assert ics.count("BEGIN:VEVENT") == len(plan.steps) + meetings + 1  # and the deadline
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


def test_debrief_and_standstill_come_between_the_decision_and_signing(pack: Pack) -> None:
    # r12 F3: no "complaint window" after signature; the debrief and a good-practice standstill
    # sit between approving the award and signing, and the standstill is not called a legal one
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"))
    uids = [s.uid for s in plan.steps]
    assert "traditional_rfp.complaint" not in uids
    approve, debrief, wait, sign = (
        plan.step(f"traditional_rfp.{x}") for x in ("approve", "debrief", "standstill", "award")
    )
    assert approve.end < debrief.start <= debrief.end < wait.start <= wait.end < sign.start
    text = basis_text(wait, "en")
    assert "good practice" in text and "not a legal standstill" in text
    assert "CFTA Art. 516.1" in basis_text(debrief, "en")


def test_cites_name_only_the_agreements_that_apply_and_no_verify(pack: Pack) -> None:
    # r12 F2/F4/F6: below the CETA threshold no CETA pinpoint; no "[verify" anywhere in the plan;
    # French basis text uses the French acronyms
    for ex in ("ex01_road_salt_rfp", "ex07_seniors_isolation_challenge"):
        answers = _answers(pack, ex)
        for value in (250_000, 2_500_000):
            answers = {**answers, "estimated_value_cad": value}
            plan = _plan(pack, answers)
            for step in plan.steps:
                en, fr = basis_text(step, "en"), basis_text(step, "fr")
                assert "[verify" not in en and "[verify" not in fr
                assert not re.search(r"\b(CFTA|CETA|OQTCA)\b|Art\.", fr), fr
                if value == 250_000:
                    assert "CETA" not in en, en


def test_the_report_lead_time_is_said_and_editable(pack: Pack) -> None:
    # r12 F7: a skipped meeting is explained (lead time in the basis and the info flag), the
    # profile can change the lead time, and the meeting itself is an event in the .ics
    answers = _answers(pack, "ex01_road_salt_rfp")  # $1.2M: council approves; evaluation ends May 20
    plan = _plan(pack, answers, _council(dt.date(2026, 6, 2), dt.date(2026, 9, 15)))
    approve = plan.step("traditional_rfp.approve")
    assert approve.approval is not None and approve.approval.meeting == dt.date(2026, 9, 15)
    assert "report on the agenda" in basis_text(approve, "en")
    info = next(f for f in plan.flags if f.kind == "meeting")
    assert "at least 10 business days after" in flag_text(pack, plan, info, "en")
    ics = plan_ics(pack, plan, "en", "Salt").decode()
    assert "DTSTART;VALUE=DATE:20260915" in ics and "Council meeting" in ics
    quick = _council(dt.date(2026, 6, 2), dt.date(2026, 9, 15)).model_copy(update={"report_lead_bd": 5})
    sooner = _plan(pack, answers, quick).step("traditional_rfp.approve")
    assert sooner.approval is not None and sooner.approval.meeting == dt.date(2026, 6, 2)


def test_profile_check_refuses_what_it_cannot_keep() -> None:
    # r12 F8: past meeting, unreadable date (a row whose date the grid emptied), bad lead time
    tiers = [{"up_to": None, "authority": "Council", "body": "council"}]
    today = dt.date(2026, 11, 30)
    ok = [{"date": dt.date(2027, 3, 9), "body": "council"}]
    assert check_profile("Kitchener", tiers, ok, today=today, report_lead_bd=12).report_lead_bd == 12
    cases = {
        "in the past": [*ok, {"date": dt.date(115, 2, 5), "body": "council"}],
        "cannot be read": [*ok, {"date": None, "body": "council"}],
    }
    for words, meetings in cases.items():
        with pytest.raises(ProfileError) as err:
            check_profile("Kitchener", tiers, meetings, today=today)
        assert any(words in p for p in err.value.problems), err.value.problems
    with pytest.raises(ProfileError) as err:
        check_profile("Kitchener", tiers, ok, today=today, report_lead_bd="soon")
    assert "report lead time" in err.value.problems[0]
    with pytest.raises(ProfileError) as err:
        check_profile("Kitchener", [{"up_to": 0, "authority": "A"}, *tiers], ok, today=today)
    assert "text typed in this column is not kept" in err.value.problems[0]
    with pytest.raises(ProfileError) as err:
        check_profile("Kitchener", [{"up_to": None, "authority": "x" * 10_000, "body": "council"}], ok)
    assert "120" in err.value.problems[0]


def test_a_bid_period_over_the_holidays_is_flagged(pack: Pack) -> None:
    # r12 F10: a call that runs over December 24 to January 2 is pointed out
    answers = _answers(pack, "ex01_road_salt_rfp")
    winter = _plan(pack, answers, start=dt.date(2026, 11, 30))
    bid = winter.step("traditional_rfp.bid")
    assert bid.start <= dt.date(2027, 1, 2) and bid.end >= dt.date(2026, 12, 24)
    flag = next(f for f in winter.flags if f.kind == "holidays")
    assert "Christmas and New Year" in flag_text(pack, winter, flag, "en")
    spring = _plan(pack, answers, start=dt.date(2026, 3, 2))
    assert not any(f.kind == "holidays" for f in spring.flags)


def test_a_plan_past_its_deadline_names_the_late_steps(pack: Pack) -> None:
    # r12 F9: not only "it ends late" but which steps fall after the deadline
    answers = _answers(pack, "ex01_road_salt_rfp")
    plan = _plan(pack, answers, start=dt.date(2026, 3, 2), deadline=dt.date(2026, 5, 1))
    flag = next(f for f in plan.flags if f.kind == "past_deadline")
    text = flag_text(pack, plan, flag, "en")
    assert "Steps that end after the deadline:" in text and "Sign the contract" in text
    assert "Prepare the documents" not in text
    # a room's screen says it ends late and what to do, without the list its chart already shows
    room = flag_text(pack, plan, flag, "en", room=True)
    # r18head #3: the date is met by the first use; an RFP is in use when its plan ends
    assert plan.first_use == plan.end
    assert room.startswith("The solution is first in use on") and "move the deadline." in room
    assert "Steps that end after the deadline:" not in room and "Sign the contract" not in room


def test_the_headline_says_which_reductions_set_the_minimum(pack: Pack) -> None:
    # r12 F10: the 25-day figure depends on the electronic-means reductions: say so
    plan = _plan(pack, _answers(pack, "ex01_road_salt_rfp"))
    text = reductions_text(plan, "en")
    assert "25 days (40 less the reductions for" in text and "Bids accepted electronically" in text
    assert "Délai minimal de soumission : 25 jours" in reductions_text(plan, "fr")


def test_the_plan_explains_its_duration_against_the_recommendation(pack: Pack) -> None:
    # r12 F9: the Recommendation's "at least N months" and the plan's dates are reconciled in words
    answers = _answers(pack, "ex07_seniors_isolation_challenge")
    a = assess(pack, answers, today=dt.date(2026, 3, 2))
    plan = _plan(pack, answers)
    text = duration_note(pack, a, plan, "en")
    # r16head F1: one computation - the same plan from the same day states the same length
    assert a.timeline is not None and a.timeline.end == plan.end
    assert (
        text == f"The Recommendation page states this same plan's length: about {a.timeline.months:g} months."
    )
    # a plan started later on the Plan page says both lengths and why they differ
    later = _plan(pack, answers, start=dt.date(2026, 6, 1))
    assert later.end != plan.end
    moved = duration_note(pack, a, later, "en")
    assert "This plan, from June 1, 2026," in moved
    assert "The Recommendation page dates the same steps from March 2, 2026" in moved


def test_the_scale_purchase_is_approved_before_buying(pack: Pack) -> None:
    # r12 F9: "Approve the purchase" came after "Buy at scale"
    plan = _plan(pack, _answers(pack, "ex07_seniors_isolation_challenge"))
    uids = [s.uid for s in plan.steps]
    if "scale_purchase.buy" not in uids:
        pytest.skip("ex07 has no scale purchase stage in this pack version")
    assert plan.step("scale_purchase.approve").end < plan.step("scale_purchase.buy").start


def test_a_challenge_debriefs_before_signing(pack: Pack) -> None:
    # r12 F3: the debrief comes before the contract is signed, in a challenge too
    plan = _plan(pack, _answers(pack, "ex07_seniors_isolation_challenge"))
    debrief, sign = plan.step("challenge_based.debrief"), plan.step("challenge_based.award")
    assert debrief.end < sign.start


# --- delivery after the award (review: department head) ------------------------------------------


def test_a_plan_ending_at_the_award_says_delivery_is_not_in_it(pack: Pack) -> None:
    """Review: an RFP plan ended with the contract signed 12 days before a winter in-use date, and
    every screen said the date was met. A plan with no step putting the solution in use names the
    days left for delivery after the award, as a warning under the pack's delivery_check_days."""
    salt = _answers(pack, "ex01_road_salt_rfp")
    days = plan_spec(pack).delivery_check_days
    assert days == 90
    loose = _plan(pack, salt, deadline=dt.date(2028, 6, 1))
    award = next(s for s in reversed(loose.steps) if s.award)
    assert loose.first_use == loose.end  # nothing puts it in use before the plan ends
    flag = next(f for f in loose.flags if f.kind == "delivery_not_planned")
    assert flag.values["award"] == award.end and flag.values["days"] == (dt.date(2028, 6, 1) - award.end).days
    assert flag.level == "info" and flag.values["days"] >= days
    tight = _plan(pack, salt, deadline=award.end + dt.timedelta(days=12))
    flag = next(f for f in tight.flags if f.kind == "delivery_not_planned")
    assert (flag.level, flag.values["days"]) == ("warning", 12)
    for lang, words in (("en", "12 days are left"), ("fr", "il leur reste 12 jours")):
        text = flag_text(pack, tight, flag, lang)
        assert words in text and "Delivery" in text or "livraison" in text, text
    late = _plan(pack, salt, deadline=award.end - dt.timedelta(days=1))
    assert "delivery_not_planned" not in {f.kind for f in late.flags}  # already missed: said as such
    assert "past_deadline" in {f.kind for f in late.flags}
