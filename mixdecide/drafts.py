"""First drafts of the documents a strategy needs, from Jinja2 templates in the rule pack.

The pack's ``drafts/`` folder holds ``drafts.yaml`` (which drafts exist, their titles, when each
applies) and one template per draft and language (``notice.en.j2``...). A template's own text
gives the structure, one block per line: ``# `` the title, ``## `` a heading, ``- `` a bullet,
``! `` the review banner, any other line a paragraph.

Every value a template prints (``{{ ... }}``) is replaced at render time by an opaque marker and
kept aside, so nothing in a value - what a person typed, or pack text - can add a heading, a
bullet or any markup: the structure is parsed from the template's text alone, and values go back
into the document as plain text runs. Rendering is deterministic (no clock, no randomness), with
autoescape on and ``StrictUndefined``, so a misspelt placeholder fails loudly instead of leaving
a blank in a document sent to legal counsel.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, ValidationError

from mixdecide import wording
from mixdecide.cites import cite_text, for_agreements
from mixdecide.conditions import UNKNOWN
from mixdecide.i18n import fmt_date, fmt_money, t, tn
from mixdecide.pack.models import Pack, PackError, Text
from mixdecide.plan import Flag, Plan
from mixdecide.plan_text import flag_text, stage_bars
from mixdecide.reports.model import clean
from mixdecide.result import Assessment, TradeFinding
from mixdecide.risk import focus_risks
from mixdecide.text import md_escape

DRAFTS_DIR = "drafts"
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in a document's text
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DraftSpec(_Model):
    id: str
    title: Text
    when: Literal["always", "limited_tendering"] = "always"


class Ground(_Model):
    cite: str
    text: Text


class DraftsFile(_Model):
    drafts: tuple[DraftSpec, ...]
    grounds: dict[str, Ground]


# --- what a rendered draft is -------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    text: str
    value: bool  # True: a value inserted as plain text; False: the template's own words


@dataclass(frozen=True)
class Block:
    kind: Literal["title", "heading", "banner", "para", "bullet"]
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)


@dataclass(frozen=True)
class Draft:
    id: str
    lang: str
    title: str
    blocks: tuple[Block, ...]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind in ("title", "heading")]


# --- loading ------------------------------------------------------------------------------------


def drafts_spec(pack: Pack) -> DraftsFile | None:
    """The pack's ``drafts/drafts.yaml`` (None when the pack has no drafts), read once."""
    if "drafts_spec" not in pack.cache:
        path = Path(pack.path) / DRAFTS_DIR / "drafts.yaml"
        spec = None
        if path.is_file():
            try:
                raw = yaml.safe_load(path.read_text(encoding="utf-8"))
                spec = DraftsFile.model_validate(raw)
            except yaml.YAMLError as exc:
                raise PackError(f"{DRAFTS_DIR}/drafts.yaml: not valid YAML: {exc}") from None
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise PackError(f"{DRAFTS_DIR}/drafts.yaml: {where}: {err['msg']}") from None
            for d in spec.drafts:
                for lang in ("en", "fr"):
                    if not (path.parent / f"{d.id}.{lang}.j2").is_file():
                        raise PackError(f"{DRAFTS_DIR}/{d.id}.{lang}.j2: template is missing")
        pack.cache["drafts_spec"] = spec
    result: DraftsFile | None = pack.cache["drafts_spec"]
    return result


_VALUES = "__draft_values__"  # the render context's list of the values printed so far


@pass_context
def _mark(ctx: Any, value: Any) -> Markup:
    """Keep a printed value aside and print an opaque marker in its place (thread-safe: the list
    lives in this render's own context)."""
    values: list[str] = ctx[_VALUES]
    text = "" if value is None else str(value)
    values.append(text.replace(_OPEN, "").replace(_CLOSE, ""))
    return Markup(f"{_OPEN}{len(values) - 1}{_CLOSE}")


def _environment(pack: Pack) -> Environment:
    key = "drafts_env"
    if key not in pack.cache:
        pack.cache[key] = Environment(
            loader=FileSystemLoader(str(Path(pack.path) / DRAFTS_DIR)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_mark,
        )
    env: Environment = pack.cache[key]
    return env


# the award-notice pinpoints (plan.yaml's award_notice period), cut to the agreements that apply
AWARD_NOTICE_CITE = "CFTA Art. 516.2; CETA Art. 19.15.2"


# --- when a draft applies -----------------------------------------------------------------------


def limited_ground(a: Assessment) -> str | None:
    """The limited-tendering ground the strategy rests on: the direct award's ground, or
    "prototype" when the prototype exception is in play for the later purchase; else None."""
    s = a.strategy
    if s is not None and s.path.id == "direct_award" and isinstance(s.path.detail, str):
        return s.path.detail
    if any(f.item == "limited.justified" for f in a.checklist):
        return "prototype"
    return None


def spec_list(pack: Pack) -> tuple[DraftSpec, ...]:
    """Every draft the pack defines, in its order."""
    spec = drafts_spec(pack)
    return spec.drafts if spec else ()


def available(pack: Pack, a: Assessment) -> list[DraftSpec]:
    """The drafts this assessment needs, in the pack's order (the justification memo only when a
    direct award or the prototype exception applies)."""
    spec = drafts_spec(pack)
    if spec is None or a.strategy is None:
        return []
    ground = limited_ground(a)
    return [d for d in spec.drafts if d.when == "always" or (d.when == "limited_tendering" and ground)]


# --- the values a template sees -----------------------------------------------------------------


@dataclass(frozen=True)
class DraftInput:
    """What the drafts are filled from: the assessment, what people typed, and the plan."""

    pack: Pack
    result: Assessment
    title: str = ""
    municipality: str = ""
    department: str = ""
    owner: str = ""
    notes: Mapping[str, str] | None = None
    plan: Plan | None = None


def _label(pack: Pack, a: Assessment, qid: str, lang: str) -> str:
    """The answer's label, or "" when it is missing or "don't know": a draft never prints
    "Don't know" as if it were a fact (the template puts a "[to complete: ...]" instead)."""
    if qid not in pack.questions or a.answers.get(qid) in (None, UNKNOWN):
        return ""
    return wording.answer_label(pack, qid, a.answers[qid], lang)


def _answer(a: Assessment, qid: str) -> str:
    """The answer's option id ("" when missing or "don't know"), for a template to word itself."""
    value = a.answers.get(qid)
    return "" if value in (None, UNKNOWN) else str(value)


def context(inp: DraftInput, lang: str) -> dict[str, Any]:
    """Every value the templates use, in ``lang``; blanks a person must fill read "[to complete: ...]"."""
    pack, a = inp.pack, inp.result
    s = a.strategy
    assert s is not None
    notes = inp.notes or {}

    def todo(what: str) -> str:
        return t("drafts.todo", lang, what=t(f"drafts.todo_what.{what}", lang))

    def typed(value: str, what: str, multiline: bool = False) -> str:
        return clean(value, multiline=multiline) or todo(what)

    spec = pack.strategy
    assert spec is not None
    options = {o.id: o for part in (spec.paths, spec.purchase, spec.arrangements) for o in part}
    term_specs = {o.id: o for o in spec.terms}
    value = a.answers.get("estimated_value_cad")
    applying = [f for f in a.trade if f.status == "applies"]
    applying_ids = {f.agreement for f in applying}
    agreements = {x.id: x for x in pack.thresholds.agreements}
    top = a.top
    plan = inp.plan
    ground = limited_ground(a)
    grounds = drafts_spec(pack)
    g = grounds.grounds.get(ground) if grounds and ground else None
    # every risk in a focus band goes to council (review r19head #4: the draft named 3 of the risk
    # profile's 5 High risks); with none there, the three highest, so the section is never empty
    risks = focus_risks(pack, a) or sorted(a.risks, key=lambda r: -r.score)[:3]
    return {
        "lang": lang,
        "project": typed(inp.title, "project"),
        "municipality": typed(inp.municipality, "municipality"),
        "department": typed(inp.department, "department"),
        "owner": typed(inp.owner, "owner"),
        "supplier": todo("supplier"),
        "problem": typed(notes.get("need_clarity", ""), "problem", multiline=True),
        "outcomes": typed(notes.get("outcome_measurable", ""), "outcomes", multiline=True),
        "need_clarity": _label(pack, a, "need_clarity", lang),
        "outcome_measurable": _label(pack, a, "outcome_measurable", lang),
        "category": _label(pack, a, "procurement_category", lang) or todo("category"),
        "funding": _label(pack, a, "funding", lang) or todo("funding"),
        "value": fmt_money(value, lang) if isinstance(value, int | float) else todo("value"),
        "city_offers": _answer(a, "city_offers_access"),
        "can_host_test": _answer(a, "can_host_test"),
        "ip_ownership": str(a.answers.get("ip_ownership", "")),
        "personal_data": str(a.answers.get("personal_data", "")),
        "pia_status": _label(pack, a, "pia_status", lang),
        "route": wording.step_name(pack, top, lang),
        "route_id": top or "",
        "procedure": wording.step_name(pack, s.procedure[0], lang) if s.procedure else "",
        "stages": [wording.step_name(pack, x, lang) for x in s.stages],
        "path": options[s.path.id].name.get(lang),
        "path_summary": options[s.path.id].summary.get(lang),
        "path_id": s.path.id,
        "arrangement": options[s.arrangement.id].name.get(lang),
        "arrangement_id": s.arrangement.id,
        "purchase": options[s.purchase.id].name.get(lang),
        "purchase_summary": options[s.purchase.id].summary.get(lang),
        "purchase_id": s.purchase.id,
        "terms": [
            {
                "id": x.id,
                "name": term_specs[x.id].name.get(lang),
                "summary": term_specs[x.id].summary.get(lang),
            }
            for x in s.terms
        ],
        "term_ids": [x.id for x in s.terms],
        "agreements": [agreements[f.agreement].name.get(lang) for f in applying],
        "obligations": [o for f in applying for o in wording.obligation_texts(pack, f, lang)],
        "obligation_groups": [_group_line(pack, f, lang) for f in applying],
        "may_apply": [_may_apply_line(pack, a, f, lang) for f in a.trade if f.status == "uncertain"],
        "reasons": [c.why.get(lang) for c in wording.top_reasons(a)],
        "risks": [
            t(
                "drafts.risk_line",
                lang,
                name=_dimension(pack, r.dimension, lang),
                band=_band(pack, r.band, lang),
            )
            # a band raised by a "don't know" answer says so (review: "High" went to council bare)
            + (" " + t("risk.assumed", lang) if r.unknown_drivers else "")
            for r in risks
        ],
        "ground": ground or "",
        "ground_label": _label(pack, a, "direct_award_ground", lang) if ground != "prototype" else "",
        "ground_cite": cite_text(for_agreements(g.cite, applying_ids), lang) if g else "",
        "award_notice_cite": cite_text(for_agreements(AWARD_NOTICE_CITE, applying_ids), lang),
        "intent_end": _step_end(plan, "intent", lang, "intent_end"),
        "ground_text": g.text.get(lang) if g else "",
        "dates": _dates(pack, plan, lang),
        # the errors, and what delivery has left after the award (council approves the timeline)
        "plan_flags": [
            _flag_line(pack, plan, f, lang)
            for f in plan.flags
            if f.level == "error" or f.kind == "delivery_not_planned"
        ]
        if plan
        else [],
        "deadline_miss": _deadline_miss(plan, lang),
        "in_use": _in_use(plan, lang),
        "rollout": _rollout(a),
        "approver": (
            t("drafts.approver_to_confirm", lang, who=plan.approver.authority)
            if plan and plan.approver.illustrative
            else plan.approver.authority
            if plan
            else todo("approver")
        ),
        # the approval level the value falls in decides who the report asks (issue 14): council
        # is not asked to approve what staff approve under delegated authority
        "approval_body": plan.approver.body if plan else "",
        "approver_illustrative": bool(plan and plan.approver.illustrative),
        "value_unknown": plan is not None and plan.value is None,
        "closing": _closing(plan, lang),
        "award_date": _award(plan, lang),
        "today": fmt_date(a.assessed_on, lang),
    }


def _group_line(pack: Pack, f: TradeFinding, lang: str) -> str:
    """One line per agreement for council: its name and how many legal duties and good
    practices it brings (the detail, with pinpoints, stays in the assessment)."""
    agreement = next(x for x in pack.thresholds.agreements if x.id == f.agreement)
    basis = {o.id: o.basis for o in agreement.obligations}
    musts = sum(1 for o in f.obligations if basis.get(o) == "mandatory")
    shoulds = len(f.obligations) - musts
    counts = [tn(key, n, lang) for key, n in (("drafts.duties", musts), ("drafts.practices", shoulds)) if n]
    return t(
        "drafts.obligation_group",
        lang,
        name=agreement.name.get(lang),
        counts=t("drafts.and", lang, first=counts[0], last=counts[1])
        if len(counts) == 2
        else "".join(counts),
    )


def _may_apply_line(pack: Pack, a: Assessment, f: TradeFinding, lang: str) -> str:
    """An agreement that may apply, in the city's words: what is still to settle, never "Must"."""
    agreement = next(x for x in pack.thresholds.agreements if x.id == f.agreement)
    th = pack.thresholds
    value_known = a.answers.get(th.value_question) not in (None, UNKNOWN)
    category_known = a.answers.get(th.category_question) not in (None, UNKNOWN)
    what = (
        "threshold"
        if value_known and category_known
        else "category"
        if value_known
        else "value"
        if category_known
        else "both"
    )
    return t(
        "drafts.may_apply", lang, name=agreement.name.get(lang), what=t(f"drafts.may_apply_what.{what}", lang)
    )


def _flag_values(flag: Flag, lang: str) -> dict[str, Any]:
    return {k: fmt_date(v, lang) if isinstance(v, dt.date) else v for k, v in flag.values.items()}


def _flag_line(pack: Pack, plan: Plan, flag: Flag, lang: str) -> str:
    """A plan flag as a council report says it: the city's voice (no "your deadline", no advice
    to the person filling in the tool); flags without a council wording read as on the Plan page."""
    if flag.kind in ("past_deadline", "legal_past_deadline", "no_meeting"):
        v = _flag_values(flag, lang)
        if flag.kind == "past_deadline":
            return tn(
                "drafts.flag.past_deadline",
                int(flag.values["late"]),
                lang,
                end=v["end"],
                deadline=v["deadline"],
            )
        if flag.kind == "no_meeting":
            v["body"] = t(f"profile.body.{v['body']}", lang)
        return t(f"drafts.flag.{flag.kind}", lang, **v)
    return flag_text(pack, plan, flag, lang, room=True)


def _deadline_miss(plan: Plan | None, lang: str) -> str:
    """One plain sentence for the recommendation when the plan (the Plan page's own dates) ends
    after the date the solution is needed; "" when it does not, or there is no date."""
    flag = next((f for f in plan.flags if f.kind == "past_deadline"), None) if plan else None
    if flag is None:
        return ""
    v = _flag_values(flag, lang)
    return t("drafts.deadline_miss", lang, end=v["end"], deadline=v["deadline"])


def _in_use(plan: Plan | None, lang: str) -> str:
    """In use before the date it is needed, the full roll-out after it: both dates (review r18head
    #3: the draft led with "does not deliver by the date" when the pilot did); "" otherwise."""
    flag = next((f for f in plan.flags if f.kind == "rollout_after_deadline"), None) if plan else None
    if flag is None:
        return ""
    v = _flag_values(flag, lang)
    return t("drafts.in_use", lang, date=v["in_use"], deadline=v["deadline"], end=v["end"])


# the strategy's purchase options that put the roll-out in this contract (its value counts here)
_ROLLOUT_IN_CONTRACT = frozenset({"development_and_purchase"})


def _rollout(a: Assessment) -> str:
    """What the value council approves covers when the plan ends with a roll-out ("Buy at scale"):
    "separate" (a later procurement, its own approval and budget: not in this value), "option"
    (an option of this contract: in this value) or "undecided"; "" when no roll-out follows
    (review r18head #1: "$400,000, every option included" sat next to an undecided roll-out)."""
    s = a.strategy
    if s is None or "scale_purchase" not in s.stages:
        return ""
    if s.purchase.id in _ROLLOUT_IN_CONTRACT or a.answers.get("scale_up_committed") == "yes":
        return "option"
    if a.answers.get("scale_up_committed") == "no":
        return "separate"
    return "undecided"


def _dimension(pack: Pack, dim: str, lang: str) -> str:
    return next(d.name.get(lang) for d in pack.risks.dimensions if d.id == dim)


def _band(pack: Pack, band: str, lang: str) -> str:
    return next(b.label.get(lang) for b in pack.risks.bands if b.id == band)


def _dates(pack: Pack, plan: Plan | None, lang: str) -> list[str]:
    """One line per stage: "Challenge: April 6, 2026 to October 28, 2026"."""
    if plan is None:
        return []
    return [
        t("drafts.date_line", lang, step=label, start=fmt_date(start, lang), date=fmt_date(end, lang))
        for label, start, end, _ in stage_bars(pack, plan, lang)
    ]


def _closing(plan: Plan | None, lang: str) -> str:
    step = next((s for s in plan.steps if s.id == "bid"), None) if plan else None
    return (
        fmt_date(step.end, lang) if step else t("drafts.todo", lang, what=t("drafts.todo_what.closing", lang))
    )


def _step_end(plan: Plan | None, step_id: str, lang: str, what: str) -> str:
    step = next((s for s in plan.steps if s.id == step_id), None) if plan else None
    return (
        fmt_date(step.end, lang) if step else t("drafts.todo", lang, what=t(f"drafts.todo_what.{what}", lang))
    )


def _award(plan: Plan | None, lang: str) -> str:
    step = next((s for s in plan.steps if s.award), None) if plan else None
    return (
        fmt_date(step.end, lang) if step else t("drafts.todo", lang, what=t("drafts.todo_what.award", lang))
    )


# --- rendering ----------------------------------------------------------------------------------

_PREFIXES: tuple[tuple[str, Literal["title", "heading", "banner", "bullet"]], ...] = (
    ("# ", "title"),
    ("## ", "heading"),
    ("! ", "banner"),
    ("- ", "bullet"),
)


def _parts(line: str, values: Sequence[str]) -> tuple[Part, ...]:
    out: list[Part] = []
    pos = 0
    for m in _MARK.finditer(line):
        if m.start() > pos:
            out.append(Part(line[pos : m.start()], False))
        out.append(Part(values[int(m.group(1))], True))
        pos = m.end()
    if pos < len(line):
        out.append(Part(line[pos:], False))
    return tuple(p for p in out if p.text)


def parse(rendered: str, values: Sequence[str]) -> tuple[Block, ...]:
    """The blocks of a rendered template, one per non-blank line; markers become value parts (see
    the module docstring)."""
    blocks: list[Block] = []
    for raw in rendered.splitlines():
        line = raw.strip()
        if not line:
            continue
        for prefix, kind in _PREFIXES:
            if line.startswith(prefix):
                blocks.append(Block(kind, _parts(line[len(prefix) :].strip(), values)))
                break
        else:
            blocks.append(Block("para", _parts(line, values)))
    return tuple(b for b in blocks if b.parts)


def render(inp: DraftInput, draft_id: str, lang: str) -> Draft:
    """One draft in ``lang``: its template rendered with ``context`` and parsed into blocks."""
    lang = "fr" if lang == "fr" else "en"
    spec = drafts_spec(inp.pack)
    if spec is None:
        raise KeyError("this rule pack has no drafts")
    draft = next(d for d in spec.drafts if d.id == draft_id)
    values: list[str] = []
    template = _environment(inp.pack).get_template(f"{draft_id}.{lang}.j2")
    rendered = template.render(**context(inp, lang), **{_VALUES: values})
    return Draft(draft_id, lang, draft.title.get(lang), parse(rendered, values))


def _md_part(text: str) -> str:
    """One part escaped, keeping the spaces around it (escaping trims them)."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return lead + md_escape(core, inline=True) + trail


def to_markdown(draft: Draft) -> str:
    """The draft as Markdown for the page's preview: every part escaped, values included."""
    lines: list[str] = []
    for b in draft.blocks:
        text = "".join(_md_part(p.text) for p in b.parts)
        lines.append(
            {
                "title": f"### {text}",
                "heading": f"#### {text}",
                "banner": f"> **{text}**",
                "bullet": f"- {text}",
            }.get(b.kind, text)
        )
        lines.append("")
    return "\n".join(lines)


def to_docx(draft: Draft, when: dt.date | None = None) -> bytes:
    """The draft as a Word document: real Heading styles, bullets, the banner in bold, and values
    as plain runs (a value's line breaks become Word line breaks, never new paragraphs)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document()
    props = doc.core_properties
    props.title = draft.title
    props.author = "MIX Decide"
    props.language = "fr-CA" if draft.lang == "fr" else "en-CA"
    moment = dt.datetime.combine(when or dt.date(2000, 1, 1), dt.time(0, 0))
    props.created = props.modified = moment  # deterministic bytes for the same draft
    props.revision = 1
    banner = next((b for b in draft.blocks if b.kind == "banner"), None)
    if banner is not None:  # the draft mark on every printed page, not only the first paragraph
        for section in doc.sections:
            head = section.header.paragraphs[0]
            run = head.add_run("".join(p.text for p in banner.parts).replace("\n", " "))
            run.bold = True
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            run.font.size = Pt(8)
    for b in draft.blocks:
        if b.kind == "title":
            par = doc.add_heading(level=1)
        elif b.kind == "heading":
            par = doc.add_heading(level=2)
        elif b.kind == "bullet":
            par = doc.add_paragraph(style="List Bullet")
        else:
            par = doc.add_paragraph()
        for p in b.parts:
            for i, chunk in enumerate(p.text.split("\n")):
                if i:
                    par.add_run().add_break()
                run = par.add_run(chunk)
                if b.kind == "banner":
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
                    run.font.size = Pt(11)
    out = io.BytesIO()
    doc.save(out)
    return _stable_zip(out.getvalue(), moment)


def _stable_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same .docx with every zip entry stamped ``moment`` (python-docx stamps the current
    time, so two saves a second apart differed): the same draft is the same bytes."""
    import zipfile

    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=stamp), src.read(info.filename), zipfile.ZIP_DEFLATED
            )
    return out.getvalue()
