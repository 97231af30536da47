"""What happened after the advice, in plain sentences (the dashboard and the reports share them)."""

from __future__ import annotations

from typing import Any

from mixdecide.details import OTHER_ROUTE
from mixdecide.i18n import fmt_money, t
from mixdecide.pack.models import Pack
from mixdecide.wording import step_name


def happened_lines(pack: Pack, o: dict[str, Any], top: str | None, lg: str) -> list[str]:
    """What happened in plain sentences (plain text: escape where it becomes Markdown)."""
    route = o.get("route")
    used = o.get("other_route", "") if route == OTHER_ROUTE else step_name(pack, route, lg)
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
