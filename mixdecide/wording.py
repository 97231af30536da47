"""Plain-language sentences built from an Assessment, shared by the dashboard and the reports.

Everything here reads the engine's trace (contributions, changes, findings); nothing re-derives a
decision. All strings come from the catalog or the pack, in English or French.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mixdecide.cites import cite_text
from mixdecide.conditions import UNKNOWN
from mixdecide.i18n import fmt_count, fmt_date, fmt_money, fmt_number, t, tn
from mixdecide.pack.models import Agreement, ChecklistItem, Pack, follow_up_roots
from mixdecide.result import (
    Assessment,
    Change,
    ChecklistFinding,
    Contribution,
    RiskItem,
    TradeFinding,
    UnknownImpact,
)
from mixdecide.risk import focus_bands
from mixdecide.scoring import BASE_RULE, CLAMP_RULE
from mixdecide.strategy import leading_path
from mixdecide.thresholds import threshold_table

NON_RULES = (BASE_RULE, CLAMP_RULE)  # the parts of a score that no rule gave


def answer_label(pack: Pack, qid: str, value: Any, lang: str) -> str:
    """How an answer reads to a person: the option label, a formatted number, or "Don't know"."""
    if value is None:
        return t("answer.missing", lang)
    if value == UNKNOWN:
        return t("answer.unknown", lang)
    q = pack.questions[qid]
    if q.type == "choice":
        for o in q.options:
            if o.id == value:
                return o.label.get(lang)
        return str(value)
    if qid == pack.thresholds.value_question:
        return fmt_money(value, lang)
    return f"{fmt_number(value, lang)}{unit_text(q, value, lang)}"


def unit_text(q: Any, value: Any, lang: str) -> str:
    """ " months", or " month" after exactly 1 when the pack gives the singular; "" with no unit."""
    if q.unit is None:
        return ""
    unit = q.unit_one if q.unit_one is not None and value == 1 else q.unit
    return f" {unit.get(lang)}"


def driver_texts(pack: Pack, item: RiskItem, lang: str, *, deltas: bool = False) -> list[str]:
    """Why a risk dimension's likelihood or impact moved, one sentence per driver: the pack's reason
    (with "(Likelihood +2)" when ``deltas``), or the unanswered question that set it to the worst."""
    out = []
    for d in item.drivers:
        if d.question:
            out.append(t("risk.unknown_driver", lang, question=question_label(pack, d.question, lang)))
        elif d.why is not None:
            text = d.why.get(lang)
            if deltas:
                sign = "+" if d.delta > 0 else "−"
                text += f" ({t('risk.' + d.scale, lang)} {sign}{abs(d.delta)})"
            out.append(text)
    return out


def focus_band_names(pack: Pack, lang: str) -> str:
    """The labels of the bands the pack marks ``focus``, worst first ("High, Medium-high")."""
    return ", ".join(b.label.get(lang) for b in focus_bands(pack))


def question_label(pack: Pack, qid: str, lang: str) -> str:
    return pack.questions[qid].label.get(lang)


def step_name(pack: Pack, step: str | None, lang: str, *, short: bool = False) -> str:
    """The name of a route or a sequence step."""
    if step is None:
        return t("change.no_route", lang)
    if step in pack.routes:
        r = pack.routes[step]
        return (r.short if short else r.name).get(lang)
    return pack.steps[step].name.get(lang)


def top_reasons(assessment: Assessment, route: str | None = None, n: int = 3) -> list[Contribution]:
    """The largest positive rule contributions to a route (the first route by default)."""
    route = route or assessment.top
    if route is None:
        return []
    entry = assessment.score_of(route)
    parts = [c for c in entry.contributions if c.rule not in NON_RULES and c.points > 0]
    return sorted(parts, key=lambda c: (-c.points, c.rule))[:n]


def counter_reasons(assessment: Assessment, route: str | None = None, n: int = 2) -> list[Contribution]:
    """The largest negative contributions to a route: what speaks against it."""
    route = route or assessment.top
    if route is None:
        return []
    entry = assessment.score_of(route)
    parts = [c for c in entry.contributions if c.rule not in NON_RULES and c.points < 0]
    return sorted(parts, key=lambda c: (c.points, c.rule))[:n]


def why_paragraph(assessment: Assessment, lang: str, n: int = 3) -> str:
    """One paragraph: the rationales of the top contributions, in order of weight."""
    return " ".join(c.why.get(lang) for c in top_reasons(assessment, n=n))


def confidence_label(a: Assessment, lang: str) -> str:
    """The confidence level as shown next to the route: qualified when the route misses the date,
    since confidence measures the choice of route, not whether the date can be met (r16head F2)."""
    level = t(f"confidence.{a.confidence.level}", lang)
    return t("confidence.late", lang, level=level) if a.top_misses_deadline else level


def confidence_meaning(lang: str) -> str:
    """What the confidence level measures, in one sentence."""
    return t("confidence.meaning", lang)


def date_needed_sentence(pack: Pack, a: Assessment, lang: str) -> str | None:
    """When the first route misses the date: the date it would need - the dated plan's length
    (the Plan page's computation), or the route's own shortest duration when that is longer.
    None when the route fits the date."""
    if not a.top_misses_deadline or a.top is None:
        return None
    own = [w for w in a.deadline_warnings if w.route == a.top]
    need = own[0].need_months
    least = max(w.min_months for w in own)
    route = step_name(pack, a.top, lang)
    tl = a.timeline
    if tl is not None and tl.use_months >= least:
        return t(
            "change.date_needed",
            lang,
            route=route,
            months=fmt_count("months", tl.use_months, lang),
            end=fmt_date(tl.first_use, lang),
            deadline=fmt_date(tl.deadline, lang) if tl.deadline else "",
            need=fmt_count("months", need, lang),
        )
    return t(
        "change.date_needed_route",
        lang,
        route=route,
        months=fmt_count("months", least, lang),
        need=fmt_count("months", need, lang),
    )


def steps_ranked_above(pack: Pack, a: Assessment, runner: str) -> list[str]:
    """Routes ranked between the first route and ``runner`` that are steps of the first route's own
    sequence (a pilot it ends with): the comparison skips them, and says so (review r17room #1: the
    page ranks Pilot second but compared Challenge with Prize, third, without a word why)."""
    steps = {s.step for s in a.sequence}
    out = []
    for r in a.ranking[1:]:
        if r.route == runner:
            break
        if r.route in steps and r.route in pack.routes:
            out.append(r.route)
    return out


def skipped_note(pack: Pack, a: Assessment, runner: str, lang: str) -> str:
    """ " (compared with B, ...: Pilot / sandbox (61) also scores above it but is a step of this same
    plan, ...)", or "" when none is skipped."""
    skipped = steps_ranked_above(pack, a, runner)
    if not skipped:
        return ""
    # with their scores and the comparison's route (review r19head #3: "RFI ranks higher" was read
    # as higher than the first route, which it is not): "Pilot / sandbox (61) also scores above it"
    score = {r.route: r.score for r in a.ranking}
    names = [f"{step_name(pack, r, lang)} ({fmt_number(round(score[r]), lang)})" for r in skipped]
    joined = (
        ", ".join(names[:-1]) + (" and " if lang == "en" else " et ") + names[-1]
        if len(names) > 1
        else names[0]
    )
    # which route it compares with, and why the higher-ranked step is not the alternative: it is
    # part of this same plan (review r18head #8: "ranks higher" was read as "higher than Comp.")
    key = "separate.skipped" if len(names) == 1 else "separate.skipped_many"
    return " " + t(key, lang, steps=joined, runner=step_name(pack, runner, lang))


def confidence_sentences(pack: Pack, a: Assessment, lang: str) -> list[str]:
    """Why the confidence is what it is: the margin, and what would settle it."""
    c = a.confidence
    out = []
    if a.top is not None and c.runner_up is not None and c.margin is not None:
        margin = tn(
            "confidence.margin",
            c.margin,
            lang,
            top=step_name(pack, a.top, lang),
            runner=step_name(pack, c.runner_up, lang),
        )
        note = skipped_note(pack, a, c.runner_up, lang)
        if note:  # "A leads B by 10.8 points (C ranks higher but is a step of this same sequence)."
            margin = margin.rstrip(".") + note + "."
        lead = leading_path(pack, a.strategy)
        if lead is not None:  # the margin is between procedures the city would run only if it competed
            margin = t("confidence.if_competed", lang, path=lead.name.get(lang), margin=margin)
        out.append(margin)
    elif a.top is not None:
        out.append(t("confidence.only_route", lang))
    if c.decisive_unknowns:
        names = ", ".join(t("quote", lang, text=question_label(pack, q, lang)) for q in c.decisive_unknowns)
        out.append(t("confidence.decisive", lang, questions=names))
    else:
        out.append(t("confidence.none_decisive", lang))
    return out


# The most changes "what would change it" lists: the few decisive levers, not every flip.
MAX_CHANGES = 5


def no_change_sentence(a: Assessment, lang: str) -> str:
    """What to say when no single change of answer changes the first route: when the date rules
    that route out, saying nothing would change it is wrong - a later date would (review r14)."""
    return t("change.none_late" if a.top_misses_deadline else "change.none", lang)


def change_sentences(pack: Pack, a: Assessment, lang: str, limit: int | None = None) -> list[str]:
    """One sentence per plausible change of one answer that would change the first route: the
    answers of one question that lead to the same route read as one line ("Low" or "High"), and
    the lines come most decisive first - one for each route it could lead to, the route closest
    behind the first before the others, then the second line for each - at most ``limit`` of them
    (None: all)."""
    groups: dict[tuple[str, str | None], list[Change]] = {}
    spec, st = pack.strategy, a.strategy
    # a city already buying with others (the arrangement is not the default, buying alone) gains
    # nothing from a line saying a buyer arrangement would come first
    arranged = spec is not None and st is not None and st.arrangement.id != spec.arrangements[-1].id
    for c in plausible_changes(pack, a):
        if arranged and c.top is not None and pack.routes[c.top].kind == "arrangement":
            continue
        groups.setdefault((c.question, c.top), []).append(c)
    scores = {rs.route: rs.score for rs in a.ranking}
    order = {key: i for i, key in enumerate(groups)}
    nth: dict[str | None, int] = {}
    rounds = {}
    for key in groups:  # each route's first line, then each route's second...: every outcome shows
        rounds[key] = nth[key[1]] = nth.get(key[1], -1) + 1
    ranked = sorted(groups, key=lambda k: (rounds[k], -scores[k[1]] if k[1] in scores else 1e9, order[k]))
    lines = [change_text(pack, groups[k][0], lang, also=groups[k][1:]) for k in ranked]
    return lines if limit is None else lines[:limit]


def plausible_changes(pack: Pack, a: Assessment) -> list[Change]:
    """The single-answer changes worth showing: numbers within a factor of ten of the answer (no one
    re-scopes a project tenfold to change its route) and never to a part of a month."""
    out = []
    for c in a.changes:
        q = pack.questions[c.question]
        if q.type == "number" and isinstance(c.current, int | float) and isinstance(c.value, int | float):
            if c.current > 0 and not (c.current / 10 <= c.value <= c.current * 10):
                continue
            if q.unit is not None and c.value < 1:
                continue
        out.append(c)
    return out


def _number(pack: Pack, qid: str, value: float, lang: str) -> str:
    if qid == pack.thresholds.value_question:
        return fmt_money(value, lang)
    return f"{fmt_number(value, lang)}{unit_text(pack.questions[qid], value, lang)}"


def change_value(pack: Pack, c: Change, lang: str) -> str:
    """How a changed answer reads: an option, or for a number "at least $139,000" above the current
    answer and "under $139,000" (or "$X or less") below it - never "$138,999"."""
    q = pack.questions[c.question]
    if q.type != "number" or not isinstance(c.value, int | float) or not isinstance(c.current, int | float):
        return answer_label(pack, c.question, c.value, lang)
    if c.value > c.current:
        return t("change.at_least", lang, value=_number(pack, c.question, c.value, lang))
    nxt = c.value + 1
    if float(nxt).is_integer() and int(nxt) % 1000 == 0:
        return t("change.under", lang, value=_number(pack, c.question, nxt, lang))
    return t("change.or_less", lang, value=_number(pack, c.question, c.value, lang))


def change_text(pack: Pack, c: Change, lang: str, also: Iterable[Change] = ()) -> str:
    """One change as a sentence: If “question” were “at least $139,000”, the first route would be X;
    ``also``: other answers to the same question with the same outcome (“Low” or “High”). A buyer
    arrangement (joint buying) is not a procedure: it reads as who would buy, not as a route."""
    values = [change_value(pack, x, lang) for x in (c, *also)]
    value = (
        t("change.or", lang, a=t("change.sep", lang).join(values[:-1]), b=values[-1])
        if len(values) > 1
        else values[0]
    )
    arrangement = c.top is not None and pack.routes[c.top].kind == "arrangement"
    return t(
        "change.sentence_arrangement" if arrangement else "change.sentence",
        lang,
        question=question_label(pack, c.question, lang),
        value=value,
        route=step_name(pack, c.top, lang),
    )


def unknown_sentence(pack: Pack, u: UnknownImpact, lang: str) -> str:
    """What each possible answer to an open question would make the first route."""
    q = pack.questions[u.question]
    parts = []
    for value, top in u.outcomes:
        label = answer_label(pack, u.question, value, lang)
        if q.type == "number":
            label = t("unknown_impact.number_from", lang, value=label)
        parts.append(
            t("unknown_impact.outcome", lang, value=label, route=step_name(pack, top, lang, short=True))
        )
    return t("unknown_impact.sentence", lang, question=q.label.get(lang), outcomes="; ".join(parts))


def trade_sentence(pack: Pack, f: TradeFinding, a: Assessment, lang: str) -> str:
    """What a trade-agreement finding means, in one sentence."""
    agreement = next(x for x in pack.thresholds.agreements if x.id == f.agreement)
    name = agreement.name.get(lang)
    value = a.answers.get(pack.thresholds.value_question)
    np = pack.thresholds.not_procurement
    if f.status == "not_in_force" and agreement.in_force is not None:
        return t("trade.not_in_force", lang, agreement=name, date=fmt_date(agreement.in_force, lang))
    if f.status == "not_procurement" and np is not None:
        return t("trade.not_procurement", lang, agreement=name, note=np.note.get(lang))
    if f.status == "uncertain" and f.verify and f.threshold is not None and isinstance(value, int | float):
        return t(
            "trade.may_apply_indexed",
            lang,
            agreement=name,
            value=fmt_money(value, lang),
            threshold=fmt_money(f.threshold, lang),
        )
    if f.status == "uncertain" and f.category is not None and f.threshold is not None:
        return t(
            "trade.uncertain_value",
            lang,
            agreement=name,
            category=pack.thresholds.categories[f.category].get(lang),
            threshold=fmt_money(f.threshold, lang),
            period=_period_words(agreement, f, lang),
        )
    if f.status == "uncertain" and f.category is None and isinstance(value, int | float):
        return _uncertain_category(pack, f, a, value, name, lang)
    if f.status == "uncertain" or not isinstance(value, int | float):
        return t("trade.uncertain", lang, agreement=name)
    if f.category is None:
        return t(f"trade.{f.status}_any", lang, agreement=name, value=fmt_money(value, lang))
    period = _period_words(agreement, f, lang)
    category = pack.thresholds.categories[f.category].get(lang)
    threshold = fmt_money(f.threshold, lang) if f.threshold is not None else ""
    near = pack.thresholds.near_below
    sentence = t(
        f"trade.{f.status}",
        lang,
        agreement=name,
        value=fmt_money(value, lang),
        category=category,
        threshold=threshold,
        period=period,
    )
    if f.status == "does_not_apply" and near and f.threshold and value >= f.threshold * (1 - near):
        sentence += " " + t("trade.near_below", lang, share=fmt_number(near * 100, lang))
    return sentence


def _uncertain_category(
    pack: Pack, f: TradeFinding, a: Assessment, value: float, name: str, lang: str
) -> str:
    """The value is known, the category is not: name only what is missing (the category) and say
    for which categories the value reaches the threshold and for which it does not."""
    by_category = threshold_table(pack, a.assessed_on).values[f.agreement]
    cats = pack.thresholds.categories

    def listed(ids: list[str]) -> str:
        parts = [
            t(
                "trade.category_threshold",
                lang,
                category=cats[c].get(lang),
                threshold=fmt_money(by_category[c], lang),
            )
            for c in ids
        ]
        return (
            parts[0] if len(parts) == 1 else t("trade.and", lang, first=", ".join(parts[:-1]), last=parts[-1])
        )

    reached = [c for c in by_category if value >= by_category[c]]
    missed = [c for c in by_category if value < by_category[c]]
    return t(
        "trade.uncertain_category",
        lang,
        agreement=name,
        value=fmt_money(value, lang),
        reached=listed(reached),
        missed=listed(missed),
        question=question_label(pack, pack.thresholds.category_question, lang),
    )


def _period_words(agreement: Agreement, f: TradeFinding, lang: str) -> str:
    """The threshold's period as a finding reads it: its own label when the pack gives one (a base
    value whose indexed value in force is not known), else "(start to end)"."""
    period = next((p for p in agreement.periods if p.start == f.period_start), None)
    if period is not None and period.label is not None:
        return period.label.get(lang)
    return t("trade.period", lang, start=fmt_date(f.period_start, lang), end=fmt_date(f.period_end, lang))


def basis_label(basis: str, lang: str) -> str:
    """ "Must" for a legal duty, "Should" for good practice."""
    return t(f"basis.{basis}", lang)


def duty_text(basis: str, text: str, cite: str, lang: str) -> str:
    """A statement led by its basis and followed by its pinpoint: "Must: ... (CFTA Art. 516.2)"."""
    label = basis_label(basis, lang)
    if cite:
        return t("basis.duty", lang, basis=label, text=text, cite=cite_text(cite, lang))
    return t("basis.plain", lang, basis=label, text=text)


def obligation_texts(pack: Pack, f: TradeFinding, lang: str) -> list[str]:
    """The obligations of an agreement that applies (or may apply), duties first, each led by
    "Must" or "Should" and followed by its pinpoint citation. While it is not known whether the
    agreement applies, a duty is led by "May apply", never by "Must"."""
    agreement = next(x for x in pack.thresholds.agreements if x.id == f.agreement)
    by_id = {o.id: o for o in agreement.obligations}
    chosen = sorted((by_id[o] for o in f.obligations), key=lambda o: o.basis != "mandatory")
    return [
        duty_text(shown_basis(o.basis, f.status == "uncertain"), o.text.get(lang), o.cite, lang)
        for o in chosen
    ]


def shown_basis(basis: str, undecided: bool) -> str:
    """ "conditional" ("May apply") for a duty whose condition is not decided yet, else the basis."""
    return "conditional" if undecided and basis == "mandatory" else basis


def threshold_source(f: TradeFinding, lang: str) -> str:
    """Where the threshold value comes from ("derived from an official notice"), or "" if unknown."""
    if f.provenance is None:
        return ""
    return t("trade.threshold_source", lang, provenance=t(f"trade.provenance.{f.provenance}", lang))


def item_heading(item: ChecklistItem, lang: str, confirm: bool = False) -> str:
    """A checklist item's text led by "Must" or "Should" (or "May apply" for a duty kept only
    because an answer it depends on is unknown: ``confirm``) and followed by its pinpoint."""
    return duty_text(shown_basis(item.basis, confirm), item.text.get(lang), item.cite, lang)


def item_citation(item: ChecklistItem, lang: str) -> str:
    """The item's pinpoint and, when the pack gives it, the date the duty took effect."""
    parts = [item.cite] if item.cite else []
    if item.in_force:
        parts.append(t("basis.in_force", lang, date=fmt_date(item.in_force, lang)))
    return ", ".join(parts)


def item_why(item: ChecklistItem, lang: str, confirm: bool = False) -> str:
    """The one line that says why the item applies to this project ("" when the pack gives none);
    with ``confirm`` (an answer it depends on is unknown), the condition under which it would."""
    if not item.why:
        return ""
    why = item.why.get(lang)
    if confirm and item.basis == "mandatory":
        # "It applies only if: the estimated value is ..." (the condition continues the sentence)
        return t("basis.why_conditional", lang, why=why[:1].lower() + why[1:])
    return t("basis.why", lang, why=why)


def duties_first(findings: Iterable[ChecklistFinding]) -> list[ChecklistFinding]:
    """Checklist findings with the legal duties ("Must") before good practice, order kept otherwise."""
    return sorted(findings, key=lambda f: f.basis != "mandatory")


def describe_condition(pack: Pack, raw: Any, lang: str) -> str:
    """A rule-pack condition in words, e.g. “Need clarity” is “Problem unclear” and ..."""
    if "q" in raw:
        q = pack.questions[raw["q"]]
        label = t("quote", lang, text=q.label.get(lang))
        if "in" in raw:
            values = t("cond.or", lang).join(
                t("quote", lang, text=answer_label(pack, q.id, v, lang)) for v in raw["in"]
            )
            return t("cond.is", lang, question=label, values=values)
        parts = [
            t(f"cond.{op}", lang, question=label, value=answer_label(pack, q.id, raw[op], lang))
            for op in ("gte", "gt", "lte", "lt")
            if op in raw
        ]
        return t("cond.and", lang).join(parts)
    ((op, value),) = raw.items()
    if op in ("all", "any"):
        joiner = t("cond.and" if op == "all" else "cond.or", lang)
        return "(" + joiner.join(describe_condition(pack, v, lang) for v in value) + ")"
    if op == "not":
        return t("cond.not", lang, inner=describe_condition(pack, value, lang))
    if op in ("unknown", "known"):
        return t(f"cond.{op}", lang, question=t("quote", lang, text=pack.questions[value].label.get(lang)))
    if op == "above_threshold":
        return t("cond.above_threshold", lang, agreement=value)
    routes = value if isinstance(value, list) else [value]
    return t("cond.top", lang, routes=t("cond.or", lang).join(step_name(pack, r, lang) for r in routes))


def _signed(points: float, lang: str) -> str:
    """Points with their sign, in the language's numbers: "+2.5" / "+2,5"."""
    return ("-" if points < 0 else "+") + fmt_number(abs(points), lang)


def describe_effect(pack: Pack, rule: Any, lang: str) -> str:
    """A rule's effect in words: points per route, an exclusion, or a sequence step."""
    if rule.points:
        return ", ".join(
            f"{step_name(pack, r, lang, short=True)} {_signed(p, lang)}" for r, p in rule.points.items()
        )
    if rule.curve:
        q = rule.curve.q
        parts = []
        for r, knots in rule.curve.points.items():
            ends = " → ".join(f"{_signed(p, lang)} ({answer_label(pack, q, x, lang)})" for x, p in knots)
            parts.append(f"{step_name(pack, r, lang, short=True)} {ends}")
        return t("effect.curve", lang, question=question_label(pack, q, lang), routes="; ".join(parts))
    if rule.deadline:
        d = rule.deadline
        return t(
            "effect.deadline",
            lang,
            per_month=fmt_count("points", d.per_month, lang),
            max=fmt_count("points", d.max, lang),
        )
    if rule.exclude:
        return t("effect.exclude", lang, routes=", ".join(step_name(pack, r, lang) for r in rule.exclude))
    return t("effect.sequence", lang, step=step_name(pack, rule.sequence.step, lang))


def _letter(i: int) -> str:
    """The i-th follow-up's letter (0 -> "a"), "aa" after "z" in the unlikely case of 27."""
    return _letter(i // 26 - 1) + chr(ord("a") + i % 26) if i >= 26 else chr(ord("a") + i)


def question_numbers(pack: Pack) -> dict[str, str]:
    """Each question's number, the same whatever is answered and without gaps: "1", "2", … for
    the questions always asked, and a follow-up its parent's number with a letter ("7a", "7b"),
    so numbers neither shift as follow-ups appear nor skip those hidden (issue 14: "22" then
    "28"). The pack places each follow-up right after its parent, so lists in questionnaire
    order read 7, 7a, 8."""
    if "question_numbers" not in pack.cache:
        roots = follow_up_roots(pack.question_order(), pack.visibility)
        out: dict[str, str] = {}
        letters: dict[str, int] = {}
        n = 0
        for qid, root in roots.items():
            if qid == root:
                n += 1
                out[qid] = str(n)
            else:
                letters[root] = letters.get(root, -1) + 1
                out[qid] = out[root] + _letter(letters[root])
        pack.cache["question_numbers"] = out
    return dict(pack.cache["question_numbers"])
