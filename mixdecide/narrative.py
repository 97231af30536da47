"""Sentences that explain a result the way a procurement lead reads it: what separates the first
route from the second, whether it is a tie and what would break it, which routes the deadline
strains, what would lift a gate, the strategy in parts, and what the last answer change did.

Like ``wording``, everything reads the engine's trace; nothing re-derives a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from mixdecide.i18n import fmt_count, fmt_date, fmt_number, t
from mixdecide.pack.models import Pack
from mixdecide.result import Assessment, Contribution, DeadlineWarning, Strategy
from mixdecide.strategy import leading_path
from mixdecide.wording import (
    NON_RULES,
    answer_label,
    change_text,
    plausible_changes,
    question_label,
    skipped_note,
    step_name,
    top_reasons,
)


def alternative(pack: Pack, a: Assessment) -> str | None:
    """The best real alternative to the first route: the best-ranked procedure that is not a step
    of the first route's own sequence (an RFI it starts with, a pilot it ends with) and not a buyer
    arrangement (who buys, not how: review r16head F7). None when there is none."""
    r = a.confidence.runner_up  # the engine's confidence measures the margin to the same route
    if r is None or r in {s.step for s in a.sequence} or pack.routes[r].kind != "procedure":
        return None  # the engine fell back to the runner-up: there is no real alternative
    return r


def separating_reasons(
    a: Assessment, n: int = 3, runner: str | None = None
) -> list[tuple[Contribution, float]]:
    """The rules that most separate the first route from ``runner`` (default: the runner-up):
    each rule's points for the first minus its points for the other, largest first (only those in
    the first route's favour). With no other route, the first route's largest contributions."""
    if a.top is None:
        return []
    runner = runner or a.confidence.runner_up
    if runner is None:
        return [(c, c.points) for c in top_reasons(a, n=n)]
    theirs: dict[str, float] = {}
    for c in a.score_of(runner).contributions:
        theirs[c.rule] = theirs.get(c.rule, 0.0) + c.points
    diffs = []
    for c in a.score_of(a.top).contributions:
        if c.rule in NON_RULES:
            continue
        d = round(c.points - theirs.get(c.rule, 0.0), 1)
        if d > 0:
            diffs.append((c, d))
    diffs.sort(key=lambda x: (-x[1], x[0].rule))
    return diffs[:n]


def why_lines(pack: Pack, a: Assessment, lang: str, n: int = 3, *, points: bool = True) -> list[str]:
    """ "Why", opening with the answers that decided this result (what separates first from second).
    ``points=False`` leaves out each reason's "(+4 for A against B)": a room's screen has the
    reasons, the points are in the report."""
    lead = leading_path(pack, a.strategy)
    if lead is not None and lead.why and a.strategy is not None:
        # a direct award or a call-off is not a procedure beating another: explain the path
        lines = [t("separate.path_lead", lang, path=lead.name.get(lang))]
        if a.strategy.path.detail is not None and lead.detail_question:
            ground = answer_label(pack, lead.detail_question, a.strategy.path.detail, lang)
            lines.append(t("strategy.ground", lang, ground=ground) + ".")
        return lines + [w.get(lang) for w in lead.why]
    runner = alternative(pack, a)
    if runner is None or a.top is None:  # no real alternative: the first route's own reasons
        return [c.why.get(lang) for c in top_reasons(a, n=n)]
    reasons = separating_reasons(a, n, runner)
    top, other = step_name(pack, a.top, lang, short=True), step_name(pack, runner, lang, short=True)
    theirs = _points(a, runner)
    # each reason with the first route's own points, as the report's table gives them, and the
    # alternative's for the same answer: one number everywhere (review r16head F7)
    # the page and the reports name the higher-ranked steps the comparison skips; a room's screen
    # (points=False) keeps its title to one line
    return [separating_title(pack, a, runner, lang, skipped=points)] + [
        t(
            "separate.item",
            lang,
            why=c.why.get(lang),
            points=_signed(c.points, lang),  # French 3,3 as the other side's -3,7 (r18fac #15)
            theirs=_signed(theirs.get(c.rule, 0.0), lang),
            top=top,
            runner=other,
        )
        if points
        else c.why.get(lang)
        for c, _ in reasons
    ]


def separating_title(pack: Pack, a: Assessment, runner: str, lang: str, *, skipped: bool = True) -> str:
    """ "What puts A ahead of B:", the title of the reasons that separate the first route from
    ``runner``; with ``skipped``, naming the higher-ranked steps of the first route's own sequence
    the comparison passes over: "What puts A ahead of B (C ranks higher but is a step of this
    sequence):"."""
    # both routes in full: it is a presentation screen's title and a report's heading, read by
    # council ("Comp. dialogue" was never explained, review r18head #8)
    title = t("separate.lead", lang, top=step_name(pack, a.top, lang), runner=step_name(pack, runner, lang))
    note = skipped_note(pack, a, runner, lang) if skipped else ""
    if not note:
        return title
    return title.rstrip(" :") + note + (" :" if lang == "fr" else ":")


def _signed(v: float, lang: str) -> str:
    return ("+" if v > 0 else "") + fmt_number(v, lang)


def _points(a: Assessment, route: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for c in a.score_of(route).contributions:
        out[c.rule] = round(out.get(c.rule, 0.0) + c.points, 1)
    return out


def tie_lines(pack: Pack, a: Assessment, lang: str) -> list[str]:
    """A tie or near tie stated as such, with what would break it; empty when the lead is clear."""
    c = a.confidence
    if a.top is None or c.runner_up is None or c.margin is None:
        return []
    top, runner = step_name(pack, a.top, lang), step_name(pack, c.runner_up, lang)
    if c.margin == 0:
        lines = [
            t("tie.exact", lang, top=top, runner=runner, score=fmt_count("points", a.ranking[0].score, lang))
        ]
    elif c.margin < pack.meta.scoring.confidence.medium:
        lines = [t("tie.near", lang, top=top, runner=runner, margin=fmt_count("points", c.margin, lang))]
    else:
        return []
    breakers = [
        t("tie.answer", lang, question=question_label(pack, q, lang)) for q in c.decisive_unknowns[:2]
    ]
    flips = [x for x in plausible_changes(pack, a) if x.top == c.runner_up][:1]
    breakers += [_lower_first(change_text(pack, x, lang)) for x in flips]  # continues the sentence
    if breakers:
        lines.append(t("tie.breaker", lang, what="; ".join(breakers)))
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def deadline_lines(pack: Pack, a: Assessment, lang: str, routes: tuple[str, ...] | None = None) -> list[str]:
    """ "Typical 24–36 months; you need it in 12" for each ranked route the deadline strains."""
    ranked = {rs.route for rs in a.ranking}
    return [_deadline(pack, w, lang) for w in a.deadline_warnings if w.route in (routes or ranked)]


def date_lines(pack: Pack, a: Assessment, lang: str) -> list[str]:
    """What the result says first when the date cannot be met: development longer than the time
    available ("not achievable for R&D"), else the first route's shortest typical duration beyond
    it; and the recommended sequence's shortest total when that exceeds the time available."""
    out: list[str] = []
    lead = leading_path(pack, a.strategy) is not None
    for rule in pack.rules:
        d = rule.rule.deadline
        need = a.answers.get(d.q) if d else None
        if d is None or not isinstance(need, int | float) or need <= 0:
            continue
        dev = a.answers.get(d.development_q) if d.development_q else None
        n = fmt_count("months", need, lang)
        w = next((w for w in a.deadline_warnings if w.route == a.top), None)
        dev_late = isinstance(dev, int | float) and dev > need
        if dev_late and isinstance(dev, int | float):
            out.append(t("deadline.development", lang, dev=fmt_count("months", dev, lang), need=n))
        elif lead:
            break  # a direct award or a call-off runs no procedure whose duration could miss the date
        elif w is not None:
            out.append(_top_late(pack, w, lang))
        if w is not None and not lead:
            out.append(fitting_line(pack, a, lang, interim=dev_late))
            steps = [pack.routes[s.step].duration for s in a.sequence if s.kind == "route"]
            tl = a.timeline
            if w.basis != "sequence" and len(steps) > 1 and tl is not None and tl.late:
                # the dated plan's length, as the Plan page gives it (review r16head, F1)
                # the line above already said the date is not achievable: said once (review r17room #3)
                out.append(
                    _sequence_late(tl.use_months, need, tl.first_use, lang, tl.deadline, also=bool(out))
                )
            elif w.basis != "sequence" and len(steps) > 1 and tl is None:
                total = sum(d.min_months for d in steps)
                if total > need:
                    out.append(t("deadline.sequence", lang, total=fmt_count("months", total, lang), need=n))
        elif not lead:
            steps = [pack.routes[s.step].duration for s in a.sequence if s.kind == "route"]
            most = sum(d.max_months for d in steps)
            tl = a.timeline
            if tl is not None and tl.rollout_after:
                pass  # in use by the date, the roll-out after it: in_use_line says so, not an error
            elif len(steps) > 1 and most > need and tl is not None:
                # the plan's own length first: one computation for the sequence (review r16head)
                # a plan with no step putting the solution in use ends at the contract award:
                # delivery comes after it (review: "inside your 11 months" 12 days before winter)
                out.append(
                    t(
                        "deadline.tight_dated" if tl.in_use_step else "deadline.tight_dated_award",
                        lang,
                        total=fmt_count("months", tl.months, lang),
                        end=fmt_date(tl.end, lang),
                        max=fmt_number(most, lang),
                        need=n,
                    )
                )
            elif len(steps) > 1 and most > need:  # fits at its shortest, not at its usual length
                least = fmt_number(sum(d.min_months for d in steps), lang)
                out.append(t("deadline.tight", lang, min=least, max=fmt_number(most, lang), need=n))
        break
    return out


def in_use_line(pack: Pack, a: Assessment, lang: str) -> str | None:
    """When the solution is in use by the date (a pilot in service) and the full roll-out ends
    after it: both dates, said plainly ("In use from Aug 5, 2027 (the pilot), inside your 10 months;
    full roll-out by Mar 8, 2028"). The deadline is met by the first use (review r18head #3), so
    this is never a "not achievable" line. None otherwise."""
    tl = a.timeline
    need = a.answers.get("timeline_months")
    if tl is None or not tl.rollout_after or not isinstance(need, int | float):
        return None
    if leading_path(pack, a.strategy) is not None:
        return None
    stage = tl.in_use_step.split(".")[0] if tl.in_use_step else None
    return t(
        "deadline.in_use_stage" if stage in pack.routes else "deadline.in_use",
        lang,
        stage=step_name(pack, stage, lang) if stage in pack.routes else "",
        date=fmt_date(tl.first_use, lang),
        need=fmt_count("months", need, lang),
        end=fmt_date(tl.end, lang),
        total=fmt_count("months", tl.months, lang),
    )


def _top_late(pack: Pack, w: DeadlineWarning, lang: str) -> str:
    """Why the first route cannot meet the date: its typical duration, the minimum bid period of an
    agreement that applies, or the whole recommended sequence."""
    need = fmt_count("months", w.need_months, lang)
    route = step_name(pack, w.route, lang)
    if w.basis == "sequence" and w.ends is not None:
        return _sequence_late(w.min_months, w.need_months, w.ends, lang, w.deadline)
    if w.basis == "sequence":
        return t("deadline.sequence", lang, total=fmt_count("months", w.min_months, lang), need=need)
    if w.basis == "legal" and w.agreement:
        name = next(ag.name.get(lang) for ag in pack.thresholds.agreements if ag.id == w.agreement)
        name = name[: name.index(")") + 1] if ")" in name else name  # "... Agreement (CETA)"
        return t("deadline.legal", lang, route=route, agreement=name, days=w.legal_days, need=need)
    return t(
        "deadline.route",
        lang,
        route=route,
        min=fmt_number(w.min_months, lang),
        max=fmt_number(w.max_months, lang),
        need=need,
    )


def _sequence_late(
    months: float, need: float, ends: dt.date, lang: str, deadline: dt.date | None, *, also: bool = False
) -> str:
    """The recommended steps dated as the Plan page dates them put the solution in use after the
    date (both dates: "about 10 months" against "10" hid a miss of a day); ``also``: after a line
    that already says the date is not achievable, without saying it again."""
    return t(
        "deadline.sequence_dated_also" if also else "deadline.sequence_dated",
        lang,
        total=fmt_count("months", months, lang),
        end=fmt_date(ends, lang),
        need=fmt_count("months", need, lang),
        deadline=fmt_date(deadline, lang) if deadline else fmt_count("months", need, lang),
    )


def fitting_line(pack: Pack, a: Assessment, lang: str, *, interim: bool = False) -> str:
    """When the first route misses the date: the best-ranked route that fits it, with the points
    it trails by, or that no ranked route fits. ``interim`` when development alone outlasts the
    date: no route shortens it, so what fits is an interim solution, not the same project."""
    alt = a.best_fitting
    if alt is None or a.top is None:
        return t("deadline.none_fits", lang)
    # whole points, as the fit score beside it ("88 / 100"): the gap adds up (review r18head #3)
    top, theirs = round(a.score_of(a.top).score), round(a.score_of(alt).score)
    return t(
        "deadline.fits_interim" if interim else "deadline.fits",
        lang,
        route=step_name(pack, alt, lang, short=True),
        score=fmt_number(theirs, lang),
        behind=fmt_count("points", top - theirs, lang),
    )


def headline_label(pack: Pack, a: Assessment, lang: str) -> str:
    """The label above the recommended route: plain, or qualified when the route misses the date
    (a direct award or a call-off runs no procedure whose duration could miss it)."""
    if a.top_misses_deadline and leading_path(pack, a.strategy) is None:
        return t("deadline.headline", lang)
    return t("deadline.headline_ok", lang)


def late_headline(pack: Pack, a: Assessment, lang: str) -> str | None:
    """For a presentation's first screen, said at body size next to the headline: the first route
    misses the date, and which procedure fits it (review r14: a small grey caption was the only
    hint, the conflict came five screens later). None when the first route fits the date."""
    if not a.top_misses_deadline or leading_path(pack, a.strategy) is not None:
        return None
    if a.best_fitting is None:
        return t("deadline.headline_none", lang)
    return t("deadline.headline_fits", lang, route=step_name(pack, a.best_fitting, lang))


def _deadline(pack: Pack, w: DeadlineWarning, lang: str) -> str:
    if w.basis == "legal" and w.agreement:  # a list of strains, not "not achievable" again per route
        name = next(ag.name.get(lang) for ag in pack.thresholds.agreements if ag.id == w.agreement)
        return t(
            "deadline.legal_warning",
            lang,
            route=step_name(pack, w.route, lang),
            agreement=name[: name.index(")") + 1] if ")" in name else name,
            days=w.legal_days,
            need=fmt_count("months", w.need_months, lang),
        )
    if w.basis != "route":
        return _top_late(pack, w, lang)
    return t(
        "deadline.warning",
        lang,
        route=step_name(pack, w.route, lang),
        min=fmt_number(w.min_months, lang),
        max=fmt_number(w.max_months, lang),
        need=fmt_count("months", w.need_months, lang),
    )


def lift_line(lift: Any, lang: str) -> str:
    """ "What would lift it: ..." for a gate, or "" when the pack gives no lift."""
    return t("gate.lift", lang, lift=lift.get(lang)) if lift is not None else ""


def _procedures(pack: Pack, s: Strategy, scores: dict[str, float], lang: str) -> str:
    """The one procedure to run, then each alternative within the pack's clear-lead margin of it,
    labelled as what it is: a later stage of the strategy, a tie, or an alternative some points
    behind - never two procedures side by side with nothing to say which one to run."""
    first = s.procedure[0]
    near = pack.meta.scoring.confidence.high
    keep = [r for r in s.procedure[1:] if scores.get(first, 0) - scores.get(r, 0) < near][:2]
    later = s.stages[s.stages.index(first) + 1 :] if first in s.stages else ()
    alts = []
    for r in keep:
        name = step_name(pack, r, lang, short=True)
        behind = round(scores.get(first, 0) - scores.get(r, 0), 1)
        if r in later:
            alts.append(t("strategy.alt_later", lang, route=name))
        elif behind <= 0:
            alts.append(t("strategy.alt_tie", lang, route=name))
        else:
            alts.append(t("strategy.alt_near", lang, route=name, behind=fmt_count("points", behind, lang)))
    name = step_name(pack, first, lang, short=True)
    if not alts:
        return name
    # each alternative is a sentence of its own ("... 0.8 points behind. Later stage: ..."): joined
    # with "; " they ran together as "behind.; Later stage"
    return t("strategy.with_alternatives", lang, route=name, alternatives=" ".join(alts))


def strategy_rows(pack: Pack, a: Assessment, lang: str) -> list[tuple[str, str]]:
    """The strategy as (part, text) rows, in the order a procurement plan reads."""
    s = a.strategy
    assert s is not None
    scores = {rs.route: rs.score for rs in a.ranking}
    spec = pack.strategy
    assert spec is not None
    names = {
        "paths": {o.id: o for o in spec.paths},
        "arrangements": {o.id: o for o in spec.arrangements},
        "purchase": {o.id: o for o in spec.purchase},
        "terms": {o.id: o for o in spec.terms},
    }
    path = names["paths"][s.path.id]
    path_text = path.name.get(lang)
    if s.path.detail is not None and path.detail_question:
        ground = answer_label(pack, path.detail_question, s.path.detail, lang)
        path_text += " — " + t("strategy.ground", lang, ground=ground)
    then = f" {t('strategy.then', lang)} "
    rows = []
    # a direct award or a call-off runs no procedure, nor does a sounding with nothing to buy
    runs = any(x in pack.routes and pack.routes[x].kind == "procedure" for x in s.stages)
    if not path.replaces_stages and s.procedure and runs:
        rows.append((t("strategy.procedure", lang), _procedures(pack, s, scores, lang)))
    rows += [
        (t("strategy.path", lang), path_text),
        (t("strategy.arrangement", lang), names["arrangements"][s.arrangement.id].name.get(lang)),
        (t("strategy.stages", lang), then.join(step_name(pack, x, lang, short=True) for x in s.stages)),
        (t("strategy.purchase", lang), names["purchase"][s.purchase.id].name.get(lang)),
    ]
    if s.terms:
        rows.append(
            (t("strategy.terms", lang), "; ".join(names["terms"][x.id].name.get(lang) for x in s.terms))
        )
    return rows


def strategy_notes(pack: Pack, s: Strategy) -> list[Any]:
    """The legal notes (Must/Should) that come with the chosen path, arrangement, purchase and terms."""
    spec = pack.strategy
    assert spec is not None
    chosen = [
        next(o for o in spec.paths if o.id == s.path.id),
        next(o for o in spec.arrangements if o.id == s.arrangement.id),
        next(o for o in spec.purchase if o.id == s.purchase.id),
        *(next(o for o in spec.terms if o.id == x.id) for x in s.terms),
    ]
    return [n for o in chosen for n in o.legal]


def since_line(pack: Pack, before: Assessment, after: Assessment, question: str, lang: str) -> str:
    """What the last answer change did to the first route ("champion: yes → no moved ...")."""
    old = answer_label(pack, question, before.answers.get(question), lang)
    new = answer_label(pack, question, after.answers.get(question), lang)
    args = {"question": question_label(pack, question, lang), "old": old, "new": new}
    was, now = _headline_name(pack, before, lang), _headline_name(pack, after, lang)
    # the name ends the sentence: a short name's own full stop ("Dialogue compét.") is the last
    end = now.rstrip(".")
    if was != now:
        return t("since.moved", lang, before=was, after=end, **args)
    return t("since.kept", lang, after=end, **args)


def _headline_name(pack: Pack, a: Assessment, lang: str) -> str:
    """What the result's headline names: the award path when it replaces the procedure (a direct
    award, a call-off), else the first route - so the history line names the same thing."""
    lead = leading_path(pack, a.strategy)
    return lead.name.get(lang) if lead is not None else step_name(pack, a.top, lang, short=True)


ROOM_LINE_CHARS = 60  # characters of a 28 px line at 1280 px wide (French runs longest)
ROOM_LINES = 7  # lines of reasons under a two-line title, above Previous/Next, at 1280x720


def room_reasons(
    lines: Sequence[str], *, limit: int = 3, chars: int = ROOM_LINE_CHARS, room: int = ROOM_LINES
) -> tuple[list[str], int]:
    """The reasons a presentation screen shows: the first ``limit`` (at least one) that fit
    ``room`` lines of ``chars`` characters, and how many more there are (said as "and N more")."""
    shown: list[str] = []
    used = 0
    for line in lines[:limit]:
        need = -(-len(line) // chars)
        if shown and used + need > room:
            break
        shown.append(line)
        used += need
    return shown, len(lines) - len(shown)
