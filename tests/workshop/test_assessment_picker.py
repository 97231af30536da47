"""Review r14 F9 through the pages: the workshop's assessment picker."""

from __future__ import annotations

from mixdecide.pack import load_pack
from mixdecide.store import session_scope

PACK = load_pack()


def test_the_assessment_picker_tells_copies_with_the_same_name_apart():
    # review r14 F9: four identical names, no date or status, "Untitled assessment" by default
    from mixdecide.store import create_assessment
    from tests.helpers.apptest import goto, new_app
    from ui.db import engine

    at = goto(new_app(), "workshop")  # the session's own blank assessment exists now
    with session_scope(engine()) as s:
        for _ in range(2):
            create_assessment(
                session=s,
                title="Signal pilot",
                municipality="Town",
                department="",
                owner="",
                pack=PACK,
                actor="Test",
            )
    at = goto(new_app(), "workshop")
    box = at.selectbox(key="wk.create.assessment")
    labels = [o for o in box.options if o.startswith("Signal pilot")]
    assert len(labels) == 2 and all("Draft · 20" in o for o in labels), box.options
    assert box.options[box.index].startswith("Signal pilot")  # not "Untitled assessment"
