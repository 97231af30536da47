"""Download buttons for reports and CSV files, and importing a JSON export as a new assessment.

Documents are generated only when a button is clicked (Streamlit runs the callable then), so
drawing a page never pays for a PDF it does not need. The document language follows the
session's language unless the user picks the other one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import streamlit as st

from mixdecide.i18n import LANG_NAMES, LANGS
from mixdecide.reports import FORMATS, ReportInput, Workshop, export_name, filename, render
from mixdecide.reports.csvio import CSV_ENCODING, checklist_csv, plan_csv, portfolio_csv, workshop_csv
from mixdecide.reports.jsonio import MAX_IMPORT_BYTES, ImportProblem, import_json
from mixdecide.result import Assessment
from mixdecide.store import NotFound, StoreError, create_assessment, get_assessment, session_scope
from mixdecide.text import md_escape
from ui import clock, keys, plan_state
from ui.auth import principal
from ui.db import engine
from ui.outcome import local_cases
from ui.state import actor, answers, checklist_state, get_pack, lang, meta, notes, outcome, result, tr

DOCS = ("docx", "pdf", "html", "md", "json")


def current_input() -> ReportInput:
    """The open assessment as a report input (what the user sees now)."""
    m = meta()
    return ReportInput(
        pack=get_pack(),
        result=result(),
        title=m.get("title") or tr("home.untitled"),
        municipality=m.get("municipality", ""),
        department=m.get("department", ""),
        owner=m.get("owner", ""),
        status=m.get("status", "draft"),
        answers=dict(answers()),
        notes=dict(notes()),
        checklist={k: dict(v) for k, v in checklist_state().items()},
        outcome=outcome(),
        local_cases=local_cases(get_pack()),
        assessment_id=str(st.session_state.get(keys.ASSESSMENT_ID) or ""),
        **plan_state.report_fields(),
    )


def _doc_lang(key: str) -> str:
    st.session_state.setdefault(key, lang())
    chosen = st.segmented_control(
        tr("exports.language"), list(LANGS), format_func=lambda code: LANG_NAMES[code], key=key, required=True
    )
    return chosen or lang()


def workshop_input(
    assessment_id: str, result: Assessment, answers: Mapping[str, Any], workshop: Mapping[str, Any]
) -> ReportInput:
    """A workshop's group result, with its answer distributions and consensus notes."""
    common: dict[str, Any] = {
        "pack": get_pack(),
        "result": result,
        "answers": dict(answers),
        "workshop": Workshop.coerce(workshop),
    }
    try:
        with session_scope(engine(), readonly=True) as s:
            rec = get_assessment(principal=principal(), session=s, id=assessment_id)
    except NotFound:
        return ReportInput(**common, title=tr("home.untitled"))
    return ReportInput(
        **common,
        title=rec.title,
        assessment_id=rec.id,
        municipality=rec.municipality,
        department=rec.department,
        owner=rec.owner,
        status=rec.status,
        notes=rec.notes,
        checklist=rec.checklist,
    )


def report_downloads(prefix: str, inp: ReportInput | None = None, what: str = "report") -> None:
    """Word, PDF, HTML, Markdown and JSON of the open assessment (or of ``inp``); ``what`` names
    the files ("report", or "record" for a workshop's)."""
    with st.container(border=True):
        st.markdown(f"**{tr('exports.title')}**")
        st.caption(tr("exports.help"))
        doc_lang = _doc_lang(f"{prefix}.doclang")
        inp = inp or current_input()
        cols = st.columns(len(DOCS))
        for col, fmt in zip(cols, DOCS, strict=True):
            f = FORMATS[fmt]
            col.download_button(
                f.label,
                data=partial(render, fmt, inp, doc_lang),
                file_name=filename(fmt, inp, doc_lang, clock.today(), what),
                mime=f.mime,
                key=f"{prefix}.{fmt}",
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
            )


def _csv_download(prefix: str, what: str, table: Callable[[ReportInput, str], str]) -> None:
    """``table`` of the open assessment as CSV (safe to open in a spreadsheet), in the session's
    language; ``what`` names the button (``exports.<what>_csv``) and ends the file name."""
    inp = current_input()
    doc_lang = lang()
    st.download_button(
        tr(f"exports.{what}_csv"),
        data=lambda: table(inp, doc_lang).encode(CSV_ENCODING),
        file_name=export_name(inp.title, what, "csv", clock.today(), doc_lang),
        mime="text/csv",
        key=f"{prefix}.csv",
        icon=":material/download:",
        on_click="ignore",
    )


def workshop_votes_download(prefix: str, inp: ReportInput) -> None:
    """The workshop record's vote tables as CSV, each line with its round."""
    doc_lang = lang()
    st.download_button(
        tr("exports.workshop_csv"),
        data=lambda: workshop_csv(inp, doc_lang).encode(CSV_ENCODING),
        file_name=export_name(inp.title, "votes", "csv", clock.today(), doc_lang),
        mime="text/csv",
        key=f"{prefix}.csv",
        icon=":material/download:",
        on_click="ignore",
    )


def checklist_download(prefix: str) -> None:
    """The checklist as CSV."""
    _csv_download(prefix, "checklist", checklist_csv)


def plan_download(prefix: str) -> None:
    """The plan's steps as CSV."""
    _csv_download(prefix, "plan", plan_csv)


def portfolio_download(rows: Sequence[Mapping[str, Any]], prefix: str) -> None:
    """The portfolio list as CSV."""
    doc_lang = lang()
    st.download_button(
        tr("exports.portfolio_csv"),
        data=lambda: portfolio_csv(rows, doc_lang).encode(CSV_ENCODING),
        file_name=export_name("", "portfolio", "csv", clock.today(), doc_lang),
        mime="text/csv",
        key=f"{prefix}.csv",
        icon=":material/download:",
        on_click="ignore",
    )


def import_uploader() -> str | None:
    """Upload a JSON export; returns the id of the new assessment, or None (with a message)."""
    up = st.file_uploader(
        tr("exports.import_label", mb=MAX_IMPORT_BYTES // 1_000_000),
        type=["json"],
        key="import.file",
        help=tr("exports.import_help"),
    )
    if up is None:
        return None
    if up.size > MAX_IMPORT_BYTES:
        st.error(tr("exports.too_big", mb=MAX_IMPORT_BYTES // 1_000_000), icon=":material/error:")
        return None
    try:
        imported = import_json(up.getvalue(), get_pack())
    except ImportProblem as exc:
        st.error(tr("exports.import_failed"), icon=":material/error:")
        for p in exc.problems:
            st.text(f"• {p}")
        return None
    # the title comes from the file: escaped, because button labels render Markdown
    if not st.button(
        tr("exports.import_confirm", title=md_escape(imported.title, inline=True)),
        key="import.confirm",
        type="primary",
    ):
        if imported.status != "draft":  # imports start as drafts, by design: say so before the click
            st.info(
                tr("exports.import_as_draft", status=tr(f"status.{imported.status}").lower()),
                icon=":material/edit_note:",
            )
        for w in imported.warnings:
            st.text(w)
        return None
    try:
        with session_scope(engine()) as s:
            rec = create_assessment(
                principal=principal(),
                session=s,
                title=imported.title,
                municipality=imported.municipality,
                department=imported.department,
                owner=imported.owner,
                pack=get_pack(),
                answers=imported.answers,
                notes=imported.notes,
                checklist=imported.checklist,
                actor=actor(),
                action="imported",
                outcome=imported.outcome,
            )
    except StoreError as exc:  # e.g. a title of spaces only: the file passed, the store says why not
        st.error(tr("exports.import_failed"), icon=":material/error:")
        st.text(f"• {exc}")
        return None
    return rec.id
