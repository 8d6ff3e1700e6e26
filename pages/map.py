"""Map page: the filtered incidents on an offline map, with time play and overlays.

Small views are drawn as markers (or clusters); when more incidents match than
can be drawn, the store counts them per H3 hexagon and only the hexagons are
sent. In that mode the map reports its bounds and zoom, so zooming in
refines the hexagons and, once few enough incidents are in view, shows each.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.briefing import add_slide, slide_from
from geo.errors import IncidentMapError
from geo.hexbin import hexagon_frame, resolution_for_zoom
from geo.mapping import (
    MAX_CLUSTERED,
    OTHER_COLOUR,
    admin1_layer,
    base_map,
    deployment_layer,
    heat_layer,
    hexagon_caption,
    hexagon_layer,
    incident_layer,
    legend_layer,
    legend_of,
    palette_for,
    stable_ids,
    view_of,
    view_of_extent,
)
from geo.timeline import timeline_chart
from pages._shared import (
    deployments,
    ensure_labels,
    filtered,
    gazetteer,
    online,
    point_index,
    sidebar_filters,
    store,
    store_facets,
    sync_link,
)

MAP_KEY = "incident-map"


def _view_of_state(state: Any) -> tuple[tuple[float, float], int] | None:
    """The map's current centre and zoom as the browser last reported them."""
    try:
        c = state["center"]
        return (float(c["lat"]), float(c["lng"])), int(state["zoom"])
    except (KeyError, TypeError, ValueError):
        return None


def _bounds_of(state: Any) -> tuple[float, float, float, float] | None:
    """The last map view reported by the browser, padded by half its size."""
    try:
        sw, ne = state["bounds"]["_southWest"], state["bounds"]["_northEast"]
        west, south, east, north = (float(sw["lng"]), float(sw["lat"]), float(ne["lng"]),
                                    float(ne["lat"]))
    except (KeyError, TypeError, ValueError):
        return None
    pad_x, pad_y = (east - west) / 2, (north - south) / 2
    return (max(west - pad_x, -180.0), max(south - pad_y, -90.0),
            min(east + pad_x, 180.0), min(north + pad_y, 90.0))


s = store()
fac = store_facets()
index = point_index()
flt = sidebar_filters(fac)
keep = index.mask(flt)
total_matching = int(keep.sum())

st.title("Incident map")
# "1,000,000 of 1,000,000" must fit its column.
st.markdown("<style>[data-testid='stMetricValue'] {font-size: 1.6rem;}</style>",
            unsafe_allow_html=True)
link = sync_link(flt)
focus = st.query_params.get("focus")
top = st.columns([2, 2, 2, 4])
colour_by = top[0].radio("Colour by", ["event_type", "actor"], horizontal=True,
                         format_func=lambda v: "event type" if v == "event_type" else "actor",
                         key="colour_by")
show_deploy = top[1].toggle("Troop deployments", key="layer_deploy")
show_admin1 = top[1].toggle("Admin-1 boundaries", key="layer_admin1")
show_heat = top[1].toggle("Density (heat)", key="layer_heat")
with top[2]:
    play = st.toggle("▶ Play through time", key="playing")
    step_label = st.radio("Step", ["day", "week"], horizontal=True, key="play_step")
# One palette and legend for all incidents, so colours do not move when filters change.
palette = palette_for(fac.event_types, fac.primary_actors, colour_by)
top[3].metric("Incidents matching the filters", f"{total_matching:,} of {fac.total:,}")

try:
    focused = s.incident(focus) if focus else None
except IncidentMapError:
    focused = None
if focused is not None:
    center, zoom = (focused.lat, focused.lon), 9
else:
    center, zoom = view_of_extent(fac.extent)
# Too many to draw: follow the map's view (bounds, zoom) and aggregate what is in it.
large = total_matching > MAX_CLUSTERED
state = st.session_state.get(MAP_KEY)
bounds = _bounds_of(state) if large else None
in_view = replace(flt, bbox=bounds) if bounds else flt
keep_in_view = index.mask(in_view) if bounds else keep
n_in_view = int(keep_in_view.sum())
view: gpd.GeoDataFrame | None = None
if n_in_view > MAX_CLUSTERED:
    zoom_now = state.get("zoom") if isinstance(state, dict) else None
    resolution = resolution_for_zoom(zoom_now or zoom)
    hexes = hexagon_frame(index.hexagon_counts(keep_in_view, resolution, colour_by))
    layer = hexagon_layer(hexes, palette)
    how = (hexagon_caption(n_in_view, len(hexes), resolution) +
           f"; zoom in or narrow the filters to below {MAX_CLUSTERED:,} to see each incident")
else:
    view = filtered(in_view)
    layer, how = incident_layer(view, gazetteer(), colour_by, focus_id=focus, colours=palette)
    if bounds:
        how += " in this part of the map"
st.caption(f"{how}. Precision: ● site/town, ◎ near a site (dashed circle "
           "= uncertainty), ◌ region or country (shaded area).")

# The gazetteer (1 s to load) is only needed for markers and overlays, not for hexagons;
# the labels are a static file (written once from it when set-up has not).
ensure_labels()
fmap = base_map(None, center=center, zoom=zoom, online_tiles=online())
groups = [layer]
overlays = ["hexagons"] if view is None else []
if show_deploy:
    groups.append(deployment_layer(gazetteer(), deployments()))
    overlays += ["deployments", "troop_figures"]
if show_admin1:
    groups.append(admin1_layer(gazetteer(), fac.countries))
    overlays.append("admin1")
if show_heat:
    if view is None:
        st.caption("Density: the hexagons' shading already shows it at this scale.")
    else:
        groups.append(heat_layer(view))
        overlays.append("heat")
# The legend travels with the layers, so it follows the colouring and the overlays.
groups.append(legend_layer(legend_of(palette, colour_by, overlays)))
# Same data, same script: the browser keeps the layers across reruns.
groups = [stable_ids(g, f"layer{i}") for i, g in enumerate(groups)]
map_args: dict[str, Any] = {
    "feature_group_to_add": groups, "key": MAP_KEY, "height": 640,
    "use_container_width": True, "center": center if focus else None,
    "zoom": zoom if focus else None}
if large:
    # The view decides what is drawn (hexagons or incidents): a move reruns the page.
    st_folium(fmap, returned_objects=["bounds", "zoom", "center"], **map_args)
else:
    # The view is only remembered (for a slide). Not in an st.fragment: a fragment rerun
    # re-mounts the component (a new iframe), which loses the open popup.
    st_folium(fmap, returned_objects=["zoom", "center"], **map_args)
counts = index.daily_counts(keep, colour_by)
counts["category"] = counts["category"].where(counts["category"].isin(list(palette)),
                                              "other actors")
chart_palette = {**palette, "other actors": OTHER_COLOUR} if colour_by == "actor" else palette
if len(counts):
    chart = timeline_chart(counts, chart_palette)
    st.caption("Incidents per day in the current view; click a bar to show that day only.")
    event = st.altair_chart(chart, on_select="rerun", key="timeline", width="stretch")
    picked = (event.get("selection") or {}).get("day") or []
    if picked:
        stamp = next(iter(picked[0].values()))
        day = pd.Timestamp(stamp, unit="ms").date() if isinstance(stamp, int | float) \
            else pd.Timestamp(stamp).date()
        if (flt.start, flt.end) != (day, day):
            st.session_state["pending_window"] = (day, day)
            st.rerun()
with st.expander("Save this view to a briefing"):
    b_cols = st.columns([2, 4, 1])
    b_name = b_cols[0].text_input("Briefing", value="Briefing", key="b_name")
    b_caption = b_cols[1].text_input("Caption", key="b_caption")
    if b_cols[2].button("Add slide", key="b_add"):
        # The view the map last reported; before any move, the view fitted to the incidents.
        now = _view_of_state(st.session_state.get(MAP_KEY))
        if now is None:
            now = view_of(view) if view is not None and len(view) else (center, zoom)
        try:
            position = add_slide(s, b_name, slide_from(flt, b_caption, colour_by, *now))
        except IncidentMapError as exc:
            st.error(str(exc))
        else:
            st.success(f"Added as slide {position + 1} of “{b_name}”. Open it on the "
                       "Briefing page.")
with st.expander("Share this view"):
    st.caption("This link opens the map with the same filters and time window "
               "(copy it with the button on the right).")
    st.code(link, language=None)

if play and flt.start is not None and flt.end is not None and fac.first_day and fac.last_day:
    lo, hi = fac.first_day, fac.last_day
    step = timedelta(days=1 if step_label == "day" else 7)
    width = flt.end - flt.start
    if flt.end + step > hi:
        st.session_state["pending_window"] = (lo, lo + width)
    else:
        st.session_state["pending_window"] = (flt.start + step, flt.end + step)
    time.sleep(1.2)
    st.rerun()
