"""From a ranking to a strategy: which procedure, by which award path, who buys, in what stages,
under which contract model.

The pack decides every choice (``routes.yaml`` ``strategy``): each part takes the first option
whose condition is certainly true, so an unknown answer never selects an option; IP and data
terms list every option that applies. Routes whose ``kind`` is an arrangement (buying together)
or a stage (an RFI) are not procedures: they shape the arrangement and the stages instead of
competing with procedures.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from mixdecide.conditions import UNKNOWN, EvalContext
from mixdecide.pack.models import Pack, StrategyOption
from mixdecide.result import RouteScore, SequenceStep, Strategy, StrategyChoice


def _choice(o: StrategyOption, answers: Mapping[str, Any]) -> StrategyChoice:
    detail = answers.get(o.detail_question) if o.detail_question else None
    return StrategyChoice(o.id, None if detail == UNKNOWN else detail)


def _first(pack: Pack, part: str, options: Sequence[StrategyOption], ctx: EvalContext) -> StrategyChoice:
    for o in options:
        if o.when is None or pack.compiled[f"strategy.{part}.{o.id}"].predicate(ctx) is True:
            return _choice(o, ctx.answers)
    raise AssertionError("the last option is a default")  # pragma: no cover - checked at load


def route_that_fits(
    pack: Pack, ranking: Sequence[RouteScore], late: Collection[str], steps: Collection[str] = ()
) -> str | None:
    """The best-ranked procedure that fits the date (not in ``late``): a stage (an RFI, a market
    sounding) buys nothing and an arrangement (joint procurement) is who buys, not how, so
    neither stands in for it; a step of the recommended sequence (``steps``: the pilot a challenge
    ends with) is part of the late plan, never the alternative to it (review r18head #3). None
    when no ranked procedure fits."""
    return next(
        (
            rs.route
            for rs in ranking
            if rs.route not in late and rs.route not in steps and pack.routes[rs.route].kind == "procedure"
        ),
        None,
    )


def build_strategy(
    pack: Pack,
    ctx: EvalContext,
    ranking: Sequence[RouteScore],
    sequence: Sequence[SequenceStep],
) -> Strategy | None:
    """The strategy for a ranking, evaluated with ``ctx`` (whose ``top`` is the first route)."""
    spec = pack.strategy
    if spec is None or not ranking:
        return None
    procedure = tuple(rs.route for rs in ranking if pack.routes[rs.route].kind == "procedure")
    top = ranking[0].route
    stages = [s.step for s in sequence] or [top]
    purchase = _first(pack, "purchase", spec.purchase, ctx)
    follows = next(o for o in spec.purchase if o.id == purchase.id).procedure_follows
    if pack.routes[top].kind == "arrangement" and procedure:
        # buying together is how the procedure is run, not a procedure of its own
        stages = [procedure[0] if s == top else s for s in stages]
    elif pack.routes[top].kind == "stage" and follows and procedure and procedure[0] not in stages:
        # a stage (an RFI) leads to a procedure: name the leading one after it, in place of a
        # generic "choose the route" step
        at = stages.index(top) + 1
        stages = [*stages[:at], procedure[0], *(s for s in stages[at:] if s in pack.routes)]
    path = _first(pack, "paths", spec.paths, ctx)
    option = next(o for o in spec.paths if o.id == path.id)
    if option.step is not None:  # the award path's own step: alone, or before the rest
        stages = [option.step, *option.then] if option.replaces_stages else [option.step, *stages]
    return Strategy(
        procedure=procedure,
        path=path,
        arrangement=_first(pack, "arrangements", spec.arrangements, ctx),
        stages=tuple(dict.fromkeys(stages)),
        purchase=purchase,
        terms=tuple(
            _choice(o, ctx.answers)
            for o in spec.terms
            if o.when is None or pack.compiled[f"strategy.terms.{o.id}"].predicate(ctx) is True
        ),
    )


def leading_path(pack: Pack, strategy: Strategy | None) -> StrategyOption | None:
    """The award path when it is what the city does instead of a ranked procedure (a justified
    direct award, a call-off under a cooperative agreement); None when a procedure leads."""
    if strategy is None or pack.strategy is None:
        return None
    option = next(o for o in pack.strategy.paths if o.id == strategy.path.id)
    return option if option.replaces_stages else None
