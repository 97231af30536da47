"""Issue 14: every download button of the assessment's pages and the workshop record names its
file by one scheme, mixdecide-<title>-<what>[-<lang>]-<YYYY-MM-DD>.<ext>."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import streamlit
from streamlit.delta_generator import DeltaGenerator

from mixdecide import load_pack
from tests.helpers.apptest import goto, ok
from tests.helpers.workshop import facilitator

PACK = load_pack()
SALT = dict(next(e for e in PACK.examples if e.id == "ex01_road_salt_rfp").answers)
SCHEME = r"mixdecide-(?:[a-z0-9]+-)*{what}(?:-{lang})?-\d{{4}}-\d{{2}}-\d{{2}}\.{ext}"


@pytest.fixture
def names(monkeypatch) -> dict[str, str]:
    """Each download button's key -> the file name it offers (recorded as the page draws it)."""
    seen: dict[str, str] = {}
    original = DeltaGenerator.download_button

    def recording(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen[kwargs.get("key", "")] = kwargs["file_name"]
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    monkeypatch.setattr(streamlit, "download_button", lambda *a, **k: recording(streamlit._main, *a, **k))
    return seen


def _check(name: str, what: str, ext: str, lang: str | None = "en") -> None:
    today = dt.date.today().isoformat()[:4]  # the viewer's date: its year at least
    assert re.fullmatch(SCHEME.format(what=what, lang=lang or "", ext=ext), name), name
    assert f"-{today}-" in name, name


def test_the_assessments_downloads(app, names):
    app.session_state["answers"] = dict(SALT)
    app.session_state["meta"] = {"title": "Road salt", "status": "draft"}
    for page in ("recommendation", "checklist", "plan"):
        goto(app, page)
    for fmt, ext in (("docx", "docx"), ("pdf", "pdf"), ("html", "html"), ("md", "md"), ("json", "json")):
        for prefix in ("rec.dl", "cl.report", "plan.report"):
            name = names[f"{prefix}.{fmt}"]
            assert name.startswith("mixdecide-road-salt-report-en-")
            _check(name, "report", ext)
    _check(names["cl.dl.csv"], "checklist", "csv")
    _check(names["plan.dl.csv"], "plan", "csv")
    _check(names["plan.ics"], "calendar", "ics")
    drafts = [k for k in names if k.startswith("plan.draft.")]
    assert "plan.draft.council" in drafts
    for key in drafts:
        _check(names[key], f"draft-{key.removeprefix('plan.draft.')}", "docx")
    assert all(n.startswith("mixdecide-road-salt-") for n in names.values())


def test_the_workshop_record(names):
    fac, _, _ = facilitator(["need"], title="Salt workshop")
    ok(fac.run())
    record = {k: n for k, n in names.items() if k.startswith("wk.dl.")}
    _check(record.pop("wk.dl.votes.csv"), "votes", "csv")  # each round's votes, one row per vote
    assert len(record) == 5
    for name in record.values():
        _check(name, "record", name.rsplit(".", 1)[1])
