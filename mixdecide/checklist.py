"""The fairness / transparency / accountability checklist items a route and answers call for."""

from __future__ import annotations

from mixdecide.conditions import EvalContext
from mixdecide.pack.models import Pack
from mixdecide.result import ChecklistFinding


def applicable_items(
    pack: Pack, ctx: EvalContext, top: str | None, sequence: frozenset[str]
) -> tuple[ChecklistFinding, ...]:
    """Items that apply to the first route (or any step of its sequence) and to the answers.

    An item whose condition cannot be decided because an answer is unknown is kept, flagged
    ``confirm``, when the pack says so (``when_unknown: include``): a safeguard such as a privacy
    impact assessment should not vanish because someone answered "don't know".
    """
    steps = sequence | ({top} if top else set())
    out = []
    for item in pack.checklist.items:
        if item.routes and not steps.intersection(item.routes):
            continue
        confirm = False
        if item.applies_if is not None:
            verdict = pack.compiled[f"checklist.{item.id}"].predicate(ctx)
            if verdict is False:
                continue
            if verdict is None:
                if item.when_unknown == "exclude":
                    continue
                confirm = True
        out.append(ChecklistFinding(item.id, item.principle, confirm))
    return tuple(out)
