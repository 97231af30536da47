"""Review r18fac, the room screen through AppTest: a join link that only this computer can open is
said on the room screen, to the facilitator (#8); the room screen folds the sidebar once (#4)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers.apptest import ROOT, ok, texts
from tests.helpers.workshop import answer, facilitator, join_code, participant


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


def test_the_room_result_says_whether_it_is_agreed_before_its_score():
    """Review (facilitator at 1920x1080): before anything was agreed the room's result screen looked
    the same as the published one, "78 / 100" in large type. It now leads with its state."""
    from mixdecide import load_pack
    from mixdecide.store import session_scope
    from mixdecide.workshop.board import set_consensus
    from mixdecide.workshop.repo import set_published
    from tests.helpers.store import app_engine

    fac, wid, secret = facilitator(["need"])
    answer(participant(join_code(fac), "Ann"), "need_clarity", "solution_known")
    at = _room(wid, secret)
    for _ in range(2):  # the join screen, the board, then the result
        ok(at.button(key="clicker.next").click().run())
    assert "Provisional: nothing agreed yet" in texts(at)
    pack = load_pack()
    with session_scope(app_engine()) as s:
        set_consensus(
            session=s, workshop_id=wid, secret=secret, question_id="need_clarity",
            value="problem_unclear", actor="Fran", pack=pack,
        )  # fmt: skip
    ok(at.run())
    assert "Provisional: not published yet" in texts(at)
    with session_scope(app_engine()) as s:
        set_published(session=s, workshop_id=wid, secret=secret, published=True, pack=pack)
    ok(at.run())
    shown = texts(at)
    assert "Group result, published" in shown and "Provisional" not in shown
    assert shown.index("Group result, published") < shown.index("/ 100")  # before the score
