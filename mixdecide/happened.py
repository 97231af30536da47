"""What happened after the advice, in plain sentences (the dashboard and the reports share them)."""

from __future__ import annotations

from typing import Any

from mixdecide.details import OTHER_ROUTE
from mixdecide.i18n import fmt_money, t
from mixdecide.pack.models import Pack, Text
from mixdecide.wording import step_name


def award_paths(pack: Pack) -> dict[str, Text]:
    """The strategy's award paths a city takes instead of a ranked procedure (a call-off under a
    cooperative agreement, a justified direct award), by id: what was done can be one of them."""
    if pack.strategy is None:
        return {}
    return {p.id: p.name for p in pack.strategy.paths if p.replaces_stages and p.id not in pack.routes}


def used_route_ids(pack: Pack) -> set[str]:
    """What "route actually used" may hold besides "other": a route or an award path of the pack."""
    return set(pack.routes) | set(award_paths(pack))


def used_name(pack: Pack, route: str | None, lg: str, other: str = "") -> str:
    """The name of the route actually used: a route, an award path, or the "other" typed."""
    if route == OTHER_ROUTE:
        return other or t("happened.other", lg)
    paths = award_paths(pack)
    if route in paths:
        return paths[route].get(lg)
    return step_name(pack, route, lg)


def happened_lines(pack: Pack, o: dict[str, Any], top: str | None, lg: str) -> list[str]:
    """What happened in plain sentences (plain text: escape where it becomes Markdown)."""
    route = o.get("route")
    used = used_name(pack, route, lg, o.get("other_route", ""))
    lines = [t("happened.recorded", lg, route=used)]
    if top:
        lines.append(
            t("happened.agrees", lg)
            if route == top
            else t("happened.differs", lg, top=step_name(pack, top, lg))
        )
    date, value = o.get("award_date"), o.get("award_value")
    if date and value is not None:
        lines.append(t("happened.award", lg, date=date, value=fmt_money(float(value), lg)))
    elif date:
        lines.append(t("happened.award_date_only", lg, date=date))
    elif value is not None:
        lines.append(t("happened.award_value_only", lg, value=fmt_money(float(value), lg)))
    lines.append(
        t(f"happened.outcome_ids.{o['outcome']}", lg) if o.get("outcome") else t("happened.no_outcome", lg)
    )
    return lines
