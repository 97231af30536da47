"""Driving the real app.py with AppTest: open a page, read what a user reads, fill the questionnaire."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def goto(at: AppTest, page: str) -> AppTest:
    """Open a page the way the sidebar does and fail loudly if it raised."""
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything a user can read on the page (markdown, titles, captions, alerts, metrics)."""
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
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
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
