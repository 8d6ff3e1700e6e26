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

import pandas as pd
import streamlit as st

from geo.core.errors import IncidentMapError
from geo.map.briefing import add_slide, slide_from
from geo.map.legend import OTHER_COLOUR, palette_for
from geo.map.pointdata import plugins_of
from geo.map.render import MAX_CLUSTERED, view_of, view_of_extent
from pages.common.auth import can_edit
from pages.common.fastmap import show_map
from pages.common.links import link_notice
from pages.common.maplayers import base_map_parts
from pages.common.maplayers import layers as map_layers
from pages.common.shared import (
    filtered,
    filters_from_state,
    online,
    point_index,
    prepare_filters,
    render_filters,
    store,
    store_facets,
    sync_link,
)
from pages.common.warm import map_drawn

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



#: The map's own controls above it, with the values they start with in a new session.
CONTROL_DEFAULTS: dict[str, Any] = {"colour_by": "event_type", "layer_deploy": False,
                                    "layer_admin1": False, "layer_heat": False,
                                    "playing": False, "play_step": "day"}


def _controls_from_state() -> dict[str, Any]:
    """The values the map's controls will return, read before they are drawn."""
    return {k: st.session_state.get(k, v) for k, v in CONTROL_DEFAULTS.items()}


def _in_browser() -> bool:
    """Whether a browser runs this session (one that can report the drawn map)."""
    try:
        return bool(st.context.headers.get("User-Agent"))
    except Exception:  # no request headers: a headless test run
        return False


def _draw_controls(top: Any) -> dict[str, Any]:
    """Draw the map's controls in the columns ``top``; return their values."""
    values = {"colour_by": top[0].radio(
        "Colour by", ["event_type", "actor"], horizontal=True, key="colour_by",
        format_func=lambda v: "event type" if v == "event_type" else "actor")}
    values["layer_deploy"] = top[1].toggle("Troop deployments", key="layer_deploy")
    values["layer_admin1"] = top[1].toggle("Admin-1 boundaries", key="layer_admin1")
    values["layer_heat"] = top[1].toggle("Density (heat)", key="layer_heat")
    with top[2]:
        values["playing"] = st.toggle("▶ Play through time", key="playing")
        values["play_step"] = st.radio("Step", ["day", "week"], horizontal=True,
                                       key="play_step")
    return values


s = store()
fac = store_facets()
index = point_index()
# The map is sent to the browser before the widgets around it (their code loads in the
# browser meanwhile), so it draws sooner: the filters and controls are read from the
# session's state first, the widgets drawn after the map, and a disagreement reruns.
date_range = prepare_filters(fac)
flt = filters_from_state()
controls = _controls_from_state()
colour_by = controls["colour_by"]
show_heat = controls["layer_heat"]
keep = index.mask(flt)
total_matching = int(keep.sum())

st.title("Incident map")
header = st.container()
focus = st.query_params.get("focus")
# One palette and legend for all incidents, so colours do not move when filters change.
palette = palette_for(fac.event_types, fac.primary_actors, colour_by)

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
zoom_now = state.get("zoom") if large and isinstance(state, dict) else None
overlay_flags = (controls["layer_deploy"], controls["layer_admin1"], show_heat)
layers, how, has_view = map_layers(s.location, s.version(), in_view, colour_by, focus,
                                tuple(palette.items()), overlay_flags, zoom_now or zoom,
                                bool(bounds))

parts = base_map_parts(center, zoom, online())
returned = ["bounds", "zoom", "center"] if large else ["zoom", "center"]
# In "large" mode the view decides what is drawn (hexagons or incidents): a move reruns the
# page; otherwise the view is only remembered (for a slide). Not in an st.fragment: a
# fragment rerun re-mounts the component (a new iframe), which loses the open popup.
# The plugins the first layers need load with Leaflet (later layers load theirs themselves).
show_map(parts, layers, key=MAP_KEY, height=640, returned_objects=returned,
         center=center if focus else None, zoom=zoom if focus else None,
         extra_js=plugins_of(layers))

# A session's first run in a browser sends the map with the count but without the widgets:
# their code (slider, multiselects, toggles) would load and run in the browser while the
# map's frame loads, and delay the first marker. The map's first report (once drawn) reruns
# the page with them. A run with no browser to report (a headless test) draws them at once.
# Whether the map has reported once (or an earlier run of this session drew the page).
map_reported = MAP_KEY in st.session_state or st.session_state.get("map_page_ran", False)
widgets_now = map_reported or not _in_browser()
with header:
    link_notice()
    if widgets_now:
        # "1,000,000 of 1,000,000" must fit its column. Only then: HTML in Markdown makes
        # the browser fetch and run a 190 KB renderer before it draws the page (and map).
        if fac.total >= 10_000:
            st.markdown("<style>[data-testid='stMetricValue'] {font-size: 1.6rem;}</style>",
                        unsafe_allow_html=True)
        top = st.columns([2, 2, 2, 4])
        drawn_controls = _draw_controls(top)
        top[3].metric("Incidents matching the filters",
                      f"{total_matching:,} of {fac.total:,}")
    else:
        drawn_controls = controls
        st.caption(f"**{total_matching:,} of {fac.total:,}** incidents match the filters; "
                   "the controls follow once the map is drawn …")
    st.caption(f"{how}. Precision: ● site/town, ◎ near a site (dashed circle "
               "= uncertainty), ◌ region or country (shaded area).")
    if show_heat and not has_view:
        st.caption("Density: the hexagons' shading already shows it at this scale.")
if widgets_now:
    drawn_filter = render_filters(fac, date_range)
else:
    drawn_filter = flt
    st.sidebar.caption("The filters follow once the map is drawn …")
if (drawn_filter, drawn_controls) != (flt, controls):
    # A widget corrected a value (an option no longer offered): draw with what it shows.
    if not st.session_state.pop("map_widgets_rerun", False):
        st.session_state["map_widgets_rerun"] = True
        st.rerun()
else:
    st.session_state.pop("map_widgets_rerun", None)
link = sync_link(flt)
play = controls["playing"]
step_label = controls["play_step"]
# Below the fold (the timeline, with Altair here and Vega in the browser, and the briefing
# and share expanders, whose widgets the browser loads code for) comes, like the controls,
# once the map has reported, so a new session's first run sends the map alone and the
# browser draws it sooner.
st.session_state["map_page_ran"] = True
if map_reported:
    map_drawn.set()  # the start-up warm-up may load the gazetteer now
counts = index.daily_counts(keep, colour_by) if map_reported else None
if counts is None:
    st.caption("The timeline of incidents per day follows once the map is drawn …")
elif len(counts):
    from geo.map.timeline import timeline_rows, timeline_spec

    counts["category"] = counts["category"].where(counts["category"].isin(list(palette)),
                                                  "other actors")
    chart_palette = ({**palette, "other actors": OTHER_COLOUR} if colour_by == "actor"
                     else palette)
    # The chart spans the filter's window, so an actor or type filter sends new counts to
    # the same chart (the browser updates it in place instead of building it again).
    spec = timeline_spec(chart_palette, flt.start or counts["day"].min().date(),
                         flt.end or counts["day"].max().date())
    st.caption("Incidents per day in the current view; click a bar to show that day only.")
    event = st.vega_lite_chart(timeline_rows(counts), spec, on_select="rerun", key="timeline",
                               width="stretch")
    picked = (event.get("selection") or {}).get("day") or []
    if picked:
        stamp = next(iter(picked[0].values()))
        day = pd.Timestamp(stamp, unit="ms").date() if isinstance(stamp, int | float) \
            else pd.Timestamp(stamp).date()
        if (flt.start, flt.end) != (day, day):
            st.session_state["pending_window"] = (day, day)
            st.rerun()
if map_reported:
    with st.expander("Save this view to a briefing"):
        b_cols = st.columns([2, 4, 1])
        b_name = b_cols[0].text_input("Briefing", value="Briefing", key="b_name")
        b_caption = b_cols[1].text_input("Caption", key="b_caption")
        editable = can_edit()  # with sign-in configured, only a signed-in user adds slides
        if not editable:
            st.caption("Sign in to add slides to a briefing.")
        if b_cols[2].button("Add slide", key="b_add", disabled=not editable) and editable:
            # The view the map last reported; before any move, the view fitted to the incidents.
            now = _view_of_state(st.session_state.get(MAP_KEY))
            if now is None:
                # Read from the store only here (the layers come from the point index).
                view = filtered(in_view) if has_view else None
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
