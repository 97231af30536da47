"""The one language-resolved structure every report format renders.

``build.build_report(inp, lang)`` turns a ``ReportInput`` (what the person typed, the answers and the
engine's ``Assessment``) into a ``Report``: sections of plain-text blocks (paragraphs, bullet lists,
tables, charts, sources). Nothing in it is markup: every renderer escapes every string, so the
Word, PDF, HTML and Markdown files say the same thing and none of them can be steered by what a
user typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mixdecide.pack.models import Pack
from mixdecide.plan import Options as PlanOptions
from mixdecide.profile import Profile
from mixdecide.result import Assessment

if TYPE_CHECKING:
    import plotly.graph_objects as go


# --- what goes in -------------------------------------------------------------------------------


@dataclass(kw_only=True)
class Workshop:
    """A workshop's spread of private answers and the notes of how the group agreed."""

    participants: int = 0
    distributions: dict[str, dict[str, int]] = field(default_factory=dict)  # qid -> value -> count
    consensus_notes: dict[str, str] = field(default_factory=dict)  # qid -> note
    # the record a facilitator signs (``mixdecide.workshop.record``); times are "YYYY-MM-DD HH:MM UTC"
    title: str = ""
    round: int = 0  # the round whose answers the distributions count (0: not recorded)
    date: str = ""
    facilitators: tuple[str, ...] = ()  # who created it first, then anyone else who set an answer
    names: tuple[str, ...] = ()  # participants' names, only when the facilitator showed names
    rounds: tuple[dict[str, str], ...] = ()  # {"round", "opened", "locked", "closed"}
    status: str = ""
    published_at: str = ""
    applied_version: int | None = None
    assessment_version: int | None = None  # the assessment's version when the record was made
    questions: dict[str, dict[str, str]] = field(default_factory=dict)  # qid -> {"how", "by", "at"}
    overrides: tuple[dict[str, Any], ...] = ()  # {"question", "old", "old_by", "new", "by", "at"}
    # who took part (always, review r18lead #5): {"name", "joined"}; and who was removed {"name", "at"}
    attendance: tuple[dict[str, str], ...] = ()
    removed: tuple[dict[str, str], ...] = ()
    names_shown: bool = False  # names were shown on the board (who voted what may be told)
    # the rounds before ``round``, as each ended: {"round", "questions": {qid: {"counts": [[v, n]],
    # "value", "how", "note", "by", "at"}}} (review r18lead #2)
    history: tuple[dict[str, Any], ...] = ()

    @classmethod
    def coerce(cls, value: Workshop | Mapping[str, Any] | None) -> Workshop | None:
        """Accept a Workshop or the plain mapping the workshop store hands over."""
        if value is None or isinstance(value, Workshop):
            return value
        applied = value.get("applied_version")
        return cls(
            participants=int(value.get("participants") or 0),
            distributions={str(q): dict(d) for q, d in (value.get("distributions") or {}).items()},
            consensus_notes={str(q): str(n) for q, n in (value.get("consensus_notes") or {}).items()},
            title=str(value.get("title") or ""),
            round=int(value.get("round") or 0),
            date=str(value.get("date") or ""),
            facilitators=tuple(str(f) for f in value.get("facilitators") or ()),
            names=tuple(str(n) for n in value.get("names") or ()),
            rounds=tuple({str(k): str(v) for k, v in r.items()} for r in value.get("rounds") or ()),
            status=str(value.get("status") or ""),
            published_at=str(value.get("published_at") or ""),
            applied_version=int(applied) if applied is not None else None,
            assessment_version=int(now) if (now := value.get("assessment_version")) is not None else None,
            questions={
                str(q): {str(k): str(v) for k, v in d.items()}
                for q, d in (value.get("questions") or {}).items()
            },
            overrides=tuple(dict(o) for o in value.get("overrides") or ()),
            attendance=tuple({str(k): str(v) for k, v in a.items()} for a in value.get("attendance") or ()),
            removed=tuple({str(k): str(v) for k, v in r.items()} for r in value.get("removed") or ()),
            names_shown=bool(value.get("names_shown")),
            history=tuple(dict(h) for h in value.get("history") or () if isinstance(h, Mapping)),
        )


@dataclass(kw_only=True)
class ReportInput:
    """Everything a report shows: the project details people typed, the answers and the result.

    ``checklist`` maps a checklist item id to ``{"status", "owner", "note"}``; ``notes`` maps a
    question id to the note written next to its answer. ``answers`` defaults to the answers the
    result was computed from.
    """

    pack: Pack
    result: Assessment
    title: str = ""
    municipality: str = ""
    department: str = ""
    owner: str = ""
    status: str = "draft"
    created: dt.date | None = None
    updated: dt.date | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    checklist: dict[str, dict[str, str]] = field(default_factory=dict)
    workshop: Workshop | None = None
    assessment_id: str = ""  # the stored assessment's id ("" before the first save)
    outcome: dict[str, Any] | None = None  # what happened after the advice (details.WhatHappened)
    local_cases: tuple[Any, ...] = ()  # cases.Case of this installation's local case library
    # the procurement plan (issue 12): start date (default: the assessment date), a deadline that
    # replaces start + timeline_months, how the call is run, and the municipality profile (None:
    # the pack's defaults, in the report's language)
    plan_start: dt.date | None = None
    plan_deadline: dt.date | None = None
    plan_options: PlanOptions | None = None
    profile: Profile | None = None

    def __post_init__(self) -> None:
        if not self.answers:
            self.answers = dict(self.result.answers)
        self.workshop = Workshop.coerce(self.workshop)


# --- what comes out -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body | lead | note | strong


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Fields:
    """Label / value pairs (the cover page)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None  # relative column widths for paged formats


@dataclass(frozen=True)
class Chart:
    """A chart: drawn as an image where a browser is available; its numbers are always in a Table."""

    id: str
    title: str
    alt: str
    build: Callable[[], go.Figure] = field(compare=False, repr=False)


@dataclass(frozen=True)
class SourceRef:
    number: int
    title: str
    publisher: str
    url: str
    verify: bool
    note: str = ""


@dataclass(frozen=True)
class SourceList:
    items: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Sub:
    """A level-2 heading and its blocks."""

    heading: str
    blocks: tuple[Block, ...]


Block = Para | Bullets | Fields | Table | Chart | SourceList | Sub


@dataclass(frozen=True)
class Section:
    id: str  # cover | summary | why | routes | trade | plan | risk | checklist | answers | workshop | legal
    heading: str
    blocks: tuple[Block, ...]
    new_page: bool = False  # paged formats (Word, PDF, printed HTML) start it on a new page


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    sections: tuple[Section, ...]
    fallback_note: str  # shown where a chart cannot be drawn
    page_label: str  # "Page {page} / {total}" with the placeholders left in

    def section(self, sid: str) -> Section:
        """The section with id ``sid``."""
        return next(s for s in self.sections if s.id == sid)


# --- user text ----------------------------------------------------------------------------------

# Characters XML 1.0 forbids (Word and PDF writers choke on them) and bidirectional overrides
# ("Trojan Source"): dropped from everything a person typed before any renderer sees it.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
_NEWLINES = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def clean(text: Any, *, multiline: bool = False) -> str:
    """A person's text, safe for every format: no control or bidi-override characters, tabs as
    spaces, newlines kept only where ``multiline`` (single-line fields have whitespace collapsed)."""
    s = "" if text is None else str(text)
    s = _NEWLINES.sub("\n", s)
    s = _INVALID.sub("", s).translate(_BIDI).replace("\t", " ")
    if not multiline:
        return " ".join(s.split())
    lines = [line.strip() for line in s.split("\n")]
    return "\n".join(lines).strip()


def safe_stem(text: str, fallback: str = "assessment") -> str:
    """A file-name stem made of ASCII letters, digits and dashes."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60].strip("-")
    return stem or fallback


def export_name(title: str, what: str, ext: str, day: dt.date, lang: str | None = None) -> str:
    """Every download's file name, one scheme (issue 14): ``mixdecide-<title>-<what>[-<lang>]-<date>.<ext>``,
    e.g. ``mixdecide-green-bin-challenge-report-fr-2026-03-02.pdf``. The title is left out when there is
    none (the portfolio); the language is there for a file written in one."""
    parts = ["mixdecide", safe_stem(clean(title), "") if title else "", what, lang or "", day.isoformat()]
    return "-".join(p for p in parts if p) + "." + ext.lstrip(".")


def safe_url(url: str) -> str | None:
    """``url`` when it is a plain http(s) address (only pack sources are ever linked), else None."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 or c in "<>\"'`\\" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
