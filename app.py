"""Incident map: Streamlit entry point (routing only)."""

import streamlit as st

st.set_page_config(page_title="Incident map", page_icon="🗺️", layout="wide")

pages = [
    st.Page("pages/map.py", title="Map", icon="🗺️", default=True),
    st.Page("pages/ingest.py", title="Ingest", icon="📥"),
    st.Page("pages/incidents.py", title="Incidents", icon="📋"),
    st.Page("pages/export.py", title="Export", icon="📤"),
]
st.navigation(pages).run()
