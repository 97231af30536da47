"""Review r14 (small findings): every heading carried a "Link to heading" anchor, an extra Tab stop
for keyboard users with nothing to link to in a one-page app. The pages' headings hide it."""

from __future__ import annotations

import pytest

from mixdecide import load_pack
from tests.helpers.apptest import goto, new_app

PACK = load_pack()
ANSWERS = next(x for x in PACK.examples if x.id == "ex08_bridge_icing_six_months").answers


@pytest.mark.parametrize("page", ["home", "recommendation", "risk", "checklist", "compare", "rules"])
def test_page_headings_have_no_link_anchor(page: str) -> None:
    at = goto(new_app(answers=dict(ANSWERS), lang="en"), page)
    headings = [*at.title, *at.header, *at.subheader]
    assert headings, page
    # a heading given a named anchor on purpose (linked to from elsewhere) keeps it
    anchored = [h.value for h in headings if not h.proto.hide_anchor and not h.proto.anchor]
    assert not anchored, anchored
