"""Starting, opening and switching assessments in the session."""

from __future__ import annotations

from ui.state import get_pack, load_into_session, tr

DEMO_EXAMPLE = "ex06_green_bin_contamination_challenge"


def start_new() -> None:
    """An empty assessment."""
    load_into_session(answers={}, notes={}, checklist={}, meta={}, assessment_id=None, version=None)


def open_demo() -> None:
    """A filled-in demo assessment built from one of the pack's worked examples."""
    pack = get_pack()
    example = next((e for e in pack.examples if e.id == DEMO_EXAMPLE), pack.examples[0])
    load_into_session(
        answers=dict(example.answers), notes={}, checklist={},
        meta={"title": example.title.get("en"), "municipality": tr("home.demo_municipality"),
              "department": tr("home.demo_department"), "owner": ""},
        assessment_id=None, version=None,
    )
