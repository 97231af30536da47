"""The fairness / transparency / accountability checklist items a route and answers call for, and
how far a project's checklist has got."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mixdecide.conditions import EvalContext
from mixdecide.details import COMPLETE_STATUSES, STARTED_STATUS
from mixdecide.pack.models import Pack
from mixdecide.result import ChecklistFinding


def applicable_items(
    pack: Pack, ctx: EvalContext, top: str | None, sequence: frozenset[str], path: str | None = None
) -> tuple[ChecklistFinding, ...]:
    """Items that apply to the first route (or any step of its sequence), to the strategy's award
    ``path`` (items tied to paths, e.g. a direct award's justification) and to the answers.

    An item whose condition cannot be decided because an answer is unknown is kept, flagged
    ``confirm``, when the pack says so (``when_unknown: include``): a safeguard such as a privacy
    impact assessment should not vanish because someone answered "don't know".
    """
    steps = sequence | ({top} if top else set())
    compiled = pack.cache.get("checklist_items")
    if compiled is None:  # (item, its routes, its condition's predicate), looked up once per pack
        compiled = pack.cache["checklist_items"] = tuple(
            (
                item,
                frozenset(item.routes),
                pack.compiled[f"checklist.{item.id}"].predicate if item.applies_if is not None else None,
            )
            for item in pack.checklist.items
        )
    out = []
    for item, routes, pred in compiled:
        if routes and steps.isdisjoint(routes):
            continue
        if item.paths and path not in item.paths:
            continue
        confirm = False
        if pred is not None:
            verdict = pred(ctx)
            if verdict is False:
                continue
            if verdict is None:
                if item.when_unknown == "exclude":
                    continue
                confirm = True
        out.append(ChecklistFinding(item.id, item.principle, confirm, item.basis))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Progress:
    """How many of the applicable items are complete (done or not applicable) or started."""

    total: int
    complete: int
    started: int

    @property
    def remaining(self) -> int:
        return self.total - self.complete - self.started

    @property
    def share(self) -> float:
        """The complete share, 0 to 1 (0 when nothing applies)."""
        return self.complete / max(self.total, 1)


def progress(
    findings: Iterable[ChecklistFinding],
    state: Mapping[str, Mapping[str, str]],
    principle: str | None = None,
) -> Progress:
    """Progress on the applicable ``findings`` (of one ``principle`` when given), given each item's
    stored entry in ``state`` (item id -> {status, owner, note}; missing: not started)."""
    statuses = [
        (state.get(f.item) or {}).get("status")
        for f in findings
        if principle is None or f.principle == principle
    ]
    return Progress(
        total=len(statuses),
        complete=sum(1 for s in statuses if s in COMPLETE_STATUSES),
        started=sum(1 for s in statuses if s == STARTED_STATUS),
    )


def must_first(
    findings: Iterable[ChecklistFinding], state: Mapping[str, Mapping[str, str]]
) -> list[ChecklistFinding]:
    """The findings for a one-screen summary: items under way ("In progress") first, then the
    mandatory items ("Must") still to do, then the rest still to do, complete ones last; otherwise
    in the pack's order. Review r18head #11: the one item set "In progress" fell below three
    "Not started" ones, off the room's screen."""

    def key(f: ChecklistFinding) -> tuple[int, int, int]:
        status = (state.get(f.item) or {}).get("status")
        complete = status in COMPLETE_STATUSES
        return (1 if complete else 0, 0 if status == "in_progress" else 1, 0 if f.basis == "mandatory" else 1)

    return sorted(findings, key=key)
