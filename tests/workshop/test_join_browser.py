"""A browser that joined a workshop as a participant stays that participant (review r16lead #3, #9):
a new tab or a reload at any address of the app shows the participant's page, with no sidebar
link to the assessment's pages, and joining again from that browser resumes, not duplicates."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from mixdecide.store import session_scope
from mixdecide.workshop.models import PARTICIPANT
from tests.helpers.apptest import ROOT, goto, new_app, ok, texts
from tests.helpers.workshop import facilitator, join_code, participant
from ui import remember

SECTIONS = ["need", "market"]


def _browser(monkeypatch, token: str) -> None:
    """What the browser's cookie says at the start of every new session (tab, reload)."""
    monkeypatch.setattr(
        remember, "_cookie", lambda name: token if name == remember.PARTICIPANT_COOKIE else ""
    )


def _participants() -> int:
    from ui.db import engine

    with session_scope(engine(), readonly=True) as s:
        return int(s.execute(select(func.count()).select_from(PARTICIPANT)).scalar_one())


def _fresh(**params: str) -> AppTest:
    """A new tab at the app's root address (with ``params``)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    return ok(at.run())


def test_joining_writes_the_browser_cookie():
    fac, _, _ = facilitator(SECTIONS)
    p = participant(join_code(fac), "Ian")
    token = p.query_params["p"]
    scripts = [h.proto.body for h in p.get("html")]
    assert any(f"{remember.PARTICIPANT_COOKIE}={token}" in b for b in scripts), scripts


def test_a_new_tab_at_the_root_or_any_page_is_the_participant_page(monkeypatch):
    fac, _, _ = facilitator(SECTIONS)
    token = participant(join_code(fac), "Ian").query_params["p"]
    _browser(monkeypatch, token)
    at = _fresh()  # the root address: in single-user mode it would be the single user's home
    assert at.title[0].value == "Workshop" and "You joined as" in texts(at)
    assert list(at.session_state["_pages"]) == ["join"]
    assert at.query_params["p"] == token
    links = [(link.proto.label, link.proto.page) for link in at.sidebar.get("page_link")]
    assert links == [("Join a workshop", "")], links  # its own page (the default one), nothing else
    # the portfolio / assess pages, from a bookmark or a typed address: the participant's page
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/portfolio.py")
    tab = _fresh(a="x")
    assert "You joined as" in texts(tab) and "Assess" not in [t.value for t in tab.title]


def test_the_same_browser_following_the_join_link_again_resumes(monkeypatch):
    fac, _, _ = facilitator(SECTIONS)
    code = join_code(fac)
    token = participant(code, "Fatima").query_params["p"]
    assert _participants() == 1
    _browser(monkeypatch, token)
    tab = goto(new_app(), "join", code=code.replace("-", ""))  # a second tab, the same link
    assert "You joined as" in texts(tab) and "Fatima" in texts(tab)
    assert tab.query_params["p"] == token
    assert not [t for t in tab.text_input if t.key == "wk.join.name"]  # no form to join twice
    assert _participants() == 1


def test_a_link_to_another_workshop_offers_its_join_form(monkeypatch):
    fac, _, _ = facilitator(SECTIONS)
    token = participant(join_code(fac), "Fatima").query_params["p"]
    other, _, _ = facilitator(SECTIONS)
    _browser(monkeypatch, token)
    tab = goto(new_app(), "join", code=join_code(other))
    assert tab.text_input(key="wk.join.code").value == join_code(other)
    assert "wk.participant" not in tab.session_state


def test_a_removed_participant_browser_is_free_and_told(monkeypatch):
    fac, wid, secret = facilitator(SECTIONS)
    p = participant(join_code(fac), "Twin")
    token = p.query_params["p"]
    from ui import workshop_data as data
    from ui.db import engine

    with session_scope(engine(), readonly=True) as s:
        pid = s.execute(select(PARTICIPANT.c.id)).scalar_one()
    data.remove(wid, secret, pid)
    _browser(monkeypatch, token)
    at = _fresh()
    assert "not valid any more" in texts(at)
    scripts = [h.proto.body for h in at.get("html")]
    assert any(f'"{remember.PARTICIPANT_COOKIE}="' in b and "max-age=0" in b for b in scripts), scripts
    assert at.session_state["wk.joined_browser"] == ""  # a new tab opens the app itself


def test_single_user_mode_says_who_the_single_user_is_on_the_create_form():
    at = goto(new_app(), "workshop")
    warning = " ".join(w.value for w in at.warning)
    assert "anyone who opens this app's own address" in warning
    assert "Team deployment: sign-in, roles and private assessments" in warning
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### Team deployment: sign-in, roles and private assessments" in readme  # the section named exists


def test_a_removed_participant_who_joins_again_is_shown_as_a_rejoin(monkeypatch):
    fac, wid, secret = facilitator(SECTIONS)
    code = join_code(fac)
    token = participant(code, "Fatima (second tab)").query_params["p"]
    participant(code, "Ann")  # another browser: never a rejoin
    from ui import workshop_data as data
    from ui.db import engine

    with session_scope(engine(), readonly=True) as s:
        pid = s.execute(
            select(PARTICIPANT.c.id).where(PARTICIPANT.c.name == "Fatima (second tab)")
        ).scalar_one()
    data.remove(wid, secret, pid)
    _browser(monkeypatch, token)  # the removed tab's browser
    at = _fresh()
    assert "not valid any more" in texts(at)
    at.text_input(key="wk.join.code").input(code)
    at.text_input(key="wk.join.name").input("Fatima")
    ok(at.button(key="wk.join.submit").click().run())
    assert "You joined as" in texts(at)
    ok(fac.run())
    table = next(df.value for df in fac.dataframe if "Joined from the same network" in df.value.columns)
    assert sorted(table["Name"]) == ["Ann", "Fatima (rejoined: was Fatima (second tab), removed)"]
    assert _participants() == 2
