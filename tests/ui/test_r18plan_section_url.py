"""Review r18head #6: a reload keeps the answers but lost the questionnaire section. The section
is in the address (``?sec=4``, like ``?lang=``) and a new session (a reload) opens it again."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mixdecide import load_pack
from tests.helpers.apptest import APP, goto, ok

PACK = load_pack()
DEMO_GUELPH = "d1c66fff6a34419495787198de6de36e"


def _fresh(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    return ok(at.run())


def _sec(at: AppTest) -> str:
    value = at.query_params.get("sec")
    return str(value[0] if isinstance(value, list) else value)


def _heading(at: AppTest) -> str:
    return str(at.header[0].value)


def test_the_section_goes_into_the_address() -> None:
    at = goto(_fresh(a=DEMO_GUELPH), "assess")
    assert _sec(at) == "1"
    ok(at.button(key="assess.next").click().run())
    assert _sec(at) == "2"
    ok(at.segmented_control(key="w.section").set_value(3).run())
    assert _sec(at) == "4"


def test_a_reload_opens_the_section_in_the_address() -> None:
    at = goto(_fresh(a=DEMO_GUELPH, sec="4"), "assess")
    assert _heading(at) == PACK.sections[3].title.en
    assert at.session_state["section"] == 3
    # a section number the pack does not have opens the last one; nonsense opens the first
    last = goto(_fresh(a=DEMO_GUELPH, sec="99"), "assess")
    assert _heading(last) == PACK.sections[-1].title.en
    first = goto(_fresh(a=DEMO_GUELPH, sec="x"), "assess")
    assert _heading(first) == PACK.sections[0].title.en
