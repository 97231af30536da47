"""Driving the real app.py with AppTest: open a page, read what a user reads, fill the questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def ok(at: AppTest) -> AppTest:
    """``at``, after checking that its last run raised nothing."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_app(**session: Any) -> AppTest:
    """A fresh session of the app (``session`` values set before its first run)."""
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in session.items():
        at.session_state[k] = v
    return ok(at.run())


def goto(at: AppTest, page: str, **params: str) -> AppTest:
    """Open a page the way the sidebar does (with ``params`` as the whole query string, when
    given) and fail loudly if it raised."""
    if params:
        at.query_params.clear()
        at.query_params.update(params)
    return ok(at.switch_page(f"pages/{page}.py").run())


def texts(at: AppTest) -> str:
    """Everything a user can read (markdown, titles, captions, alerts, metrics, code, tables)."""
    kinds = (
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
    )
    parts = [str(e.value) for kind in (*kinds, "code") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [df.value.to_string() for df in (*at.dataframe, *at.table)]
    return "\n".join(parts)


def answer_all(at: AppTest, pack, answers: dict) -> AppTest:
    """Fill the questionnaire section by section through its widgets, as a user would."""
    goto(at, "assess")
    n_sections = len(pack.sections)
    for _ in range(n_sections + 2):
        for q in pack.questions.values():
            key = f"q.{q.id}"
            value = answers.get(q.id)
            if value is None:
                continue
            try:
                widget = at.radio(key=key) if q.type == "choice" else at.number_input(key=key)
            except KeyError:
                continue  # not on this section (or hidden)
            if q.type == "number" and value == "unknown":
                if not at.checkbox(key=f"unk.{q.id}").value:
                    at.checkbox(key=f"unk.{q.id}").check().run()
                continue
            if widget.value != value:
                widget.set_value(value).run()
                assert not at.exception, [e.value for e in at.exception]
        nxt = [b for b in at.button if b.key == "assess.next"]
        if not nxt:
            break
        nxt[0].click().run()
    return at
