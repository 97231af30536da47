"""Issue 14: one file-name scheme for every download, mixdecide-<title>-<what>[-<lang>]-<date>.<ext>."""

from __future__ import annotations

import datetime as dt

from mixdecide.reports import export_name

DAY = dt.date(2026, 3, 2)


def test_the_scheme():
    assert export_name("Green bin: challenge!", "report", ".pdf", DAY, "fr") == (
        "mixdecide-green-bin-challenge-report-fr-2026-03-02.pdf"
    )
    assert export_name("Évaluation sans titre", "draft-council", "docx", DAY, "fr") == (
        "mixdecide-evaluation-sans-titre-draft-council-fr-2026-03-02.docx"
    )


def test_no_title_no_language():
    assert export_name("", "portfolio", "csv", DAY, "en") == "mixdecide-portfolio-en-2026-03-02.csv"
    assert export_name("", "case-abc123", "json", DAY) == "mixdecide-case-abc123-2026-03-02.json"
    assert export_name("日本", "report", "md", DAY, "en") == "mixdecide-report-en-2026-03-02.md"
