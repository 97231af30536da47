"""The blind procurement-lead review r11 (issue 11): each finding on the engine and its
explanations, as the reviewer's own projects (review/r11/cli/pN.json) reproduce it."""

from __future__ import annotations

from mixdecide.engine import assess
from mixdecide.narrative import date_lines, headline_label, in_use_line
from tests.helpers.answers import P1, P7, P8, P10, R11_COMMON, R11_DAY

# --- F1: a route whose nature contradicts an explicit answer --------------------------------------


def test_a_prize_is_never_recommended_to_a_city_that_said_it_wants_to_buy(pack):
    a = assess(pack, P1, today=R11_DAY)
    assert a.top != "prize"
    prize = a.score_of("prize")
    assert prize.excluded and prize.exclusions[0].lift is not None  # said why, and what lifts it
    # the same project rewarding results is free to get a prize again
    rewarding = assess(pack, {**P1, "reward_without_buying": "yes"}, today=R11_DAY)
    assert not rewarding.score_of("prize").excluded


def test_a_prize_whose_winner_is_to_be_bought_is_judged_as_that_purchase(pack):
    """The trade agreements follow the eventual purchase: only a prize that leads to none buys
    nothing."""
    rewarding = {**P1, "reward_without_buying": "yes", "timeline_months": 24}
    buy = assess(pack, rewarding, today=R11_DAY)
    learn = assess(pack, {**rewarding, "purchase_intent": "learn_only"}, today=R11_DAY)
    assert buy.top == learn.top == "prize"
    status = {f.agreement: f.status for f in buy.trade}
    assert "not_procurement" not in status.values() and status["CFTA"] == "applies"
    assert {f.status for f in learn.trade} <= {"not_procurement", "not_in_force"}


# --- F4: the date check uses legal minimum periods and the whole sequence ----------------------


def test_a_cetacovered_tender_due_in_one_month_is_not_achievable(pack):
    a = assess(pack, {**P7, "timeline_months": 1}, today=R11_DAY)
    assert a.top == "traditional_rfp"
    assert a.top_misses_deadline
    assert headline_label(pack, a, "en") == "Best fit, but not achievable by your date"
    lines = date_lines(pack, a, "en")
    assert "(CETA) applies and requires at least 40 days" in lines[0]
    assert lines[1].startswith(("The best-ranked route that fits", "No ranked route fits"))
    assert "40 jours" in date_lines(pack, a, "fr")[0]
    # the months the dated plan needs (r16head F1: the Plan page's computation) leave room: no warning
    assert a.timeline is not None
    roomy = assess(pack, {**P7, "timeline_months": int(a.timeline.months) + 1}, today=R11_DAY)
    assert not roomy.top_misses_deadline and date_lines(pack, roomy, "en") == []


def test_below_the_ceta_threshold_no_legal_bid_period_is_assumed(pack):
    a = assess(pack, {**P7, "timeline_months": 1, "estimated_value_cad": 200000}, today=R11_DAY)
    # (one month is still short of the dated plan, r16head F1, but not for a legal bid period)
    assert a.top == "traditional_rfp" and not any(w.basis == "legal" for w in a.deadline_warnings)
    assert not any("(CETA) applies" in line for line in date_lines(pack, a, "en"))


def test_a_date_too_short_for_rd_still_names_the_route_that_fits(pack):
    """P5 with a 12-month date: "Best fit, but not achievable", and the route that fits is named."""
    p5 = {
        **R11_COMMON,
        "need_clarity": "problem_clear_solution_open",
        "solution_maturity": "research_needed",
        "market_depth": "few",
        "estimated_value_cad": 11000000,
        "procurement_category": "goods",
        "timeline_months": 12,
        "purchase_intent": "buy_if_successful",
        "development_months": 18,
        "rollout_vs_development": "rollout_larger",
        "scale_up_committed": "yes",
    }
    a = assess(pack, p5, today=R11_DAY)
    assert a.top_misses_deadline
    lines = date_lines(pack, a, "en")
    assert lines[0].startswith("Your date is not achievable for R&D")
    assert lines[1].startswith(
        ("No route shortens development. The best-ranked route", "No ranked route fits")
    )


def test_a_sequence_that_fits_only_at_its_shortest_says_so(pack, full_answers):
    seen = set()
    seen_rollout = set()
    for months in range(2, 48):
        a = assess(pack, {**full_answers, "timeline_months": months}, today=R11_DAY)
        steps = [pack.routes[s.step].duration for s in a.sequence if s.kind == "route"]
        # r18head #3: in use by the date with the roll-out after it is said by in_use_line instead
        rollout = a.timeline is not None and a.timeline.rollout_after
        tight = (
            not a.top_misses_deadline
            and not rollout
            and len(steps) > 1
            and sum(d.max_months for d in steps) > months
        )
        said = any("when steps run long" in line for line in date_lines(pack, a, "en"))
        assert said == tight, months
        assert (in_use_line(pack, a, "en") is not None) == rollout, months
        seen.add(said)
        seen_rollout.add(rollout)
    assert seen == {True, False} and seen_rollout == {True, False}


# --- F8: one known supplier -------------------------------------------------------------------


def test_one_known_supplier_tests_the_claim_with_an_advance_award_notice(pack):
    from mixdecide.reports.markdown import render_markdown  # noqa: PLC0415

    a = assess(pack, P10, today=R11_DAY)
    steps = [s.step for s in a.sequence]
    assert steps == ["advance_award_notice", "traditional_rfp"]  # not a 1-3 month RFI
    md = render_markdown(pack, a, lang="en").replace("\\", "")
    assert "many suppliers can provide it" not in md
    assert "non-competitive (single- or sole-source) provisions" in md
    # a solution still to be worked out, with one supplier known: the market sounding stays
    open_need = assess(pack, {**P10, "need_clarity": "solution_adaptable"}, today=R11_DAY)
    assert "advance_award_notice" not in [s.step for s in open_need.sequence]
    assert "rfi_market_sounding" in [s.step for s in open_need.sequence] or open_need.top == (
        "rfi_market_sounding"
    )


# --- F2: "what would change it" lists decisions, once each, the most decisive first -------------


def test_what_would_change_it_offers_decisions_not_facts(pack):
    from mixdecide.wording import MAX_CHANGES, change_sentences  # noqa: PLC0415

    a = assess(pack, P1, today=R11_DAY)
    facts = ("How is the project funded", "personal information", "How well do you know", "How mature")
    lines = change_sentences(pack, a, "en")
    assert lines and not [line for line in lines if any(f in line for f in facts)]
    # the date is the lever to reach the R&D route: it is among the few lines shown first
    assert any("Months until the solution must be in use" in line for line in lines[:MAX_CHANGES])


def test_answers_leading_to_the_same_route_read_as_one_line(pack):
    from mixdecide.wording import change_sentences  # noqa: PLC0415

    a = assess(pack, P8, today=R11_DAY)
    lines = change_sentences(pack, a, "en")
    risk = [line for line in lines if "How much risk" in line]
    assert len(risk) == 1 and "“Low” or “High”" in risk[0]
    assert "« Faible » ou « Élevé »" in next(x for x in change_sentences(pack, a, "fr") if "risque" in x)
    # already buying with partners: no line says joint buying would come first
    assert not any("Joint procurement" in line for line in lines)


def test_the_report_shows_the_five_most_decisive_changes_and_counts_the_rest(pack):
    from mixdecide.reports.markdown import render_markdown  # noqa: PLC0415
    from mixdecide.wording import MAX_CHANGES, change_sentences, date_needed_sentence  # noqa: PLC0415

    a = assess(pack, P1, today=R11_DAY)
    needed = date_needed_sentence(pack, a, "en")  # r16head F2: the date the route needs, first
    every = ([needed] if needed else []) + change_sentences(pack, a, "en")
    assert len(every) > MAX_CHANGES
    md = render_markdown(pack, a, lang="en")
    part = md.split("### What would change the recommendation", 1)[1].split("\n## ", 1)[0]
    assert part.count("\n- ") == MAX_CHANGES
    assert f"{len(every) - MAX_CHANGES} more changes of one answer" in part


# --- F7: the Procedure row names the one procedure to run -------------------------------------


def test_the_procedure_row_names_one_procedure_and_labels_the_other(pack):
    from mixdecide.narrative import strategy_rows  # noqa: PLC0415

    a = assess(pack, P8, today=R11_DAY)
    row = dict(strategy_rows(pack, a, "en"))["Procedure"]
    assert row.startswith("Comp. dialogue (run this one). Alternative if its strengths matter more")
    assert "Challenge, 1.2 points behind" in row
    assert "(celle à mener)" in dict(strategy_rows(pack, a, "fr"))["Procédure"]


# --- F11 (non-legal): the small oddities -------------------------------------------------------


def _coop(pack):
    e = next(x for x in pack.examples if x.id == "ex34_office_furniture_oecm")
    return e, assess(pack, e.answers, today=e.today)


def test_under_a_call_off_the_history_line_names_the_headline_not_a_procedure(pack):
    from mixdecide.narrative import since_line  # noqa: PLC0415

    e, after = _coop(pack)
    q = "risk_appetite"
    other = next(o.id for o in pack.questions[q].options if o.id != after.answers.get(q))
    before = assess(pack, {**e.answers, q: other}, today=e.today)
    line = since_line(pack, before, after, q, "en")
    assert "the first route is still Call-off" in line, line
    assert "RFP" not in line


def test_under_a_call_off_the_confidence_margin_is_about_competing_instead(pack):
    from mixdecide.wording import confidence_sentences  # noqa: PLC0415

    _, a = _coop(pack)
    first = confidence_sentences(pack, a, "en")[0]
    assert first.startswith("Call-off") and "If you competed instead: " in first
    assert "Si vous lanciez plutôt une mise en concurrence" in confidence_sentences(pack, a, "fr")[0]


def test_the_report_names_the_questions_not_answered_yet(pack):
    from mixdecide.reports.markdown import render_markdown  # noqa: PLC0415

    a = assess(pack, {k: v for k, v in P1.items() if k != "rollout_vs_development"}, today=R11_DAY)
    assert "rollout_vs_development" in a.missing
    md = render_markdown(pack, a, lang="en").replace("\\", "")
    label = pack.questions["rollout_vs_development"].label.en
    assert f"Questions not answered yet: {len(a.missing)} (" in md and f"“{label}”" in md


def test_follow_up_letters_go_only_to_questions_that_follow_from_the_one_before(pack):
    """The optional strategy questions follow up earlier answers (maturity, hosting a test): they
    were numbered "22a"-"22d" as if they followed up question 22 of another section."""
    from mixdecide.wording import question_numbers  # noqa: PLC0415

    numbers = question_numbers(pack)
    by_number = {v: k for k, v in numbers.items()}
    for qid, number in numbers.items():
        if number[-1].isalpha():
            parent = by_number[number.rstrip("abcdefghij")]
            family = {parent, *(q for q, n in numbers.items() if n[:-1] == numbers[parent] and n != number)}
            assert pack.visibility[qid].questions & family, (qid, number)
    strategy = next(s for s in pack.sections if s.id == "strategy")
    assert numbers[strategy.questions[0].id].isdigit()
    assert len(set(numbers.values())) == len(numbers)  # every number names one question


def test_the_fit_chart_marks_joint_buying_as_who_buys_not_a_rival_procedure(pack):
    from mixdecide import charts  # noqa: PLC0415

    a = assess(pack, P8, today=R11_DAY)
    assert "joint_procurement" in {r.route for r in a.ranking}
    labels = list(charts.ranking_chart(pack, a, "en").data[0].y)
    assert any(label.endswith("(who buys, not a route)") and "Joint" in label for label in labels)
    assert "Comp. dialogue" in labels  # a procedure keeps its plain name
    assert any(
        "(qui achète, pas un mode)" in label for label in charts.ranking_table(pack, a, "fr").iloc[:, 1]
    )
