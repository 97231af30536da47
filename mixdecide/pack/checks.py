"""Cross-checks between the files of a rule pack, and compilation of its conditions.

Pydantic proves each file has the right shape; this module proves the files agree with each other:
every id a file names exists, no id repeats, operators fit question types, bands cover 1-25 and
threshold periods do not overlap. Messages name the file and the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from mixdecide.answers import AnswerError, normalize_answers
from mixdecide.conditions import UNKNOWN, Compiled, ConditionError, QuestionInfo, compile_condition
from mixdecide.pack.models import (
    ChecklistFile,
    CompiledRule,
    Pack,
    PackError,
    Question,
    RisksFile,
    Rule,
    Section,
    StrategySpec,
    ThresholdsFile,
    follow_up_roots,
)

# Compiles one condition of the pack: (raw condition, file, item, allow_top) -> Compiled.
_Comp = Callable[[dict[str, Any], str, str, bool], Compiled]


def _unique(file: str, what: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise PackError(f"{file}: duplicate {what} id {i!r}")
        seen.add(i)


def _follow_ups_after_parents(
    sections: tuple[Section, ...], order: list[str], visibility: Mapping[str, Compiled]
) -> None:
    """A follow-up comes right after the question it follows up (or that question's other
    follow-ups), in its section: numbered "7a" after 7, it is shown there everywhere numbers are
    (issue 14: follow-ups gathered in a later section left gaps, "22" then "28")."""
    roots = follow_up_roots(order, visibility)
    for section in sections:
        for j, q in enumerate(section.questions):
            if q.id in visibility and (j == 0 or roots[section.questions[j - 1].id] != roots[q.id]):
                raise PackError(
                    f"questions.yaml: question {q.id!r} follows up {roots[q.id]!r}: place it right "
                    f"after that question (or its other follow-ups), in the same section"
                )


def _refs_exist(file: str, item: str, refs: Iterable[str], sources: set[str]) -> None:
    for r in refs:
        if r not in sources:
            raise PackError(f"{file}: {item}: unknown source {r!r} in refs (add it to pack.yaml sources)")


def _sourced_duty(
    file: str, item: str, basis: str, cite: str, refs: Iterable[str], primary: set[str]
) -> None:
    """A mandatory statement names its pinpoint and rests on at least one primary text."""
    if basis != "mandatory":
        return
    if not cite.strip():
        raise PackError(f"{file}: {item}: a mandatory item needs a pinpoint citation (cite)")
    if "verify" in cite.lower():
        raise PackError(
            f"{file}: {item}: a mandatory item's pinpoint {cite!r} is a placeholder ('verify'); "
            "cite the article or section you confirmed, or only the level you can confirm (the chapter)"
        )
    if not primary.intersection(refs):
        raise PackError(
            f"{file}: {item}: a mandatory item is sourced only to guidance; "
            "cite the statute, regulation or agreement text (a source with kind: primary)"
        )


def _pinpoints(cite: str) -> list[str]:
    """The separate citations of a cite ("A; B" -> ["a", "b"]), case and spacing ignored."""
    return [" ".join(part.split()).lower() for part in cite.split(";") if part.strip()]


def _one_basis_per_pinpoint(duties: Iterable[tuple[str, str, str]]) -> None:
    """A pinpoint cited as a Must in one place is never cited as a Should in another.

    ``duties`` holds (where, basis, cite) for every legal statement the pack shows a user: route and
    strategy legal notes, trade-agreement obligations and checklist items. A user works from any one
    of these screens, so the same provision must not be optional on one and mandatory on another.
    """
    seen: dict[str, dict[str, str]] = {}
    for where, basis, cite in duties:
        for pin in _pinpoints(cite):
            seen.setdefault(pin, {}).setdefault(basis, where)
    for pin, bases in seen.items():
        if len(bases) > 1:
            raise PackError(
                f"{pin!r} is a Must in {bases['mandatory']} but a Should in {bases['good_practice']}: "
                "a duty has one basis everywhere (make both mandatory, or cite what differs)"
            )


def _routes_exist(file: str, item: str, ids: Iterable[str], routes: frozenset[str]) -> None:
    for r in ids:
        if r not in routes:
            raise PackError(f"{file}: {item}: unknown route {r!r}")


def question_info(questions: Mapping[str, Question]) -> dict[str, QuestionInfo]:
    """The condition compiler's view of the questions."""
    return {
        q.id: QuestionInfo(type=q.type, options=frozenset(o.id for o in q.options))
        for q in questions.values()
    }


def compile_in(
    raw: dict[str, Any],
    *,
    file: str,
    item: str,
    info: Mapping[str, QuestionInfo],
    routes: frozenset[str],
    agreements: frozenset[str],
    threshold_questions: tuple[str, ...],
    allow_top: bool,
) -> Compiled:
    """Compile one condition, turning a ConditionError into a PackError naming file and item."""
    try:
        return compile_condition(
            raw,
            questions=info,
            routes=routes,
            agreements=agreements,
            threshold_questions=threshold_questions,
            allow_top=allow_top,
        )
    except ConditionError as exc:
        raise PackError(f"{file}: {item}: {exc}") from None


def check_and_compile(root: Path, f: dict[str, Any]) -> Pack:
    """Cross-check the parsed files and build the Pack."""
    meta, qf, rf = f["pack"], f["questions"], f["routes"]
    sources = {s.id for s in meta.sources}
    primary = {s.id for s in meta.sources if s.kind == "primary"}
    _unique("pack.yaml", "source", (s.id for s in meta.sources))

    sections = tuple(qf.sections)
    _unique("questions.yaml", "section", (s.id for s in sections))
    all_questions = [q for s in sections for q in s.questions]
    _unique("questions.yaml", "question", (q.id for q in all_questions))
    questions = {q.id: q for q in all_questions}
    for q in all_questions:
        _unique("questions.yaml", f"option (question {q.id})", (o.id for o in q.options))
        if any(o.id == UNKNOWN for o in q.options):
            raise PackError(
                f"questions.yaml: question {q.id!r}: option id 'unknown' is reserved for don't know"
            )
    info = question_info(questions)

    routes = {r.id: r for r in rf.routes}
    _unique("routes.yaml", "route", (r.id for r in rf.routes))
    _unique("routes.yaml", "step", (s.id for s in rf.steps))
    route_ids = frozenset(routes)
    for s in rf.steps:
        if s.id in route_ids:
            raise PackError(f"routes.yaml: step {s.id!r} repeats a route id")
    for r in rf.routes:
        _refs_exist("routes.yaml", f"route {r.id!r}", r.refs, sources)
        for n, note in enumerate(r.legal, 1):
            _sourced_duty("routes.yaml", f"route {r.id!r} legal {n}", note.basis, note.cite, r.refs, primary)
    for s in rf.steps:
        _refs_exist("routes.yaml", f"step {s.id!r}", s.refs, sources)
    step_ids = route_ids | {s.id for s in rf.steps}

    th = f["thresholds"]
    agreements = frozenset(a.id for a in th.agreements)
    _check_thresholds(th, info, sources, primary, step_ids)

    def comp(raw: dict[str, Any], file: str, item: str, allow_top: bool) -> Compiled:
        return compile_in(
            raw,
            file=file,
            item=item,
            info=info,
            routes=route_ids,
            agreements=agreements,
            threshold_questions=(th.value_question, th.category_question),
            allow_top=allow_top,
        )

    visibility: dict[str, Compiled] = {}
    order = [q.id for q in all_questions]
    for idx, q in enumerate(all_questions):
        if q.visible_if is None:
            continue
        c = comp(q.visible_if, "questions.yaml", f"question {q.id!r} visible_if", False)
        later = c.questions - set(order[:idx])
        if later:
            raise PackError(
                f"questions.yaml: question {q.id!r} visible_if: may only depend on earlier "
                f"questions, not {sorted(later)}"
            )
        visibility[q.id] = c
    _follow_ups_after_parents(sections, order, visibility)

    rules = _compile_rules(f["rules"].rules, comp, route_ids, step_ids, sources, info)
    compiled = _check_risks(f["risks"], comp, info, route_ids, sources)
    compiled.update(_check_checklist(f["checklist"], comp, route_ids, sources, primary))
    compiled.update(_check_strategy(rf.strategy, comp, info, sources, primary, step_ids))
    pack = Pack(
        path=root,
        meta=meta,
        sections=sections,
        questions=questions,
        routes=routes,
        steps={s.id: s for s in rf.steps},
        rules=rules,
        strategy=rf.strategy,
        risks=f["risks"],
        checklist=f["checklist"],
        thresholds=th,
        examples=tuple(f["examples"].examples),
        sources={s.id: s for s in meta.sources},
        visibility=visibility,
        compiled=compiled,
    )
    _one_basis_per_pinpoint(_duties(pack))
    _check_examples(pack, step_ids, sources)
    return pack


def _duties(pack: Pack) -> list[tuple[str, str, str]]:
    """(where, basis, cite) of every cited legal statement of the pack."""
    out: list[tuple[str, str, str]] = []
    for r in pack.routes.values():
        out += [(f"routes.yaml route {r.id!r}", n.basis, n.cite) for n in r.legal]
    if pack.strategy is not None:
        for part in ("arrangements", "paths", "purchase", "terms"):
            for o in getattr(pack.strategy, part):
                where = f"routes.yaml strategy {part} {o.id!r}"
                out += [(where, n.basis, n.cite) for n in o.legal]
    for a in pack.thresholds.agreements:
        out += [
            (f"thresholds.yaml agreement {a.id!r} obligation {o.id!r}", o.basis, o.cite)
            for o in a.obligations
        ]
    out += [(f"checklist.yaml item {i.id!r}", i.basis, i.cite) for i in pack.checklist.items]
    return out


def _check_strategy(
    spec: StrategySpec | None,
    comp: _Comp,
    info: Mapping[str, QuestionInfo],
    sources: set[str],
    primary: set[str],
    step_ids: frozenset[str],
) -> dict[str, Compiled]:
    """Each strategy option's condition compiled; first-match parts end with a default."""
    out: dict[str, Compiled] = {}
    if spec is None:
        return out
    for part in ("arrangements", "paths", "purchase", "terms"):
        options = getattr(spec, part)
        _unique("routes.yaml", f"strategy {part} option", (o.id for o in options))
        if part != "terms" and options[-1].when is not None:
            raise PackError(f"routes.yaml: strategy {part}: the last option must be the default (no `when`)")
        for o in options:
            item = f"strategy {part} {o.id!r}"
            _refs_exist("routes.yaml", item, o.refs, sources)
            for n, note in enumerate(o.legal, 1):
                _sourced_duty("routes.yaml", f"{item} legal {n}", note.basis, note.cite, o.refs, primary)
            for step in (o.step, *o.then):
                if step is not None and step not in step_ids:
                    raise PackError(f"routes.yaml: {item}: unknown route or step {step!r}")
            if o.then and not o.replaces_stages:
                raise PackError(f"routes.yaml: {item}: `then` needs `replaces_stages`")
            if o.detail_question is not None and o.detail_question not in info:
                raise PackError(f"routes.yaml: {item}: unknown question {o.detail_question!r}")
            if o.when is not None:
                out[f"strategy.{part}.{o.id}"] = comp(o.when, "routes.yaml", f"{item} when", True)
    return out


def _compile_rules(
    rules: list[Rule],
    comp: _Comp,
    route_ids: frozenset[str],
    step_ids: frozenset[str],
    sources: set[str],
    info: Mapping[str, QuestionInfo],
) -> tuple[CompiledRule, ...]:
    _unique("rules.yaml", "rule", (r.id for r in rules))
    out = []
    for r in rules:
        item = f"rule {r.id!r}"
        _refs_exist("rules.yaml", item, r.refs, sources)
        if r.points:
            _routes_exist("rules.yaml", f"{item} points", r.points, route_ids)
        if r.exclude:
            _routes_exist("rules.yaml", f"{item} exclude", r.exclude, route_ids)
        if r.curve:
            _routes_exist("rules.yaml", f"{item} curve", r.curve.points, route_ids)
        graded = r.curve or r.deadline
        if graded:
            q = info.get(graded.q)
            if q is None or q.type != "number":
                raise PackError(f"rules.yaml: {item}: {graded.q!r} is not a number question")
        if r.sequence and r.sequence.step not in step_ids:
            raise PackError(f"rules.yaml: {item} sequence: unknown route or step {r.sequence.step!r}")
        cond = comp(r.when, "rules.yaml", f"{item} when", r.sequence is not None)
        out.append(CompiledRule(rule=r, cond=cond))
    return tuple(out)


def _check_risks(
    risks: RisksFile,
    comp: _Comp,
    info: Mapping[str, QuestionInfo],
    route_ids: frozenset[str],
    sources: set[str],
) -> dict[str, Compiled]:
    file = "risks.yaml"
    _unique(file, "band", (b.id for b in risks.bands))
    covered: list[int] = []
    for b in risks.bands:
        if b.min > b.max:
            raise PackError(f"{file}: band {b.id!r}: min {b.min} is above max {b.max}")
        covered.extend(range(b.min, b.max + 1))
    for score in range(1, 26):
        n = covered.count(score)
        if n != 1:
            what = "no band covers" if n == 0 else f"{n} bands cover"
            raise PackError(f"{file}: bands must cover the scores 1-25 exactly once; {what} score {score}")
    _unique(file, "dimension", (d.id for d in risks.dimensions))
    compiled: dict[str, Compiled] = {}
    for d in risks.dimensions:
        item = f"dimension {d.id!r}"
        _refs_exist(file, item, d.refs, sources)
        for q in d.drivers:
            if q not in info:
                raise PackError(f"{file}: {item} drivers: unknown question {q!r}")
        for scale_name in ("likelihood", "impact"):
            scale = getattr(d, scale_name)
            _unique(file, f"{item} {scale_name} adjustment", (a.id for a in scale.adjust))
            for a in scale.adjust:
                key = f"risk.{d.id}.{scale_name}.{a.id}"
                compiled[key] = comp(a.when, file, f"{item} {scale_name} {a.id!r}", True)
        _unique(file, f"{item} mitigation", (m.id for m in d.mitigations))
        for m in d.mitigations:
            _routes_exist(file, f"{item} mitigation {m.id!r}", m.routes, route_ids)
            if m.when is not None:
                compiled[f"mitigation.{d.id}.{m.id}"] = comp(
                    m.when, file, f"{item} mitigation {m.id!r}", True
                )
    return compiled


def _check_checklist(
    cl: ChecklistFile, comp: _Comp, route_ids: frozenset[str], sources: set[str], primary: set[str]
) -> dict[str, Compiled]:
    file = "checklist.yaml"
    _unique(file, "principle", (p.id for p in cl.principles))
    _unique(file, "item", (i.id for i in cl.items))
    principles = {p.id for p in cl.principles}
    compiled: dict[str, Compiled] = {}
    for it in cl.items:
        item = f"item {it.id!r}"
        if it.principle not in principles:
            raise PackError(f"{file}: {item}: unknown principle {it.principle!r}")
        _routes_exist(file, item, it.routes, route_ids)
        _refs_exist(file, item, it.refs, sources)
        _sourced_duty(file, item, it.basis, it.cite, it.refs, primary)
        if it.basis == "mandatory" and it.why is None:
            raise PackError(f"{file}: {item}: a mandatory item needs a one-line why (why this applies)")
        if it.applies_if is not None:
            compiled[f"checklist.{it.id}"] = comp(it.applies_if, file, f"{item} applies_if", True)
    return compiled


def _check_thresholds(
    th: ThresholdsFile,
    info: Mapping[str, QuestionInfo],
    sources: set[str],
    primary: set[str],
    step_ids: frozenset[str],
) -> None:
    file = "thresholds.yaml"
    cat = info.get(th.category_question)
    if cat is None or cat.type != "choice":
        raise PackError(f"{file}: category_question {th.category_question!r} is not a choice question")
    val = info.get(th.value_question)
    if val is None or val.type != "number":
        raise PackError(f"{file}: value_question {th.value_question!r} is not a number question")
    if set(th.categories) != set(cat.options):
        raise PackError(
            f"{file}: categories must name exactly the options of {th.category_question!r} "
            f"{sorted(cat.options)}, got {sorted(th.categories)}"
        )
    _unique(file, "agreement", (a.id for a in th.agreements))
    if th.not_procurement is not None:
        np = th.not_procurement
        _refs_exist(file, "not_procurement", np.refs, sources)
        _routes_exist(file, "not_procurement", np.routes, step_ids)
        for route, conds in np.only_if.items():
            where = f"not_procurement only_if {route!r}"
            if route not in np.routes:
                raise PackError(f"{file}: {where}: the route is not one of not_procurement's routes")
            for qid, allowed in conds.items():
                q = info.get(qid)
                if q is None or q.type != "choice":
                    raise PackError(f"{file}: {where}: {qid!r} is not a choice question")
                unknown = sorted(set(allowed) - set(q.options))
                if unknown:
                    raise PackError(f"{file}: {where}: {qid!r} has no option {unknown[0]!r}")
    for a in th.agreements:
        _unique(file, f"agreement {a.id!r} obligation", (o.id for o in a.obligations))
        for o in a.obligations:
            item = f"agreement {a.id!r} obligation {o.id!r}"
            _refs_exist(file, item, o.refs, sources)
            _routes_exist(file, item, o.routes, step_ids)
            if not o.cite.strip():
                raise PackError(f"{file}: {item}: an obligation needs a pinpoint citation (cite)")
            _sourced_duty(file, item, o.basis, o.cite, o.refs, primary)
        periods = sorted(a.periods, key=lambda p: p.start)
        for prev, nxt in zip(periods, periods[1:], strict=False):
            if nxt.start <= prev.end:
                raise PackError(
                    f"{file}: agreement {a.id!r}: periods starting {prev.start} and {nxt.start} overlap"
                )
        for p in periods:
            item = f"agreement {a.id!r} period {p.start}"
            _refs_exist(file, item, p.refs, sources)
            if set(p.values) != set(cat.options):
                raise PackError(
                    f"{file}: {item}: values must give exactly the categories {sorted(cat.options)}, "
                    f"got {sorted(p.values)}"
                )
            if set(p.provenance) != set(p.values):
                raise PackError(
                    f"{file}: {item}: every value needs a provenance (published, derived or verify); "
                    f"missing {sorted(set(p.values) - set(p.provenance))}"
                    + (
                        f", unknown {sorted(set(p.provenance) - set(p.values))}"
                        if set(p.provenance) - set(p.values)
                        else ""
                    )
                )
            if p.verify_below is not None and p.verify_below not in {x.id for x in th.agreements}:
                raise PackError(f"{file}: {item}: verify_below: unknown agreement {p.verify_below!r}")
            if "derived" in p.provenance.values() and p.derivation is None:
                raise PackError(f"{file}: {item}: a derived value needs its derivation (how and from what)")


def _check_examples(pack: Pack, step_ids: frozenset[str], sources: set[str]) -> None:
    file = "examples.yaml"
    _unique(file, "example", (e.id for e in pack.examples))
    dims = {d.id for d in pack.risks.dimensions}
    items = {i.id for i in pack.checklist.items}
    obligations = {o.id for a in pack.thresholds.agreements for o in a.obligations}
    path_ids = {o.id for o in pack.strategy.paths} if pack.strategy else set()
    for it in pack.checklist.items:
        for pid in it.paths:
            if pid not in path_ids:
                raise PackError(f"checklist.yaml: item {it.id!r}: unknown strategy path {pid!r}")
    for o in pack.strategy.paths if pack.strategy else ():
        for c in o.sets_aside_checklist:
            if c not in items:
                raise PackError(f"routes.yaml: strategy paths {o.id!r}: unknown checklist item {c!r}")
        for c in o.sets_aside_obligations:
            if c not in obligations:
                raise PackError(f"routes.yaml: strategy paths {o.id!r}: unknown obligation {c!r}")
    for e in pack.examples:
        item = f"example {e.id!r}"
        _refs_exist(file, item, e.refs, sources)
        try:
            normalize_answers(pack, e.answers)
        except AnswerError as exc:
            raise PackError(f"{file}: {item}: {exc}") from None
        x = e.expect
        _routes_exist(file, f"{item} expect", [*x.top, *x.excluded, *x.not_excluded], frozenset(pack.routes))
        for d in x.high_risk:
            if d not in dims:
                raise PackError(f"{file}: {item} expect.high_risk: unknown dimension {d!r}")
        for c in [*x.checklist, *x.not_checklist]:
            if c not in items:
                raise PackError(f"{file}: {item} expect: unknown checklist item {c!r}")
        for s in x.sequence:
            if s not in step_ids:
                raise PackError(f"{file}: {item} expect.sequence: unknown route or step {s!r}")
