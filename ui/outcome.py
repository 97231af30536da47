"""After the advice: the "What happened" form, sharing the assessment as an anonymised case, and
the local case library (cases other installations shared, imported here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mixdecide import charts
from mixdecide.cases import Case
from mixdecide.details import (
    AWARD_YEAR_MIN,
    CASE_FILE_MAX_BYTES,
    CASE_URL_MAX,
    LESSONS_MAX,
    NAME_MAX,
    NOTE_MAX,
    OTHER_ROUTE,
    RESULT_OUTCOMES,
)
from mixdecide.happened import award_paths, happened_lines, used_name
from mixdecide.i18n import fmt_date, t
from mixdecide.pack.models import Pack
from mixdecide.reports import export_name
from mixdecide.result import Assessment
from mixdecide.sharing import (
    CaseFileProblem,
    NotShareable,
    ShareChoices,
    anonymised_case,
    case_fields,
    case_file_json,
    case_id_for,
    identifying_details,
    read_case_file,
    stored_cases,
)
from mixdecide.store import (
    AdviceRow,
    NotFound,
    PortfolioFilter,
    StoreError,
    add_local_cases,
    advice_vs_done,
    delete_local_case,
    list_local_cases,
    local_case_events,
    session_scope,
)
from mixdecide.text import md_escape
from mixdecide.wording import step_name
from ui import auth, clock, keys
from ui.auth import principal
from ui.db import engine
from ui.persist import save_outcome
from ui.render import chart
from ui.state import actor, answers, lang, meta, outcome, tr

W = keys.WHAT_HAPPENED


# ---------------------------------------------------------------------------------- what happened


def _remember(where: str, kind: str, key: str, **values: Any) -> None:
    """A message to show at ``where`` on the next run (next to the form it is about, not at the
    top of a long page)."""
    st.session_state[where] = (kind, key, values)


def _notice(where: str) -> None:
    pending = st.session_state.pop(where, None)
    if pending:
        kind, key, values = pending
        icon = {"success": ":material/check_circle:", "info": ":material/info:"}[kind]
        getattr(st, kind)(tr(key, **values), icon=icon)


def _first_problem(
    route: str | None, other: str, award_date: Any, award_value: float | None, lessons: str = ""
) -> str | None:
    """The mistakes people make in this form, said in their language (the model's check, run
    next by the save, catches the rest)."""
    if len(lessons.strip()) > LESSONS_MAX:  # said first: the text is still in the box to shorten
        return tr("happened.lessons_too_long", most=f"{LESSONS_MAX:,}", n=f"{len(lessons.strip()):,}")
    if route is None:
        return tr("happened.need_route")
    if route == OTHER_ROUTE and not (other or "").strip():
        return tr("happened.need_other")
    if isinstance(award_date, dt.date) and award_date > dt.datetime.now(dt.UTC).date():
        return tr("happened.future_date", date=fmt_date(award_date, lang()))
    if award_value is not None and award_value < 0:
        return tr("happened.negative_value")
    return None


def what_happened(pack: Pack, a: Assessment) -> None:
    """The form that records what was done after the advice, and what is recorded so far."""
    lg = lang()
    st.subheader(tr("happened.title"), anchor="what-happened")
    st.caption(tr("happened.intro"))
    stored = outcome() or {}
    if stored:
        with st.container(border=True, key="happened.summary"):
            for line in happened_lines(pack, stored, a.top, lg):
                st.text(line)
            if stored.get("lessons"):
                st.markdown(f"**{tr('happened.lessons')}**")
                st.text(stored["lessons"])
    if auth.read_only():  # a viewer or link holder reads what was recorded; no form to change it
        return
    ranked = [r.route for r in a.ranking] + [r.route for r in a.excluded]
    routes = [r for r in ranked if r in pack.routes] + [r for r in pack.routes if r not in ranked]
    options = [*routes, *award_paths(pack), OTHER_ROUTE]
    current = stored.get("route")
    with st.form("happened.form", border=True):
        route = st.selectbox(
            tr("happened.route"),
            options,
            index=options.index(current) if current in options else None,
            format_func=lambda r: used_name(pack, r, lg),
            placeholder=tr("common.choose"),
            key=W + "route",
        )
        other = st.text_input(
            tr("happened.other_route"),
            value=stored.get("other_route", ""),
            max_chars=NAME_MAX,
            key=W + "other",
        )
        c1, c2, c3 = st.columns(3)
        award_date = c1.date_input(
            tr("happened.award_date"),
            value=dt.date.fromisoformat(stored["award_date"]) if stored.get("award_date") else None,
            min_value=dt.date(AWARD_YEAR_MIN, 1, 1),
            max_value=dt.date(2100, 12, 31),
            format="YYYY-MM-DD",
            key=W + "date",
        )
        award_value = c2.number_input(
            tr("happened.award_value"),
            value=stored.get("award_value"),
            step=1000.0,
            format="%.2f",
            key=W + "value",
        )
        result = c3.selectbox(
            tr("happened.outcome"),
            RESULT_OUTCOMES,
            index=RESULT_OUTCOMES.index(stored["outcome"])
            if stored.get("outcome") in RESULT_OUTCOMES
            else None,
            format_func=lambda o: tr(f"happened.outcome_ids.{o}"),
            placeholder=tr("common.choose"),
            key=W + "outcome",
        )
        lessons = st.text_area(
            tr("happened.lessons_limit", most=f"{LESSONS_MAX:,}"),
            value=stored.get("lessons", ""),
            help=tr("happened.lessons_help"),
            key=W + "lessons",
        )  # no max_chars: the browser would drop a longer paste without a word; the save says why
        submitted = st.form_submit_button(tr("happened.save"), type="primary", icon=":material/save:")
    _notice("happened.notice")
    if submitted:
        first = _first_problem(route, other, award_date, award_value, lessons or "")
        if first:
            st.error(tr("happened.not_saved", reason=first), icon=":material/error:")
        else:
            values: dict[str, Any] = {
                "route": route,
                "other_route": other or "",
                "award_date": award_date.isoformat() if isinstance(award_date, dt.date) else None,
                "award_value": award_value,
                "outcome": result,
                "lessons": lessons or "",
            }
            problem = save_outcome(values)
            if problem:
                st.error(tr("happened.not_saved", reason=problem), icon=":material/error:")
            else:
                _remember("happened.notice", "success", "happened.saved")
                st.rerun()
    if stored:
        _clear_button()


def _clear_button() -> None:
    """Clear what happened, after a second click that says what it does (the history keeps it)."""
    ss = st.session_state
    if not ss.get("happened.confirm_clear"):
        if st.button(tr("happened.clear"), key="happened.clear", icon=":material/delete:"):
            ss["happened.confirm_clear"] = True
            st.rerun()
        return
    st.warning(tr("happened.clear_confirm"), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 2])
    if no.button(tr("happened.clear_keep"), key="happened.clear_keep"):
        ss.pop("happened.confirm_clear", None)
        st.rerun()
    if yes.button(
        tr("happened.clear_yes"), key="happened.clear_yes", type="primary", icon=":material/delete:"
    ):
        ss.pop("happened.confirm_clear", None)
        problem = save_outcome({})
        if problem:
            st.error(tr("happened.not_saved", reason=problem), icon=":material/error:")
        else:
            for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(W)]:
                del st.session_state[k]
            _remember("happened.notice", "info", "happened.cleared")
            st.rerun()


# ---------------------------------------------------------------------------------- share a case


def share_case(pack: Pack) -> None:
    """Download the assessment as a case file (after what happened is recorded): every field the
    file carries is shown first, with what can still identify the municipality."""
    ss = st.session_state
    s = keys.SHARE
    # keyed and tracked: the panel stays open while the boxes in it are ticked (each tick reruns)
    with st.expander(tr("share.title"), icon=":material/share:", key=s + "open", on_change="rerun"):
        st.caption(tr("share.intro"))
        stored = outcome()
        if not stored or not ss.get(keys.ASSESSMENT_ID):
            st.info(tr("share.needs_outcome"), icon=":material/info:")
            return
        st.warning(tr("share.not_anonymous"), icon=":material/visibility:")
        municipality = meta().get("municipality", "")
        keep_buyer = st.checkbox(tr("share.keep_buyer"), key=s + "buyer")
        keep_summary = st.checkbox(tr("share.keep_summary"), key=s + "keep_summary")
        summary = st.text_area(
            tr("share.summary"), value=meta().get("title", ""), max_chars=NOTE_MAX, key=s + "summary"
        )
        keep_lessons = st.checkbox(tr("share.keep_lessons"), key=s + "lessons")
        strip = st.checkbox(tr("share.strip_contacts"), value=True, key=s + "strip")
        round_values = st.checkbox(tr("share.round_values"), value=True, key=s + "round")
        url = st.text_input(
            tr("share.source_url"),
            max_chars=CASE_URL_MAX,
            help=tr("share.source_help"),
            placeholder="https://",
            key=s + "url",
        )
        source_title = st.text_input(tr("share.source_title"), max_chars=200, key=s + "source_title")
        lessons = str(stored.get("lessons", ""))
        kept = [x for x, keep in ((lessons, keep_lessons), (summary or "", keep_summary)) if keep]
        found = [
            k
            for k in ("email", "phone", "name")
            if any(k in identifying_details(x, municipality) for x in kept)
        ]
        if keep_buyer:
            found = [k for k in found if k != "name"]
        if found:
            what = ", ".join(tr(f"share.found.{k}") for k in found)
            if strip:
                st.info(tr("share.found_stripped", what=what), icon=":material/cleaning_services:")
            else:
                st.warning(tr("share.found_kept", what=what), icon=":material/warning:")
        if not (url or "").strip():
            return
        if "name" in identifying_details(url or "", municipality):
            st.warning(tr("share.url_names_you"), icon=":material/warning:")
        choices = ShareChoices(
            source_url=url or "",
            source_title=source_title or "",
            keep_buyer=keep_buyer,
            keep_summary=keep_summary,
            keep_lessons=keep_lessons,
            summary=summary or "",
            round_values=round_values,
            strip_contacts=strip,
            text_lang=lang(),
        )
        try:
            case = anonymised_case(
                pack,
                assessment_id=str(ss[keys.ASSESSMENT_ID]),
                title=meta().get("title", ""),
                municipality=municipality,
                answers=answers(),
                outcome=stored,
                year=dt.datetime.now(dt.UTC).year,
                choices=choices,
            )
        except NotShareable as exc:
            st.error(tr("share.problem", reason=str(exc)), icon=":material/error:")
            return
        st.markdown(f"**{tr('share.preview')}**")
        _fields(pack, case, key=s + "preview")
        st.download_button(
            tr("share.download"),
            data=case_file_json([case]).encode("utf-8"),
            # no title: the anonymised case must not be named after the project
            file_name=export_name("", f"case-{case.id}", "json", clock.today()),
            mime="application/json",
            key=s + "download",
            icon=":material/download:",
            on_click="ignore",
        )


def _fields(pack: Pack, case: Case, *, key: str) -> None:
    """Every field of a case file, as plain text (nothing in it is read as Markdown)."""
    lines = [
        f"**{md_escape(label, inline=True)}:** "
        + "  \n".join(md_escape(part, inline=True) for part in (value or "—").split("\n"))
        for label, value in case_fields(pack, case, lang())
    ]
    with st.container(border=True, key=key):
        st.markdown("\n\n".join(lines))


# ---------------------------------------------------------------------------------- local library


def local_cases(pack: Pack) -> tuple[Case, ...]:
    """The local case library's cases for ``pack`` (the nearest-cases lookup adds them), without
    the case this assessment itself became when it was shared (it would be its own twin)."""
    try:
        with session_scope(engine(), readonly=True) as s:
            docs = [r.data for r in list_local_cases(session=s, pack_id=pack.id, principal=principal())]
    except StoreError:
        return ()
    aid = st.session_state.get(keys.ASSESSMENT_ID)
    mine = case_id_for(str(aid)) if aid else None
    return tuple(c for c in stored_cases(pack, docs) if c.id != mine)


def case_library(pack: Pack) -> None:
    """Import shared cases (after a preview of everything they say), list the ones imported
    here, delete one after a confirmation; imports and deletions are recorded."""
    lg = lang()
    st.subheader(tr("library.title"), anchor=False)
    st.caption(tr("library.intro"))
    _notice("library.notice")
    ss = st.session_state
    who = principal()
    up = None
    if who.editor:
        up = st.file_uploader(
            tr("library.upload"),
            type=["json"],
            max_upload_size=max(1, CASE_FILE_MAX_BYTES // 1_000_000),  # the widget states the one limit
            key=f"library.file.{ss.get('library.uploads', 0)}",  # a new key empties the uploader
        )
    else:
        st.caption(tr("library.editor_only"))
    with session_scope(engine(), readonly=True) as s:
        records = list_local_cases(session=s, pack_id=pack.id, principal=who)
        events = local_case_events(session=s, pack_id=pack.id, limit=20, principal=who)
    shown = {c.id: c for c in stored_cases(pack, [r.data for r in records])}
    if up is not None:
        try:
            cases = read_case_file(
                up.getvalue(), pack, taken={r.case_id for r in records}, library=tuple(shown.values())
            )
        except CaseFileProblem as exc:
            st.error(tr("library.failed"), icon=":material/error:")
            for p in exc.problems:
                st.text(f"• {p}")
        else:
            st.markdown(f"**{tr('library.preview', n=len(cases))}**")
            for i, c in enumerate(cases):
                _fields(pack, c, key=f"library.preview.{i}")
            st.warning(tr("library.check_first"), icon=":material/fact_check:")
            if st.button(tr("library.confirm", n=len(cases)), key="library.confirm", type="primary"):
                try:
                    with session_scope(engine()) as s:
                        add_local_cases(
                            session=s,
                            pack_id=pack.id,
                            cases=[c.model_dump(mode="json", exclude_defaults=True) for c in cases],
                            actor=actor(),
                            principal=who,
                        )
                except StoreError as exc:
                    st.error(tr("library.failed"), icon=":material/error:")
                    st.text(f"• {exc}")
                else:
                    ss["library.uploads"] = ss.get("library.uploads", 0) + 1
                    _remember("library.notice", "success", "library.added", n=len(cases))
                    st.rerun()
    if not records:
        st.caption(tr("library.empty"))
    for r in records:
        found = shown.get(r.case_id)
        with st.container(border=True, key=f"library.case.{r.id}"):
            left, right = st.columns([5, 1], vertical_alignment="center")
            title = found.title.get(lg) if found else r.case_id
            left.markdown(f"**{md_escape(title, inline=True)}**")
            where = (
                f"{found.buyer} · {found.year} · {t(f'cases.outcome.{found.outcome}', lg)}" if found else ""
            )
            left.caption(
                md_escape(where, inline=True)
                + (" · " if where else "")
                + md_escape(tr("library.id", id=r.case_id), inline=True)
                + "  \n"
                + md_escape(
                    tr("library.imported", date=f"{r.imported_at:%Y-%m-%d %H:%M} UTC", who=r.imported_by),
                    inline=True,
                )
            )
            if found:
                for src in found.sources:
                    left.caption(
                        md_escape(f"{tr('share.field.source')}: {src.title} — {src.url}", inline=True)
                    )
                with left.expander(tr("library.everything")):
                    _fields(pack, found, key=f"library.fields.{r.id}")
            if who.editor:
                _delete(right, r.id, title)
    if events:
        with st.expander(tr("library.log_title"), icon=":material/history:"):
            for e in events:
                st.text(
                    tr(
                        f"library.log_{e.action}",
                        date=f"{e.at:%Y-%m-%d %H:%M} UTC",
                        who=e.actor,
                        title=e.title,
                        id=e.case_id,
                    )
                )


def _delete(col: Any, rid: str, title: str) -> None:
    """Delete a local case after a second click that says what it does; the deletion is recorded."""
    ss = st.session_state
    if ss.get("library.confirm_delete") != rid:
        if col.button(tr("library.delete"), key=f"library.delete.{rid}", icon=":material/delete:"):
            ss["library.confirm_delete"] = rid
            st.rerun()
        return
    st.warning(tr("library.delete_confirm", title=title), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 2])
    if no.button(tr("library.delete_keep"), key=f"library.delete_keep.{rid}"):
        ss.pop("library.confirm_delete", None)
        st.rerun()
    if yes.button(
        tr("library.delete_yes"), key=f"library.delete_yes.{rid}", type="primary", icon=":material/delete:"
    ):
        ss.pop("library.confirm_delete", None)
        try:
            with session_scope(engine()) as s:
                delete_local_case(session=s, id=rid, actor=actor(), principal=principal())
        except NotFound:
            pass
        except StoreError:  # Forbidden: the role changed since the page was drawn
            _remember("library.notice", "info", "library.editor_only")
            st.rerun()
        _remember("library.notice", "info", "library.deleted")
        st.rerun()


# ---------------------------------------------------------------------------------- portfolio


# Under this many recorded outcomes a rate says nothing about the tool: say so beside it.
TOO_FEW = 5


def _pct(n: int, of: int) -> str:
    return f"{round(100 * n / of)}" if of else "0"


def advice_vs_done_section(pack: Pack, filters: PortfolioFilter) -> None:
    """Portfolio: agreement rate, the disagreements, and outcomes by route actually used."""
    lg = lang()
    st.subheader(tr("advice.title"), anchor="advice-vs-done")
    st.caption(tr("advice.intro"))
    with session_scope(engine(), readonly=True) as s:
        data = advice_vs_done(principal=principal(), session=s, filters=filters)
    if not data.recorded:
        st.info(tr("advice.empty"), icon=":material/history_edu:")
        return
    st.caption(tr("advice.which", versions=", ".join(data.pack_versions) or "—"))
    if data.recorded < TOO_FEW:
        st.warning(tr("advice.too_few", n=data.recorded, most=TOO_FEW), icon=":material/warning:")
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("advice.recorded"), data.recorded)
    rate = "advice.rate" if data.recorded >= TOO_FEW else "advice.count"  # no percentage of 3
    m2.metric(
        tr("advice.first"),
        tr(rate, pct=_pct(data.first, data.recorded), n=data.first, of=data.recorded),
    )
    m3.metric(
        tr("advice.top3"),
        tr(rate, pct=_pct(data.top3, data.recorded), n=data.top3, of=data.recorded),
    )
    counts = data.outcomes_by_route()
    chart(
        charts.outcomes_chart(pack, counts, lg),
        charts.outcomes_alt(pack, counts, lg),
        charts.outcomes_table(pack, counts, lg),
        key="chart.pf_outcomes",
    )
    st.markdown(f"**{tr('advice.disagreements')}**")
    rows = data.disagreements
    if not rows:
        st.success(tr("advice.no_disagreements"), icon=":material/check:")
        return
    params = "&lang=fr" if lg == "fr" else ""

    def used(r: AdviceRow) -> str:
        return used_name(pack, r.used, lg, r.other_route)

    table = pd.DataFrame(
        {
            tr("advice.col_assessment"): [r.title for r in rows],
            tr("advice.col_advised"): [step_name(pack, r.advised, lg) if r.advised else "—" for r in rows],
            tr("advice.col_used"): [used(r) for r in rows],
            tr("advice.col_outcome"): [
                tr(f"happened.outcome_ids.{r.outcome}") if r.outcome else "—" for r in rows
            ],
            tr("advice.col_link"): [f"recommendation?a={r.id}{params}#what-happened" for r in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="pf.advice_table",
        column_config={
            tr("advice.col_assessment"): st.column_config.TextColumn(width="medium"),
            tr("advice.col_advised"): st.column_config.TextColumn(width="medium"),
            tr("advice.col_used"): st.column_config.TextColumn(width="medium"),
            tr("advice.col_outcome"): st.column_config.TextColumn(width="small"),
            tr("advice.col_link"): st.column_config.LinkColumn(
                display_text=tr("advice.col_link"), width="small"
            ),
        },
    )
