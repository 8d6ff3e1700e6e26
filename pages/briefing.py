"""Briefing page: saved views stepped as slides on a full-width, high-contrast map."""

from __future__ import annotations

import html
import json

import streamlit as st
from streamlit_folium import st_folium

from geo.briefing import briefings, export_briefing, import_briefing, slides
from geo.errors import IncidentMapError
from geo.mapping import base_map, colour_map, incident_layer, legend_for, view_of
from pages._shared import gazetteer, incidents, keep_filter_state, store

keep_filter_state()
st.markdown("""<style>
[data-testid="stSidebar"] {display: none;}
.block-container {padding-top: 1rem; max-width: 100%;}
.briefing-caption {font-size: 2rem; line-height: 1.25; color: #000; font-weight: 600;}
.briefing-dates {font-size: 1.4rem; color: #111;}
</style>""", unsafe_allow_html=True)
s = store()
names = briefings(s)
top = st.columns([3, 2, 2])
top[0].markdown("[← Back to the map](/)")
with top[2].popover("Import a briefing (.json)"):
    upload = st.file_uploader("Briefing file", type=["json"], key="briefing_upload")
    if upload is not None and st.button("Import"):
        try:
            imported = import_briefing(s, json.loads(upload.getvalue().decode("utf-8")))
        except (IncidentMapError, ValueError) as exc:
            st.error(f"{upload.name}: {exc}")
        else:
            st.success(f"Imported briefing {imported!r}.")
            st.rerun()
if not names:
    st.info("No briefing yet. On the Map page, open “Save this view to a briefing”.")
    st.stop()
name = top[1].selectbox("Briefing", names, key="briefing_name")
deck = slides(s, name)
index = min(st.session_state.get("slide", 0), len(deck) - 1)
nav = st.columns([1, 1, 6, 2])
if nav[0].button("◀ Previous", disabled=index == 0, key="prev_slide"):
    index -= 1
if nav[1].button("Next ▶", disabled=index >= len(deck) - 1, key="next_slide"):
    index += 1
st.session_state["slide"] = index
slide = deck[index]
flt = slide.incident_filter()
all_incidents = incidents()
view = flt.apply(all_incidents)
nav[2].markdown(f"<div class='briefing-dates'>Slide {index + 1} of {len(deck)} · "
                f"{flt.start or '…'} to {flt.end or '…'} · {len(view)} incidents</div>",
                unsafe_allow_html=True)
nav[3].download_button("Export briefing (.json)", json.dumps(export_briefing(s, name),
                       indent=1), file_name=f"{name}.json", mime="application/json")
st.markdown(f"<div class='briefing-caption'>{html.escape(slide.caption)}</div>",
            unsafe_allow_html=True)
gaz = gazetteer()
center, zoom = (slide.center, slide.zoom) if slide.center and slide.zoom else view_of(view)
palette = colour_map(all_incidents, slide.colour_by)
layer, _ = incident_layer(view, gaz, slide.colour_by, colours=palette)
fmap = base_map(gaz, center=center, zoom=zoom, font_px=18,
                legend=legend_for(all_incidents, slide.colour_by))
st_folium(fmap, feature_group_to_add=[layer], returned_objects=[], key="briefing-map",
          height=680, use_container_width=True, center=center, zoom=zoom)
