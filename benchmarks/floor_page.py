"""The floor: the least a Streamlit page needs to show 16 markers on a folium map.

One ``st_folium`` map, 16 CircleMarkers, the project's own local Leaflet assets
(:func:`geo.map.assets.localize`), nothing else. ``benchmarks/pageload.py`` serves
it beside the Map page and reports the Map page's times as ratios to this one.
Run it as a main script whose folder has ``static/`` (the benchmark copies it
next to a link to the checkout's ``static/``).
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.map.assets import localize

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
fmap = folium.Map(location=[34.5, 41.0], zoom_start=5, tiles=None)
for i in range(16):
    folium.CircleMarker([33.0 + (i // 4) * 0.8, 39.0 + (i % 4) * 0.9], radius=6,
                        color="#111111", weight=1, fill=True, fill_color="#b91c1c",
                        fill_opacity=0.95, tooltip=f"marker {i}",
                        class_name="incident-marker").add_to(fmap)
st_folium(localize(fmap), key="floor-map", height=640, use_container_width=True,
          returned_objects=["zoom", "center"])
