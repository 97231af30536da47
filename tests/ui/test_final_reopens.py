"""A Final assessment is the one signed off: a change to its answers or notes makes it a Draft
again (as a workshop's apply does), in the same save, and the page says so before and after.
Review finding: in single-user mode anyone changed a Final assessment's answers and it still
read Final. Tracking its checklist does not reopen it: that is the work after the sign-off."""

from __future__ import annotations

from mixdecide.store import audit_trail, get_assessment, session_scope
from tests.helpers.apptest import goto, new_app, texts
from tests.helpers.store import app_engine
from ui import keys

DEMO_GUELPH = "d1c66fff6a34419495787198de6de36e"  # the demo's Final assessment
BEFORE = "Changing an answer or a note makes it a"
AFTER = "the assessment is a **Draft** again"


def _stored():
    with session_scope(app_engine(), readonly=True) as s:
        return get_assessment(session=s, id=DEMO_GUELPH)


def _opened(page: str = "assess"):
    at = new_app()
    return goto(at, page, a=DEMO_GUELPH)


def _opened_with_details():
    """The Assess page with its Project details box open (it starts folded for a titled one)."""
    at = _opened()
    at.session_state[keys.DETAILS_OPEN] = True
    return at.run()


def test_a_changed_answer_makes_the_final_assessment_a_draft_and_says_so():
    at = _opened()
    assert _stored().status == "final"
    assert BEFORE in texts(at)  # said before anything changes
    old = at.radio(key="q.need_clarity").value
    new = "problem_unclear" if old != "problem_unclear" else "solution_known"
    at.radio(key="q.need_clarity").set_value(new).run()
    rec = _stored()
    assert rec.answers["need_clarity"] == new and rec.status == "draft"
    assert at.session_state["meta"]["status"] == "draft"
    assert AFTER in " ".join(w.value for w in at.warning)
    assert BEFORE not in texts(at)
    # the history keeps both: the answer and the status it took back
    with session_scope(app_engine(), readonly=True) as s:
        trail = audit_trail(session=s, id=DEMO_GUELPH)
    assert ("status_changed", "final", "draft") in [(e.action, e.old, e.new) for e in trail]
    # the message is said once; the next change of a Draft says nothing more
    at.radio(key="q.need_clarity").set_value(old).run()
    assert AFTER not in texts(at) and _stored().status == "draft"


def test_a_changed_note_reopens_it_too():
    at = _opened()
    at.toggle(key="noteopen.need_clarity").set_value(True).run()
    assert _stored().status == "final"  # opening the note field changes nothing
    at.text_area(key="note.need_clarity").input("Council asked for a second look").run()
    rec = _stored()
    assert rec.notes["need_clarity"] == "Council asked for a second look" and rec.status == "draft"


def test_a_refused_change_leaves_it_final():
    first, second = _opened(), _opened()
    first.radio(key="q.need_clarity").set_value("problem_unclear").run()  # now a Draft, version + 1
    first.radio(key="q.need_clarity").set_value("solution_known").run()
    second.radio(key="q.need_clarity").set_value("solution_adaptable").run()  # stale
    assert second.session_state["save_error"][0] == "stale"
    assert second.session_state["meta"]["status"] == "final"  # what it loaded; nothing stored
    assert _stored().answers["need_clarity"] == "solution_known"


def test_tracking_the_checklist_keeps_it_final():
    at = _opened("checklist")
    item = next(
        k[len("cl.status.") :]
        for k in (w.key for w in at.selectbox)
        if k and k.startswith("cl.status.") and at.selectbox(key=k).value != "done"
    )
    at.selectbox(key=f"cl.status.{item}").set_value("done").run()
    rec = _stored()
    assert rec.checklist[item]["status"] == "done" and rec.status == "final"


def test_a_choice_cleared_without_a_person_keeps_the_stored_answer():
    """A radio cannot be unselected: a "change" to no answer is not a person's (a review saw a
    section's answers cleared at once); nothing is stored and the radio shows the answer again."""
    at = _opened()
    before = _stored()
    kept = at.radio(key="q.need_clarity").value
    assert kept is not None
    at.radio(key="q.need_clarity").set_value(None).run()
    rec = _stored()
    assert rec.answers == before.answers and rec.version == before.version and rec.status == "final"
    assert at.radio(key="q.need_clarity").value == kept


def test_the_history_words_the_status_and_the_checklist_item_as_the_pages_do():
    """Review finding: the history said Status set to “draft” and "Checklist item
    notice.ceta_periods updated"."""
    at = _opened("checklist")
    item = next(k for k in (w.key for w in at.selectbox) if k and k.startswith("cl.status."))
    at.selectbox(key=item).set_value(
        "done" if at.selectbox(key=item).value != "done" else "in_progress"
    ).run()
    goto(at, "assess", a=DEMO_GUELPH)
    at.radio(key="q.need_clarity").set_value("problem_unclear").run()
    at.toggle(key="w.history").set_value(True).run()
    table = next(df.value for df in at.dataframe if "What" in df.value.columns)
    what = " | ".join(table["What"])
    assert "Status set to “Draft”" in what and "“draft”" not in what
    assert "cl.status" not in what and ".".join(item.split(".")[2:]) not in what
    assert "Checklist item “" in what


def test_a_run_that_empties_several_answers_at_once_stores_none_of_it():
    """A person empties one field per interaction; a browser that drew a section's widgets anew
    sends them all at their defaults in one run. A review saw a section's answers and a note
    cleared that way, by a click on the History toggle: such a run stores nothing and every
    widget shows its answer again. One field emptied on its own is still a person's change."""
    at = _opened()
    at.toggle(key="noteopen.outcome_measurable").set_value(True).run()
    before = _stored()
    assert before.answers["development_months"] == 4 and before.notes.get("outcome_measurable")
    at.radio(key="q.need_clarity").set_value(None)
    at.number_input(key="q.development_months").set_value(1.0)  # the input's minimum
    at.text_area(key="note.outcome_measurable").input("")
    at.toggle(key="w.history").set_value(True).run()
    rec = _stored()
    assert (rec.answers, rec.notes, rec.version, rec.status) == (
        before.answers,
        before.notes,
        before.version,
        "final",
    )
    assert at.number_input(key="q.development_months").value == 4
    assert at.text_area(key="note.outcome_measurable").value == before.notes["outcome_measurable"]
    # the same note emptied alone is the person's: stored
    at.text_area(key="note.outcome_measurable").input("").run()
    assert "outcome_measurable" not in _stored().notes


def test_a_reopened_assessment_says_so_at_the_top_until_it_is_final_again():
    """Review finding: after the change, only the folded Project details box said Draft."""
    at = _opened()
    at.text_input(key="w.actor").input("Fran <b>").run()  # the audit trail's name, typed
    at.radio(key="q.need_clarity").set_value("problem_unclear").run()
    again = _opened()  # a reload, another tab
    tops = [i.value for i in again.info]
    assert any("was **Final** until" in v and "when Fran \\<b\\> changed it" in v for v in tops), tops
    again = _opened_with_details()
    again.selectbox(key="meta.status").set_value("final").run()
    assert _stored().status == "final"
    tops = [i.value for i in again.info]
    assert not any("was **Final** until" in v for v in tops) and any(BEFORE in v for v in tops)


def _badges(at) -> list[str]:
    """The status badges on the page (st.badge is Markdown's colour-badge directive)."""
    return [m.value for m in at.markdown if "-badge[" in m.value]


def test_every_result_page_says_final_then_draft_after_a_change():
    """Review: the Checklist and Recommendation pages did not say whether the advice was signed off."""
    at = _opened()
    for page in ("recommendation", "risk", "checklist", "plan"):
        goto(at, page, a=DEMO_GUELPH)
        assert not at.exception, page
        assert [b for b in _badges(at) if ":green-badge[" in b and "Final" in b], (page, _badges(at))
    goto(at, "assess", a=DEMO_GUELPH)
    old = at.radio(key="q.need_clarity").value
    at.radio(key="q.need_clarity").set_value(
        "problem_unclear" if old != "problem_unclear" else "solution_known"
    ).run()
    for page in ("recommendation", "checklist"):
        goto(at, page, a=DEMO_GUELPH)
        badges = _badges(at)
        assert [b for b in badges if ":orange-badge[" in b and "Draft" in b], (page, badges)
        assert not [b for b in badges if "Final" in b], (page, badges)
