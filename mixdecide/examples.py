"""The pack's own tests: each example's answers run through the engine and held to its ``expect``.

Used by ``python -m mixdecide validate-pack`` and by the test suite, so a pack author and the CI
run the same checks. A failed expectation is a finding in plain words ("top traditional_rfp,
expected one of [challenge_based]"), never a bare False.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixdecide.engine import assess
from mixdecide.pack.models import Example, Pack
from mixdecide.risk import worst_band


@dataclass(frozen=True)
class ExampleOutcome:
    """How one example fared: the problems found (none when it passes)."""

    example: Example
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def is_subsequence(wanted: list[str], steps: list[str]) -> bool:
    """True when ``wanted`` appears in ``steps`` in the same order (not necessarily adjacent)."""
    it = iter(steps)
    return all(step in it for step in wanted)


def check_example(pack: Pack, example: Example) -> ExampleOutcome:
    """Assess the example's answers on its date and compare the result with its expectations."""
    result = assess(pack, example.answers, today=example.today)
    x = example.expect
    excluded = {rs.route for rs in result.excluded}
    worst = worst_band(pack).id
    high = {r.dimension for r in result.risks if r.band == worst}
    checklist = {c.item for c in result.checklist}
    sequence = [s.step for s in result.sequence] or ([result.top] if result.top else [])
    leaders = [(rs.route, rs.score) for rs in result.ranking[:3]]
    problems = []
    if result.top not in x.top:
        problems.append(f"top {result.top}, expected one of {x.top}; leaders {leaders}")
    if missing := sorted(set(x.excluded) - excluded):
        problems.append(f"not excluded: {missing}")
    if wrong := sorted(set(x.not_excluded) & excluded):
        problems.append(f"wrongly excluded: {wrong}")
    if missing := sorted(set(x.high_risk) - high):
        problems.append(f"not in the {worst} band: {missing}")
    if missing := sorted(set(x.checklist) - checklist):
        problems.append(f"checklist lacks {missing}")
    if wrong := sorted(set(x.not_checklist) & checklist):
        problems.append(f"checklist wrongly has {wrong}")
    if not is_subsequence(x.sequence, sequence):
        problems.append(f"sequence {sequence} lacks {x.sequence} in order")
    s = result.strategy
    for part in ("path", "arrangement", "purchase"):
        want = getattr(x, part)
        got = getattr(s, part).id if s is not None else None
        if want is not None and got != want:
            problems.append(f"strategy {part} {got}, expected {want}")
    warned = {w.route for w in result.deadline_warnings}
    if missing := sorted(set(x.deadline_warned) - warned):
        problems.append(f"no deadline warning for {missing}")
    return ExampleOutcome(example, tuple(problems))


def run_examples(pack: Pack) -> list[ExampleOutcome]:
    """Every example of the pack, in file order."""
    return [check_example(pack, e) for e in pack.examples]
