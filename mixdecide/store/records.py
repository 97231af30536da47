"""What the store hands back (small frozen dataclasses, detached from any Session) and its errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# How the portfolio list can be ordered (the first is the default).
SORTS = ("updated_desc", "updated_asc", "created_desc", "title", "municipality", "route", "risk_desc")


class StoreError(Exception):
    """Base class of the store's errors."""


class NotFound(StoreError, LookupError):
    """No assessment has this id, or it was deleted."""

    def __init__(self, id: str) -> None:
        super().__init__(f"no assessment {id!r}")
        self.id = id


class StaleSave(StoreError):
    """Someone saved the assessment after you loaded it; nothing of your save was stored."""

    def __init__(
        self, id: str, expected_version: int, current_version: int, saved_by: str, saved_at: dt.datetime
    ) -> None:
        super().__init__(
            f"assessment {id!r} is at version {current_version} (saved by {saved_by or 'someone'} "
            f"at {saved_at:%Y-%m-%d %H:%M} UTC), not {expected_version}"
        )
        self.id = id
        self.expected_version = expected_version
        self.current_version = current_version
        self.saved_by = saved_by
        self.saved_at = saved_at


class Forbidden(StoreError, PermissionError):
    """The acting person may see this but not do that (a viewer editing, an editor deleting
    someone else's assessment, an admin action by a non-admin); the message says who can."""


class NoSuchMember(StoreError, LookupError):
    """No member with this subject in the acting admin's organisation (unknown or elsewhere)."""

    def __init__(self, subject: str) -> None:
        super().__init__(f"no member {subject!r}")
        self.subject = subject


class InvalidValue(StoreError, ValueError):
    """A title, note, checklist entry, status or filter is not acceptable; the message says why."""


@dataclass(frozen=True, slots=True)
class RiskRow:
    dimension: str
    likelihood: int
    impact: int
    score: int
    band: str


@dataclass(frozen=True)
class AssessmentRecord:
    """An assessment as stored. Its dicts are copies: changing them changes nothing in the store."""

    id: str
    title: str
    municipality: str
    department: str
    owner: str
    status: str
    pack_id: str
    pack_version: str
    top_route: str | None
    max_risk_band: str | None
    max_risk_score: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    created_by: str
    updated_by: str
    version: int
    answers: dict[str, Any]
    notes: dict[str, str]
    checklist: dict[str, dict[str, str]]
    snapshot: dict[str, Any] | None
    used_route: str | None = None  # what was actually done (see ``outcome``), or None
    outcome: dict[str, Any] | None = None  # mixdecide.details.WhatHappened, JSON-ready
    risks: tuple[RiskRow, ...] = ()
    org_id: str = ""
    owner_sub: str = ""
    visibility: str = "organisation"


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    """One line of the portfolio list."""

    id: str
    title: str
    municipality: str
    department: str
    owner: str
    status: str
    top_route: str | None
    max_risk_band: str | None
    max_risk_score: int | None
    updated_at: dt.datetime
    updated_by: str
    version: int
    visibility: str = "organisation"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str | None
    old: Any
    new: Any


def _values(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value if v)


@dataclass(frozen=True)
class PortfolioFilter:
    """Which assessments the portfolio shows. Each choice filter takes one value or several
    (any of them matches); empty means no filter. ``text`` matches every word against title,
    municipality, department or owner, ignoring case. Archived assessments are hidden unless
    ``include_archived`` or ``status`` asks for them; deleted ones never appear."""

    municipality: str | Iterable[str] | None = None
    department: str | Iterable[str] | None = None
    route: str | Iterable[str] | None = None
    status: str | Iterable[str] | None = None
    risk_band: str | Iterable[str] | None = None
    text: str = ""
    include_archived: bool = False

    def values(self, name: str) -> tuple[str, ...]:
        """The values of one choice filter as a tuple."""
        return _values(getattr(self, name))


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """One member of an organisation, as the admin page lists them."""

    subject: str
    org_id: str
    email: str
    name: str
    role: str
    department: str
    created_at: dt.datetime
    last_seen_at: dt.datetime | None
    deactivated_at: dt.datetime | None = None  # off-boarded by an admin: no rights, no sign-in


@dataclass(frozen=True, slots=True)
class ShareLink:
    """A read-only link just made: ``token`` is shown once (only its hash is stored)."""

    assessment_id: str
    token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class PortfolioSummary:
    """Counts for the dashboard, aggregated by the database."""

    total: int
    by_route: dict[str | None, int]  # None: every route was excluded
    by_status: dict[str, int]
    by_max_band: dict[str | None, int]  # the worst risk band of each assessment
    by_risk: dict[tuple[str, str], int]  # (dimension, band) -> number of assessments


@dataclass(frozen=True)
class FilterChoices:
    municipalities: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AdviceRow:
    """An assessment whose route actually used is recorded, beside what the engine advised."""

    id: str
    title: str
    municipality: str
    advised: str | None  # the engine's first route when it was last assessed
    advised_top3: tuple[str, ...]
    used: str  # a route id of the pack, or "other"
    other_route: str
    outcome: str | None
    award_value: float | None
    award_date: str | None
    # the strategy's award path when the advice was a call-off or a direct award (not a procedure)
    advised_path: str | None = None
    pack_version: str = ""  # the rule pack the advice was computed with

    @property
    def agrees(self) -> bool:
        """The route used is the first advised, or the award path the advice's strategy named
        (a purchase under a cooperative agreement when the advice was a call-off)."""
        if self.advised_path is not None and self.used == self.advised_path:
            return True
        return self.advised is not None and self.used == self.advised

    @property
    def in_top3(self) -> bool:
        return self.used in self.advised_top3 or self.agrees


@dataclass(frozen=True)
class AdviceVsDone:
    """Advice vs what was done, across the assessments a portfolio filter selects."""

    rows: tuple[AdviceRow, ...]  # every assessment with a recorded route, most recently updated first

    @property
    def recorded(self) -> int:
        return len(self.rows)

    @property
    def first(self) -> int:
        """How many used the engine's first route."""
        return sum(r.agrees for r in self.rows)

    @property
    def top3(self) -> int:
        """How many used one of the engine's first three routes."""
        return sum(r.in_top3 for r in self.rows)

    @property
    def disagreements(self) -> tuple[AdviceRow, ...]:
        return tuple(r for r in self.rows if not r.agrees)

    @property
    def pack_versions(self) -> tuple[str, ...]:
        """The rule pack versions the compared advice was computed with, in order."""
        return tuple(sorted({r.pack_version for r in self.rows if r.pack_version}))

    def outcomes_by_route(self) -> dict[tuple[str, str | None], int]:
        """(route used, outcome or None when not recorded) -> number of assessments."""
        out: dict[tuple[str, str | None], int] = {}
        for r in self.rows:
            out[(r.used, r.outcome)] = out.get((r.used, r.outcome), 0) + 1
        return out
