"""Rules: browse the rule pack (questions, routes, rules, checklist, sources) with a search box."""

from ui.boot import require_app

require_app()


from collections.abc import Iterable

import pandas as pd
import streamlit as st

from mixdecide.wording import (
    basis_label,
    describe_condition,
    describe_effect,
    duty_text,
    item_citation,
    item_why,
    step_name,
)
from ui import keys
from ui.state import get_pack, lang, tr

pack = get_pack()
lg = lang()

st.title(tr("rules.title"), anchor=False)
st.caption(tr("rules.intro", name=pack.meta.name.get(lg), version=pack.version))
query = (
    st.text_input(
        tr("rules.search"), key=keys.RULES_SEARCH, placeholder=tr("rules.search_placeholder"), max_chars=100
    )
    .strip()
    .lower()
)


def _keep(df: pd.DataFrame) -> pd.DataFrame:
    if not query:
        return df
    mask = df.apply(lambda row: query in " ".join(str(v) for v in row.values).lower(), axis=1)
    return df[mask]


def _refs(ids: Iterable[str]) -> str:
    return "; ".join(pack.sources[r].title for r in ids)


questions = pd.DataFrame(
    [
        {
            tr("rules.col.section"): s.title.get(lg),
            tr("rules.col.id"): q.id,
            tr("rules.col.question"): q.label.get(lg),
            tr("rules.col.answers"): " | ".join(
                [o.label.get(lg) for o in q.options] + [q.unknown_label.get(lg)]
            )
            if q.type == "choice"
            else tr("rules.number"),
            tr("rules.col.shown_when"): describe_condition(pack, q.visible_if, lg)
            if q.visible_if
            else tr("rules.always"),
            tr("rules.col.help"): q.help.get(lg),
        }
        for s in pack.sections
        for q in s.questions
    ]
)
routes = pd.DataFrame(
    [
        {
            tr("rules.col.route"): r.name.get(lg),
            tr("rules.col.summary"): r.summary.get(lg),
            tr("rules.col.fits"): "\n".join(f"• {x.get(lg)}" for x in r.fits),
            tr("rules.col.avoid"): "\n".join(f"• {x.get(lg)}" for x in r.avoid),
            tr("rules.col.duration"): r.duration.text.get(lg),
            tr("rules.col.legal"): "\n".join(
                f"• {duty_text(x.basis, x.get(lg), x.cite, lg)}" for x in r.legal
            ),
            tr("rules.col.refs"): _refs(r.refs),
        }
        for r in pack.routes.values()
    ]
)
rules = pd.DataFrame(
    [
        {
            tr("rules.col.id"): c.rule.id,
            tr("rules.col.when"): describe_condition(pack, c.rule.when, lg),
            tr("rules.col.effect"): describe_effect(pack, c.rule, lg),
            tr("rules.col.rationale"): c.rule.rationale.get(lg),
            tr("rules.col.refs"): _refs(c.rule.refs),
        }
        for c in pack.rules
    ]
)
principles = {p.id: p.name.get(lg) for p in pack.checklist.principles}
checklist = pd.DataFrame(
    [
        {
            tr("rules.col.principle"): principles[i.principle],
            tr("rules.col.item"): i.text.get(lg),
            tr("rules.col.basis"): basis_label(i.basis, lg),
            tr("rules.col.cite"): item_citation(i, lg),
            tr("rules.col.why"): item_why(i, lg),
            tr("rules.col.how"): i.how.get(lg),
            tr("rules.col.applies"): "; ".join(
                filter(
                    None,
                    [
                        tr("rules.routes_only", routes=", ".join(step_name(pack, r, lg) for r in i.routes))
                        if i.routes
                        else "",
                        describe_condition(pack, i.applies_if, lg) if i.applies_if else "",
                    ],
                )
            )
            or tr("rules.always"),
            tr("rules.col.refs"): _refs(i.refs),
        }
        for i in pack.checklist.items
    ]
)
sources = pd.DataFrame(
    [
        {
            tr("rules.col.source"): s.title,
            tr("rules.col.publisher"): s.publisher,
            tr("rules.col.kind"): tr(f"rules.kind.{s.kind}"),
            tr("rules.col.url"): s.url,
            tr("rules.col.verify"): tr("rules.verify_yes") if s.verify else "",
        }
        for s in pack.sources.values()
    ]
)

tables = [
    ("rules.tab.questions", questions, None),
    ("rules.tab.routes", routes, None),
    ("rules.tab.rules", rules, None),
    ("rules.tab.checklist", checklist, None),
    ("rules.tab.sources", sources, {tr("rules.col.url"): st.column_config.LinkColumn()}),
]
shown = [(label, _keep(df), cfg) for label, df, cfg in tables]
tabs = st.tabs([f"{tr(label)} ({len(df)})" for label, df, _ in shown])
for tab, (_label, df, cfg) in zip(tabs, shown, strict=True):
    with tab:
        if df.empty:
            st.info(tr("rules.no_match"))
        else:
            st.dataframe(df, hide_index=True, width="stretch", column_config=cfg, row_height=70)
st.caption(pack.meta.disclaimer.get(lg))
