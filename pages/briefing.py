"""Briefing page: saved views stepped as slides on a full-width, high-contrast map.

The slide (caption, date line, map) fits the screen without scrolling; editing
(caption, map view, order, deletion) sits in a popover above it.
"""

from __future__ import annotations

import html
import json
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from geo.core.errors import DataNotBuiltError, IncidentMapError
from geo.map.basemap import base_map
from geo.map.briefing import (
    briefings,
    delete_slide,
    export_briefing,
    import_briefing,
    move_slide,
    slide_subtitle,
    slides,
    update_slide,
)
from geo.map.layers import stable_ids
from geo.map.legend import legend_layer, legend_of, palette_for
from geo.map.render import incident_layer, view_of
from geo.map.standalone import render_png, standalone_map
from geo.map.theme import HIGH_CONTRAST, STANDARD
from pages.common.auth import can_edit
from pages.common.shared import (
    ensure_labels,
    filtered,
    gazetteer,
    keep_filter_state,
    store,
    store_facets,
)

MAP_KEY = "briefing-map"
HIGH_CONTRAST_CSS = """<style>
.stApp {background: #fff !important; color: #000;}
.stApp p, .stApp label, .stApp span, .stApp div {color: #000;}
.stApp button {border: 2px solid #000 !important; color: #000 !important;
               background: #fff !important; font-size: 1.15rem;}
.stApp button:disabled {border-style: dashed !important; opacity: 0.45;}
.briefing-caption {font-size: 2.2rem;}
.briefing-dates {font-size: 1.35rem; font-weight: 600;}
iframe[title="streamlit_folium.st_folium"] {outline: 3px solid #000;}
</style>"""
# The map takes the height the screen has left under the caption, so the slide
# fits 1920x1080 and 1600x1000 without scrolling.
FIT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stHeader"] {display: none;}
.block-container {padding-top: 0.75rem; padding-bottom: 0; max-width: 100%;}
[data-testid="stMainBlockContainer"] {padding-bottom: 0;}
.briefing-caption {font-size: 2rem; line-height: 1.2; color: #000; font-weight: 600;
  overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;}
.briefing-dates {font-size: 1.25rem; color: #111;}
iframe[title="streamlit_folium.st_folium"] {height: calc(100vh - 285px) !important;
  min-height: 320px;}
</style>"""


def _view_of_state(state: Any) -> tuple[tuple[float, float], int] | None:
    try:
        c = state["center"]
        return (float(c["lat"]), float(c["lng"])), int(state["zoom"])
    except (KeyError, TypeError, ValueError):
        return None


keep_filter_state()
st.markdown(FIT_CSS, unsafe_allow_html=True)
s = store()
names = briefings(s)
top = st.columns([2, 1, 2, 1.3, 1.3, 1.6])
top[0].markdown("[← Back to the map](/)")
high_contrast = top[1].toggle("High contrast", value=True, key="high_contrast",
                              help="Black on white with heavy outlines, for a projector.")
theme = HIGH_CONTRAST if high_contrast else STANDARD
if high_contrast:
    st.markdown(HIGH_CONTRAST_CSS, unsafe_allow_html=True)
EDITABLE = can_edit()  # with sign-in configured, only a signed-in user changes briefings
with top[5].popover("Import a briefing (.json)"):
    upload = st.file_uploader("Briefing file", type=["json"], key="briefing_upload")
    if upload is not None and st.button("Import", disabled=not EDITABLE) and EDITABLE:
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
name = top[2].selectbox("Briefing", names, key="briefing_name", label_visibility="collapsed")
deck = slides(s, name)
if not deck:
    st.stop()
index = max(0, min(st.session_state.get("slide", 0), len(deck) - 1))
nav = st.columns([1, 1, 7])
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
gaz = gazetteer()
ensure_labels()
center, zoom = (slide.center, slide.zoom) if slide.center and slide.zoom else view_of(view)
# The same palette and legend as the Map page: from every stored incident.
fac = store_facets()
palette = palette_for(fac.event_types, fac.primary_actors, slide.colour_by)
subtitle = slide_subtitle(slide, len(view))
nav[2].markdown(f"<div class='briefing-dates'>Slide {index + 1} of {len(deck)} · "
                f"{html.escape(subtitle)}"
                "<span style='font-size:0.8em'> · ← → keys step</span></div>",
                unsafe_allow_html=True)

with top[3].popover("Edit slides"):
    if not EDITABLE:
        st.caption("Sign in to change briefings.")
    st.caption(f"Slide {index + 1}: its caption, map view and place in “{name}”.")
    new_caption = st.text_area("Caption", value=slide.caption, key=f"edit_caption_{name}_{index}")
    reported = _view_of_state(st.session_state.get(MAP_KEY))
    keep_view = st.checkbox("Store the map's current position and zoom", value=False,
                            key=f"edit_view_{name}_{index}",
                            disabled=reported is None,
                            help="Pan and zoom the slide's map first.")
    if st.button("Save changes", key="edit_save", disabled=not EDITABLE) and EDITABLE:
        try:
            update_slide(s, name, index, caption=new_caption,
                         center=reported[0] if keep_view and reported else None,
                         zoom=reported[1] if keep_view and reported else None)
        except IncidentMapError as exc:
            st.error(str(exc))
        else:
            st.rerun()
    order = st.columns(3)
    if order[0].button("Move earlier", disabled=index == 0 or not EDITABLE,
                       key="edit_up") and EDITABLE:
        st.session_state["slide"] = move_slide(s, name, index, -1)
        st.rerun()
    if order[1].button("Move later", disabled=index >= len(deck) - 1 or not EDITABLE,
                       key="edit_down") and EDITABLE:
        st.session_state["slide"] = move_slide(s, name, index, 1)
        st.rerun()
    if order[2].button("Delete slide", key="edit_delete", disabled=not EDITABLE) and EDITABLE:
        delete_slide(s, name, index)
        st.session_state["slide"] = max(0, index - 1)
        st.rerun()

with top[4].popover("Export"):
    st.download_button("Briefing (.json)", json.dumps(export_briefing(s, name), indent=1),
                       file_name=f"{name}.json", mime="application/json")
    if st.button("Make an image of this slide (.png)", key="make_png"):
        try:
            page = standalone_map(view, gaz, title=slide.caption, caption=subtitle,
                                  colour_by=slide.colour_by, center=center, zoom=zoom,
                                  colours=palette, theme=theme, font_px=16)
            st.session_state["slide_png"] = (name, index, render_png(page, 1600, 1000))
        except DataNotBuiltError as exc:
            st.error(str(exc))
    made = st.session_state.get("slide_png")
    if made and made[:2] == (name, index):
        st.download_button("Download the image", made[2], file_name=f"{name}-{index + 1}.png",
                           mime="image/png")

st.markdown(f"<div class='briefing-caption'>{html.escape(slide.caption)}</div>",
            unsafe_allow_html=True)
font_px = 20 if high_contrast else 18
layer, _ = incident_layer(view, gaz, slide.colour_by, colours=palette, theme=theme)
fmap = base_map(gaz, center=center, zoom=zoom, theme=theme, fill_frame=True)
legend = legend_layer(legend_of(palette, slide.colour_by), font_px, theme)
st_folium(fmap, feature_group_to_add=[stable_ids(layer, "slide"), stable_ids(legend, "legend")],
          returned_objects=["center", "zoom"], key=MAP_KEY, height=700,
          use_container_width=True, center=center, zoom=zoom)
