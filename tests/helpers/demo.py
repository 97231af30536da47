"""Demo answers shaped for tests that need a result an outside answer can flip."""

from __future__ import annotations

import json
from typing import Any

from tests.helpers.apptest import ROOT

# The questions the finished Guelph demo answers that a draft of it left open (review r16head #10
# completed the demo): without them, "city offers access" alone decides between pilot and challenge.
_OPEN_IN_DRAFT = (
    "unsolicited_proposal",
    "existing_vehicle",
    "city_offers_access",
    "development_months",
    "scale_up_committed",
    "reward_without_buying",
    "direct_award_ground",
    "rollout_vs_development",
    "bylaw_negotiation",
    "digital_kind",
)


def guelph_draft_answers() -> dict[str, Any]:
    """The Guelph green-bin demo as a draft: ten questions still open, needed in 12 months."""
    answers = json.loads((ROOT / "data/demo/01_guelph_green_bin_plastics.json").read_text())["answers"]
    draft = {k: v for k, v in answers.items() if k not in _OPEN_IN_DRAFT}
    draft["timeline_months"] = 12
    return draft
