"""Streamlit helpers shared by the pages (state, widgets, navigation). Logic lives in mixdecide/."""
