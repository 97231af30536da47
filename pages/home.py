"""Home: what the tool does, start or open an assessment, language, and the legal note."""

from ui.boot import require_app

require_app()


import pandas as pd
import streamlit as st

from mixdecide.store import NotFound, get_assessment, list_assessments, session_scope
from mixdecide.wording import step_name
from ui import exports, nav, session
from ui.auth import principal
from ui.db import engine
from ui.state import answers, get_pack, lang, meta, tr

RECENT = 5  # assessments listed under "Recent assessments"

pack = get_pack()
lg = lang()

st.title(tr("home.title"), anchor=False)
st.markdown(f"#### {tr('home.tagline')}")
# counted from the rule pack: the questions always asked, and the follow-ups some answers add
asked = sum(1 for q in pack.questions.values() if q.visible_if is None)
st.write(tr("home.what", asked=asked, most=len(pack.questions)))


def _demo_here() -> bool:
    """The demo assessment exists and this person may open it (a team deployment usually starts
    without it: MIXDECIDE_SEED_DEMO=0)."""
    try:
        with session_scope(engine(), readonly=True) as s:
            get_assessment(principal=principal(), session=s, id=session.DEMO_ID)
    except NotFound:
        return False
    return True


may_create = principal().editor  # a viewer reads; starting an assessment would be refused
c1, c2 = st.columns(2, gap="large")
with c1, st.container(border=True):
    st.subheader(tr("home.new_title"), anchor=False)
    if may_create:
        st.write(tr("home.new_body"))
        if st.button(tr("home.new_button"), type="primary", icon=":material/add:", key="home.new"):
            session.start_new()
            nav.go("assess")
    else:
        st.info(tr("home.new_viewer"), icon=":material/visibility:")
if _demo_here():
    with c2, st.container(border=True):
        st.subheader(tr("home.demo_title"), anchor=False)
        st.write(tr("home.demo_body"))
        if st.button(tr("home.demo_button"), icon=":material/play_circle:", key="home.demo"):
            session.open_demo()
            nav.go("recommendation")

if answers():
    with st.container(border=True):
        title = meta().get("title") or tr("home.untitled")
        st.markdown(f"**{tr('home.continue_title')}**")
        st.text(title)
        st.caption(tr("home.continue_progress", n=len(answers())))
        nav.link("assess", tr("home.continue_button"))

with session_scope(engine(), readonly=True) as s:
    recent, _ = list_assessments(principal=principal(), session=s, sort="updated_desc", limit=RECENT)
if recent:
    st.subheader(tr("home.recent_title"), anchor=False)
    st.caption(tr("portfolio.select_to_open"))
    picked = st.dataframe(  # what people typed goes in a table, never through Markdown
        pd.DataFrame(
            {
                tr("meta.title"): [r.title or tr("home.untitled") for r in recent],
                tr("portfolio.route"): [
                    step_name(pack, r.top_route, lg, short=True) if r.top_route else "—" for r in recent
                ],
                tr("portfolio.updated"): [r.updated_at.strftime("%Y-%m-%d") for r in recent],
            }
        ),
        hide_index=True,
        width="stretch",
        key="home.recent",
        on_select="rerun",
        selection_mode="single-row",
    )
    if picked.selection.rows:
        session.open_assessment(recent[picked.selection.rows[0]].id)
        nav.go("recommendation")
    nav.link("portfolio", tr("home.all_assessments"))

with st.expander(tr("home.import_title"), icon=":material/upload_file:"):
    new_id = exports.import_uploader()
    if new_id:
        session.open_assessment(new_id)
        nav.go("recommendation")

st.subheader(tr("home.how_title"), anchor=False)
h1, h2, h3 = st.columns(3)
h1.markdown(f"**1. {tr('home.how_1_title')}**  \n{tr('home.how_1')}")
h2.markdown(f"**2. {tr('home.how_2_title')}**  \n{tr('home.how_2')}")
h3.markdown(f"**3. {tr('home.how_3_title')}**  \n{tr('home.how_3')}")

st.warning(pack.meta.disclaimer.get(lg), icon=":material/gavel:")
st.caption(tr("home.pack", name=pack.meta.name.get(lg), version=pack.version))
