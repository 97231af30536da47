"""Review r18head #2: the council draft and the PDF named "Chief Administrative Officer (CAO)" as the
approver as a fact, though the level came from the tool's illustrative defaults. Until a municipality
saves its own levels, every document that names the approver says it is still to be confirmed."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide import load_pack
from mixdecide.engine import assess
from mixdecide.plan import build_plan, default_profile
from mixdecide.plan_text import approver_text
from mixdecide.profile import Profile, Tier

PACK = load_pack()
START = dt.date(2026, 3, 2)
SALT = dict(next(e for e in PACK.examples if e.id == "ex01_road_salt_rfp").answers)


def _plan(profile: Profile):
    return build_plan(PACK, assess(PACK, SALT), profile, start=START)


@pytest.mark.parametrize(("lang", "words"), [("en", "illustrative"), ("fr", "illustratives")])
def test_default_levels_are_said_to_be_illustrative(lang: str, words: str) -> None:
    plan = _plan(default_profile(PACK, START, lang, "City of Guelph"))
    assert plan.approver.illustrative
    assert words in approver_text(plan, lang)


def test_a_saved_profile_is_stated_as_it_is() -> None:
    own = Profile(name="Guelph", tiers=(Tier(up_to=None, authority="Council", body="council"),))
    plan = _plan(own)
    assert not plan.approver.illustrative
    assert "illustrative" not in approver_text(plan, "en")


@pytest.mark.parametrize(
    ("value", "lang", "words"),
    [
        (60_000, "en", "[to confirm against the procurement by-law: General manager"),
        (60_000, "fr", "[à confirmer selon le règlement sur l'approvisionnement : Directeur général"),
        (2_000_000, "en", "[To confirm against the procurement by-law: council's approval"),
        (
            2_000_000,
            "fr",
            "[À confirmer selon le règlement sur l'approvisionnement : l'approbation du conseil",
        ),
    ],
)
def test_the_council_draft_marks_an_illustrative_approver_to_confirm(
    value: float, lang: str, words: str
) -> None:
    from mixdecide import drafts

    a = assess(PACK, {**SALT, "estimated_value_cad": value})
    plan = build_plan(PACK, a, default_profile(PACK, START, lang), start=START)
    inp = drafts.DraftInput(
        pack=PACK, result=a, plan=plan, title="Salt", municipality="Guelph", department="Ops", owner="Ana"
    )
    text = "\n".join(b.text for b in drafts.render(inp, "council", lang).blocks)
    assert words in text
