"""Questionnaire behaviour only a browser shows: the language survives a reload, keyboard focus
follows "Next section", Tab after the title reaches the next field, and arrowing through a
radio's options saves one answer where it settles, not one version per option passed."""

from __future__ import annotations

import re

import pytest

from tests.helpers.browser import act, open_app, settle, shot

pytestmark = pytest.mark.browser


def _new(page, url: str) -> None:
    open_app(page, url)
    act(page, lambda: page.locator(".st-key-home-new button").click())
    page.get_by_label("Project title").wait_for()


def _version(page, qid: str) -> int:
    """The version the question's last change saved as: "Saved · version n" in its box (review
    r18one: beside the answer, drawn in the click's one run; the top line says no version)."""
    text = page.locator(f".st-key-qbox-{qid}").get_by_text(re.compile(r"Saved · version \d+")).inner_text()
    return int(re.search(r"version (\d+)", text).group(1))


def test_reload_keeps_french(server, page):
    open_app(page, server.url)
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_text("Français").click())
    assert "lang=fr" in page.url
    page.reload()
    settle(page)
    page.wait_for_selector('[data-testid="stMain"] h1')
    assert page.get_by_role("heading", name="MIX Décision").first.is_visible()


def test_tab_after_the_title_reaches_the_next_field(server, page):
    _new(page, server.url)
    page.get_by_label("Project title").fill("Road salt")
    act(page, lambda: page.get_by_label("Project title").press("Tab"))
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused in ("Municipality", "Department")  # the details box stayed open
    assert page.get_by_label("Municipality").is_visible()


def test_next_section_moves_focus_and_scroll_to_its_heading(server, page):
    _new(page, server.url)
    page.mouse.wheel(0, 4000)
    act(page, lambda: page.locator(".st-key-assess-next button").click())
    page.wait_for_function("document.activeElement.tagName === 'H2'", timeout=5000)
    heading = page.evaluate("document.activeElement.innerText")
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert heading == "The market"
    assert 0 <= top < 200
    shot(page, "assess-next-section-focus")


def test_arrowing_through_a_radio_saves_once_where_it_settles(server, page):
    _new(page, server.url)
    page.get_by_label("Project title").fill("Road salt")
    act(page, lambda: page.get_by_label("Project title").press("Enter"))
    act(
        page,
        lambda: (
            page.locator(".st-key-q-need_clarity")
            .get_by_text("We know the solution and can specify it", exact=True)
            .click()
        ),
    )
    before = _version(page, "need_clarity")
    first = page.locator(".st-key-q-need_clarity input[type=radio]").first
    first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
    page.wait_for_timeout(1500)  # the pause that settles it
    settle(page)
    radios = page.locator(".st-key-q-need_clarity input[type=radio]")
    assert radios.nth(3).is_checked()  # where the arrows stopped
    assert _version(page, "need_clarity") == before + 1  # one save, not three


def _progress(page) -> tuple[int, int]:
    text = page.locator('[data-testid="stProgress"]').inner_text()
    done, total = re.search(r"(\d+) of (\d+) questions answered", text).groups()
    return int(done), int(total)


def _unanswered(page) -> int:
    text = page.get_by_role("heading", name=re.compile(r"Still unanswered \(\d+\)")).inner_text()
    return int(re.search(r"\((\d+)\)", text).group(1))


def test_question_headings_have_no_link_anchor(server, page):
    """Review r14: each question's heading showed Streamlit's "Link to heading" icon on hover."""
    _new(page, server.url)
    heading = page.locator(".st-key-qbox-need_clarity h4")
    heading.hover()
    assert heading.locator("a").count() == 0
    assert page.locator('[data-testid="stMain"] [data-testid="stHeaderActionElements"]').count() == 0


def test_a_changed_answer_redraws_its_question_and_keeps_the_page_right(server, page):
    """A change that shows only in its own question redraws that question alone (the speed of
    issue 14); one that shows elsewhere still updates progress, follow-ups and the list."""
    _new(page, server.url)
    box = page.locator(".st-key-qbox-need_clarity")
    done, total = _progress(page)
    left = _unanswered(page)
    act(page, lambda: box.get_by_text("We know the solution and can specify it", exact=True).click())
    assert _progress(page) == (done + 1, total)  # a first answer moves the progress bar
    assert _unanswered(page) == left - 1
    act(page, lambda: box.get_by_text("A known kind of solution, adapted to our context", exact=True).click())
    followup = page.locator(".st-key-qbox-preferred_solution")
    followup.get_by_text("New follow-up").wait_for()  # the follow-up it calls for appears, marked
    # the count does not read as going back ("1 of 27" -> "1 of 28"): follow-ups are counted apart
    assert _progress(page) == (done + 1, total)
    assert "follow-up questions: 0 of 1 answered" in page.locator('[data-testid="stProgress"]').inner_text()
    assert _unanswered(page) == left
    act(page, lambda: box.get_by_text("We are still defining the problem", exact=True).click())
    assert followup.count() == 0  # and goes when the answer no longer calls for it
    assert "follow-up" not in page.locator('[data-testid="stProgress"]').inner_text()
    before = _version(page, "need_clarity")
    # From one answer to another that shows nowhere else: saved, drawn, the rest of the page intact
    act(page, lambda: box.get_by_text("We know the solution and can specify it", exact=True).click())
    assert box.locator("input[type=radio]").nth(0).is_checked()
    assert _progress(page) == (done + 1, total)
    assert _unanswered(page) == left - 1
    assert page.get_by_label("Project title").is_visible()
    # the save is confirmed beside the answer, in the run that redrew only its question; the line
    # above the questions names no version (it stayed at the previous one until something else
    # changed)
    assert _version(page, "need_clarity") == before + 1
    top = page.get_by_text("Answers save automatically as you go")
    assert top.count() == 1 and "version" not in top.inner_text()
    page.reload()
    settle(page)
    page.locator(".st-key-qbox-need_clarity").wait_for()
    assert page.locator(".st-key-qbox-need_clarity input[type=radio]").nth(0).is_checked()  # it was stored


def test_still_unanswered_reads_as_a_list_and_go_to_jumps_by_keyboard(server, page):
    """Issue 14: "Still unanswered" was a row of pills scrolled sideways, then a 27-option radio (a
    quarter of the page's elements, redrawn on each answer). Now a plain vertical list to read and one
    "Go to a question" select that moves focus to the question, in another section too."""
    _new(page, server.url)
    items = page.locator('[data-testid="stColumn"] li')
    assert items.count() == _unanswered(page)
    first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
    assert second["y"] > first["y"] and abs(second["x"] - first["x"]) < 2  # one under the other
    # review r19head #9: the link under the list lost its end at 1280 ("...so fa"); it wraps now
    link = page.locator(
        '[data-testid="stMain"] [data-testid="stPageLink"] span', has_text="See the recommendation"
    )
    assert link.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), link.inner_text()
    page.get_by_label("Go to a question").click()
    page.keyboard.type("Estimated total")
    act(page, lambda: page.keyboard.press("Enter"))
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'H4'", timeout=8000)
    assert page.evaluate("document.activeElement.innerText").startswith("8. Estimated total value")
    assert page.get_by_label("Estimated total value (CAD)").is_visible()


def _section_mark(page, title: str) -> tuple[int, int]:
    """A section's mark in the section control: (answered, shown), "✓" read as all answered."""
    text = page.locator(".st-key-w-section button", has_text=title).inner_text()
    if text.rstrip().endswith("✓"):
        return -1, -1
    done, total = re.search(r"\((\d+)/(\d+)\)", text).groups()
    return int(done), int(total)


def _listed(page) -> list[str]:
    return page.locator('[data-testid="stColumn"] li').all_inner_texts()


def test_a_follow_up_redrawn_on_its_own_keeps_every_count_that_names_it(server, page):
    """Issue 14 (speed): a follow-up that appears or goes redraws its own place, the progress line,
    the section marks, "follow-ups waiting" and "Still unanswered", not the whole questionnaire.
    Each of those must still say it, in this section and in a later one, and a number's formatted
    value (its own redraw) must still follow it."""
    _new(page, server.url)
    box = page.locator(".st-key-qbox-need_clarity")
    act(page, lambda: box.get_by_text("We know the solution and can specify it", exact=True).click())
    need_before = _section_mark(page, "The need")
    later_before = _section_mark(page, "What tells the routes apart")
    left = _unanswered(page)
    waiting = page.get_by_text("Your answers added follow-up question 1a in this section")
    assert waiting.count() == 0

    act(page, lambda: box.get_by_text("A known kind of solution, adapted to our context", exact=True).click())
    followup = page.locator(".st-key-qbox-preferred_solution")
    followup.get_by_text("New follow-up").wait_for()
    assert followup.locator("h4").inner_text().startswith("1a. ")
    assert _section_mark(page, "The need") == (need_before[0], need_before[1] + 1)
    assert "follow-up questions: 0 of 1 answered" in page.locator('[data-testid="stProgress"]').inner_text()
    assert waiting.is_visible()
    assert _unanswered(page) == left + 1
    assert any(item.startswith("1a. ") and "New follow-up" in item for item in _listed(page))
    # the question above it was not redrawn, and still shows the answer just given
    assert box.locator("input[type=radio]").nth(1).is_checked()
    shot(page, "assess-followup-revealed")

    act(page, lambda: followup.get_by_text("Yes", exact=True).click())  # answering it settles it
    assert followup.get_by_text("New follow-up").count() == 0
    assert waiting.count() == 0
    assert "follow-up questions: 1 of 1 answered" in page.locator('[data-testid="stProgress"]').inner_text()
    assert _section_mark(page, "The need") == (need_before[0] + 1, need_before[1] + 1)
    assert _unanswered(page) == left
    assert not any(item.startswith("1a. ") for item in _listed(page))

    # an answer with several follow-ups: they sit right after it, in its own section (2a, 2b...,
    # r18q), and the section's mark and the list count them; a later section is untouched
    maturity = page.locator(".st-key-qbox-solution_maturity")
    need_now = _section_mark(page, "The need")
    act(page, lambda: maturity.get_by_text("Prototype", exact=True).click())
    shown = _section_mark(page, "The need")
    assert shown[0] == need_now[0] + 1 and shown[1] > need_now[1]
    assert _unanswered(page) == left - 1 + (shown[1] - need_now[1])
    assert _section_mark(page, "What tells the routes apart") == later_before
    act(page, lambda: maturity.get_by_text("Commercial, proven elsewhere", exact=True).click())
    assert _section_mark(page, "The need") == (need_now[0] + 1, need_now[1])
    assert _unanswered(page) == left - 1

    # a number redraws its own place: the formatted value follows the typed one
    page.get_by_label("Go to a question").click()
    page.keyboard.type("Estimated total")
    act(page, lambda: page.keyboard.press("Enter"))
    field = page.get_by_label("Estimated total value (CAD)")
    field.fill("400000")
    act(page, lambda: field.press("Enter"))
    value_box = page.locator(".st-key-qbox-estimated_value_cad")
    value_box.get_by_text("400,000").wait_for(timeout=5000)
    assert _unanswered(page) == left - 2


def _checked(page) -> int:
    return page.locator('[data-testid="stMain"] [class*="st-key-qbox-"] input[type=radio]:checked').count()


def test_answers_show_again_in_each_section_after_another_page(server, page):
    """Review (department head): after the Checklist and back, a section opened again showed its
    questions blank under "Saved · version n", and the next click sent them all as cleared. Each
    radio is sent its stored answer on every draw, so the browser never shows its own empty copy."""
    _new(page, server.url)
    page.get_by_label("Project title").fill("Brine")
    act(page, lambda: page.get_by_label("Project title").press("Enter"))
    need = page.locator(".st-key-qbox-need_clarity")
    act(page, lambda: need.get_by_text("We know the solution and can specify it", exact=True).click())
    critical = page.locator(".st-key-qbox-service_criticality")
    act(page, lambda: critical.get_by_text("Core day-to-day service", exact=True).click())
    assert _checked(page) == 2
    act(page, lambda: page.locator(".st-key-assess-next button").click())
    depth = page.locator(".st-key-qbox-market_depth")
    act(page, lambda: depth.get_by_text("A few", exact=True).click())
    sidebar = page.locator('[data-testid="stSidebar"]')
    act(page, lambda: sidebar.get_by_role("link", name="Checklist").click())
    page.get_by_role("heading", name="Fairness and transparency checklist").wait_for()
    act(page, lambda: sidebar.get_by_role("link", name="Assess").click())
    page.locator(".st-key-qbox-market_depth").wait_for()
    assert _checked(page) == 1
    for title, expected in (("1. The need", 2), ("2. The market", 1), ("1. The need", 2)):
        act(page, lambda title=title: page.get_by_text(title, exact=False).first.click())
        assert _checked(page) == expected, title
    shot(page, "assess-section-after-another-page")
    page.reload()  # and nothing was cleared in the store by those clicks
    settle(page)
    page.locator(".st-key-qbox-need_clarity").wait_for()
    assert page.locator(".st-key-qbox-need_clarity input[type=radio]").nth(0).is_checked()
