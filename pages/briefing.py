"""Briefing page: saved views stepped as slides on a full-width, high-contrast map."""

from __future__ import annotations

import html
import json

import streamlit as st
from streamlit_folium import st_folium

from geo.briefing import briefings, export_briefing, import_briefing, slides
from geo.errors import IncidentMapError
from geo.mapping import (
    base_map,
    incident_layer,
    legend_of,
    palette_for,
    stable_ids,
    view_of,
)
from geo.theme import HIGH_CONTRAST, STANDARD
from pages._shared import filtered, gazetteer, keep_filter_state, store, store_facets

HIGH_CONTRAST_CSS = """<style>
.stApp {background: #fff !important; color: #000;}
.stApp p, .stApp label, .stApp span, .stApp div {color: #000;}
.stApp button {border: 2px solid #000 !important; color: #000 !important;
               background: #fff !important; font-size: 1.15rem;}
.stApp button:disabled {border-style: dashed !important; opacity: 0.45;}
.briefing-caption {font-size: 2.4rem;}
.briefing-dates {font-size: 1.6rem; font-weight: 600;}
iframe {outline: 3px solid #000;}
</style>"""

keep_filter_state()
st.markdown("""<style>
[data-testid="stSidebar"], [data-testid="stHeader"] {display: none;}
.block-container {padding-top: 1rem; max-width: 100%;}
.briefing-caption {font-size: 2rem; line-height: 1.25; color: #000; font-weight: 600;}
.briefing-dates {font-size: 1.4rem; color: #111;}
</style>""", unsafe_allow_html=True)
s = store()
names = briefings(s)
top = st.columns([2, 1, 2, 2])
top[0].markdown("[← Back to the map](/)")
high_contrast = top[1].toggle("High contrast", value=True, key="high_contrast",
                              help="Black on white with heavy outlines, for a projector.")
theme = HIGH_CONTRAST if high_contrast else STANDARD
if high_contrast:
    st.markdown(HIGH_CONTRAST_CSS, unsafe_allow_html=True)
with top[3].popover("Import a briefing (.json)"):
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
name = top[2].selectbox("Briefing", names, key="briefing_name")
deck = slides(s, name)
index = min(st.session_state.get("slide", 0), len(deck) - 1)
nav = st.columns([1, 1, 6, 2])
# Arrow keys step the slides (when the page, not the map, has the keyboard focus).
if nav[0].button("◀ Previous", disabled=index == 0, key="prev_slide", shortcut="Left"):
    index -= 1
if nav[1].button("Next ▶", disabled=index >= len(deck) - 1, key="next_slide",
                 shortcut="Right"):
    index += 1
st.session_state["slide"] = index
slide = deck[index]
flt = slide.incident_filter()
view = filtered(flt)
window = (f"{flt.start or 'first'} to {flt.end or 'latest'}" if flt.start or flt.end
          else "all dates")
nav[2].markdown(f"<div class='briefing-dates'>Slide {index + 1} of {len(deck)} · "
                f"{window} · {len(view)} incidents"
                "<span style='font-size:0.8em'> · ← → keys step</span></div>",
                unsafe_allow_html=True)
nav[3].download_button("Export briefing (.json)", json.dumps(export_briefing(s, name),
                       indent=1), file_name=f"{name}.json", mime="application/json")
st.markdown(f"<div class='briefing-caption'>{html.escape(slide.caption)}</div>",
            unsafe_allow_html=True)
gaz = gazetteer()
center, zoom = (slide.center, slide.zoom) if slide.center and slide.zoom else view_of(view)
# The same palette and legend as the Map page: from every stored incident.
fac = store_facets()
palette = palette_for(fac.event_types, fac.primary_actors, slide.colour_by)
layer, _ = incident_layer(view, gaz, slide.colour_by, colours=palette, theme=theme)
fmap = base_map(gaz, center=center, zoom=zoom, font_px=20 if high_contrast else 18,
                legend=legend_of(palette, slide.colour_by), theme=theme)
st_folium(fmap, feature_group_to_add=[stable_ids(layer, "slide")], returned_objects=[],
          key="briefing-map", height=800, use_container_width=True, center=center, zoom=zoom)
