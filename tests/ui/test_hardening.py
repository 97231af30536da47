"""What a red-team pass found in the pages: Markdown from a name in the stale-save message, a
Portfolio stuck past its last page, imports with a blank title or a final status."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from mixdecide import load_pack
from mixdecide.engine import assess
from mixdecide.reports.jsonio import export_json
from mixdecide.reports.model import ReportInput
from mixdecide.text import md_escape
from tests.helpers.apptest import APP, goto, ok, texts
from tests.helpers.injection import MARKDOWN_PAYLOADS, markup_from
from tests.helpers.store import app_engine, new_assessment, stored_count

PACK = load_pack()


def _alerts(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("error", "warning", "info", "success") for e in getattr(at, kind)]


# --- 2. every message that can carry typed text stays text ---------------------------------------


def test_every_message_with_typed_text_renders_it_as_text(app):
    """The stale-save message (another person's name), a refused save (a store message quoting a
    value) and flashed messages, with each payload of the corpus."""
    goto(app, "home")
    for payload in MARKDOWN_PAYLOADS:
        for err in (
            ("stale", payload, "2026-11-29 10:00 UTC"),
            ("invalid", payload, ""),
            ("gone", payload, ""),
        ):
            app.session_state["save_error"] = err
            ok(app.run())
            shown = [a for a in _alerts(app) if "NOT saved" in a]
            assert shown, err
            assert not markup_from(shown[0]), (err, shown[0])
            assert md_escape(" ".join(payload.split()), inline=True) in shown[0]
        app.session_state["save_error"] = None
        app.session_state["flash"] = ("error", "portfolio.failed", {"error": payload})
        ok(app.run())
        assert _alerts(app) and not markup_from(_alerts(app)[0]), payload


def test_stale_save_names_the_other_person_without_markdown():
    name = "![b](http://evil.example/b)[go](http://evil.example/x)"
    eng = app_engine()
    rec = new_assessment(eng, PACK, title="Shared", actor="setup")
    first, second = (AppTest.from_file(APP, default_timeout=60) for _ in range(2))
    for at in (first, second):
        at.query_params["a"] = rec.id
        ok(at.run())
    first.session_state["actor"] = name
    goto(first, "assess")
    goto(second, "assess")
    first.radio(key="q.need_clarity").set_value("solution_known").run()
    second.radio(key="q.need_clarity").set_value("problem_unclear").run()
    ok(second.switch_page("pages/assess.py").run())
    error = next(e for e in _alerts(second) if "NOT saved" in e)
    assert not markup_from(error), error
    assert "evil" in error  # the name is there, as text


# --- 3. the Portfolio clamps its page and keeps a valid selection --------------------------------


def test_portfolio_past_the_last_page_shows_the_last_page(app):
    goto(app, "portfolio")
    eng = app_engine()
    for i in range(55 - stored_count()):
        new_assessment(eng, PACK, title=f"Filler {i}", municipality="Fillerton", actor="test")
    goto(app, "portfolio")
    app.number_input(key="pf.page").set_value(2).run()
    app.selectbox(key="pf.chosen").select_index(0).run()
    ok(app)
    app.multiselect(key="pf.municipality").set_value(["Guelph"]).run()  # one result: one page
    ok(app)
    assert "Assessments (1 of 1)" in texts(app)
    assert app.selectbox(key="pf.chosen").value is not None
    app.button(key="pf.duplicate").click().run()  # the actions work on what is shown
    ok(app)
    app.multiselect(key="pf.municipality").set_value([]).run()
    ok(app)
    assert app.session_state["pf.page"] == 1


# --- 5 and 8. imports: a blank title is refused in the preview; a final file says it becomes a draft


def _export(title: str, status: str = "draft") -> bytes:
    example = PACK.examples[0]
    inp = ReportInput(pack=PACK, result=assess(PACK, example.answers), title="T", municipality="Barrie")
    data = (
        export_json(inp)
        .replace('"title": "T"', f'"title": "{title}"')
        .replace('"status": "draft"', f'"status": "{status}"')
    )
    return data.encode()


@pytest.mark.parametrize("title", ["", "   ", "\u00a0", " \u00a0 \\t "])
def test_import_with_a_blank_title_is_refused_in_the_preview(app, title):
    goto(app, "portfolio")  # first start: migrate and seed
    goto(app, "home")
    before = stored_count()
    app.file_uploader(key="import.file").upload("blank.json", _export(title), "application/json").run()
    ok(app)
    shown = texts(app)
    assert "cannot be imported" in shown and "title" in shown and "must not be empty" in shown
    assert not any(b.key == "import.confirm" for b in app.button)
    assert stored_count() == before


def test_import_of_a_final_assessment_says_it_becomes_a_draft(app):
    goto(app, "home")
    app.file_uploader(key="import.file").upload(
        "final.json", _export("Salt", "final"), "application/json"
    ).run()
    ok(app)
    assert "imported as a draft; it was final in the file" in texts(app)
    app.button(key="import.confirm").click().run()
    ok(app)
    assert app.session_state["meta"]["status"] == "draft"


# --- 6. a huge bad value is not echoed whole -----------------------------------------------------


def test_an_import_with_a_huge_bad_value_shows_a_short_message(app):
    goto(app, "home")
    data = export_json(
        ReportInput(pack=PACK, result=assess(PACK, PACK.examples[0].answers), title="T", municipality="B")
    )
    doc = json.loads(data)
    doc["assessment"]["answers"]["need_clarity"] = list(range(190_000))
    huge = json.dumps(doc)
    assert 1_000_000 < len(huge) < 2_000_000
    app.file_uploader(key="import.file").upload("huge.json", huge.encode(), "application/json").run()
    ok(app)
    shown = texts(app)
    assert "cannot be imported" in shown
    assert len(shown) < 5_000, len(shown)


ONE_LINE = [p for p in MARKDOWN_PAYLOADS if "\n" not in p]  # a municipality is one line


def test_compare_shows_a_typed_municipality_as_text(app):
    goto(app, "portfolio")  # first start: migrate and seed
    eng = app_engine()
    ids = [
        new_assessment(eng, PACK, title=f"Typed {i}", municipality=payload, actor="test").id
        for i, payload in enumerate(ONE_LINE[:2])
    ]
    goto(app, "compare", ids=",".join(ids))
    captions = [str(c.value) for c in app.caption]
    for payload in ONE_LINE[:2]:
        shown = md_escape(payload, inline=True)
        assert shown in captions, (shown, captions)
        assert not markup_from(shown)
