"""Review r18fac, the room screen through AppTest: a join link that only this computer can open is
said on the room screen, to the facilitator (#8); the room screen folds the sidebar once (#4)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers.apptest import ROOT, ok, texts
from tests.helpers.workshop import facilitator


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXDECIDE_DB_PATH", str(tmp_path / "ui.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _room(wid: str, secret: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "workshop.py"), default_timeout=120)
    at.session_state["present"] = True
    at.session_state["lang"] = lang
    at.query_params.update({"w": wid, "k": secret})
    return ok(at.run())


@pytest.mark.parametrize(
    ("address", "said"),
    [("http://localhost:8501", True), ("http://127.0.0.1:8501", True), ("https://decide.example.ca", False)],
)
def test_the_room_screen_says_when_phones_cannot_open_the_join_link(monkeypatch, address, said):
    _, wid, secret = facilitator(["need"])
    monkeypatch.setenv("MIXDECIDE_PUBLIC_URL", address)
    shown = texts(_room(wid, secret))
    assert f"{address}/join?code=" in shown
    line = "this link and QR code point to this computer; phones cannot open them. Set MIXDECIDE_PUBLIC_URL"
    assert (line in shown) is said
    if said:
        fr = texts(_room(wid, secret, "fr"))
        assert "les téléphones ne peuvent pas les ouvrir. Réglez MIXDECIDE_PUBLIC_URL (README)" in fr


def test_the_room_screen_folds_the_sidebar_once_when_it_opens():
    _, wid, secret = facilitator(["need"])
    at = _room(wid, secret)
    folds = lambda: [h for h in at.sidebar.get("html") if "stSidebarCollapseButton" in str(h.proto)]  # noqa: E731
    assert len(folds()) == 1  # opened: folded
    ok(at.button(key="clicker.next").click().run())
    assert folds() == []  # Next: the facilitator may have opened it again, it stays
