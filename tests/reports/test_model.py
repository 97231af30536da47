"""The report structure: every section in order, in both languages, from the engine's trace."""

from __future__ import annotations

import pytest

from mixdecide import narrative, wording
from mixdecide.cases import nearest_cases
from mixdecide.pack import load_pack
from mixdecide.reports.build import build_report
from mixdecide.reports.model import (
    Chart,
    Para,
    SourceList,
    Sub,
    Table,
    clean,
    safe_url,
)
from tests.helpers.reports import CHECKLIST_OWNER, LANGS, MUNICIPALITY, NOTE, make_input

ORDER = [
    "cover",
    "summary",
    "why",
    "routes",
    "trade",
    "plan",
    "cases",
    "risk",
    "checklist",
    "answers",
    "workshop",
    "legal",
]


def _walk(blocks):
    for b in blocks:
        yield b
        if isinstance(b, Sub):
            yield from _walk(b.blocks)


def _strings(report) -> str:
    out = []
    for s in report.sections:
        out.append(s.heading)
        for b in _walk(s.blocks):
            if isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Table):
                out.extend(b.header)
                out.extend(c for row in b.rows for c in row)
            elif isinstance(b, Sub):
                out.append(b.heading)
            elif hasattr(b, "items"):
                out.extend(str(x) for x in b.items)
    return "\n".join(out)


@pytest.mark.parametrize("lang", LANGS)
def test_sections_in_order(full_input, lang):
    report = build_report(full_input, lang)
    assert [s.id for s in report.sections] == ORDER
    assert report.lang == lang


def test_workshop_section_only_when_present(pack, full_input):
    inp = make_input(pack, next(e for e in pack.examples if e.id == "ex01_road_salt_rfp"), workshop=None)
    ids = [s.id for s in build_report(inp, "en").sections]
    assert "workshop" not in ids
    assert ids == [i for i in ORDER if i != "workshop"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_example_builds(pack, example_inputs, lang):
    for ex_id, inp in example_inputs.items():
        report = build_report(inp, lang)
        text = _strings(report)
        if inp.result.top:
            assert pack.routes[inp.result.top].name.get(lang) in text, ex_id
        assert pack.meta.disclaimer.get(lang) in text, ex_id


def test_summary_and_why_reuse_wording(pack, full_input):
    a = full_input.result
    text = _strings(build_report(full_input, "fr"))
    # "Why" opens with what separates first from second (review finding 8), the same lines as the card
    for line in narrative.why_lines(pack, a, "fr"):
        assert line in text
    for sentence in wording.change_sentences(pack, a, "fr"):
        assert sentence in text
    for f in a.trade:
        assert wording.trade_sentence(pack, f, a, "fr") in text
    decisive = [u for u in a.unknowns if u.decisive]
    assert decisive, "the full example should have a decisive unknown"
    assert wording.unknown_sentence(pack, decisive[0], "fr") in text


def test_cover_fields(full_input):
    report = build_report(full_input, "fr")
    cover = report.section("cover")
    fields = dict(next(b for b in cover.blocks if hasattr(b, "items")).items)
    assert fields["Municipalité :"] == MUNICIPALITY
    assert fields["Statut :"] == "Ébauche"
    assert (
        "ontario-municipal" in fields["Module de règles :"]
        and full_input.pack.version in fields["Module de règles :"]
    )


def test_checklist_grouped_by_principle_with_sources(pack, full_input):
    report = build_report(full_input, "en")
    section = report.section("checklist")
    subs = [b for b in section.blocks if isinstance(b, Sub)]
    names = [p.name.en for p in pack.checklist.principles]
    assert [s.heading for s in subs] == [n for n in names if n in {s.heading for s in subs}]
    rows = [row for s in subs for row in s.blocks[0].rows]
    assert len(rows) == len(full_input.result.checklist)
    assert all(row[4].startswith("[") for row in rows), "every item names its source"
    owned = [row for row in rows if row[2] == CHECKLIST_OWNER]
    assert owned and owned[0][1] == "In progress"


def test_sources_numbered_and_cited(pack, full_input):
    report = build_report(full_input, "en")
    refs = next(
        b for b in _walk(report.section("legal").blocks) if hasattr(b, "items") and not isinstance(b, Sub)
    )
    numbers = [r.number for r in refs.items]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {r.url for r in refs.items} <= {s.url for s in pack.sources.values()}
    assert any(r.verify for r in refs.items) or not any(s.verify for s in pack.sources.values())


def test_answers_appendix_has_notes(pack, full_input):
    table = build_report(full_input, "en").section("answers").blocks[0]
    rows = {r[0]: r for r in table.rows}
    label = pack.questions["market_depth"].label.en
    assert rows[label][2] == NOTE
    assert rows[label][1] == wording.answer_label(
        pack, "market_depth", full_input.result.answers["market_depth"], "en"
    )


def test_risk_mitigations_come_from_pack(pack, full_input):
    text = _strings(build_report(full_input, "en"))
    for r in full_input.result.risks:
        dim = next(d for d in pack.risks.dimensions if d.id == r.dimension)
        for m in dim.mitigations:
            if m.id in r.mitigations:
                assert m.text.en in text


def test_charts_have_titles_and_alt(full_input):
    report = build_report(full_input, "en")
    charts = [b for s in report.sections for b in _walk(s.blocks) if isinstance(b, Chart)]
    assert {c.id for c in charts} == {"sequence", "ranking", "plan", "risk"}
    assert all(c.title and c.alt for c in charts)


def test_minimal_input_has_no_empty_cover_fields(pack, full_input):
    from mixdecide.reports import ReportInput

    report = build_report(ReportInput(pack=pack, result=full_input.result), "en")
    assert report.title == "Untitled assessment"
    fields = next(b for b in report.section("cover").blocks if hasattr(b, "items")).items
    assert all(v for _, v in fields)


def test_clean_drops_controls_and_bidi():
    assert clean("a\x00b\u202ec\td") == "abc d"
    assert clean("  one\r\ntwo  ", multiline=True) == "one\ntwo"
    assert clean("one\ntwo") == "one two"


def test_safe_url():
    assert safe_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil",
        "http://a b",
        'http://x"onmouseover=1',
        "ftp://x",
    ):
        assert safe_url(bad) is None


@pytest.mark.parametrize("lang", LANGS)
def test_the_similar_cases_section_names_the_nearest_cases_and_their_sources(pack, lang):
    inp = make_input(pack, next(e for e in pack.examples if e.id == "ex01_road_salt_rfp"), workshop=None)
    section = build_report(inp, lang).section("cases")
    subs = [b for b in section.blocks if isinstance(b, Sub)]
    near = nearest_cases(pack, inp.result.answers)
    assert [s.heading for s in subs] == [n.case.title.get(lang) for n in near]
    for s, n in zip(subs, near, strict=True):
        (refs,) = [b for b in s.blocks if isinstance(b, SourceList)]
        assert [r.url for r in refs.items] == [x.url for x in n.case.sources]


def test_no_similar_cases_section_for_a_pack_without_cases(pack_copy):
    root = pack_copy()
    (root / "cases.yaml").unlink()
    bare = load_pack(root)
    inp = make_input(bare, next(e for e in bare.examples if e.id == "ex01_road_salt_rfp"), workshop=None)
    assert "cases" not in [s.id for s in build_report(inp, "en").sections]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("example_id", ["ex07_seniors_isolation_challenge", "ex10_drone_inspection_pilot"])
def test_every_cell_of_the_sequence_table_says_something(pack, lang, example_id):
    """Review r14: a pack step's duration and the first route's "why" were empty cells."""
    from mixdecide.i18n import t
    from mixdecide.reports.model import Table
    from tests.helpers.reports import example

    report = build_report(make_input(pack, example(pack, example_id)), lang)
    summary = next(s for s in report.sections if s.id == "summary")
    step_col = t("reports.summary.step", lang)
    table = next(b for b in summary.blocks if isinstance(b, Table) and step_col in b.header)
    assert len(table.rows) >= 2
    for row in table.rows:
        assert all(cell.strip() for cell in row), row
    assert t("reports.summary.step_no_duration", lang) in {r[2] for r in table.rows}  # a pack step
    assert t("reports.summary.step_first", lang) in {r[3] for r in table.rows}  # the first route
