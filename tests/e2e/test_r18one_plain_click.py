"""Brief r18one (issue 14 speed): a plain answer click on Assess (the answer changes, no follow-up
appears or goes, the answered count stays) is ONE script run, and that run draws the save's
confirmation beside the answer: "Saved · version n" in the question's box. It was two runs: the
callback's keyed rerun of the save line above the questions ended the click's own run early and
started another, and each run makes the browser redraw every element of the page."""

from __future__ import annotations

import re

import pytest

from tests.helpers.browser import act, open_app, settle, shot

pytestmark = pytest.mark.browser


def _kinds(frames: list[bytes]) -> list[str]:
    """Each websocket message's ForwardMsg kind (new_session starts a script run)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    kinds = []
    for f in frames:
        m = ForwardMsg()
        m.ParseFromString(f)
        kinds.append(m.WhichOneof("type") or "?")
    return kinds


def _version(box) -> int:
    text = box.get_by_text(re.compile(r"Saved · version \d+")).inner_text()
    return int(re.search(r"version (\d+)", text).group(1))


def test_a_plain_click_is_one_run_and_says_saved_beside_the_answer(server, page):
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())),
    )
    open_app(page, server.url)
    act(page, lambda: page.locator(".st-key-home-new button").click())
    box = page.locator(".st-key-qbox-need_clarity")
    act(page, lambda: box.get_by_text("We know the solution and can specify it", exact=True).click())
    before = _version(box)  # the first answer: counted, so it redraws more (two runs)
    top = page.get_by_text("Answers save automatically as you go")
    assert top.count() == 1 and "version" not in top.inner_text()

    frames.clear()
    # to another answer that shows no follow-up either: nothing but this question changes
    act(page, lambda: box.get_by_text("We are still defining the problem", exact=True).click())
    page.wait_for_timeout(1500)  # a second run, if any, would have come by now
    settle(page)
    kinds = _kinds(frames)
    assert kinds.count("new_session") == 1, kinds  # one script run, not two
    assert kinds.count("script_finished") == 1, kinds
    assert box.locator("input[type=radio]").nth(3).is_checked()
    assert _version(box) == before + 1  # drawn in that one run, in the question's own box
    assert box.get_by_text(re.compile(r"Saved · version")).count() == 1
    assert "version" not in top.inner_text()  # the line above the questions has none to go stale
    shot(page, "r18one-plain-click-saved-caption")

    page.reload()  # it was stored
    settle(page)
    box.wait_for()
    assert box.locator("input[type=radio]").nth(3).is_checked()
