"""CSV exports: translated headers, the checklist's content, formula neutralisation."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from mixdecide.reports.csvio import (
    CHECKLIST_PREAMBLE_ROWS,
    CSV_ENCODING,
    WORKSHOP_PREAMBLE_ROWS,
    checklist_csv,
    neutralise,
    plan_csv,
    portfolio_csv,
    workshop_csv,
)
from mixdecide.reports.markdown import render_markdown
from tests.helpers.reports import CHECKLIST_OWNER


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+2", "'\uff1d1+2"),
        ("a=1", "a=1"),
        ("", ""),
        (None, ""),
        (12, "12"),
        (-3, "'-3"),
        (dt.date(2026, 3, 1), "2026-03-01"),
        (["a", "b"], "a; b"),
        ("\x00=1", "'=1"),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_checklist_csv(full_input):
    table = rows(checklist_csv(full_input, "fr"))[CHECKLIST_PREAMBLE_ROWS:]
    assert table[0][:3] == ["Principe", "Identifiant", "Élément"]
    assert len(table) == 1 + len(full_input.result.checklist)
    owned = [r for r in table if r[4] == CHECKLIST_OWNER]
    assert owned and owned[0][3] == "En cours" and owned[0][5] == "Draft ready"
    principles = [r[0] for r in table[1:]]
    assert principles == sorted(
        principles, key=[p.name.fr for p in full_input.pack.checklist.principles].index
    )


def test_checklist_csv_quotes_newlines_and_commas(full_input):
    item = full_input.result.checklist[0].item
    full_input.checklist[item] = {"status": "done", "owner": 'Côté, "JF"', "note": "line 1\nline 2"}
    try:
        table = rows(checklist_csv(full_input, "en"))[CHECKLIST_PREAMBLE_ROWS:]
        row = next(r for r in table if r[1] == item)
        assert row[4] == 'Côté, "JF"' and row[5] == "line 1\nline 2" and row[3] == "Done"
    finally:
        full_input.checklist[item] = {
            "status": "in_progress",
            "owner": CHECKLIST_OWNER,
            "note": "Draft ready",
        }


def test_portfolio_csv():
    text = portfolio_csv(
        [
            {
                "title": "Green bins",
                "municipality": "Guelph",
                "route": "challenge_based",
                "updated": dt.date(2026, 3, 1),
            },
            {"title": "=cmd", "municipality": "Barrie", "risk": 12},
        ],
        "fr",
    )
    table = rows(text)
    assert table[0] == ["Projet", "Municipalité", "Mode recommandé", "Mise à jour le", "risk"]
    assert table[1] == ["Green bins", "Guelph", "challenge_based", "2026-03-01", ""]
    assert table[2] == ["'=cmd", "Barrie", "", "", "12"]
    assert text.encode(CSV_ENCODING).startswith(b"\xef\xbb\xbf")


def test_plan_csv_has_the_reports_plan_with_dates_a_spreadsheet_sorts(full_input):
    table = rows(plan_csv(full_input, "fr"))
    assert table[0] == ["Étape", "Début", "Fin", "Durée", "Fondement", "Critique"]
    steps = table[1:]
    assert len(steps) >= 5
    # the same steps as the plan table of the report, in order
    report = render_markdown(full_input.pack, full_input.result, lang="fr", inp=full_input).replace("\\", "")
    at = [report.index(r[0]) for r in steps]
    assert at == sorted(at)
    # the plan starts on the assessment date unless the user chose another; ISO dates, in order
    assert steps[0][1] >= full_input.result.assessed_on.isoformat()
    assert all(dt.date.fromisoformat(r[1]) <= dt.date.fromisoformat(r[2]) for r in steps)
    assert {r[5] for r in steps} <= {"oui", ""} and "oui" in {r[5] for r in steps}
    assert any(r[3].endswith("jours ouvrables") for r in steps)


def test_plan_csv_follows_the_start_date_the_user_chose(pack):
    from tests.helpers.reports import FULL_EXAMPLE, example, make_input

    later = make_input(pack, example(pack, FULL_EXAMPLE), plan_start=dt.date(2027, 1, 4))
    steps = rows(plan_csv(later, "en"))[1:]
    assert steps[0][1] == "2027-01-04"


def test_checklist_csv_names_its_assessment_and_keeps_the_screens_order(full_input):
    """Review r18head #11: forwarded alone, the file says what it belongs to; its rows come in the
    screen's order (by principle, the legal duties first)."""
    from dataclasses import replace

    from mixdecide.wording import duties_first

    inp = replace(full_input, title="Green-bin cameras", municipality="Guelph", assessment_id="abc123")
    table = rows(checklist_csv(inp, "en"))
    assert table[:CHECKLIST_PREAMBLE_ROWS] == [
        ["Project", "Green-bin cameras"],
        ["Municipality", "Guelph"],
        ["Date", inp.result.assessed_on.isoformat()],
        ["Assessment id", "abc123"],
        [],
    ]
    order = [p.id for p in inp.pack.checklist.principles]
    screen = [
        f.item for f in sorted(duties_first(inp.result.checklist), key=lambda f: order.index(f.principle))
    ]
    assert [r[1] for r in table[CHECKLIST_PREAMBLE_ROWS + 1 :]] == screen
    assert any(a.basis != "mandatory" for a in inp.result.checklist)  # the order is tested, not trivial


def test_workshop_csv_names_its_assessment_and_workshop(full_input):
    """Review: the votes file forwarded alone did not say which project, workshop or round it was
    from. Typed titles stay text in a spreadsheet."""
    from dataclasses import replace

    from mixdecide.reports.model import Workshop

    w = Workshop(
        participants=3,
        distributions={"market_depth": {"few": 2, "many": 1}},
        title='=HYPERLINK("x") salt workshop',
        round=2,
        date="2026-11-30 14:05 UTC",
    )
    inp = replace(full_input, title="Road salt", municipality="Guelph", assessment_id="abc123", workshop=w)
    for lang, first in (("en", ["Project", "Road salt"]), ("fr", ["Projet", "Road salt"])):
        table = rows(workshop_csv(inp, lang))
        assert table[0] == first
        assert table[WORKSHOP_PREAMBLE_ROWS - 1] == []
    table = rows(workshop_csv(inp, "en"))
    assert table[:WORKSHOP_PREAMBLE_ROWS] == [
        ["Project", "Road salt"],
        ["Municipality", "Guelph"],
        ["Assessment id", "abc123"],
        ["Workshop", '\'=HYPERLINK("x") salt workshop'],
        ["Workshop date", "2026-11-30 14:05 UTC"],
        ["Participants", "3"],
        ["Votes counted in round", "2"],
        [],
    ]
    assert table[WORKSHOP_PREAMBLE_ROWS] == ["Round", "Question", "Answer", "Votes", "Share"]
    assert [r[0] for r in table[WORKSHOP_PREAMBLE_ROWS + 1 :]] == ["2", "2"]  # one line per answer
    assert rows(workshop_csv(replace(inp, workshop=None), "en")) == [
        ["Round", "Question", "Answer", "Votes", "Share"]
    ]
