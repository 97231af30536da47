"""Issue 14: the council draft asks for the approval the value's level gives, and the approval
line names who approves without brackets inside brackets, in English and French."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide import drafts
from mixdecide.engine import assess
from mixdecide.i18n import fmt_money
from mixdecide.pack import load_pack
from mixdecide.plan import build_plan, default_profile
from mixdecide.plan_text import approver_text
from mixdecide.profile import Meeting, Profile, Tier

PACK = load_pack()
START = dt.date(2026, 3, 2)
ANSWERS = dict(next(e for e in PACK.examples if e.id == "ex01_road_salt_rfp").answers)


def _plan(value: float | None, lang: str, profile: Profile | None = None):
    a = assess(PACK, {**ANSWERS, "estimated_value_cad": value}, today=START)
    profile = profile or default_profile(PACK, START, lang)
    assert profile is not None
    return a, build_plan(PACK, a, profile, start=START)


def _recommendation(value: float | None, lang: str, profile: Profile | None = None) -> str:
    a, plan = _plan(value, lang, profile)
    inp = drafts.DraftInput(
        pack=PACK, result=a, plan=plan, title="Salt", municipality="Guelph", department="Ops", owner="Ana"
    )
    blocks = drafts.render(inp, "council", lang).blocks
    at = next(i for i, b in enumerate(blocks) if b.text in ("Recommendation", "Recommandation"))
    return "\n".join(b.text for b in blocks[at + 1 : at + 3] if b.kind == "para")


@pytest.mark.parametrize(
    ("lang", "info", "asks", "delegated", "who"),
    [
        (
            "en",
            "That council receive this report for information",
            "That council approve",
            "within delegated authority",
            "General manager",
        ),
        (
            "fr",
            "Que le conseil reçoive le présent rapport pour information",
            "Que le conseil approuve",
            "relève du pouvoir délégué",
            "Directeur général du secteur",
        ),
    ],
)
def test_under_the_delegated_limit_council_is_informed_not_asked(lang, info, asks, delegated, who):
    text = _recommendation(60_000, lang)  # the General manager's level: staff, delegated
    assert text.startswith(info) and delegated in text and f": {who}" in text
    assert asks not in text  # it asked council to approve what the General manager approves
    council = _recommendation(2_000_000, lang)  # above every delegated limit
    assert council.startswith(asks) and info not in council and delegated not in council


def test_an_unknown_value_assumes_the_highest_level_and_says_so():
    assert "the highest approval level is assumed" in _recommendation(None, "en")
    assert "le niveau d'approbation le plus élevé est donc retenu" in _recommendation(None, "fr")


def test_a_committee_level_asks_the_committee():
    profile = Profile(
        tiers=(
            Tier(up_to=50_000, authority="Director"),
            Tier(up_to=500_000, authority="Audit board", body="committee"),
            Tier(up_to=None, authority="Council", body="council"),
        ),
        meetings=tuple(
            Meeting(date=START + dt.timedelta(days=14 * i), body=b)
            for i in range(1, 30)
            for b in ("committee", "council")
        ),
    )
    assert _recommendation(200_000, "en", profile).startswith("That the committee approve")
    assert "(approval level: Audit board)" in _recommendation(200_000, "en", profile)
    assert "(niveau d'approbation : Audit board)" in _recommendation(200_000, "fr", profile)
    assert approver_text(_plan(200_000, "en", profile)[1], "en").endswith(": Audit board (committee).")


@pytest.mark.parametrize(
    ("value", "lang", "line"),
    [
        (60_000, "en", "Approval at this value ($60,000): General manager, under delegated authority."),
        (
            60_000,
            "fr",
            f"Approbation à cette valeur ({fmt_money(60_000, 'fr')}) : Directeur général du secteur, en vertu du pouvoir délégué.",
        ),
        (2_000_000, "en", "Approval at this value ($2,000,000): Council."),
        (2_000_000, "fr", f"Approbation à cette valeur ({fmt_money(2_000_000, 'fr')}) : Conseil municipal."),
    ],
)
def test_the_approval_line_has_no_brackets_inside_brackets(value, lang, line):
    # the default levels are the tool's illustrative ones: the line says so after it (review r18head #2)
    assert approver_text(_plan(value, lang)[1], lang).startswith(line + " ")
