"""Risk profile: likelihood x impact per dimension, banded, with drivers and route mitigations.

Likelihood and impact start at the dimension's base and move by every adjustment whose condition
is certainly true, within 1-5. When a driver question is visible but unanswered or "don't know",
the likelihood is the pack's ``unknown_likelihood`` (the worst), as the federal PCRA does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mixdecide.conditions import UNKNOWN, EvalContext
from mixdecide.pack.models import Band, Pack
from mixdecide.result import Assessment, Driver, RiskItem


def band_for(pack: Pack, score: int) -> Band:
    """The band whose range holds ``score`` (1-25)."""
    for b in pack.risks.bands:
        if b.min <= score <= b.max:
            return b
    raise ValueError(f"no risk band covers score {score}")  # load-time checks make this unreachable


def worst_band(pack: Pack) -> Band:
    """The band of the highest scores (the one that covers 25)."""
    return max(pack.risks.bands, key=lambda b: b.max)


def focus_bands(pack: Pack) -> list[Band]:
    """The bands the pack marks ``focus``, worst first."""
    return sorted((b for b in pack.risks.bands if b.focus), key=lambda b: -b.max)


def focus_risks(pack: Pack, a: Assessment) -> list[RiskItem]:
    """The risks in a focus band, highest score first (pack order on a tie)."""
    focus = {b.id for b in focus_bands(pack)}
    return sorted((r for r in a.risks if r.band in focus), key=lambda r: -r.score)


@dataclass(frozen=True)
class Highest:
    """The focus risks a short list shows (``highest_risks``) and what it leaves out."""

    shown: tuple[RiskItem, ...]
    tied_out: int  # scoring as much as the last one shown, left out for room: the list must say so
    cut: int  # the lowest score shown (a line about ``tied_out`` names it)
    lower: int  # scoring less than every risk shown


def highest_risks(pack: Pack, a: Assessment, limit: int, most: int | None = None) -> Highest:
    """The focus risks a list of ``limit`` shows, highest first. The list is never cut inside a tie
    (review r17room: Schedule, tied for fourth place, was left out while an equal risk was shown):
    every risk scoring as much as the last one kept is kept too, up to ``most`` lines in all; past
    that the tied ones left out are counted (``tied_out``) for the list to state."""
    high = focus_risks(pack, a)
    if len(high) <= limit:
        return Highest(tuple(high), 0, high[-1].score if high else 0, 0)
    cut = high[limit - 1].score
    tied = [r for r in high if r.score >= cut]
    shown = tied[: max(limit, most or len(tied))]
    return Highest(tuple(shown), len(tied) - len(shown), cut, len(high) - len(tied))


def _clamp(v: int) -> int:
    return 1 if v < 1 else 5 if v > 5 else v


def _compiled_dimensions(pack: Pack) -> tuple[Any, ...]:
    """Per dimension, its adjustments and mitigations with their predicates, looked up once per pack."""
    got = pack.cache.get("risk_dimensions")
    if got is not None:
        return got  # type: ignore[no-any-return]
    out = []
    for d in pack.risks.dimensions:
        scales = tuple(
            (
                name,
                getattr(d, name).base,
                tuple(
                    (pack.compiled[f"risk.{d.id}.{name}.{a.id}"].predicate, a)
                    for a in getattr(d, name).adjust
                ),
            )
            for name in ("likelihood", "impact")
        )
        mitigations = tuple(
            (
                m.id,
                frozenset(m.routes),
                pack.compiled[f"mitigation.{d.id}.{m.id}"].predicate if m.when is not None else None,
            )
            for m in d.mitigations
        )
        out.append((d, scales, mitigations))
    bands = {score: band_for(pack, score).id for score in range(1, 26)}
    pack.cache["risk_dimensions"] = got = (tuple(out), bands)
    return got


def risk_profile(pack: Pack, ctx: EvalContext, visible: list[str]) -> tuple[RiskItem, ...]:
    """Every dimension's likelihood, impact, score, band, drivers and fitting mitigations."""
    answers = ctx.answers
    shown = set(visible)
    top = ctx.top
    dimensions, bands = _compiled_dimensions(pack)
    out = []
    for d, scales, mits in dimensions:
        drivers: list[Driver] = []
        values = {}
        for scale_name, base, adjust in scales:
            value = base
            for pred, a in adjust:
                if pred(ctx) is True:
                    value += a.delta
                    drivers.append(Driver(a.id, scale_name, a.delta, a.why))
            values[scale_name] = _clamp(value)
        unknown = tuple(
            q for q in d.drivers if q in shown and (answers.get(q) is None or answers.get(q) == UNKNOWN)
        )
        likelihood = values["likelihood"]
        if unknown:
            worst = pack.risks.unknown_likelihood
            drivers.extend(
                Driver(f"unknown.{q}", "likelihood", worst - likelihood, None, question=q) for q in unknown
            )
            likelihood = worst
        impact = values["impact"]
        score = likelihood * impact
        mitigations = tuple(
            mid
            for mid, routes, pred in mits
            if (not routes or top in routes) and (pred is None or pred(ctx) is not False)
        )
        out.append(
            RiskItem(
                dimension=d.id,
                likelihood=likelihood,
                impact=impact,
                score=score,
                band=bands[score] if score in bands else band_for(pack, score).id,
                drivers=tuple(drivers),
                unknown_drivers=unknown,
                mitigations=mitigations,
            )
        )
    return tuple(out)
