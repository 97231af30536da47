"""Every format says the same thing: each string of the built report is found in each file."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from mixdecide.cli import main as cli_main
from mixdecide.reports import render
from mixdecide.reports.build import build_report
from mixdecide.reports.model import Bullets, Fields, Para, SourceList, Sub, Table
from tests.helpers.reports import LANGS, docx_text, make_input, md_to_html, pdf_text


def strings(report, *, cells: bool = True) -> list[str]:
    out: list[str] = []

    def walk(blocks):
        for b in blocks:
            if isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(b.items)
            elif isinstance(b, Fields):
                out.extend(v for _, v in b.items)
            elif isinstance(b, Table) and cells:
                out.extend(b.header)
                out.extend(c for row in b.rows for c in row)
            elif isinstance(b, SourceList):
                out.extend(s.title for s in b.items)
            elif isinstance(b, Sub):
                out.append(b.heading)
                walk(b.blocks)

    for s in report.sections:
        out.append(s.heading)
        walk(s.blocks)
    return [line for text in out for line in text.split("\n") if line.strip()]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def extract(fmt: str, inp, lang: str) -> str:
    data = render(fmt, inp, lang, images=False)
    if fmt == "docx":
        return docx_text(data)[1]
    if fmt == "pdf":  # the page footers interrupt text that runs onto the next page
        return re.sub(r"\nPage \d+ (sur|/) \d+\n", "\n", pdf_text(data)[1])
    page = data.decode() if fmt == "html" else md_to_html(data.decode())
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u2060", "")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "md"])
def test_every_string_is_in_every_format(full_input, fmt, lang):
    text = norm(extract(fmt, full_input, lang))
    missing = [s for s in strings(build_report(full_input, lang)) if norm(s) not in text]
    assert not missing, missing[:5]


@pytest.mark.parametrize("lang", LANGS)
def test_fast_formats_for_every_example(example_inputs, lang):
    for ex_id, inp in example_inputs.items():
        report = build_report(inp, lang)
        for fmt in ("html", "md"):
            text = norm(extract(fmt, inp, lang))
            missing = [s for s in strings(report) if norm(s) not in text]
            assert not missing, (ex_id, fmt, missing[:3])


@pytest.mark.parametrize(
    "ex_id", ["ex01_road_salt_rfp", "ex09_wayfinding_challenge_unknowns", "ex15_ai_enforcement_unknowns"]
)
def test_paged_formats_for_varied_examples(pack, ex_id):
    inp = make_input(pack, next(e for e in pack.examples if e.id == ex_id), workshop=None)
    for fmt in ("docx", "pdf"):
        text = norm(extract(fmt, inp, "fr"))
        missing = [s for s in strings(build_report(inp, "fr")) if norm(s) not in text]
        assert not missing, (fmt, missing[:3])


def test_every_route_excluded(pack, full_input):
    """No route left: the report says so and still renders in every format."""
    a = full_input.result
    gone = replace(a, ranking=(), excluded=a.ranking + a.excluded, sequence=(), checklist=())
    inp = replace(full_input, result=gone)
    for fmt in ("docx", "pdf", "html", "md", "json"):
        assert render(fmt, inp, "en", images=False)
    report = build_report(inp, "en")
    assert "Every route is ruled out" in report.section("summary").blocks[0].text


def test_cli_markdown(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text('{"answers": {"need_clarity": "solution_known", "market_depth": "many"}}')
    assert cli_main(["assess", str(path), "--format", "md", "--lang", "fr", "--date", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Évaluation sans titre") and "## Ce n'est pas un avis juridique" in out
    assert "1er mars 2026" in out  # the assessment date in French (Babel)


def test_no_images_means_no_drawing(full_input, monkeypatch):
    from mixdecide.reports import images

    monkeypatch.setattr(images, "figure_png", lambda *a, **k: pytest.fail("drew a chart"))
    for fmt in ("docx", "pdf", "html"):
        render(fmt, full_input, "en", images=False)
