"""MIX Decide: page config, language, navigation. Nothing else happens here."""

# Imported eagerly, before any page runs: avoids the plotly/pandas first-load import race
# between script threads (plotly.py#2433, seen here in 3 of 12 fresh starts).
import pandas  # noqa: F401
import plotly.express  # noqa: F401
import streamlit as st

from ui import auth, nav, session, state, workshop_data

took_key = workshop_data.take_facilitator_key()  # before anything is drawn: the key never paints
if took_key:  # and out of the address bar with the first element the browser draws
    st.html(workshop_data.STRIP_KEY_JS, unsafe_allow_javascript=True)
state.init()
st.set_page_config(
    page_title="MIX Decide",
    page_icon="data/brand/icon.png",
    layout="wide",
    initial_sidebar_state="collapsed" if st.session_state.get("present") else "auto",
)
page = nav.navigation()
if took_key:  # the frontend redraws the address from its first one on navigation: say it again
    st.query_params["w"] = st.query_params["w"]
where = nav.current_name()  # "join" for a participant, whose only page is the default one
auth.boot(where)  # single-user mode, or the signed-in member (team mode stops here if needed)
opened = session.restore_from_url()
auth.settle_read_only()  # a viewer or link holder reads; every input that would change it is off
nav.sidebar()
if not opened and where in auth.ASSESSMENT_PAGES:
    # r15attack #4: a refused, unknown or revoked id shows the message alone (the same for each),
    # not an empty assessment under it nor a "you opened a shared link" note
    session.show_messages(where)
    st.stop()
auth.read_only_note(where)
session.show_messages(where)
page.run()
