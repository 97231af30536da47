"""Every page, driven through AppTest as a user would, in English and French."""

from __future__ import annotations

import pytest

from mixdecide import load_pack
from mixdecide.i18n import t
from tests.helpers.apptest import answer_all, goto, texts

PAGES = ("home", "assess", "recommendation", "risk", "checklist", "plan", "rules", "present")
PACK = load_pack()


# The catalog key of each page's title (the presentation page is titled with the route's name).
TITLE_KEYS = {
    "home": "home.title",
    "assess": "assess.title",
    "recommendation": "rec.title",
    "risk": "risk.title",
    "checklist": "cl.title",
    "plan": "plan.title",
    "rules": "rules.title",
}


def _expected_titles(page: str, lang: str) -> set[str]:
    if page == "present":  # a route's name, or (nothing answered: review r17room #2) nothing to present
        return {r.name.get(lang) for r in PACK.routes.values()} | {t("present.nothing_title", lang)}
    return {t(TITLE_KEYS[page], lang)}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_in_both_languages(app, page, lang):
    app.session_state["lang"] = lang
    goto(app, page)
    assert app.title, f"{page} has no title"
    assert app.title[0].value in _expected_titles(page, lang)
    assert not _expected_titles(page, lang) & _expected_titles(page, "fr" if lang == "en" else "en")


def test_home_explains_and_warns_not_legal_advice(app):
    text = texts(app)
    assert "procurement route" in text
    assert "not legal advice" in text
    # the number of questions is the pack's, not a rounded "about 20"
    always = sum(1 for q in PACK.questions.values() if q.visible_if is None)
    assert f"Answer {always} plain-language questions" in text
    assert f"up to {len(PACK.questions)} when" in text


def test_complete_questionnaire_by_widgets_gives_the_examples_route(app):
    example = next(e for e in PACK.examples if e.id == "ex10_drone_inspection_pilot")
    answer_all(app, PACK, example.answers)
    assert app.session_state["answers"] == {k: v for k, v in example.answers.items() if v is not None} or set(
        example.answers
    ) <= set(app.session_state["answers"])
    goto(app, "recommendation")
    route_name = PACK.routes[example.expect.top[0]].name.en
    assert route_name in [h.value for h in app.header], [h.value for h in app.header]


def test_dont_know_everywhere_still_recommends_and_names_decisive_questions(app):
    answers = {q.id: "unknown" for q in PACK.questions.values()}
    answer_all(app, PACK, answers)
    goto(app, "recommendation")
    text = texts(app)
    assert app.header, "no recommended route card"
    assert "Answering these would settle it" in text
    assert "“don't know”" in text  # the partial-answers notice counts them


def test_unanswered_list_links_back_to_the_question(app):
    goto(app, "assess")
    app.radio(key="q.need_clarity").set_value("problem_clear_solution_open").run()
    unanswered = app.selectbox(key="w.goto")  # one "Go to a question" select, whole questions
    assert unanswered.label == "Go to a question"
    assert not any("How well do you know what you need" in o for o in unanswered.options)
    assert any("How much procurement capacity" in o for o in unanswered.options)
    # and the same questions as a plain vertical list to read, one line each, not cut short
    listed = next(m.value for m in app.markdown if m.value.startswith("- "))
    lines = [x for x in listed.split("\n") if x.startswith("- ")]
    assert len(lines) == len(unanswered.options)
    assert not any("How well do you know what you need" in x for x in lines)
    assert any("How much procurement capacity" in x for x in lines)
    unanswered.set_value("procurement_capacity").run()
    # the section holding that question is now shown, with its widget on screen
    assert app.radio(key="q.procurement_capacity") is not None
    assert "Your organisation" in [h.value for h in app.header]


def test_question_numbers_do_not_move_when_a_follow_up_appears(app):
    goto(app, "assess")

    def headings():  # each question's "#### N. label" line
        return [m.value for m in app.markdown if m.value.startswith("#### ")]

    app.radio(key="q.need_clarity").set_value("solution_known").run()
    first = headings()
    app.radio(key="q.need_clarity").set_value("problem_clear_solution_open").run()
    second = headings()
    assert len(second) > len(first)  # a follow-up question appeared...
    assert set(first) <= set(second)  # ...and every other question kept its number
    follow_up = next(h for h in second if h not in first)
    assert follow_up.split(".")[0].removeprefix("#### ")[-1].isalpha()  # numbered "1a", not "2"


def test_answers_survive_page_changes(app):
    goto(app, "assess")
    app.radio(key="q.need_clarity").set_value("problem_unclear").run()
    goto(app, "risk")
    goto(app, "assess")
    assert app.radio(key="q.need_clarity").value == "problem_unclear"


def test_language_switch_keeps_answers(app):
    goto(app, "assess")
    app.radio(key="q.need_clarity").set_value("solution_known").run()
    app.text_input(key="meta.title").input("Road salt 2027").run()
    # the one language switch, in the sidebar (Home had a second one that confused people)
    goto(app, "home")
    assert [b.key for b in app.button_group if b.key.startswith("w.lang")] == ["w.lang"]
    app.button_group(key="w.lang").set_value("fr").run()
    assert app.session_state["lang"] == "fr"
    assert app.query_params["lang"] == ["fr"] or app.query_params["lang"] == "fr"  # a reload keeps it
    goto(app, "assess")
    assert app.title[0].value == "Évaluer votre projet"
    assert app.radio(key="q.need_clarity").value == "solution_known"
    assert app.session_state["answers"]["need_clarity"] == "solution_known"
    assert app.text_input(key="meta.title").value == "Road salt 2027"


def test_number_question_and_its_dont_know(app):
    goto(app, "assess")
    app.button(key="assess.next").click().run()
    app.button(key="assess.next").click().run()  # Money and time
    app.number_input(key="q.estimated_value_cad").set_value(250000.0).run()
    assert app.session_state["answers"]["estimated_value_cad"] == 250000.0
    app.checkbox(key="unk.estimated_value_cad").check().run()
    assert app.session_state["answers"]["estimated_value_cad"] == "unknown"
    assert app.number_input(key="q.estimated_value_cad").disabled


def test_conditional_question_appears_only_when_relevant(app):
    goto(app, "assess")
    for _ in range(4):
        app.button(key="assess.next").click().run()
    with pytest.raises(KeyError):
        app.radio(key="q.pia_status")
    app.radio(key="q.personal_data").set_value("sensitive").run()
    assert app.radio(key="q.pia_status").value is None


def test_note_is_kept_as_text(app):
    goto(app, "assess")
    payload = "<script>alert(1)</script> ![x](http://evil.example/p.png)"
    app.toggle(key="noteopen.need_clarity").set_value(True).run()  # "Note or evidence" switch
    app.text_area(key="note.need_clarity").input(payload).run()
    assert app.session_state["notes"]["need_clarity"] == payload
    goto(app, "home")
    goto(app, "assess")
    assert app.text_area(key="note.need_clarity").value == payload


def test_checklist_status_persists_across_pages(app):
    app.button(key="home.demo").click().run()
    goto(app, "checklist")
    item = next(
        k[len("cl.status.") :] for k in (w.key for w in app.selectbox) if app.selectbox(key=k).value != "done"
    )
    before = _done(app)
    app.selectbox(key=f"cl.status.{item}").set_value("done").run()
    app.text_input(key=f"cl.owner.{item}").input("Procurement lead").run()
    goto(app, "risk")
    goto(app, "checklist")
    assert app.selectbox(key=f"cl.status.{item}").value == "done"
    assert app.text_input(key=f"cl.owner.{item}").value == "Procurement lead"
    assert _done(app) == before + 1


def _done(at) -> int:
    """The number of complete items the checklist meter shows ("N of M items complete")."""
    meter = next(p.proto.text for p in at.get("progress") if "items complete" in p.proto.text)
    return int(meter.split(" of ")[0])


def test_rules_search_filters(app):
    goto(app, "rules")
    before = [t.label for t in app.tabs]
    app.text_input(key="w.rules_search").input("CFTA").run()
    after = [t.label for t in app.tabs]
    assert before != after
    assert all("(" in label for label in after)


def test_presentation_mode_steps_through_each_screen(app):
    app.button(key="home.demo").click().run()
    # AppTest runs a switched-to page without app.py, so open the presentation page directly
    # (routing by ?present=1 is covered below and in the browser tests).
    app.session_state["present"] = True
    goto(app, "present")
    assert app.title[0].value == PACK.routes["challenge_based"].name.en
    seen = [app.title[0].value]
    for _ in range(5):
        app.button(key="clicker.next").click().run()
        assert not app.exception
        seen.append(app.title[0].value)
    assert len(set(seen)) == 6, seen
    assert seen[1] == "The procurement strategy"
    assert seen[-1] == "Procurement plan"  # issue 12: the dated plan closes the presentation
    assert app.button(key="clicker.next").disabled


def test_presentation_shows_the_strategy_in_parts(app):
    app.button(key="home.demo").click().run()
    app.session_state["present"] = True
    app.session_state["present_step"] = 1
    goto(app, "present")
    assert app.title[0].value == "The procurement strategy"
    shown = " ".join(m.value for m in app.markdown).replace("**", "")
    assert "Award path: Open, published competition" in shown
    assert "Who buys:" in shown and "Stages:" in shown and "Path to purchase:" in shown


def test_present_query_parameter_opens_presentation_mode():
    from streamlit.testing.v1 import AppTest

    from tests.helpers.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    # nothing answered in a fresh session: presentation mode opens and says there is nothing to
    # present yet (review r17room #2), with its way out
    assert at.title[0].value == "Nothing to present yet"
    at.button(key="present.exit").click().run()
    assert at.session_state["present"] is False


def test_recommendation_names_the_project(app):
    """The Recommendation page says which project it is about (UX review #7)."""
    from ui import keys

    app.session_state[keys.META] = {
        **app.session_state[keys.META],
        "title": "Green bin *pilot*",
        "municipality": "Sudbury",
    }
    at = goto(app, "recommendation")
    assert "Green bin *pilot* · Sudbury" in [x.value for x in at.text]


def test_a_revealed_follow_up_is_marked_new_and_named_before_moving_on(app):
    """Answering "Need clarity" so that follow-up 1a appears: the question is marked new, the
    section says 1a waits before "Next section", and "Still unanswered" explains why it grew."""
    goto(app, "assess")
    assert not app.session_state["new_followups"]
    app.radio(key="q.need_clarity").set_value("solution_adaptable").run()
    waiting = [i.value for i in app.info]
    assert any("follow-up question 1a in this section" in w for w in waiting), waiting
    assert "1a. " + PACK.questions["preferred_solution"].label.en + " · New follow-up" in str(
        app.selectbox(key="w.goto").options
    )
    assert "join this list when an answer calls for them" in texts(app)
    # once answered it is no longer new, and the notice goes
    option = PACK.questions["preferred_solution"].options[0].id
    app.radio(key="q.preferred_solution").set_value(option).run()
    assert not any("follow-up" in i.value for i in app.info)
    assert "New follow-up" not in str(app.selectbox(key="w.goto").options)


def test_picking_an_unanswered_question_focuses_that_question(app):
    goto(app, "assess")
    app.selectbox(key="w.goto").set_value("estimated_value_cad").run()
    assert app.session_state["section"] == 2
    scripts = " ".join(str(h.proto.body) for h in app.get("html"))
    assert ".st-key-qbox-estimated_value_cad h4" in scripts  # not the section heading


def test_checklist_selects_are_named_after_their_item_and_done_is_counted(app):
    app.button(key="home.demo").click().run()
    at = goto(app, "checklist")
    selects = [s for s in at.selectbox if s.key.startswith("cl.status.")]
    assert len(selects) > 3
    labels = [s.label for s in selects]
    assert len(set(labels)) == len(labels), "every status select has its own accessible name"
    assert all(label.startswith("Status: ") and len(label) > 12 for label in labels)
    done_before = next(m.value for m in at.metric if m.label == "Done")
    selects[0].set_value("done").run()
    assert next(m.value for m in at.metric if m.label == "Done") == str(int(done_before) + 1)


def test_french_numbers_use_a_decimal_comma_and_spaced_thousands(app):
    import json

    app.session_state["section"] = 2  # money and time
    goto(app, "assess")
    app.number_input(key="q.estimated_value_cad").set_value(400000).run()
    goto(app, "home")
    app.button_group(key="w.lang").set_value("fr").run()
    at = goto(app, "recommendation")
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert figures and all(f["layout"]["separators"] == ", " for f in figures)  # 72,5 and 400 000 on axes
    at = goto(app, "assess")
    assert "400\u00a0000\u00a0$" in texts(
        at
    )  # not "$400,000"; CLDR fr_CA groups with a no-break space (Babel)


def test_project_details_fields_come_in_reading_order(app):
    """Tab follows the page's order of fields: title, municipality, department, owner, status
    (the fields were in two columns, so Tab went down one column and then the other)."""
    app.session_state["details_open"] = True
    at = goto(app, "assess")
    fields = [w.key for w in at.main if getattr(w, "key", None) and str(w.key).startswith("meta.")]
    assert fields == ["meta.title", "meta.municipality", "meta.department", "meta.owner", "meta.status"], (
        fields
    )


def _progress_text(app) -> str:
    return next(p.proto.text for p in app.get("progress") if "questions" in p.proto.text)


def _progress_bar(app) -> int:
    return next(p.proto.value for p in app.get("progress") if "questions" in p.proto.text)


def test_progress_never_reads_as_going_back_when_follow_ups_appear(app):
    """Review r14: "12 of 20" became "12 of 24" as follow-ups appeared, which read as lost work.
    The count is of the questions always asked; follow-ups are counted on their own."""
    goto(app, "assess")
    core = sum(1 for q in PACK.question_order() if q not in PACK.visibility)
    assert _progress_text(app) == f"0 of {core} questions answered"
    app.radio(key="q.need_clarity").set_value("solution_known").run()
    assert _progress_text(app) == f"1 of {core} questions answered"
    before = _progress_bar(app)
    app.radio(key="q.need_clarity").set_value("solution_adaptable").run()  # follow-up 1a appears
    assert _progress_text(app) == (f"1 of {core} questions answered · follow-up questions: 0 of 1 answered")
    assert _progress_bar(app) == before > 0  # the bar did not shrink
    option = PACK.questions["preferred_solution"].options[0].id
    app.radio(key="q.preferred_solution").set_value(option).run()
    assert _progress_text(app).endswith("follow-up questions: 1 of 1 answered")


def test_progress_in_french(app):
    """French agrees in number ("0 sur 1 répondue", "2 questions répondues"), not "1 sont"."""
    app.button_group(key="w.lang").set_value("fr").run()
    # answers set directly: AppTest formats the status select outside a run, in English
    app.session_state["answers"] = {"need_clarity": "solution_adaptable", "service_criticality": "core"}
    goto(app, "assess")
    core = sum(1 for q in PACK.question_order() if q not in PACK.visibility)
    assert _progress_text(app) == (
        f"2 questions répondues sur {core} · questions de suivi : 0 sur 1 répondue"
    )


def test_assess_headings_have_no_link_anchor(app):
    """Review r14: each question's heading showed Streamlit's "Link to heading" icon."""
    goto(app, "assess")
    question_headings = [m for m in app.markdown if m.value.startswith("#### ")]
    assert len(question_headings) >= 3
    assert all(m.proto.hide_anchors for m in question_headings)
    headings = [*app.title, *app.header, *app.subheader]
    assert headings and not [h.value for h in headings if not h.proto.hide_anchor and not h.proto.anchor]
