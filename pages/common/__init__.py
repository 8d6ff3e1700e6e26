"""Helpers the pages share (widgets, cached resources, the map component, sign-in, warm-up).

Not pages themselves: they live in this sub-folder so that Streamlit never lists them
as pages (it lists every ``*.py`` directly in ``pages/`` until ``st.navigation`` runs).
"""
