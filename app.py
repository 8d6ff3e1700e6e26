"""Incident map: Streamlit entry point (routing only).

``streamlit run app.py`` runs this file twice over: imported as the module
``app``, it gives Streamlit the ``st.App`` whose start-up hook warms the Map
page's first run in the background (``pages/common/warm.py``; the health check does
not wait for it); run as the script of each browser session
(``__main__``), it routes to the pages.
"""

import streamlit as st

if __name__ == "__main__":
    from pages.common.warm import note_run

    note_run()  # the warm-up's gazetteer load waits for a quiet moment
    st.set_page_config(page_title="Incident map", page_icon="static/favicon.png",
                       layout="wide")
    from pages.common.auth import gate_viewing

    gate_viewing()  # with sign-in configured and viewing not open: sign in before any page

    pages = [
        st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
        st.Page("pages/ingest.py", title="Ingest", icon=":material/upload_file:"),
        st.Page("pages/incidents.py", title="Incidents", icon=":material/table_rows:"),
        st.Page("pages/review.py", title="Review", icon=":material/fact_check:"),
        st.Page("pages/briefing.py", title="Briefing", icon=":material/slideshow:"),
        st.Page("pages/export.py", title="Export", icon=":material/download:"),
    ]
    st.navigation(pages).run()
else:
    from pages.common.warm import lifespan

    app = st.App(__file__, lifespan=lifespan)
