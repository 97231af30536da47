"""Review r18head #5: the PDF took a minute on a busy server with only a spinner to show for it.
The download panel says, before the click, that the PDF is built on demand and can take that long."""

from __future__ import annotations

from typing import Any

import pytest

from mixdecide import load_pack
from tests.helpers.apptest import goto, texts

PACK = load_pack()


@pytest.mark.parametrize(("lang", "words"), [("en", "up to a minute"), ("fr", "jusqu'à une minute")])
def test_the_download_panel_warns_that_the_pdf_takes_time(app: Any, lang: str, words: str) -> None:
    app.session_state["lang"] = lang
    app.session_state["answers"] = dict(PACK.examples[0].answers)
    goto(app, "recommendation")
    assert words in texts(app)
