"""After the advice, through the real app (AppTest): the "What happened" form on Recommendation
(validation messages, nothing saved on a mistake, stale tabs), Portfolio's "Advice vs what was
done", sharing an anonymised case and the local case library (import, similar cases, delete)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from mixdecide import load_pack
from mixdecide.engine import assess
from mixdecide.sharing import ShareChoices, anonymised_case, case_file_json
from mixdecide.store import (
    Forbidden,
    audit_trail,
    delete_assessment,
    get_assessment,
    make_engine,
    save_assessment,
    session_scope,
)
from tests.helpers.answers import PILOT_ANSWERS as ANSWERS
from tests.helpers.apptest import goto, new_app, ok, texts
from ui import persist

PACK = load_pack()
TOP = assess(PACK, ANSWERS).top
OTHER = next(r for r in PACK.routes if r != TOP)


def _rec(lang: str = "en"):
    return goto(new_app(answers=dict(ANSWERS), lang=lang), "recommendation")


def _submit(at, label: str = "Save what happened"):
    button = next(b for b in at.button if b.label == label)
    return ok(button.click().run())


def _fill(at, *, route=None, value=None, date=None, result=None, lessons=None):
    if route is not None:
        at.selectbox(key="wh.route").set_value(route)
    if value is not None:
        at.number_input(key="wh.value").set_value(value)
    if date is not None:
        at.date_input(key="wh.date").set_value(date)
    if result is not None:
        at.selectbox(key="wh.outcome").set_value(result)
    if lessons is not None:
        at.text_area(key="wh.lessons").set_value(lessons)
    return at


def _read(at) -> str:
    """What a user reads, with the Markdown escaping of typed text taken out."""
    return texts(at).replace("\u2060", "").replace("\\", "")


@contextmanager
def _meanwhile(readonly: bool = False) -> Iterator[Session]:
    """A unit of work on the app's database from elsewhere (another tab, a colleague)."""
    engine = make_engine()
    try:
        with session_scope(engine, readonly=readonly) as s:
            yield s
    finally:
        engine.dispose()


def _stored(at):
    aid = at.session_state["assessment_id"] if "assessment_id" in at.session_state else None  # noqa: SIM401 (AppTest.session_state has no .get)
    if not aid:
        return None
    with _meanwhile(readonly=True) as s:
        return get_assessment(session=s, id=aid), audit_trail(session=s, id=aid)


def test_a_mistake_gets_a_clear_message_and_nothing_is_saved():
    at = _rec()
    assert "What happened" in [s.value for s in at.subheader]
    _submit(at)
    assert "Not saved: choose the route actually used." in [e.value for e in at.error]
    _fill(at, route=OTHER, value=-5.0)
    _submit(at)
    assert "Not saved: the award value cannot be negative." in [e.value for e in at.error]
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)
    _fill(at, value=1000.0, date=tomorrow)
    _submit(at)
    errors = [e.value for e in at.error]
    assert any("is in the future; record the award once it is made" in e for e in errors), errors
    _fill(at, route="other", date=None)
    at.date_input(key="wh.date").set_value(None)
    _submit(at)
    assert any("If other: which route" in e.value for e in at.error)
    stored = _stored(at)
    assert stored is None or stored[0].outcome is None


def test_what_happened_is_saved_shown_and_in_the_audit_trail():
    at = _rec()
    _fill(at, route=OTHER, value=250000.0, date=dt.date(2025, 4, 2), result="scaled", lessons="Start sooner.")
    _submit(at)
    assert not at.error, [e.value for e in at.error]
    assert "Saved: what happened is now part of this assessment and its history." in [
        s.value for s in at.success
    ]
    shown = texts(at)
    assert f"Recorded: {PACK.routes[OTHER].name.en}" in shown
    assert f"The tool advised {PACK.routes[TOP].name.en} first." in shown
    assert "Awarded 2025-04-02 for $250,000" in shown and "Scaled up" in shown and "Start sooner." in shown
    record, trail = _stored(at)
    assert record.outcome == {
        "route": OTHER,
        "award_date": "2025-04-02",
        "award_value": 250000.0,
        "outcome": "scaled",
        "lessons": "Start sooner.",
    }
    assert {e.target for e in trail if e.action == "outcome_changed"} >= {"outcome.route", "outcome.lessons"}
    goto(at, "assess")
    history = texts(ok(at.toggle(key="w.history").set_value(True).run()))  # the audit trail people read
    assert f"What happened: Route actually used → {PACK.routes[OTHER].name.en}" in history
    assert "What happened: How it went → Scaled up" in history
    # clearing asks once more, then empties the form; the history keeps the values
    goto(at, "recommendation")
    ok(at.button(key="happened.clear").click().run())
    assert any("The history keeps a record" in w.value for w in at.warning)
    ok(at.button(key="happened.clear_keep").click().run())
    assert _stored(at)[0].outcome is not None
    # a reload of the assessment (another session) shows the form filled in
    again = goto(new_app(), "recommendation", a=record.id)
    assert again.selectbox(key="wh.route").value == OTHER
    assert again.text_area(key="wh.lessons").value == "Start sooner."
    ok(again.button(key="happened.clear").click().run())
    ok(again.button(key="happened.clear_yes").click().run())
    assert "What happened was cleared." in [i.value for i in again.info]
    assert again.selectbox(key="wh.route").value is None
    record, trail = _stored(again)
    assert record.outcome is None
    assert ("outcome.route", OTHER, None) in {
        (e.target, e.old, e.new) for e in trail if e.action == "outcome_changed"
    }


def test_a_stale_tab_is_refused():
    at = _rec()
    _fill(at, route=TOP)
    _submit(at)
    record, _ = _stored(at)
    with _meanwhile() as s:  # a colleague saves from another tab
        save_assessment(
            session=s, id=record.id, expected_version=record.version, actor="Colleague",
            outcome={"route": TOP, "outcome": "stopped"},
        )  # fmt: skip
    _fill(at, result="cancelled")
    _submit(at)
    assert any("Colleague" in e.value for e in at.error), [e.value for e in at.error]
    record, _ = _stored(at)
    assert record.outcome == {"route": TOP, "outcome": "stopped"}


def test_a_deleted_assessment_is_said_and_the_page_offers_a_reload():
    at = _rec()
    _fill(at, route=TOP)
    _submit(at)
    record, _ = _stored(at)
    with _meanwhile() as s:  # someone deletes it from another tab
        delete_assessment(session=s, id=record.id, actor="Colleague")
    _fill(at, result="cancelled")
    _submit(at)
    assert any("this assessment was deleted" in e.value for e in at.error), [e.value for e in at.error]
    ok(at.run())  # the next run says it at the top too, with the way back
    assert "session.reload" in [b.key for b in at.button]


@pytest.mark.parametrize(
    ("refusal", "said"),
    [
        (Forbidden("viewer"), "you can read this assessment but not change it"),
        (
            OperationalError("UPDATE", {}, Exception("locked")),
            "the database did not accept it (OperationalError)",
        ),
    ],
    ids=["viewer", "database-down"],
)
def test_a_refused_save_says_why_and_keeps_nothing(monkeypatch, refusal, said):
    at = _rec()
    _fill(at, route=TOP)
    _submit(at)  # the first save creates the assessment

    def refuse(**_: object) -> int:
        raise refusal

    with monkeypatch.context() as m:
        m.setattr(persist, "save_assessment", refuse)
        _fill(at, result="cancelled")
        _submit(at)
    assert any(said in e.value for e in at.error), [e.value for e in at.error]
    assert _stored(at)[0].outcome == {"route": TOP}


def test_the_form_speaks_french():
    at = _rec("fr")
    assert "Ce qui s'est passé" in [s.value for s in at.subheader]
    _fill(at, route=TOP, value=-1.0)
    _submit(at, "Enregistrer ce qui s'est passé")
    assert "Non enregistré : la valeur du contrat ne peut pas être négative." in [e.value for e in at.error]


def test_portfolio_compares_advice_with_what_was_done():
    at = goto(new_app(), "portfolio")
    assert "Advice vs what was done" in [s.value for s in at.subheader]
    assert any("No assessment records what was done yet" in i.value for i in at.info)
    rec = _rec()
    _fill(rec, route=OTHER, result="cancelled")
    _submit(rec)
    ok(goto(at, "portfolio"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["With a recorded route"] == "1"
    assert metrics["Used the first route advised"] == "0 of 1"  # a count: 1 is not a rate
    assert any("too few to judge the tool" in w.value for w in at.warning)  # 1 is not a rate
    assert f"computed with rule pack version {PACK.meta.version}" in texts(at)  # which advice
    table = next(d.value for d in at.dataframe if "Advised first" in d.value.columns)
    assert list(table["Used"]) == [PACK.routes[OTHER].name.en]
    assert list(table["How it went"]) == ["Cancelled"]
    assert table["Open"][0].startswith("recommendation?a=")
    assert "Outcomes by route used" in texts(at) or at.get("plotly_chart")


def _case_file(**change) -> bytes:
    case = anonymised_case(
        PACK,
        assessment_id="d1c66fff6a34419495787198de6de36e",
        title="t",
        municipality="m",
        answers=ANSWERS,
        outcome={"route": OTHER, "outcome": "scaled"},
        year=2025,
        choices=ShareChoices(source_url="https://example.org/award/9"),
    )
    doc = json.loads(case_file_json([case]))
    doc["cases"][0].update(change)
    return json.dumps(doc).encode()


def test_share_needs_what_happened_then_offers_the_download():
    at = _rec()
    assert any("Record the route actually used" in i.value for i in at.info)
    _fill(at, route=OTHER)
    _submit(at)
    at.text_input(key="share.url").set_value("ftp://nope").run()
    assert any("cannot be shared yet" in e.value for e in at.error)
    at.text_input(key="share.url").set_value("https://example.org/award/9").run()
    assert at.get("download_button") and not [e for e in at.error if "shared" in e.value]
    assert "A municipality" in texts(at)  # the preview shows what leaves: no names


def test_local_case_library_import_shows_in_similar_cases_and_deletes():
    at = goto(new_app(), "portfolio")
    assert "Local case library" in [s.value for s in at.subheader]
    at.file_uploader(key="library.file.0").upload(
        "evil.json", _case_file(lessons={"en": "<script>x</script>", "fr": "ok"}), "application/json"
    ).run()
    assert "This file was not imported; nothing was saved." in [e.value for e in at.error]
    assert "Case 1, lessons (English): looks like HTML or script" in texts(at)  # no "cases.0.lessons.en"
    at.file_uploader(key="library.file.0").upload("case.json", _case_file(), "application/json").run()
    before = _read(at)  # the preview shows what the case says before it enters everyone's advice
    market = PACK.questions["market_depth"].label.en
    for field in ("https://example.org/award/9", "Answers", market, "A municipality used", "Scaled up"):
        assert field in before, field
    ok(at.button(key="library.confirm").click().run())
    assert "Added 1 case(s) to the local case library." in [s.value for s in at.success]
    listed = _read(at)
    assert "Shared case: " in listed and "identifier shared" in listed and "example.org/award/9" in listed

    rec = _rec()  # the imported case is the nearest one to the same answers, marked as not verified
    panel = [c for c in rec.markdown if "Shared case" in c.value]
    assert panel, "local case not among the similar cases"
    assert any("Shared by another municipality, not verified" in c.value for c in rec.caption)
    assert "1 of the cases shown was shared by another municipality" in texts(rec)  # not in the tally

    ok(goto(at, "portfolio"))
    delete = next(b for b in at.button if (b.key or "").startswith("library.delete."))
    ok(delete.click().run())  # a first click only asks
    assert any("Delete “Shared case" in w.value for w in at.warning)
    assert "No local cases yet." not in texts(at)
    ok(next(b for b in at.button if (b.key or "").startswith("library.delete_yes.")).click().run())
    assert "The local case was deleted." in [i.value for i in at.info]
    assert "No local cases yet." in texts(at)
    log = texts(at)  # who imported and who deleted it, and when
    assert "imported “Shared case" in log and "deleted “Shared case" in log


def test_an_export_with_what_happened_imports_with_it():
    from mixdecide.reports import ReportInput
    from mixdecide.reports.jsonio import export_json

    outcome = {"route": OTHER, "award_date": "2024-11-05", "outcome": "stopped", "lessons": "Too early."}
    data = export_json(
        ReportInput(pack=PACK, result=assess(PACK, ANSWERS), title="Shared from Barrie", outcome=outcome)
    ).encode()
    at = goto(new_app(), "home")
    at.file_uploader(key="import.file").upload("export.json", data, "application/json").run()
    ok(at.button(key="import.confirm").click().run())
    record, trail = _stored(at)
    assert record.outcome == outcome and record.used_route == OTHER
    assert [e.action for e in trail] == ["imported"]
    shown = texts(goto(at, "recommendation"))
    assert f"Recorded: {PACK.routes[OTHER].name.en}" in shown and "Stopped" in shown and "Too early." in shown


def test_lessons_over_the_limit_are_refused_with_the_limit_and_the_length():
    at = _rec()
    _fill(at, route=OTHER, lessons="Earlier is better. " * 10)
    _submit(at)
    _fill(at, lessons="x" * 10_000)
    _submit(at)
    assert any("limited to 4,000 characters and the box holds 10,000" in e.value for e in at.error)
    assert not [x for x in at.success if "Saved" in x.value]  # never "Saved" when it was not saved
    assert at.text_area(key="wh.lessons").value == "x" * 10_000  # the text is still there to shorten
    record, _ = _stored(at)
    assert record.outcome["lessons"] == ("Earlier is better. " * 10).strip()


def test_the_form_offers_the_case_outcomes_and_the_cooperative_award_path():
    at = _rec()
    outcomes = at.selectbox(key="wh.outcome").options
    assert "Completed (not scaled up)" in outcomes and "Went to court" in outcomes
    assert "Call-off or mini-competition under the agreement" in at.selectbox(key="wh.route").options


def test_the_share_panel_says_what_identifies_and_stays_open_while_ticking():
    at = _rec()
    at.session_state["meta"] = {**at.session_state["meta"], "municipality": "City of Guelph"}
    _fill(at, route=OTHER, lessons="Call Jean (jean.tremblay@guelph.ca, 519-555-0100).")
    _submit(at)
    at.session_state["share.open"] = True
    at.checkbox(key="share.lessons").check().run()
    panel = next(x for x in at.expander if x.label.startswith("Share as a case"))
    assert panel.proto.expanded  # a tick does not close the panel
    assert any("The file is not anonymous" in w.value for w in at.warning)
    assert any("e-mail addresses, phone numbers" in i.value for i in at.info)  # found, and stripped
    at.text_input(key="share.url").set_value("https://guelph.ca/council/minutes-2025-10-15").run()
    assert any("This address names your municipality" in w.value for w in at.warning)
    shown = _read(at)
    assert "https://guelph.ca/council/minutes-2025-10-15" in shown  # the preview shows the source
    # the record above keeps the lessons as typed; the file's preview has them stripped
    assert shown.count("jean.tremblay@guelph.ca") == 1 and "Call Jean ([…], […])." in shown
    at.checkbox(key="share.strip").uncheck().run()
    assert any("they go out as they are" in w.value for w in at.warning)


def test_a_case_shared_from_this_assessment_is_not_its_own_similar_case():
    from mixdecide.sharing import case_id_for

    rec = _rec()
    _fill(rec, route=OTHER)
    _submit(rec)
    aid = rec.session_state["assessment_id"]
    at = goto(new_app(), "portfolio")
    at.file_uploader(key="library.file.0").upload(
        "mine.json", _case_file(id=case_id_for(aid)), "application/json"
    ).run()
    ok(at.button(key="library.confirm").click().run())
    assert not [c for c in ok(rec.run()).markdown if "Shared case" in c.value]
    other = _rec()  # another assessment with the same answers does see it
    assert [c for c in other.markdown if "Shared case" in c.value]
