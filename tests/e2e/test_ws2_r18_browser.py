"""Review r18lead #3 in Chromium: a "Why" typed and not yet saved is not lost on reload without a
word: leaving the page asks first (beforeunload) until the autosave has sent it, and it is then
stored. Screenshot: artifacts/screenshots/ws2-r18-*."""

from __future__ import annotations

import contextlib

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.store.db import make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.workshop import board_data, create_workshop, join, save_participant_answer
from tests.helpers.browser import act, open_app, settle, shot
from tests.helpers.store import new_assessment

pytestmark = pytest.mark.browser
PACK = load_pack()


def _key(key: str) -> str:
    return ".st-key-" + key.replace(".", "-")


def test_leaving_with_an_unsaved_reason_asks_first(server, server_env, browser):
    engine = make_engine("sqlite:///" + server_env["MIXDECIDE_DB_PATH"])
    upgrade(engine)
    a = new_assessment(engine, PACK, {"estimated_value_cad": 400_000, "timeline_months": 30}, title="Booking")
    with session_scope(engine) as s:
        made = create_workshop(
            session=s, assessment_id=a.id, title="Booking: team", sections=["market"], actor="Dana", pack=PACK
        )
        for who, depth in (("Ian", "few"), ("Lee", "many")):
            p = join(session=s, code=made.workshop.code, name=who, clients=(f"session:{who}",))
            save_participant_answer(
                session=s, token=p.token, question_id="market_depth", value=depth, pack=PACK
            )
    wid, secret = made.workshop.id, made.secret
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_app(page, f"{server.url}/workshop?w={wid}&k={secret}", timeout=120_000)
    page.wait_for_selector(_key("wk.room"), timeout=30_000)
    act(
        page,
        lambda: (
            page.locator('[data-testid="stTab"]').filter(has_text="Group answers").first.click(force=True)
        ),
    )
    note = page.locator(_key("wk.cnote.market_depth") + " input")
    note.wait_for(timeout=20_000)
    settle(page)
    dialogs: list[str] = []

    def _dismiss(d) -> None:
        dialogs.append(d.type)
        d.dismiss()

    page.on("dialog", _dismiss)
    note.click()
    note.press_sequentially("Council approved", delay=20)
    assert page.evaluate("() => window.__mixNoteUnsaved()")  # typed, not sent yet
    with contextlib.suppress(Exception):  # the navigation is cancelled: it times out
        page.reload(timeout=3_000)  # the browser asks; the dialog is dismissed: we stay
    assert dialogs == ["beforeunload"]
    assert note.input_value() == "Council approved"
    page.wait_for_timeout(3_000)  # the pause: the autosave sends it
    settle(page)
    with session_scope(engine, readonly=True) as s:
        board = board_data(session=s, workshop_id=wid, secret=secret, pack=PACK)
    assert board.consensus["market_depth"].note == "Council approved"
    assert not page.evaluate("() => window.__mixNoteUnsaved()")
    shot(page, "ws2-r18-reason-saved-1280")
    page.close()
    engine.dispose()
