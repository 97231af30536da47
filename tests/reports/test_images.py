"""Chart images: drawn by kaleido where Chromium is installed, replaced by tables where it is not."""

from __future__ import annotations

import io
import threading

import docx
import pytest
from pypdf import PdfReader

from mixdecide import charts
from mixdecide.i18n import t
from mixdecide.reports import images
from mixdecide.reports.docx import render_docx
from mixdecide.reports.html import render_html
from mixdecide.reports.pdf import render_pdf


@pytest.mark.browser
def test_png_is_drawn_and_cached(full_input, browser):
    fig = charts.ranking_chart(full_input.pack, full_input.result, "fr")
    png = images.figure_png(fig)
    assert png is not None and png.startswith(b"\x89PNG"), images.unavailable_reason()
    assert images.figure_png(fig) is png  # the cache hands back the same bytes


def test_fallback_without_browser(full_input, no_browser):
    fig = charts.risk_radar(full_input.pack, full_input.result, "en")
    assert images.figure_png(fig) is None
    assert "no Chromium" in images.unavailable_reason()
    for lang in ("en", "fr"):
        note = t("reports.charts.fallback", lang)
        page = render_html(full_input, lang, images=True)
        assert "<img" not in page and note.replace("'", "&#x27;") in page
        d = docx.Document(io.BytesIO(render_docx(full_input, lang, images=True)))
        assert not d.inline_shapes and any(p.text == note for p in d.paragraphs)
        text = " ".join(
            " ".join((p.extract_text() or "").split())
            for p in PdfReader(io.BytesIO(render_pdf(full_input, lang))).pages
        )
        assert " ".join(note.split()) in text


def test_no_note_when_images_are_not_asked_for(full_input):
    page = render_html(full_input, "en", images=False)
    assert t("reports.charts.fallback", "en") not in page


@pytest.mark.browser
def test_drawing_failure_falls_back(full_input, monkeypatch, browser):
    def boom(*args, **kwargs):
        raise RuntimeError("browser crashed")

    monkeypatch.setattr(images, "_draw", boom)
    fig = charts.sequence_chart(full_input.pack, full_input.result, "en")
    fig.update_layout(title={"text": "never drawn before"})  # not in the cache
    assert images.figure_png(fig) is None


def test_css_font_family_quotes_names():
    assert (
        images.css_font_family("Source Sans 3, DejaVu Sans, sans-serif")
        == '"Source Sans 3", "DejaVu Sans", sans-serif'
    )


@pytest.mark.browser
def test_a_hanging_browser_is_time_boxed(full_input, monkeypatch, browser):
    """A draw that outlives the time box gives no image, and later charts are not even tried."""
    started = threading.Event()
    release = threading.Event()
    calls = []

    def hang(*args, **kwargs):
        calls.append(args)
        started.set()
        release.wait(5)  # until the test lets it go
        return b"\x89PNG"

    monkeypatch.setattr(images, "_draw", hang)
    monkeypatch.setattr(images, "TIMEOUT_S", 0.05)
    monkeypatch.setattr(images, "FIRST_TIMEOUT_S", 0.05)
    monkeypatch.setitem(images._state, "broken", None)  # restored after the test
    try:
        assert images.figure_png(charts.risk_matrix(full_input.pack, full_input.result, "en")) is None
        assert started.is_set() and "longer than" in images.unavailable_reason()
        assert images.figure_png(charts.ranking_chart(full_input.pack, full_input.result, "en")) is None
        assert len(calls) == 1  # the second chart never reached the browser: no second wait
    finally:
        release.set()  # let the stuck worker finish before the next test draws
