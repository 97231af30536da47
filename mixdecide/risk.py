"""Risk profile: likelihood x impact per dimension, banded, with drivers and route mitigations.

Likelihood and impact start at the dimension's base and move by every adjustment whose condition
is certainly true, within 1-5. When a driver question is visible but unanswered or "don't know",
the likelihood is the pack's ``unknown_likelihood`` (the worst), as the federal PCRA does.
"""

from __future__ import annotations

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


def _clamp(v: int) -> int:
    return 1 if v < 1 else 5 if v > 5 else v


def risk_profile(pack: Pack, ctx: EvalContext, visible: list[str]) -> tuple[RiskItem, ...]:
    """Every dimension's likelihood, impact, score, band, drivers and fitting mitigations."""
    answers = ctx.answers
    shown = set(visible)
    top = ctx.top
    out = []
    for d in pack.risks.dimensions:
        drivers: list[Driver] = []
        values = {}
        for scale_name in ("likelihood", "impact"):
            scale = getattr(d, scale_name)
            value = scale.base
            for a in scale.adjust:
                if pack.compiled[f"risk.{d.id}.{scale_name}.{a.id}"].predicate(ctx) is True:
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
            m.id
            for m in d.mitigations
            if (not m.routes or top in m.routes)
            and (m.when is None or pack.compiled[f"mitigation.{d.id}.{m.id}"].predicate(ctx) is not False)
        )
        out.append(
            RiskItem(
                dimension=d.id,
                likelihood=likelihood,
                impact=impact,
                score=score,
                band=band_for(pack, score).id,
                drivers=tuple(drivers),
                unknown_drivers=unknown,
                mitigations=mitigations,
            )
        )
    return tuple(out)
