"""Export page: the current filtered view as GeoJSON (RFC 7946), CSV, GeoPackage, HTML, PNG.

The page renders from the in-memory point index (a count, no rows); each file is built only
when its button is pressed (Streamlit calls the download's data function on click, on its own
thread, without rerunning the page).
"""

from __future__ import annotations

from datetime import UTC, datetime

import geopandas as gpd
import streamlit as st

from geo.core.errors import IncidentMapError
from geo.io.export import csv_text, geojson_text, gpkg_bytes
from geo.map.briefing import describe_filter
from geo.map.standalone import render_png, standalone_map
from pages.common.links import apply_link_once, link_notice
from pages.common.safe import say
from pages.common.shared import gazetteer, point_index, sidebar_filters, store, store_facets

s = store()
fac = store_facets()
apply_link_once(fac)
flt = sidebar_filters(fac)
index = point_index()
rowids = index.rowid[index.mask(flt)]
shown = len(rowids)
described = flt.describe()
st.title("Export the current view")
link_notice()
st.caption(f"{shown:,} of {fac.total:,} incidents. The files record the filters "
           "and the time they were made. Each file is made when you press its button.")
name = f"incidents-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
gaz = gazetteer()


def rows() -> gpd.GeoDataFrame:
    return s.incidents_by_rowid(rowids)


def html_page() -> str:
    view = rows()
    return standalone_map(view, gaz, title="Incident map",
                          caption=f"{describe_filter(flt)} · {len(view):,} incidents",
                          created=datetime.now(UTC))


if not shown:
    st.info("No incidents in this view: nothing to export. Widen the filters.")
else:
    st.download_button(
        "GeoJSON snapshot (RFC 7946)",
        lambda: geojson_text(rows(), filters=described, created=datetime.now(UTC)),
        file_name=f"{name}.geojson", mime="application/geo+json", key="dl_geojson",
        on_click="ignore")
    st.download_button("CSV", lambda: csv_text(rows()), file_name=f"{name}.csv",
                       mime="text/csv", key="dl_csv", on_click="ignore")
    st.download_button("GeoPackage", lambda: gpkg_bytes(rows()),
                       file_name=f"{name}.gpkg", mime="application/geopackage+sqlite3",
                       key="dl_gpkg", on_click="ignore")
    st.download_button("Standalone map (HTML, works offline)", html_page,
                       file_name=f"{name}.html", mime="text/html", key="dl_html",
                       on_click="ignore")
    if st.button("Make a PNG of this view (for slides)", key="make_png"):
        try:
            st.session_state["png"] = render_png(html_page())
        except IncidentMapError as exc:
            say("error", str(exc))
    if st.session_state.get("png"):
        st.download_button("PNG", st.session_state["png"], file_name=f"{name}.png",
                           mime="image/png", key="dl_png", on_click="ignore")
with st.expander("Filters recorded in the files"):
    st.json(described)
