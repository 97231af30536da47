"""Portfolio list and dashboard counts, checked against a brute-force count in Python."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from mixdecide.engine import assess
from mixdecide.store import (
    SORTS,
    InvalidValue,
    PortfolioFilter,
    delete_assessment,
    filter_choices,
    get_assessment,
    list_assessments,
    portfolio_summary,
    save_assessment,
    session_scope,
    set_status,
)
from mixdecide.store.repo import create_assessment

MUNICIPALITIES = ["Guelph", "London", "Barrie", "Kitchener", "Thunder Bay"]
DEPARTMENTS = ["Public Works", "Transit", "Parks and Recreation", "Information Technology"]
OWNERS = ["Priya Raman", "Marc Tremblay", "Sean O'Brien", "Anne Lacroix"]
TITLE_EXTRAS = ["", " (50% faster)", " snow_plough", " Réaménagement", " 100_percent"]
WORDS = ["", "plough", "GUELPH", "50%", "snow_", "o'brien", "works public", "zzz", "_", "%", "ee", "Réam"]
BANDS = ["low", "medium", "medium_high", "high"]


def _band(pack, score):
    return next(b.id for b in pack.risks.bands if b.min <= score <= b.max)


def _variant(pack, result, i):
    """Vary the engine's result so every band and a 'no route' outcome appear."""
    if i % 7 == 3:
        result = dataclasses.replace(result, ranking=())
    if i % 3:
        risks = []
        cap_l, cap_i = [(2, 2), (3, 3), (3, 4), (5, 5)][i % 4]  # worst bands: low, medium, medium_high, high
        for j, r in enumerate(result.risks):
            lik, imp = 1 + (i + j) % cap_l, 1 + (i * j + j) % cap_i
            risks.append(
                dataclasses.replace(
                    r, likelihood=lik, impact=imp, score=lik * imp, band=_band(pack, lik * imp)
                )
            )
        result = dataclasses.replace(result, risks=tuple(risks))
    return result


@pytest.fixture
def portfolio(engine, pack):
    """~40 assessments with varied fields; some archived, final or deleted. Returns the live ids."""
    deleted = set()
    ids = []
    with session_scope(engine) as s:
        for i in range(40):
            ex = pack.examples[i % len(pack.examples)]
            rec = create_assessment(
                session=s,
                title=ex.title.en + TITLE_EXTRAS[i % len(TITLE_EXTRAS)],
                municipality=MUNICIPALITIES[i % 5],
                department=DEPARTMENTS[(i // 2) % 4],
                owner=OWNERS[(i // 3) % 4],
                pack=pack,
                answers=ex.answers,
                actor="seed",
                result=_variant(pack, assess(pack, ex.answers, today=ex.today, explain=False), i),
            )
            ids.append(rec.id)
            version = rec.version
            if i % 6 == 1:
                version = set_status(session=s, id=rec.id, status="archived", actor="seed")
            elif i % 6 == 2:
                version = set_status(session=s, id=rec.id, status="final", actor="seed")
            if i % 11 == 5:
                save_assessment(
                    session=s, id=rec.id, expected_version=version, actor="seed", notes={"funding": "x"}
                )
            if i % 13 == 4:
                delete_assessment(session=s, id=rec.id, actor="seed")
                deleted.add(rec.id)
    with session_scope(engine, readonly=True) as s:
        return [get_assessment(session=s, id=i) for i in ids if i not in deleted]


def _matches(rec, f: PortfolioFilter) -> bool:
    statuses = f.values("status")
    if statuses and rec.status not in statuses:
        return False
    if not statuses and not f.include_archived and rec.status == "archived":
        return False
    for name, value in (
        ("municipality", rec.municipality),
        ("department", rec.department),
        ("route", rec.top_route),
        ("risk_band", rec.max_risk_band),
    ):
        wanted = f.values(name)
        if wanted and value not in wanted:
            return False
    fields = [rec.title, rec.municipality, rec.department, rec.owner]
    return all(any(w.lower() in x.lower() for x in fields) for w in f.text.split())


def _sort_key(sort):
    def lower(s):  # SQL lower(): ASCII letters only on SQLite
        return "".join(c.lower() if c.isascii() else c for c in s)

    return {
        "updated_desc": lambda r: (-r.updated_at.timestamp(), r.id),
        "updated_asc": lambda r: (r.updated_at.timestamp(), r.id),
        "created_desc": lambda r: (-r.created_at.timestamp(), r.id),
        "title": lambda r: (lower(r.title), r.id),
        "municipality": lambda r: (lower(r.municipality), -r.updated_at.timestamp(), r.id),
        "route": lambda r: (r.top_route is None, r.top_route or "", -r.updated_at.timestamp(), r.id),
        "risk_desc": lambda r: (
            r.max_risk_score is None,
            -(r.max_risk_score or 0),
            -r.updated_at.timestamp(),
            r.id,
        ),
    }[sort]


filters = st.builds(
    PortfolioFilter,
    municipality=st.none()
    | st.sampled_from(MUNICIPALITIES + ["Ottawa"])
    | st.lists(st.sampled_from(MUNICIPALITIES), max_size=3),
    department=st.none() | st.sampled_from(DEPARTMENTS) | st.lists(st.sampled_from(DEPARTMENTS), max_size=2),
    route=st.none()
    | st.lists(st.sampled_from(["traditional_rfp", "challenge_based", "pilot_sandbox", "prize"]), max_size=2),
    status=st.none()
    | st.sampled_from(["draft", "final", "archived"])
    | st.lists(st.sampled_from(["draft", "archived"]), max_size=2),
    risk_band=st.none() | st.lists(st.sampled_from(BANDS), max_size=2),
    text=st.sampled_from(WORDS),
    include_archived=st.booleans(),
)


def test_list_and_summary_match_brute_force(engine, portfolio):
    @settings(max_examples=60, deadline=None, database=None)
    @given(f=filters, sort=st.sampled_from(SORTS), limit=st.integers(1, 15), offset=st.integers(0, 40))
    def check(f, sort, limit, offset):
        expected = sorted((r for r in portfolio if _matches(r, f)), key=_sort_key(sort))
        with session_scope(engine, readonly=True) as s:
            rows, total = list_assessments(session=s, filters=f, sort=sort, limit=limit, offset=offset)
            summary = portfolio_summary(session=s, filters=f)
        assert total == len(expected) == summary.total
        assert [r.id for r in rows] == [r.id for r in expected[offset : offset + limit]]
        assert summary.by_route == dict(Counter(r.top_route for r in expected))
        assert summary.by_status == dict(Counter(r.status for r in expected))
        assert summary.by_max_band == dict(Counter(r.max_risk_band for r in expected))
        assert summary.by_risk == dict(Counter((k.dimension, k.band) for r in expected for k in r.risks))

    check()


def test_data_set_is_varied(portfolio):
    assert len({r.max_risk_band for r in portfolio}) == 4
    assert None in {r.top_route for r in portfolio}
    assert {"draft", "final", "archived"} == {r.status for r in portfolio}


def test_pages_cover_everything_once(engine, portfolio):
    seen = []
    with session_scope(engine, readonly=True) as s:
        for offset in range(0, 60, 7):
            rows, total = list_assessments(
                session=s,
                filters=PortfolioFilter(include_archived=True),
                sort="municipality",
                limit=7,
                offset=offset,
            )
            seen += [r.id for r in rows]
    assert total == len(portfolio) and sorted(seen) == sorted(r.id for r in portfolio)


def test_search_treats_wildcards_literally(engine, portfolio):
    with session_scope(engine, readonly=True) as s:
        rows, _ = list_assessments(
            session=s, filters=PortfolioFilter(text="50%", include_archived=True), limit=100
        )
    assert rows and all("50%" in r.title for r in rows)


def test_queries_never_read_the_documents(engine, portfolio):
    statements = []

    def capture(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with session_scope(engine, readonly=True) as s:
            list_assessments(
                session=s, filters=PortfolioFilter(text="plough", risk_band="high"), sort="risk_desc"
            )
            portfolio_summary(session=s, filters=PortfolioFilter(municipality="Guelph"))
            filter_choices(session=s)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert statements
    assert all(word not in st.lower() for st in statements for word in ("snapshot", "answers", "checklist"))
    assert sum("group by" in st.lower() for st in statements) == 2


def test_filter_choices(engine, portfolio):
    with session_scope(engine, readonly=True) as s:
        choices = filter_choices(session=s)
        every = filter_choices(session=s, include_archived=True)
    live = [r for r in portfolio if r.status != "archived"]
    assert choices.municipalities == sorted({r.municipality for r in live})
    assert choices.departments == sorted({r.department for r in live})
    assert every.owners == sorted({r.owner for r in portfolio})


def test_bad_sort_and_search_refused(engine):
    with session_scope(engine, readonly=True) as s:
        with pytest.raises(InvalidValue):
            list_assessments(session=s, sort="id; DROP TABLE assessment")
        with pytest.raises(InvalidValue):
            list_assessments(session=s, filters=PortfolioFilter(text="x" * 201))
