"""Review r14 F1 through the pages: a group result decided by an answer outside the workshop's
sections says so next to the headline, on the board and on a participant's device."""

from __future__ import annotations

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import get_assessment, save_assessment, session_scope
from tests.helpers.apptest import ok, texts
from tests.helpers.workshop import answer, facilitator, join_code, participant

PACK = load_pack()
WARNING = "Decided partly by answers this workshop did not discuss"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _give_the_assessment(wid: str, secret: str, answers: dict) -> None:
    from mixdecide.workshop import check_facilitator
    from ui.db import engine

    with session_scope(engine()) as s:
        w = check_facilitator(session=s, workshop_id=wid, secret=secret)
        rec = get_assessment(session=s, id=w.assessment_id)
        save_assessment(
            session=s, id=rec.id, expected_version=rec.version, answers=answers, pack=PACK, actor="Test"
        )


def test_a_ground_nobody_discussed_is_named_next_to_the_group_result():
    e = next(x for x in PACK.examples if x.id == "ex35_traffic_signal_exclusive_rights")
    fac, wid, secret = facilitator(["need", "market"])
    p = participant(join_code(fac), "Sam")
    answer(p, "market_depth", "few")
    ok(fac.run())
    assert WARNING not in texts(fac)  # an empty assessment: nothing outside decides
    _give_the_assessment(wid, secret, dict(e.answers))
    ok(fac.run())
    ok(fac.button(key="wk.lock").click().run())
    shown = texts(fac)
    assert WARNING in shown and "Exclusive rights" in shown, shown
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(p.run())
    assert WARNING in texts(p)


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
