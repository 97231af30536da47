"""One applicability for every output (review r16head, finding 4): at $400,000 with the category
"don't know", the CETA may apply. The page's sentence, the checklist CSV, the Markdown report and
the council draft all say "may apply", and the sentence asks only for what is missing (the
category, not the value that was answered)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from mixdecide import drafts, wording
from mixdecide.conditions import UNKNOWN
from mixdecide.engine import assess
from mixdecide.pack import Pack
from mixdecide.plan import build_plan, default_profile
from mixdecide.reports import ReportInput
from mixdecide.reports.csvio import CHECKLIST_PREAMBLE_ROWS, checklist_csv
from mixdecide.reports.markdown import render_markdown
from tests.unit.test_drafts_prose import REVIEWER

TODAY = dt.date(2026, 11, 30)


def _result(pack: Pack, **changes: object):
    return assess(pack, {**REVIEWER, **changes}, today=TODAY)


def _ceta(a):
    return next(f for f in a.trade if f.agreement == "CETA")


def test_the_sentence_asks_only_for_the_category(pack: Pack) -> None:
    a = _result(pack)
    assert _ceta(a).status == "uncertain"
    en = wording.trade_sentence(pack, _ceta(a), a, "en")
    fr = wording.trade_sentence(pack, _ceta(a), a, "fr")
    assert "may apply" in en and "estimated value" not in en, en
    assert "“What are you mainly buying?”" in en and "$400,000" in en
    assert "goods ($368,000)" in en and "construction ($9,200,000)" in en
    assert "pourrait s'appliquer" in fr and "valeur estimée" not in fr, fr
    # with both unknown, both are asked for; with the value unknown only the value
    both = _result(pack, estimated_value_cad=UNKNOWN)
    assert "estimated value and the category" in wording.trade_sentence(pack, _ceta(both), both, "en")


def _csv_rows(pack: Pack, a) -> list[dict[str, str]]:
    text = checklist_csv(ReportInput(pack=pack, result=a, answers=dict(a.answers)), "en")
    table = text.lstrip("\ufeff").split("\r\n", CHECKLIST_PREAMBLE_ROWS)[-1]  # after the context rows
    return list(csv.DictReader(io.StringIO(table)))


def test_csv_never_says_must_for_an_undecided_ceta_duty(pack: Pack) -> None:
    a = _result(pack)
    rows = _csv_rows(pack, a)
    ceta = [r for r in rows if "ceta" in r["Item id"]]
    assert ceta, "the CETA items are listed while the CETA may apply"
    for r in rows:
        if r["To confirm"] != "yes":
            continue  # decided: a CFTA duty stays "Must"
        assert r["Must or Should"] != "Must", r
        assert "is at or above the CETA threshold" not in r["Why it applies"] or r[
            "Why it applies"
        ].startswith("It applies only if"), r
    assert all(r["To confirm"] == "yes" and r["Must or Should"] == "May apply" for r in ceta), ceta
    # once the category is answered (goods: $400,000 reaches the $368,000 threshold, to verify)
    # the CSV follows the same finding as the page
    goods = _result(pack, procurement_category="goods")
    assert _ceta(goods).status in ("applies", "uncertain")


def test_markdown_report_and_council_draft_agree_with_the_page(pack: Pack) -> None:
    a = _result(pack)
    page = wording.trade_sentence(pack, _ceta(a), a, "en")
    md = render_markdown(pack, a, "en")
    assert page.split(":")[0] in md.replace("\\", "")
    assert "reaches its threshold for goods" in md
    profile = default_profile(pack, TODAY, "en")
    assert profile is not None
    inp = drafts.DraftInput(pack=pack, result=a, plan=build_plan(pack, a, profile, start=TODAY))
    council = "\n".join(b.text for b in drafts.render(inp, "council", "en").blocks)
    assert "(CETA)" in council and "may apply" in council
