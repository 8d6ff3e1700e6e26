"""Incidents page: the table of the current filter, each row linked to the map."""

from __future__ import annotations

import streamlit as st

from geo.review.view import display_table, plural
from pages.common.links import apply_link_once, link_notice
from pages.common.shared import filtered, sidebar_filters, store, store_facets

store()
fac = store_facets()
apply_link_once(fac)
view = filtered(sidebar_filters(fac))
st.title("Incidents")
link_notice()
st.caption(f"{len(view):,} of {plural(fac.total, 'incident')} match the filters. Click a "
           "column header to sort; “map” opens the incident on the map.")
table = display_table(view)
table.insert(4, "map", "/?focus=" + table["incident_id"].astype(str))
table.insert(5, "review", "/review?focus=" + table["incident_id"].astype(str))
table["lon"] = view.geometry.x.round(5)
table["lat"] = view.geometry.y.round(5)
st.dataframe(
    table, hide_index=True, width="stretch", height=600,
    column_config={
        "map": st.column_config.LinkColumn("map", display_text="map"),
        "review": st.column_config.LinkColumn("review", display_text="review"),
        "url": st.column_config.LinkColumn("url"),
        "event_date": st.column_config.DateColumn("event_date", format="YYYY-MM-DD"),
        "quote": st.column_config.TextColumn("quote", width="large"),
    },
)
