"""Checklist: fairness, transparency, accountability, accessibility and privacy items for the route."""

from ui.boot import require_app

require_app()


import streamlit as st

from mixdecide.checklist import progress
from mixdecide.details import CHECKLIST_STATUSES, DEFAULT_ENTRY, ChecklistEntry, max_chars
from mixdecide.result import ChecklistFinding
from mixdecide.strategy import leading_path
from mixdecide.wording import basis_label, duties_first, item_citation, item_why, shown_basis, step_name
from ui import auth, exports, keys, nav, persist
from ui.render import checklist_meter, project_line
from ui.state import checklist_state, get_pack, lang, result, seed_widget, tr

pack = get_pack()
lg = lang()
a = result()
items = {i.id: i for i in pack.checklist.items}
sources = pack.sources
state = checklist_state()

st.title(tr("cl.title"), anchor=False)
project_line()
lead = leading_path(pack, a.strategy)  # a direct award or a call-off is the headline, not the procedure
if lead is not None:
    st.caption(tr("cl.intro_path", path=lead.name.get(lg), route=step_name(pack, a.top, lg)))
else:
    st.caption(tr("cl.intro", route=step_name(pack, a.top, lg)))
st.caption(tr("cl.limits", owner=max_chars(ChecklistEntry, "owner"), note=max_chars(ChecklistEntry, "note")))


def _entry(item_id: str) -> dict[str, str]:
    return {**DEFAULT_ENTRY, **(state.get(item_id) or {})}


def _on_change(item_id: str, field: str, key: str) -> None:
    persist.set_checklist(item_id, field, st.session_state.get(key), key)


ro = auth.read_only()  # a viewer or link holder: every field shown, none changeable
findings = list(a.checklist)
done = progress(findings, state)
c1, c2, c3, c4 = st.columns([3, 1, 1, 1], vertical_alignment="center")
checklist_meter(c1, done)
c2.metric(tr("cl.status.done"), sum(_entry(f.item)["status"] == "done" for f in findings))
c3.metric(tr("cl.status.in_progress"), done.started)
c4.metric(tr("cl.remaining"), done.remaining)

by_principle: dict[str, list[ChecklistFinding]] = {}
for f in duties_first(findings):
    by_principle.setdefault(f.principle, []).append(f)
principles = [p for p in pack.checklist.principles if p.id in by_principle]
tabs = st.tabs([f"{p.name.get(lg)} ({len(by_principle[p.id])})" for p in principles])
for tab, p in zip(tabs, principles, strict=True):
    with tab:
        for f in by_principle[p.id]:
            item = items[f.item]
            entry = _entry(f.item)
            with st.container(border=True):
                # a duty kept only because an answer it reads is unknown reads "May apply"
                basis = shown_basis(item.basis, f.confirm)
                color = {"mandatory": "red", "conditional": "orange"}.get(basis, "blue")
                st.markdown(f":{color}-badge[{basis_label(basis, lg)}] **{item.text.get(lg)}**")
                if item.cite or item.why:
                    why = item_why(item, lg, f.confirm)
                    st.markdown(" · ".join(x for x in (item_citation(item, lg), why) if x))
                st.caption(item.how.get(lg))
                if f.confirm:
                    st.caption(":material/help: " + tr("cl.confirm"))
                refs = " · ".join(f"[{sources[r].title}]({sources[r].url})" for r in item.refs)
                st.markdown(f":small[{tr('cl.source')} {refs}]")  # not a caption: faded links fail contrast
                s1, s2, s3 = st.columns([1.2, 1, 2])
                k_status = keys.CL_STATUS + f.item
                seed_widget(k_status, entry["status"])
                # each select is named after its item ("Status: Publish the criteria"), so a
                # screen reader's list of controls is not thirty "Status"; the word stays on screen
                with s1.container(key=f"cl-status-label-{f.item}"):  # styled as a widget label
                    st.markdown(f":small[{tr('cl.status_label')}]")
                s1.selectbox(
                    tr(
                        "cl.status_of", item=item.text.get(lg)
                    ),  # the pack's text: the accessible name, not drawn
                    CHECKLIST_STATUSES,
                    label_visibility="collapsed",
                    format_func=lambda s: tr(f"cl.status.{s}"),
                    key=k_status,
                    on_change=_on_change,
                    args=(f.item, "status", k_status),
                    disabled=ro,
                )
                for col, field, prefix in ((s2, "owner", keys.CL_OWNER), (s3, "note", keys.CL_NOTE)):
                    key = prefix + f.item
                    seed_widget(key, entry[field])
                    limit = max_chars(ChecklistEntry, field)
                    label, args = tr(f"cl.{field}"), (f.item, field, key)
                    if field == "note":  # often several lines: a box that shows them
                        col.text_area(
                            label,
                            key=key,
                            max_chars=limit,
                            on_change=_on_change,
                            args=args,
                            height=80,
                            disabled=ro,
                        )
                    else:
                        col.text_input(
                            label, key=key, max_chars=limit, on_change=_on_change, args=args, disabled=ro
                        )

st.divider()
exports.checklist_download("cl.dl")
exports.report_downloads("cl.report")
nav.link("recommendation", tr("cl.back"))
