"""The decision engine: ``assess(pack, answers, today=...)`` -> Assessment.

Pure and deterministic. Answers are validated (invalid ones raise AnswerError), hidden questions
are dropped, every rule is evaluated once, and the result carries each rule's contribution so the
UI can explain a ranking by listing the trace rather than re-deriving it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from mixdecide.answers import normalize_answers, visible_answers
from mixdecide.checklist import applicable_items
from mixdecide.conditions import UNKNOWN, EvalContext
from mixdecide.explain import explore
from mixdecide.pack.models import Pack
from mixdecide.plan import plan_spec, timeline
from mixdecide.result import Assessment, Confidence, DeadlineWarning, RouteScore, SequenceStep, TradeFinding
from mixdecide.risk import risk_profile
from mixdecide.scoring import deadline_warnings, make_context, rank, scorer
from mixdecide.strategy import build_strategy, leading_path, route_that_fits
from mixdecide.thresholds import ThresholdTable, threshold_table


def recommend_sequence(pack: Pack, ctx: EvalContext, top: str | None) -> tuple[SequenceStep, ...]:
    """The steps around the first route that the sequence rules add; empty when none do."""
    if top is None:
        return ()
    sc = scorer(pack)
    steps: dict[str, SequenceStep] = {top: SequenceStep(top, "route", pack.routes[top].stage, None, None)}
    for rule in sc.sequence_rules:
        if rule.cond.predicate(ctx) is not True:
            continue
        eff = rule.rule.sequence
        assert eff is not None
        if eff.step in steps:
            continue
        if eff.step in pack.routes:
            steps[eff.step] = SequenceStep(
                eff.step, "route", pack.routes[eff.step].stage, rule.rule.id, eff.note
            )
        else:
            steps[eff.step] = SequenceStep(
                eff.step, "step", pack.steps[eff.step].stage, rule.rule.id, eff.note
            )
    if len(steps) < 2:
        return ()
    return tuple(sorted(steps.values(), key=lambda s: (s.stage, s.step != top)))


def real_alternative(pack: Pack, ranked: list[RouteScore], steps: frozenset[str]) -> RouteScore | None:
    """The best-ranked procedure after the first that is not a step of its own sequence (an RFI it
    starts with, a pilot it ends with) nor a buyer arrangement (who buys, not how); else the
    runner-up. The choice of route is between these two (review r16head F7)."""
    for r in ranked[1:]:
        if r.route not in steps and pack.routes[r.route].kind == "procedure":
            return r
    return ranked[1] if len(ranked) > 1 else None


def confidence(
    pack: Pack, ranked: list[RouteScore], decisive: tuple[str, ...], steps: frozenset[str] = frozenset()
) -> Confidence:
    """How settled the choice of route is: the margin to the best real alternative (not a step of
    the first route's own sequence, ``steps``) and the decisive unknowns. Not whether the date can
    be met: the deadline warnings say that."""
    levels = pack.meta.scoring.confidence
    if not ranked:
        return Confidence("low", None, None, decisive)
    other = real_alternative(pack, ranked, steps)
    if other is None:
        return Confidence("medium" if decisive else "high", None, None, decisive)
    margin = round(ranked[0].score - other.score, 1)  # scores are in tenths
    if margin >= levels.high:
        level = "medium" if decisive else "high"
    elif margin >= levels.medium:
        level = "low" if decisive else "medium"
    else:
        level = "low"
    return Confidence(level, margin, other.route, decisive)


def trade_findings(
    pack: Pack,
    table: ThresholdTable,
    answers: Mapping[str, Any],
    top: str | None = None,
    sequence: frozenset[str] = frozenset(),
) -> tuple[TradeFinding, ...]:
    """For each agreement: applies, does not apply, or uncertain, with its obligations; or, when the
    recommended route buys nothing (the pack's ``not_procurement`` routes, e.g. a prize), not a
    procurement at all, with no obligations. An obligation tied to routes (a buying group's notice,
    negotiation announced in the notice) is listed only when the first route or a step of its
    sequence is one of them."""
    np = pack.thresholds.not_procurement
    buys_nothing = np is not None and np.buys_nothing(top, answers)
    steps = sequence | ({top} if top else set())
    out = []
    category = answers.get(table.category_question)
    category = None if category in (None, UNKNOWN) else category
    for agreement in pack.thresholds.agreements:
        choice = table.choices[agreement.id]
        covered = table.covered(agreement.id, answers)
        status = {True: "applies", False: "does_not_apply", None: "uncertain"}[covered]
        if agreement.id in table.not_in_force:
            status = "not_in_force"
        elif buys_nothing:
            status, covered = "not_procurement", False
        period = choice.period
        out.append(
            TradeFinding(
                agreement=agreement.id,
                status=status,
                category=category,
                threshold=period.values[category] if category else None,
                period_start=period.start,
                period_end=period.end,
                period_exact=choice.exact or status == "not_in_force",
                verify=bool(category and category in period.verify)
                and status in ("applies", "does_not_apply", "uncertain"),
                obligations=tuple(
                    o.id
                    for o in agreement.obligations
                    if covered is not False and (not o.routes or steps.intersection(o.routes))
                ),
                provenance=(
                    period.provenance.get(category)
                    if category and status in ("applies", "does_not_apply", "uncertain")
                    else None
                ),
            )
        )
    return tuple(out)


def legal_bid_period(pack: Pack, trade: tuple[TradeFinding, ...]) -> tuple[int, str] | None:
    """The longest minimum bid period (days, agreement) among the obligations of the agreements
    that apply to this procurement; None when none fixes one."""
    days = {
        (o.min_days, a.id)
        for a in pack.thresholds.agreements
        for f in trade
        if f.agreement == a.id and f.status == "applies"
        for o in a.obligations
        if o.min_days and o.id in f.obligations
    }
    return max(days) if days else None


def assess(
    pack: Pack,
    answers: Mapping[str, Any],
    today: dt.date | None = None,
    *,
    explain: bool = True,
) -> Assessment:
    """Assess a project's answers against the pack.

    ``today`` picks the trade-agreement thresholds in force (default: the current date).
    Unknown and missing answers are uncertainty, never an error; an invalid answer raises
    AnswerError. With ``explain=False`` the single-answer changes ("what would change it") are
    not computed; what each open question could do still is, since confidence depends on it.
    """
    today = today or dt.date.today()
    clean = normalize_answers(pack, answers)
    shown, visible = visible_answers(pack, clean)
    table = threshold_table(pack, today)
    ctx = make_context(table, shown)
    sc = scorer(pack)
    fired = sc.fired(ctx)
    ranked, excluded = rank(pack, shown, fired)
    top = ranked[0].route if ranked else None
    # Open questions are always explored: confidence depends on them. Single-answer changes to
    # answered questions are the costly part and can be skipped with explain=False.
    changes, unknowns = explore(pack, table, clean, shown, visible, fired, top, changes_too=explain)
    decisive = tuple(u.question for u in unknowns if u.decisive)
    top_ctx = make_context(table, shown, top)
    sequence = recommend_sequence(pack, top_ctx, top)
    strategy = build_strategy(pack, top_ctx, ranked, sequence)
    trade = trade_findings(pack, table, shown, top, frozenset(s.step for s in sequence))
    lead = leading_path(pack, strategy)
    if lead is not None and strategy is not None:
        # a direct award or a call-off is what the city does: its steps are the sequence, and the
        # competition's own duties (notice, bid periods) are set aside - never the award notice
        sequence = tuple(
            SequenceStep(s, "step", pack.steps[s].stage, None, None)
            for s in strategy.stages
            if s in pack.steps
        )
        aside = frozenset(lead.sets_aside_obligations)
        trade = tuple(
            replace(f, obligations=tuple(o for o in f.obligations if o not in aside)) for f in trade
        )
    seq_routes = frozenset(s.step for s in sequence)
    path = strategy.path.id if strategy is not None else None
    checklist = applicable_items(pack, top_ctx, top, seq_routes, path)
    if lead is not None:
        checklist = tuple(c for c in checklist if c.item not in lead.sets_aside_checklist)
    # with a plan file the sequence's length is the dated plan's (below), never a second sum
    dated = plan_spec(pack) is not None
    warnings = deadline_warnings(
        pack,
        shown,
        legal=None if lead is not None else legal_bid_period(pack, trade),
        top=None if lead is not None else top,
        sequence=() if dated else tuple(s.step for s in sequence if s.kind == "route"),
    )
    late = {w.route for w in warnings}
    a = Assessment(
        pack_id=pack.id,
        pack_version=pack.version,
        assessed_on=today,
        answers=dict(shown),
        ranking=tuple(ranked),
        excluded=tuple(excluded),
        sequence=sequence,
        confidence=confidence(pack, ranked, decisive, frozenset(s.step for s in sequence)),
        changes=changes,
        unknowns=unknowns,
        trade=trade,
        risks=risk_profile(pack, top_ctx, visible),
        checklist=checklist,
        missing=tuple(q for q in visible if q not in shown),
        unknown=tuple(q for q in visible if shown.get(q) == UNKNOWN),
        visible=tuple(visible),
        deadline_warnings=warnings,
        strategy=strategy,
        best_fitting=route_that_fits(pack, ranked, late, seq_routes) if top in late else None,
    )
    if not dated or strategy is None:
        return a
    # one source of truth for the timeline (review r16head, F1): the sequence dated as the Plan
    # page dates it; when the solution is first in use (a pilot in service, a purchase delivered)
    # after the deadline, the first route misses the date by that plan (review r18head #3: the
    # full roll-out ending later is not a miss)
    tl = timeline(pack, a, today)
    a = replace(a, timeline=tl)
    if tl is None or not tl.late or lead is not None or top is None or top in late:
        return a
    need = shown.get("timeline_months")
    assert isinstance(need, int | float)  # a deadline comes from it
    routes = [s.step for s in sequence if s.kind == "route" and s.step in pack.routes] or [top]
    most = float(sum(pack.routes[r].duration.max_months for r in routes))
    warnings = (
        *warnings,
        DeadlineWarning(
            top, float(need), tl.use_months, most, "sequence", ends=tl.first_use, deadline=tl.deadline
        ),
    )
    late.add(top)
    return replace(
        a, deadline_warnings=warnings, best_fitting=route_that_fits(pack, ranked, late, seq_routes)
    )
