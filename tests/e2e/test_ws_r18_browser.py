"""Review r17lead in Chromium: Enter in the create form's fields creates nothing (#5), Lock asks

questions come first on a phone (#7). Screenshots: artifacts/screenshots/ws-r18-*."""

from __future__ import annotations

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.store.db import make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.workshop import create_workshop, join, save_participant_answer
from tests.helpers.browser import act, open_app, settle, shot
from tests.helpers.store import new_assessment

pytestmark = pytest.mark.browser
PACK = load_pack()


def _key(key: str) -> str:
    return ".st-key-" + key.replace(".", "-")


def _tab(page, name: str) -> None:
    act(page, lambda: page.locator('[data-testid="stTab"]').filter(has_text=name).first.click(force=True))


def _choose(page, box, label: str) -> None:
    option = page.get_by_role("option", name=label, exact=True)
    for _ in range(5):
        box.get_by_role("combobox").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:  # a board refresh closed the list: open it again
            page.keyboard.press("Escape")
    act(page, option.click)


def test_create_needs_the_button_lock_asks_and_the_note_keeps_focus(server, server_env, browser):
    engine = make_engine("sqlite:///" + server_env["MIXDECIDE_DB_PATH"])
    upgrade(engine)
    new_assessment(
        engine, PACK, {"estimated_value_cad": 400_000, "timeline_months": 30}, title="Booking platform"
    )
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_app(page, f"{server.url}/workshop")

    # 5: Enter in a field of the create form creates nothing (it was a form: Enter submitted it)
    title = page.locator(_key("wk.create.title") + " input")
    title.fill("Booking platform: team workshop")
    act(page, lambda: title.press("Enter"))
    name = page.locator(_key("wk.create.facilitator") + " input")
    name.fill("Dana Roy")
    act(page, lambda: name.press("Enter"))
    page.wait_for_timeout(1000)
    settle(page)
    assert page.locator(_key("wk.room")).count() == 0  # no board: nothing was created
    assert name.is_visible() and page.locator(_key("wk.create.submit")).count() == 1
    shot(page, "ws-r18-create-1280")
    page.locator(_key("wk.create.submit") + " button").click()  # creating reruns twice: wait for the board
    page.wait_for_selector(_key("wk.room"), timeout=60_000)
    settle(page, 60_000)
    main = page.locator("[data-testid=stMain]")
    assert "Facilitator: Dana Roy" in main.inner_text()
    wid = page.url.split("w=")[1].split("&")[0]
    code = next(
        t.strip() for t in page.locator("h1").all_inner_texts() if len(t.strip()) == 7 and t.strip()[3] == "-"
    )
    with session_scope(engine) as s:
        for who, clarity, depth in (("Ian", "solution_known", "few"), ("Lee", "problem_unclear", "many")):
            p = join(session=s, code=code, name=who, clients=(f"session:{who}",))
            for q, v in (("need_clarity", clarity), ("market_depth", depth)):
                save_participant_answer(session=s, token=p.token, question_id=q, value=v, pack=PACK)

    # 6: Lock asks first, in the same panel as New round and Close
    act(page, lambda: page.locator(_key("wk.lock") + ":not([data-stale='true']) button").first.click())
    page.wait_for_selector(_key("wk.confirm.lock"), timeout=15_000)
    assert "Lock the answers of round 1?" in main.inner_text()
    shot(page, "ws-r18-lock-asks-1280")
    for width, height in ((1920, 1080), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot(page, f"ws-r18-lock-asks-{width}")), full_page=False)
    act(page, lambda: page.locator(_key("wk.confirm.cancel") + " button").click())
    assert page.locator(_key("wk.confirm.lock")).count() == 0

    # 8: the note being typed keeps focus through its autosave, with an earlier question's
    # "Saved" confirmation going away in the same run (it shifted every field after it)
    _tab(page, "Group answers")
    _choose(page, page.locator(_key("wk.c.need_clarity")), PACK.questions["need_clarity"].options[0].label.en)
    page.wait_for_selector("text=Saved as the group's answer.", timeout=20_000)
    note = page.locator(_key("wk.cnote.market_depth") + " input")
    note.scroll_into_view_if_needed()
    note.click()
    note.press_sequentially("Two suppliers", delay=30)
    page.wait_for_timeout(700 + 3000)  # the autosave after the pause, its run, a board refresh
    settle(page)
    page.keyboard.type(" at the trade show", delay=30)
    page.wait_for_timeout(1500)
    assert note.input_value() == "Two suppliers at the trade show"
    focused = page.evaluate("() => !!document.activeElement.closest('.st-key-wk-cnote-market_depth')")
    assert focused
    shot(page, "ws-r18-note-focus-1280")

    page.close()
    engine.dispose()
    del wid


def test_a_phone_participant_sees_the_first_question_on_the_first_screen(server, server_env, browser):
    """Review r17lead #7: the questions came after the project and the group result on a phone."""
    engine = make_engine("sqlite:///" + server_env["MIXDECIDE_DB_PATH"])
    upgrade(engine)
    rec = new_assessment(engine, PACK, {"estimated_value_cad": 400_000, "timeline_months": 30})
    with session_scope(engine) as s:
        created = create_workshop(
            session=s, assessment_id=rec.id, title="Booking platform", sections=["need", "market"],
            actor="Fran", pack=PACK, facilitator="Fran",
        )  # fmt: skip
        phone = join(session=s, code=created.workshop.code, name="Sam", clients=("session:Sam",))
    mobile = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_app(mobile, f"{server.url}/join?p={phone.token}")
    first = mobile.locator(_key("wk.q.need_clarity")).first
    first.wait_for(timeout=30_000)
    mobile.wait_for_timeout(1000)
    mobile.screenshot(path=str(shot(mobile, "ws-r18-phone-390")), full_page=False)
    heading = mobile.get_by_text(PACK.questions["need_clarity"].label.en).first.bounding_box()
    box = first.bounding_box()
    assert heading is not None and box is not None
    assert heading["y"] + heading["height"] < 844, heading  # the first question is on the first screen
    assert box["y"] < 844 + 200, box  # and its answers start right under it
    assert mobile.get_by_text("About the project").count() == 1
    mobile.close()
    engine.dispose()
