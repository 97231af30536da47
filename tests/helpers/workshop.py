"""Workshop tests' building blocks: a facilitator and participants driving the workshop pages
through AppTest by widget key; and, straight through the store, a workshop made, joined and
answered (the setting of store tests and of the browser tests' fixtures)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from mixdecide.pack import Pack
from mixdecide.store import session_scope
from mixdecide.store.db import make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.workshop import (
    Board,
    Created,
    Joined,
    board_data,
    create_workshop,
    join,
    save_participant_answer,
)
from tests.helpers.apptest import goto, new_app, ok

CREATE_SUBMIT = "wk.create.submit"
JOIN_SUBMIT = "wk.join.submit"


CREATE_FACILITATOR = "wk.create.facilitator"
FACILITATOR = "Fran Facilitator"


def facilitator(
    sections: list[str] | None = None, title: str = "", name: str = FACILITATOR, **session: Any
) -> tuple[AppTest, str, str]:
    """A facilitator session that created a workshop on the first assessment offered, giving
    ``name`` as theirs when the form has none (from the sidebar): (app, workshop id, secret)."""
    at = goto(new_app(**session), "workshop")
    if sections is not None:
        at.multiselect(key="wk.create.sections").set_value(sections)
    if title:
        at.text_input(key="wk.create.title").input(title)
    fill_facilitator(at, name)
    ok(at.button(key=CREATE_SUBMIT).click().run())
    fac = at.session_state["wk.fac"]
    return at, fac["w"], fac["k"]


def fill_facilitator(at: AppTest, name: str = FACILITATOR) -> None:
    """Give the facilitator's name on the create form unless it is there already."""
    box = at.text_input(key=CREATE_FACILITATOR)
    if not (box.value or "").strip():
        box.input(name)


def lock(at: AppTest) -> AppTest:
    """Lock answers: the button, then the confirmation (review r17lead #6: Lock asks first)."""
    ok(at.button(key="wk.lock").click().run())
    return ok(at.button(key="wk.confirm.lock").click().run())


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


# --- straight through the store ---------------------------------------------------------------


def server_db(server_env: Mapping[str, str]) -> Engine:
    """The browser-test server's SQLite database, migrated (dispose of it when done)."""
    engine = make_engine("sqlite:///" + server_env["MIXDECIDE_DB_PATH"])
    upgrade(engine)
    return engine


def open_workshop(
    engine: Engine,
    pack: Pack,
    assessment_id: str,
    *,
    title: str = "Salt workshop",
    sections: Sequence[str] = ("need", "market"),
    actor: str = "Fran",
) -> Created:
    """An open workshop on ``sections`` of the assessment."""
    with session_scope(engine) as s:
        return create_workshop(
            session=s,
            assessment_id=assessment_id,
            title=title,
            sections=list(sections),
            actor=actor,
            pack=pack,
        )


def join_as(
    engine: Engine, code: str, name: str = "Sam", clients: Iterable[str] | None = None
) -> Joined | None:
    """Join as ``name`` from a browser of their own (joins per browser are limited); None when no
    open workshop has ``code``."""
    with session_scope(engine) as s:
        return join(session=s, code=code, name=name, clients=tuple(clients or (f"session:{name}",)))


def save_answer(engine: Engine, pack: Pack, token: str, qid: str, value: Any) -> None:
    """A participant's answer, saved."""
    with session_scope(engine) as s:
        save_participant_answer(session=s, token=token, question_id=qid, value=value, pack=pack)


def join_and_answer(engine: Engine, pack: Pack, code: str, name: str, answers: Mapping[str, Any]) -> str:
    """``name`` joins and gives ``answers`` (question -> value): their participant token."""
    joined = join_as(engine, code, name)
    assert joined is not None, f"no open workshop with code {code}"
    token = joined.token
    for qid, value in answers.items():
        save_answer(engine, pack, token, qid, value)
    return token


def board_of(engine: Engine, pack: Pack, created: Created) -> Board:
    """The facilitator's board of the workshop."""
    with session_scope(engine, readonly=True) as s:
        return board_data(session=s, workshop_id=created.workshop.id, secret=created.secret, pack=pack)
