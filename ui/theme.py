"""Presentation-mode styling: larger type for screen-sharing. Static CSS only (no user text)."""

import streamlit as st

_PRESENT_CSS = """
<style>
  .stMainBlockContainer { max-width: 1400px; padding-top: 4rem; }
  .stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.45rem; line-height: 1.5; }
  .stMainBlockContainer h1 { font-size: 3.2rem; }
  [data-testid="stMetricValue"] { font-size: 2.6rem; }
  [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
  .stButton button p { font-size: 1.3rem; }
</style>
"""


def presentation_css() -> None:
    """Enlarge type and metrics while presenting."""
    st.html(_PRESENT_CSS)
