"""The similar-cases panel on Recommendation: the 3 nearest real cases, what the buyer did, how it
went, the source link, and a plain note when most of them used another route."""

from __future__ import annotations

from mixdecide import load_pack
from mixdecide.cases import nearest_cases
from tests.helpers.apptest import goto, new_app, texts
from tests.helpers.reports import md_to_html, parse

PACK = load_pack()

# A commodity bought now: the engine says open tender, while the nearest real cases bought such
# goods through cooperative contracts (filed under joint procurement).
COMMODITY = {
    "need_clarity": "solution_known",
    "solution_maturity": "commercial",
    "procurement_category": "goods",
    "purchase_intent": "buy_now",
}
# A challenge-shaped project: the nearest cases agree with the engine, so no note.
CHALLENGE = {
    "need_clarity": "problem_clear_solution_open",
    "sme_objective": "yes",
    "multi_buyer": "possible",
    "funding": "external_grant",
    "can_host_test": "yes",
}


def _open(answers: dict, lang: str = "en"):
    at = new_app(answers=dict(answers), lang=lang)
    return goto(at, "recommendation")


def test_the_panel_shows_the_three_nearest_cases_with_outcome_and_source():
    at = _open(COMMODITY)
    text = texts(at)
    assert "Similar real cases" in [s.value for s in at.subheader]
    near = nearest_cases(PACK, COMMODITY)
    for n in near:
        assert n.case.title.en in text
        assert n.case.sources[0].url in text  # the source link
    assert text.count("Route used:") == 3
    assert "How it went:" in text and "Why it is similar:" in text
    assert "same problem stage" in text


def test_it_says_plainly_when_the_nearest_cases_used_another_route():
    at = _open(COMMODITY)
    assert at.header[0].value == PACK.routes["traditional_rfp"].name.en  # the ranking is unchanged
    notes = [w.value for w in at.warning]
    wanted = f"Of the 3 most similar cases, 3 used {PACK.routes['joint_procurement'].name.en}."
    assert any(n.startswith(wanted) for n in notes), notes
    note = next(n for n in notes if n.startswith(wanted))
    # review finding 13: how many used the first route, and that the ranking was not changed
    assert f"None used {PACK.routes['traditional_rfp'].name.en}, the first route ranked here." in note
    assert "the ranking above was not changed by them" in note


def test_when_the_nearest_cases_agree_the_banner_is_context_not_a_warning():
    at = _open(CHALLENGE)
    assert not any("most similar cases" in w.value for w in at.warning)
    (info,) = [i.value for i in at.info if "most similar cases" in i.value]
    assert "(the first route ranked here)" in info
    assert "the ranking above was not changed by them" in info
    assert "Similar real cases" in [s.value for s in at.subheader]


def test_the_panel_in_french():
    at = _open(COMMODITY, lang="fr")
    text = texts(at)
    assert "Cas réels semblables" in [s.value for s in at.subheader]
    assert "Mode utilisé :" in text and "même stade du problème" in text
    assert nearest_cases(PACK, COMMODITY)[0].case.title.fr in text


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![x](http://evil.example/p.png)",
    "<http://evil.example/auto>",
    "www.evil.example/path attacker@evil.example",
    ":red[colour] :material/warning:",
    "**bold** _em_ `code` # heading",
    "| a | b |\n|---|---|\n| c | d |",
]


def test_case_texts_render_as_text_never_as_markup(pack_copy, monkeypatch):
    payload = " ".join(HOSTILE)

    def poison(data):
        for c in data["cases"]:
            c["buyer"] = c["vehicle"] = c["region"] = payload
            for field in ("title", "summary", "lessons"):
                c[field] = {"en": payload, "fr": payload}
            for s in c["sources"]:
                s["title"] = payload

    root = pack_copy("cases", poison)
    monkeypatch.setenv("MIXDECIDE_PACK", str(root))
    at = _open(COMMODITY)
    urls = {s.url for n in nearest_cases(load_pack(root), COMMODITY) for s in n.case.sources}
    shown = [
        e.value for e in (*at.markdown, *at.caption) if "evil" in str(e.value) or "alert" in str(e.value)
    ]
    assert len(shown) >= 9, shown  # title, meta, details, summary, lessons and sources of 3 cases
    for md in shown:
        tags = parse(md_to_html(md)).tags
        assert {t for t, _ in tags} <= {"p", "strong", "br", "a"}, md
        hrefs = {dict(attrs).get("href") for t, attrs in tags if t == "a"}
        assert hrefs <= urls, hrefs
