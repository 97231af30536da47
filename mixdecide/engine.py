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
from mixdecide.result import Assessment, Confidence, RouteScore, SequenceStep, TradeFinding
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


def confidence(pack: Pack, ranked: list[RouteScore], decisive: tuple[str, ...]) -> Confidence:
    """How settled the recommendation is: the margin to the runner-up and decisive unknowns."""
    levels = pack.meta.scoring.confidence
    if not ranked:
        return Confidence("low", None, None, decisive)
    if len(ranked) == 1:
        return Confidence("medium" if decisive else "high", None, None, decisive)
    margin = round(ranked[0].score - ranked[1].score, 1)  # scores are in tenths
    if margin >= levels.high:
        level = "medium" if decisive else "high"
    elif margin >= levels.medium:
        level = "low" if decisive else "medium"
    else:
        level = "low"
    return Confidence(level, margin, ranked[1].route, decisive)


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
    warnings = deadline_warnings(
        pack,
        shown,
        legal=None if lead is not None else legal_bid_period(pack, trade),
        top=None if lead is not None else top,
        sequence=tuple(s.step for s in sequence if s.kind == "route"),
    )
    late = {w.route for w in warnings}
    return Assessment(
        pack_id=pack.id,
        pack_version=pack.version,
        assessed_on=today,
        answers=dict(shown),
        ranking=tuple(ranked),
        excluded=tuple(excluded),
        sequence=sequence,
        confidence=confidence(pack, ranked, decisive),
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
        best_fitting=route_that_fits(pack, ranked, late) if top in late else None,
    )
