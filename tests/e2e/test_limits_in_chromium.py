"""The 150-character bug in a real browser: a field takes no more than the model's limit, and a long
owner never blocks the saves that follow (each checklist save sends the whole checklist)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mixdecide.details import ChecklistEntry, Details, max_chars
from mixdecide.store import get_assessment, make_engine, session_scope
from tests.helpers.browser import act, open_app, shot, sidebar_link
from ui.session import DEMO_ID

pytestmark = pytest.mark.browser

LONG = "Procurement lead for the Green Bin programme, Solid Waste Services, City of Guelph " * 2  # 166


def _type(page, field, text: str) -> None:
    """Type ``text`` key by key, as a person would (the widget stops at its max_chars), then commit
    it with Enter."""
    field.click()
    field.press("Control+a")
    field.press_sequentially(text)
    act(page, lambda: field.press("Enter"))


def _stored(server):
    """The demo assessment as the server's database holds it."""
    engine = make_engine(f"sqlite:///{server.env['MIXDECIDE_DB_PATH']}")
    try:
        with session_scope(engine, readonly=True) as s:
            return get_assessment(session=s, id=DEMO_ID)
    finally:
        engine.dispose()


def _done(record) -> int:
    return sum(1 for e in record.checklist.values() if e.get("status") == "done")


def _choose(page, selectbox, label: str) -> None:
    """Pick ``label`` in a selectbox: open its list (again, if a redraw closed it), click the option."""
    option = page.get_by_role("option", name=label, exact=True)
    for _ in range(5):
        selectbox.get_by_role("combobox").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:  # the list closed or never opened while the page was busy: try again
            page.keyboard.press("Escape")
    act(page, option.click)


def test_a_long_checklist_owner_stops_at_the_limit_and_later_saves_still_work(server, page):
    assert len(LONG) > max_chars(ChecklistEntry, "owner")
    open_app(page, server.url)
    act(page, lambda: page.get_by_role("button", name="Open the demo").click())
    act(page, lambda: sidebar_link(page, "checklist").click())
    owners = page.locator('[class*="st-key-cl-owner-"] input:visible')
    statuses = page.locator('[class*="st-key-cl-status-"]:visible')

    before = _stored(server)
    assert statuses.nth(1).get_by_role("combobox").input_value() != "Done"

    _type(page, owners.first, LONG)
    kept = LONG[: max_chars(ChecklistEntry, "owner")]
    expect(owners.first).to_have_value(kept)

    # a later save of another item goes through: pick "Done" for the second item
    _choose(page, statuses.nth(1), "Done")
    assert page.get_by_text("NOT saved").count() == 0
    shot(page, "limits-1-checklist")
    after = _stored(server)
    assert kept in [e.get("owner") for e in after.checklist.values()]
    assert _done(after) == _done(before) + 1

    open_app(page, page.url)  # a reload shows both
    expect(page.locator('[class*="st-key-cl-owner-"] input:visible').first).to_have_value(kept)
    status = page.locator('[class*="st-key-cl-status-"]:visible').nth(1).get_by_role("combobox")
    expect(status).to_have_value("Done")


def test_project_details_stop_at_the_models_limits(server, page):
    open_app(page, server.url)
    act(page, lambda: page.get_by_role("button", name="Open the demo").click())
    act(page, lambda: sidebar_link(page, "assess").click())
    if not page.locator(".st-key-meta-owner input").is_visible():
        act(page, lambda: page.get_by_text("Project details").first.click())
    for field in ("title", "owner"):
        box = page.locator(f".st-key-meta-{field} input")
        _type(page, box, LONG * 2)
        assert len(box.input_value()) == max_chars(Details, field)
    assert page.get_by_text("NOT saved").count() == 0
    # and the next answer is saved as usual
    act(page, lambda: page.get_by_text("We are still defining the problem", exact=True).first.click())
    assert page.get_by_text("NOT saved").count() == 0
    open_app(page, page.url)
    if not page.locator(".st-key-meta-owner input").is_visible():
        act(page, lambda: page.get_by_text("Project details").first.click())
    expect(page.locator(".st-key-meta-owner input")).to_have_value((LONG * 2)[: max_chars(Details, "owner")])
    expect(page.get_by_role("radio", name="We are still defining the problem")).to_be_checked()


_PASTE = """([el, text]) => { el.focus();
  const data = new DataTransfer(); data.setData('text/plain', text);
  const ev = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
  if (el.dispatchEvent(ev)) document.execCommand('insertText', false, text);  // the browser's own paste
}"""


def test_a_paste_longer_than_the_limit_is_cut_to_fit_and_saved(server, page):
    """Review r19head #2: a pasted sentence longer than the field's limit was dropped whole, with no
    message, while the page says "longer text is cut off as you type or paste"."""
    open_app(page, f"{server.url}/assess")  # a new assessment: the details box is open
    box = page.locator(".st-key-meta-department input")
    box.click()
    page.keyboard.type("Fire Services")
    page.evaluate(_PASTE, [box.element_handle(), " - " + LONG])
    limit = max_chars(Details, "department")
    expect(box).to_have_value(("Fire Services - " + LONG)[:limit])
    act(page, lambda: page.keyboard.press("Enter"))
    assert page.get_by_text("NOT saved").count() == 0
    # a paste that fits is left to the browser, whole
    owner = page.locator(".st-key-meta-owner input")
    owner.click()
    page.evaluate(_PASTE, [owner.element_handle(), "Sam Lee"])
    expect(owner).to_have_value("Sam Lee")
    open_app(page, page.url)  # stored: a reload shows it
    if not page.locator(".st-key-meta-department input").is_visible():
        act(page, lambda: page.get_by_text("Project details").first.click())
    stored = ("Fire Services - " + LONG)[:limit].strip()  # kept as cut, less the edge's space
    expect(page.locator(".st-key-meta-department input")).to_have_value(stored)
