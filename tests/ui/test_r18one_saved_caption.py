"""Brief r18one (issue 14 speed): the save confirmation is drawn beside the answer that saved
("Saved · version n" in its question's box), so a plain click needs no second script run to redraw
a line elsewhere; the progress area's save line carries no version that could go stale."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.helpers.apptest import goto, ok


def _captions(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption]


def _saved(at: AppTest) -> list[str]:
    return [c for c in _captions(at) if "· version" in c]


def test_the_version_is_said_beside_each_saved_answer_not_in_the_top_line(app: AppTest) -> None:
    goto(app, "assess")
    assert not _saved(app)  # nothing saved yet: no question says it is
    ok(app.radio(key="q.need_clarity").set_value("solution_known").run())
    assert _saved(app) == [":material/cloud_done: Saved · version 1"]  # the first save creates it
    top = next(c for c in _captions(app) if "save automatically" in c)
    assert "version" not in top  # it would go stale on a click that redraws only its question
    ok(app.radio(key="q.solution_maturity").set_value("commercial").run())
    ok(app.radio(key="q.need_clarity").set_value("problem_unclear").run())
    # each box says the version its own last change saved as, in the order of the questions
    assert _saved(app) == [
        ":material/cloud_done: Saved · version 3",
        ":material/cloud_done: Saved · version 2",
    ]


def test_a_save_made_elsewhere_is_not_put_on_a_question(app: AppTest) -> None:
    goto(app, "assess")
    ok(app.radio(key="q.need_clarity").set_value("solution_known").run())
    ok(app.text_input(key="meta.title").input("Road salt").run())  # version 2, not a question's
    ok(app.radio(key="q.need_clarity").set_value("problem_unclear").run())
    assert _saved(app) == [":material/cloud_done: Saved · version 3"]


def test_the_caption_is_in_french_too(app: AppTest) -> None:
    goto(app, "assess")
    ok(app.radio(key="q.need_clarity").set_value("solution_known").run())
    goto(app, "home")
    ok(app.button_group(key="w.lang").set_value("fr").run())
    goto(app, "assess")
    assert _saved(app) == [":material/cloud_done: Enregistré · version 1"]
    assert any("enregistrent automatiquement" in c and "version" not in c for c in _captions(app))
