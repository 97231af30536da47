"""Review r18fac #13: the workshop form offered the first assessment of the list, not the one the
facilitator had open (the green-bin demo)."""

from __future__ import annotations

import pytest

from tests.helpers.apptest import goto, new_app, ok


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MIXDECIDE_SEED_DEMO", "1")


def test_the_create_form_offers_the_assessment_that_is_open():
    from ui.session import DEMO_ID

    at = new_app()
    at = ok(at.button(key="home.demo").click().run())
    assert at.session_state["assessment_id"] == DEMO_ID
    at = goto(at, "recommendation")
    at = goto(at, "workshop")
    box = at.selectbox(key="wk.create.assessment")
    assert box.value == DEMO_ID, box.options[box.index]


def test_a_link_to_the_workshop_page_naming_an_assessment_offers_that_one():
    # a bookmark or a typed address (/workshop?a=<id>) in a new browser session
    from ui.session import DEMO_ID

    at = goto(new_app(), "workshop", a=DEMO_ID)
    assert at.selectbox(key="wk.create.assessment").value == DEMO_ID
