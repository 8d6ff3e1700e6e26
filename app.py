"""Incident map: Streamlit entry point (routing only)."""

import streamlit as st

st.set_page_config(page_title="Incident map", page_icon="static/favicon.png", layout="wide")

pages = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/ingest.py", title="Ingest", icon=":material/upload_file:"),
    st.Page("pages/incidents.py", title="Incidents", icon=":material/table_rows:"),
    st.Page("pages/review.py", title="Review", icon=":material/fact_check:"),
    st.Page("pages/briefing.py", title="Briefing", icon=":material/slideshow:"),
    st.Page("pages/export.py", title="Export", icon=":material/download:"),
]
st.navigation(pages).run()
