"""Export page: the current filtered view as GeoJSON (RFC 7946), CSV or GeoPackage."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from geo.errors import IncidentMapError
from geo.export import frame_to_feature_collection
from geo.standalone import render_png, standalone_map
from pages._links import apply_link_once, link_notice
from pages._shared import filtered, gazetteer, sidebar_filters, store, store_facets

store()
fac = store_facets()
apply_link_once(fac)
flt = sidebar_filters(fac)
view = filtered(flt)
st.title("Export the current view")
link_notice()
st.caption(f"{len(view):,} of {fac.total:,} incidents. The files record the filters "
           "and the time they were made.")
stamp = datetime.now(UTC)
name = f"incidents-{stamp:%Y%m%dT%H%M%SZ}"
collection = frame_to_feature_collection(view, filters=flt.describe(), created=stamp)
st.download_button("GeoJSON snapshot (RFC 7946)", json.dumps(collection, ensure_ascii=False),
                   file_name=f"{name}.geojson", mime="application/geo+json", key="dl_geojson")
csv = view.drop(columns="geometry").assign(lon=view.geometry.x, lat=view.geometry.y)
st.download_button("CSV", csv.to_csv(index=False), file_name=f"{name}.csv", mime="text/csv",
                   key="dl_csv")
with tempfile.TemporaryDirectory() as tmp:
    gpkg = Path(tmp) / f"{name}.gpkg"
    if len(view):
        view.assign(event_type=view["event_type"].astype(str)).to_file(gpkg, driver="GPKG",
                                                                       layer="incidents")
        st.download_button("GeoPackage", gpkg.read_bytes(), file_name=gpkg.name,
                           mime="application/geopackage+sqlite3", key="dl_gpkg")
    else:
        st.info("No incidents in this view: nothing to write to a GeoPackage.")
if len(view):
    page = standalone_map(view, gazetteer(), title="Incident map",
                          caption=f"{len(view):,} incidents · {json.dumps(flt.describe())}",
                          created=stamp)
    st.download_button("Standalone map (HTML, works offline)", page, file_name=f"{name}.html",
                       mime="text/html", key="dl_html")
    if st.button("Make a PNG of this view (for slides)", key="make_png"):
        try:
            st.session_state["png"] = render_png(page)
        except IncidentMapError as exc:
            st.error(str(exc))
    if st.session_state.get("png"):
        st.download_button("PNG", st.session_state["png"], file_name=f"{name}.png",
                           mime="image/png", key="dl_png")
with st.expander("Filters recorded in the files"):
    st.json(flt.describe())
