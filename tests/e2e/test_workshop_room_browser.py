"""Review r14 findings that only a browser shows: the facilitator key is out of the address bar
before the first text is drawn, and the presentation charts read from the back of the room (every
text >= 28 px, the radar's names inside the chart and clear of its title) at both room sizes."""

from __future__ import annotations

import pytest

from mixdecide.pack import load_pack
from mixdecide.store import session_scope
from mixdecide.store.db import make_engine
from tests.e2e.test_presentation import _SCROLLING
from tests.helpers.browser import act, axe_serious, open_app, settle, shot
from tests.helpers.store import new_assessment
from tests.helpers.workshop import join_and_answer, open_workshop, server_db

pytestmark = pytest.mark.browser

# From the first script the page runs: every 20 ms, is the key in the address, is any text drawn?
_WATCH_URL = """
window.__seen = []; const t0 = performance.now();
const tick = () => {
  const text = [...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')]
    .map(e => e.innerText || '').join('').trim();
  window.__seen.push([Math.round(performance.now() - t0), location.search.includes('k='), text.length > 0]);
  if (window.__seen.length < 1500) setTimeout(tick, 20);
};
tick();
"""
# Every text Plotly drew in the main area: its font size in px and what it says.
_CHART_TEXT = """
() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot svg text')]
  .filter(e => e.textContent.trim() && e.getBBox().width > 0)
  .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim()])
"""
# The radar's axis names and title: each one's box, and the chart's.
_RADAR_BOXES = """
() => {
  const plot = document.querySelector('[data-testid=stMain] .js-plotly-plot');
  const box = r => ({l: r.left, r: r.right, t: r.top, b: r.bottom});
  return {
    chart: box(plot.getBoundingClientRect()),
    title: plot.querySelector('.gtitle') ? box(plot.querySelector('.gtitle').getBoundingClientRect()) : null,
    names: [...plot.querySelectorAll('.angularaxistick text')].map(e => [e.textContent, box(e.getBoundingClientRect())]),
  };
}
"""


@pytest.fixture
def workshop_link(server_env):
    """A workshop on a stored assessment, with two participants' answers: (workshop id, key)."""
    pack = load_pack()
    engine = server_db(server_env)
    rec = new_assessment(engine, pack, {"estimated_value_cad": 400_000, "timeline_months": 30})
    created = open_workshop(engine, pack, rec.id, title="Lead lines")
    for name, depth in (("Sam", "few"), ("Ana", "many")):
        join_and_answer(engine, pack, created.workshop.code, name, {"market_depth": depth})
    engine.dispose()
    return created.workshop.id, created.secret


def test_the_facilitator_key_is_gone_before_the_first_text_is_drawn(server, browser, workshop_link):
    wid, key = workshop_link
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.add_init_script(_WATCH_URL)
    page.goto(f"{server.url}/workshop?w={wid}&k={key}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=45_000)
    settle(page)
    seen = page.evaluate("window.__seen")
    first_text = next(t for t, _, drawn in seen if drawn)
    gone = next(t for t, in_url, _ in seen if not in_url)
    print(f"\nkey left the URL at {gone} ms; first text drawn at {first_text} ms")
    assert [t for t, in_url, drawn in seen if in_url and drawn] == []  # never on screen with text
    assert gone <= first_text
    assert "k=" not in page.url and f"w={wid}" in page.url
    assert page.get_by_text("Lead lines").first.is_visible()  # and the board opened with it
    page.close()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presentation_charts_read_from_the_back_of_the_room(server, browser, workshop_link, width, height):
    wid, key = workshop_link
    page = browser.new_page(viewport={"width": width, "height": height})
    open_app(page, f"{server.url}/workshop?w={wid}&k={key}")
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_text("Presentation mode").click())
    page.wait_for_selector('[data-testid="stImage"] img')
    for view in ("board", "risks"):
        act(
            page,
            lambda view=view: (
                page.locator(".st-key-wk-view")
                .get_by_text({"board": "Board", "risks": "Risks"}[view], exact=True)
                .click()
            ),
        )
        page.wait_for_selector("[data-testid=stMain] .js-plotly-plot svg.main-svg", timeout=20_000)
        page.wait_for_timeout(600)  # charts draw after the run settles
        shot(page, f"workshop-room-{width}-{view}")
        texts = page.evaluate(_CHART_TEXT)
        small = [(px, text) for px, text in texts if px < 28]
        assert texts and small == [], f"{view} at {width}: text under 28 px: {small}"
        if view == "risks":
            boxes = page.evaluate(_RADAR_BOXES)
            chart, title = boxes["chart"], boxes["title"]
            for name, b in boxes["names"]:  # every axis name whole inside the chart ("Reputation" was cut)
                assert (
                    chart["l"] <= b["l"]
                    and b["r"] <= chart["r"]
                    and chart["t"] <= b["t"]
                    and b["b"] <= chart["b"]
                ), name
                if title is not None:  # and clear of the chart's title (it sat on "Technical")
                    assert b["t"] >= title["b"] or b["r"] <= title["l"] or b["l"] >= title["r"], name
            names = boxes["names"]
            for i, (one, a) in enumerate(names):  # no two names on top of each other
                for other, b in names[i + 1 :]:
                    apart = a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"]
                    assert apart, f"{one} overlaps {other} at {width}"
        assert page.evaluate(_SCROLLING) == [], f"{view} scrolls at {width}x{height}"
        nxt = page.locator(".st-key-clicker-next button").bounding_box()
        assert nxt["y"] + nxt["height"] <= height
        if width == 1280:
            assert axe_serious(page) == []
    page.close()


def test_your_name_is_kept_after_a_reload(server, browser, workshop_link):
    """Review r14: "Your name" went back to "Guest" on reload. The browser keeps it (a cookie of
    its own, never the URL); the join form offers the name this browser joined with."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    open_app(page, f"{server.url}/assess")
    field = page.locator(".st-key-w-actor input")
    field.fill("Aisha Khan")
    act(page, lambda: field.press("Enter"))
    page.reload()
    page.wait_for_selector(".st-key-w-actor input", timeout=45_000)
    settle(page)
    assert page.locator(".st-key-w-actor input").input_value() == "Aisha Khan"
    assert "Aisha" not in page.url

    wid, _ = workshop_link
    with session_scope(make_engine("sqlite:///" + server.env["MIXDECIDE_DB_PATH"])) as s:
        from sqlalchemy import select

        from mixdecide.workshop.models import WORKSHOP

        code = s.execute(select(WORKSHOP.c.code).where(WORKSHOP.c.id == wid)).scalar_one()
    joiner = ctx.new_page()
    open_app(joiner, f"{server.url}/join?code={code}")
    assert joiner.locator(".st-key-wk-join-name input").input_value() == "Aisha Khan"
    joiner.locator(".st-key-wk-join-name input").fill("Sam")
    act(joiner, lambda: joiner.locator(".st-key-wk-join-submit button").click())
    joiner.wait_for_selector("text=You joined as")
    assert "Sam" not in joiner.url
    again = ctx.new_page()  # a second tab opening the join link resumes Sam (review r16lead #9)
    open_app(again, f"{server.url}/join?code={code}")
    again.wait_for_selector("text=You joined as", timeout=45_000)
    assert "Sam" in again.locator("[data-testid=stMain]").inner_text()
    assert again.locator(".st-key-wk-join-name input").count() == 0  # no second join form
    ctx.close()
