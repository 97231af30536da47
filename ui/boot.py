"""Make every page URL work on a freshly started server.

Until some session has run app.py's st.navigation, Streamlit treats the pages/ folder as a
legacy multipage app and runs a deep-linked page (/assess?a=...) on its own, without app.py.
The first visitor after a restart would then see a page with no session defaults and no menu.
Each page calls ``require_app()`` first: in that legacy mode it runs app.py (which registers the
real navigation and renders the requested page) and stops the bare page run.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def require_app() -> None:
    """Run the app shell first when Streamlit ran this page without app.py."""
    if PagesManager.uses_pages_directory:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
