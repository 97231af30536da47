"""Driving the workshop pages through AppTest: a facilitator and participants, by widget key."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from tests.workshop.conftest import APP

CREATE_SUBMIT = "wk.create.submit"
JOIN_SUBMIT = "wk.join.submit"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_app(**session: Any) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in session.items():
        at.session_state[k] = v
    return ok(at.run())


def goto(at: AppTest, page: str, **params: str) -> AppTest:
    at.query_params.clear()
    at.query_params.update(params)
    return ok(at.switch_page(f"pages/{page}.py").run())


def texts(at: AppTest) -> str:
    """Everything a user can read (markdown, titles, captions, alerts, metrics, code, tables)."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "info",
        "warning",
        "success",
        "error",
        "code",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [df.value.to_string() for df in (*at.dataframe, *at.table)]
    return "\n".join(parts)


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
