"""CSV exports (the portfolio list, an assessment's checklist and its plan), safe to open in a
spreadsheet.

Every cell passes through ``neutralise``: a cell a spreadsheet would read as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading single quote, as
OWASP recommends against CSV injection. The csv module does the quoting of commas, quotes and
line breaks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mixdecide.i18n import catalog, t
from mixdecide.plan_text import basis_text, length_text, plan_header, step_label
from mixdecide.reports.appendix import status_label, vote_rows
from mixdecide.reports.model import ReportInput, clean
from mixdecide.reports.plan_section import report_plan
from mixdecide.wording import basis_label, duties_first, item_why, shown_basis

# Encode CSV text with this when writing a file: the byte-order mark makes Excel read accents right.
CSV_ENCODING = "utf-8-sig"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# ASCII prefixes from OWASP, and their full-width forms, which some spreadsheets also evaluate.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(cell: Any) -> str:
    """The cell as text a spreadsheet shows as text, never evaluates."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime | dt.date):
        text = cell.isoformat()
    elif isinstance(cell, list | tuple | set):
        text = "; ".join(str(x) for x in cell)
    else:
        text = str(cell)
    text = _CONTROL.sub("", text)  # NUL and other controls: never meaningful, and some readers choke
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _with_context(
    context: Mapping[str, Any], lang: str, header: Sequence[Any], rows: Iterable[Iterable[Any]]
) -> str:
    """A file that says what it belongs to: one labelled row per ``context`` key, a blank row,
    then the table (a file forwarded alone, review r18head #11)."""
    preamble = [[t(f"reports.csv.{k}", lang), v] for k, v in context.items()]
    return _csv(preamble[0], [*preamble[1:], [], header, *rows])


def _csv(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


PORTFOLIO_COLUMNS = (
    "title",
    "municipality",
    "department",
    "owner",
    "status",
    "route",
    "confidence",
    "created",
    "updated",
)


def portfolio_csv(rows: Sequence[Mapping[str, Any]], lang: str) -> str:
    """One line per assessment; known keys get translated headers, other keys keep their name.

    Columns follow the order in which keys first appear across ``rows``.
    """
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    known = catalog()
    header = [
        t(f"reports.csv.{c}", lang) if f"reports.csv.{c}" in known and c in PORTFOLIO_COLUMNS else c
        for c in columns
    ]
    return _csv(header, ([row.get(c) for c in columns] for row in rows))


# the checklist file's context rows before its table, and the blank row after them
CHECKLIST_PREAMBLE = ("title", "municipality", "date", "assessment_id")
CHECKLIST_PREAMBLE_ROWS = len(CHECKLIST_PREAMBLE) + 1


def checklist_csv(inp: ReportInput, lang: str) -> str:
    """The applicable checklist items with their principle, status, owner, note and sources, in the
    screen's order (by principle, the legal duties first), after rows naming the project, the
    municipality, the date and the assessment id: a file forwarded alone says what it belongs to
    (review r18head #11)."""
    pack, a = inp.pack, inp.result
    context = {
        "title": inp.title,
        "municipality": inp.municipality,
        "date": a.assessed_on.isoformat(),
        "assessment_id": inp.assessment_id,
    }
    items = {i.id: i for i in pack.checklist.items}
    principles = {p.id: p.name.get(lang) for p in pack.checklist.principles}
    order = [p.id for p in pack.checklist.principles]
    header = [
        t("reports.csv.principle", lang),
        t("reports.csv.item_id", lang),
        t("reports.checklist.item", lang),
        t("reports.checklist.status", lang),
        t("reports.checklist.owner", lang),
        t("reports.checklist.note", lang),
        t("reports.csv.confirm", lang),
        t("reports.checklist.source", lang),
        t("reports.csv.basis", lang),
        t("reports.csv.cite", lang),
        t("reports.csv.why", lang),
    ]
    rows = []
    for f in sorted(duties_first(a.checklist), key=lambda f: order.index(f.principle)):
        item = items[f.item]
        state = inp.checklist.get(f.item) or {}
        rows.append(
            [
                principles[f.principle],
                f.item,
                item.text.get(lang),
                status_label(clean(state.get("status") or "not_started"), lang),
                state.get("owner") or "",
                state.get("note") or "",
                t("reports.csv.answer_yes" if f.confirm else "reports.csv.answer_no", lang),
                "; ".join(pack.sources[r].title for r in item.refs if r in pack.sources),
                basis_label(shown_basis(item.basis, f.confirm), lang),
                item.cite,
                # while an answer it depends on is unknown, the condition, never a stated fact
                item_why(item, lang, True) if f.confirm else (item.why.get(lang) if item.why else ""),
            ]
        )
    return _with_context({k: context[k] for k in CHECKLIST_PREAMBLE}, lang, header, rows)


def plan_csv(inp: ReportInput, lang: str) -> str:
    """The plan's steps as the report's plan table has them (step, start, end, length, basis, on
    the critical path), with dates as YYYY-MM-DD so a spreadsheet sorts them. Only the header when
    there is no plan (no plan file in the pack, or no strategy)."""
    p = report_plan(inp, lang)
    steps = p.steps if p is not None else ()
    rows = [
        (
            step_label(inp.pack, s, lang),
            s.start,
            s.end,
            length_text(s, lang),
            basis_text(s, lang, inp.pack),
            t("plan.on_path", lang) if s.critical else "",
        )
        for s in steps
    ]
    return _csv(plan_header(lang), rows)


# the workshop file's context rows before its table, and the blank row after them
WORKSHOP_PREAMBLE = (
    "title",
    "municipality",
    "assessment_id",
    "workshop",
    "workshop_date",
    "participants",
    "votes_round",
)
WORKSHOP_PREAMBLE_ROWS = len(WORKSHOP_PREAMBLE) + 1


def workshop_csv(inp: ReportInput, lang: str) -> str:
    """The workshop record's vote tables, one line per answer given, each saying its round
    (review r17lead #3), after rows naming the project, the municipality, the assessment, the
    workshop, its date, how many took part and the round counted: a file forwarded alone says what
    it belongs to (review: the votes file did not stand alone). Only the header when the input has
    no workshop."""
    header = [
        t("reports.csv.round", lang),
        t("reports.answers.question", lang),
        t("reports.workshop.value", lang),
        t("reports.workshop.votes", lang),
        t("reports.workshop.share", lang),
    ]
    w = inp.workshop
    if w is None:
        return _csv(header, [])
    context = {
        "title": inp.title,
        "municipality": inp.municipality,
        "assessment_id": inp.assessment_id,
        "workshop": w.title,
        "workshop_date": w.date,
        "participants": w.participants,
        "votes_round": w.round or "",
    }
    return _with_context(
        {k: context[k] for k in WORKSHOP_PREAMBLE}, lang, header, vote_rows(inp.pack, w, lang)
    )
