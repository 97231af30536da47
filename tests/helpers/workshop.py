"""Workshop tests' building blocks: a facilitator and participants driving the workshop pages
through AppTest by widget key."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from tests.helpers.apptest import goto, new_app, ok

CREATE_SUBMIT = "wk.create.submit"
JOIN_SUBMIT = "wk.join.submit"


def facilitator(
    sections: list[str] | None = None, title: str = "", **session: Any
) -> tuple[AppTest, str, str]:
    """A facilitator session that created a workshop on the first assessment offered:
    (app, workshop id, facilitator secret)."""
    at = goto(new_app(**session), "workshop")
    if sections is not None:
        at.multiselect(key="wk.create.sections").set_value(sections)
    if title:
        at.text_input(key="wk.create.title").input(title)
    ok(at.button(key=CREATE_SUBMIT).click().run())
    fac = at.session_state["wk.fac"]
    return at, fac["w"], fac["k"]


def join_code(at: AppTest) -> str:
    """The join code as displayed on the facilitator page."""
    return next(t.value for t in at.title if len(t.value) == 7 and t.value[3] == "-")


def participant(code: str, name: str) -> AppTest:
    """A participant session that joined with ``code``; its token is in the URL as ?p=."""
    at = goto(new_app(), "join")
    at.text_input(key="wk.join.code").input(code)
    at.text_input(key="wk.join.name").input(name)
    return ok(at.button(key=JOIN_SUBMIT).click().run())


def answer(at: AppTest, qid: str, value: Any) -> AppTest:
    if value == "unknown" and not _is_choice(at, qid):
        return ok(at.checkbox(key=f"wk.unk.{qid}").check().run())
    widget = at.radio(key=f"wk.q.{qid}") if _is_choice(at, qid) else at.number_input(key=f"wk.q.{qid}")
    return ok(widget.set_value(value).run())


def _is_choice(at: AppTest, qid: str) -> bool:
    try:
        at.radio(key=f"wk.q.{qid}")
    except KeyError:
        return False
    return True


def has_widget(at: AppTest, qid: str) -> bool:
    key = f"wk.q.{qid}"
    return any(w.key == key for w in (*at.radio, *at.number_input))
