"""Portfolio queries: the filtered, sorted, paged list and the dashboard counts.

Everything is counted by the database (GROUP BY); no query loads every assessment.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session

from mixdecide.store.access import Principal, acting, readable
from mixdecide.store.models import ASSESSMENT, ASSESSMENT_RISK
from mixdecide.store.records import (
    SORTS,
    AdviceRow,
    AdviceVsDone,
    AssessmentRow,
    FilterChoices,
    InvalidValue,
    PortfolioFilter,
    PortfolioSummary,
)

A, R = ASSESSMENT, ASSESSMENT_RISK
MAX_TEXT = 200
MAX_PAGE = 500

_FILTER_COLUMNS = {
    "municipality": A.c.municipality,
    "department": A.c.department,
    "route": A.c.top_route,
    "risk_band": A.c.max_risk_band,
}
_SEARCHED = (A.c.title, A.c.municipality, A.c.department, A.c.owner)
_ORDER: dict[str, tuple[Any, ...]] = {
    "updated_desc": (A.c.updated_at.desc(),),
    "updated_asc": (A.c.updated_at.asc(),),
    "created_desc": (A.c.created_at.desc(),),
    "title": (func.lower(A.c.title),),
    "municipality": (func.lower(A.c.municipality), A.c.updated_at.desc()),
    "route": (A.c.top_route.asc().nulls_last(), A.c.updated_at.desc()),
    "risk_desc": (A.c.max_risk_score.desc().nulls_last(), A.c.updated_at.desc()),
}
assert set(_ORDER) == set(SORTS)


def conditions(
    filters: PortfolioFilter | None, principal: Principal | None = None
) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter (deleted assessments, and those ``principal`` may not see,
    are always left out)."""
    f = filters or PortfolioFilter()
    where: list[ColumnElement[bool]] = [A.c.deleted_at.is_(None)]
    who = acting(principal)
    if not who.superuser:
        where.append(readable(who))
    statuses = f.values("status")
    if statuses:
        where.append(A.c.status.in_(statuses))
    elif not f.include_archived:
        where.append(A.c.status != "archived")
    for name, column in _FILTER_COLUMNS.items():
        values = f.values(name)
        if values:
            where.append(column.in_(values))
    text = (f.text or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidValue(f"search text is limited to {MAX_TEXT} characters")
    for word in text.split()[:10]:
        # autoescape: a user's % or _ is matched literally
        where.append(or_(*(c.icontains(word, autoescape=True) for c in _SEARCHED)))
    return where


def list_assessments(
    *,
    session: Session,
    filters: PortfolioFilter | None = None,
    sort: str = "updated_desc",
    limit: int = 50,
    offset: int = 0,
    principal: Principal | None = None,
) -> tuple[list[AssessmentRow], int]:
    """One page of the portfolio and the number of assessments matching the filters.

    ``sort`` is one of records.SORTS; ties are broken by id so pages never overlap.
    """
    if sort not in _ORDER:
        raise InvalidValue(f"sort {sort!r} is not one of {', '.join(SORTS)}")
    limit = max(1, min(int(limit), MAX_PAGE))
    where = conditions(filters, principal)
    total = session.execute(select(func.count()).select_from(A).where(*where)).scalar_one()
    rows = session.execute(
        select(
            A.c.id,
            A.c.title,
            A.c.municipality,
            A.c.department,
            A.c.owner,
            A.c.status,
            A.c.top_route,
            A.c.max_risk_band,
            A.c.max_risk_score,
            A.c.updated_at,
            A.c.updated_by,
            A.c.version,
            A.c.visibility,
        )
        .where(*where)
        .order_by(*_ORDER[sort], A.c.id)
        .limit(limit)
        .offset(max(0, int(offset)))
    ).all()
    return [AssessmentRow(*r) for r in rows], int(total)


def portfolio_summary(
    *, session: Session, filters: PortfolioFilter | None = None, principal: Principal | None = None
) -> PortfolioSummary:
    """Counts by recommended route, status and worst band, and by (risk dimension, band), of the
    assessments ``principal`` may see."""
    where = conditions(filters, principal)
    groups = session.execute(
        select(A.c.top_route, A.c.status, A.c.max_risk_band, func.count())
        .where(*where)
        .group_by(A.c.top_route, A.c.status, A.c.max_risk_band)
    ).all()
    by_route: dict[str | None, int] = {}
    by_status: dict[str, int] = {}
    by_band: dict[str | None, int] = {}
    for route, status, band, n in groups:
        by_route[route] = by_route.get(route, 0) + n
        by_status[status] = by_status.get(status, 0) + n
        by_band[band] = by_band.get(band, 0) + n
    # A semi-join: the filter runs once per assessment, not once per risk row.
    risks = session.execute(
        select(R.c.dimension, R.c.band, func.count())
        .where(R.c.assessment_id.in_(select(A.c.id).where(*where)))
        .group_by(R.c.dimension, R.c.band)
    ).all()
    return PortfolioSummary(
        total=sum(by_status.values()),
        by_route=by_route,
        by_status=by_status,
        by_max_band=by_band,
        by_risk={(d, b): n for d, b, n in risks},
    )


def filter_choices(
    *, session: Session, include_archived: bool = False, principal: Principal | None = None
) -> FilterChoices:
    """The distinct municipalities, departments and owners in use among the assessments
    ``principal`` may see (for the filter widgets)."""
    where = conditions(PortfolioFilter(include_archived=include_archived), principal)

    def distinct_of(column: Any) -> list[str]:
        query = select(column).distinct().where(*where, column != "").order_by(column)
        return [v for (v,) in session.execute(query).all()]

    return FilterChoices(
        municipalities=distinct_of(A.c.municipality),
        departments=distinct_of(A.c.department),
        owners=distinct_of(A.c.owner),
    )


MAX_ADVICE_ROWS = 5_000


def advice_vs_done(
    *, session: Session, filters: PortfolioFilter | None = None, principal: Principal | None = None
) -> AdviceVsDone:
    """Every assessment (of the filter, that ``principal`` may see) with a recorded route used,
    beside the engine's advice.

    The engine's top three come from the stored snapshot, read only for these assessments (the
    ones with an outcome are few; at most ``MAX_ADVICE_ROWS``, most recently updated first).
    """
    where = [*conditions(filters, principal), A.c.used_route.is_not(None)]
    rows = session.execute(
        select(
            A.c.id, A.c.title, A.c.municipality, A.c.top_route, A.c.outcome, A.c.snapshot, A.c.pack_version
        )
        .where(*where)
        .order_by(A.c.updated_at.desc(), A.c.id)
        .limit(MAX_ADVICE_ROWS)
    ).all()
    out = []
    for id, title, municipality, top, outcome, snapshot, pack_version in rows:
        ranking = (snapshot or {}).get("ranking") or []
        strategy = (snapshot or {}).get("strategy") or {}
        path = (strategy.get("path") or {}).get("id") if isinstance(strategy, dict) else None
        top3 = tuple(str(r.get("route")) for r in ranking[:3] if isinstance(r, dict))
        o = outcome or {}
        out.append(
            AdviceRow(
                id=id,
                title=title,
                municipality=municipality,
                advised=top,
                advised_top3=top3 or ((top,) if top else ()),
                used=str(o.get("route", "")),
                other_route=str(o.get("other_route", "")),
                outcome=o.get("outcome"),
                award_value=o.get("award_value"),
                award_date=o.get("award_date"),
                advised_path=path if isinstance(path, str) and path != "competition" else None,
                pack_version=str(pack_version or ""),
            )
        )
    return AdviceVsDone(tuple(out))
