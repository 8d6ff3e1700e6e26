"""Map page: the filtered incidents on an offline map, with time play and overlays."""

from __future__ import annotations

import time
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.briefing import add_slide, slide_from
from geo.errors import IncidentMapError
from geo.mapping import (
    OTHER_COLOUR,
    admin1_layer,
    base_map,
    colour_map,
    deployment_layer,
    heat_layer,
    incident_layer,
    legend_for,
    view_of,
)
from geo.timeline import daily_counts
from pages._shared import (
    deployments,
    gazetteer,
    incidents,
    online,
    sidebar_filters,
    store,
    sync_link,
)

store()
gaz = gazetteer()
all_incidents = incidents()
flt = sidebar_filters(all_incidents)
view = flt.apply(all_incidents)

st.title("Incident map")
link = sync_link(flt)
focus = st.query_params.get("focus")
top = st.columns([2, 2, 2, 3])
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
palette = colour_map(all_incidents, colour_by)
layer, how = incident_layer(view, gaz, colour_by, focus_id=focus, colours=palette)
top[3].metric("Incidents in view", f"{len(view):,} of {len(all_incidents):,}")
st.caption(f"{how}. Precision: ● site/town, ◎ near a site (dashed circle = uncertainty), "
           "◌ region or country (shaded area).")

if focus and focus in set(all_incidents["incident_id"]):
    row = all_incidents[all_incidents["incident_id"] == focus].iloc[0]
    center, zoom = (row.geometry.y, row.geometry.x), 9
else:
    center, zoom = view_of(all_incidents)
fmap = base_map(gaz, center=center, zoom=zoom, legend=legend_for(all_incidents, colour_by),
                online_tiles=online())
groups = [layer]
if show_deploy:
    groups.append(deployment_layer(gaz, deployments()))
if show_admin1:
    groups.append(admin1_layer(gaz, view["country"].dropna().unique()))
if show_heat:
    groups.append(heat_layer(view))
st_folium(fmap, feature_group_to_add=groups, returned_objects=[], key="incident-map",
          height=640, use_container_width=True, center=center if focus else None,
          zoom=zoom if focus else None)
counts = daily_counts(view, colour_by)
counts["category"] = counts["category"].where(counts["category"].isin(list(palette)),
                                              "other actors")
chart_palette = {**palette, "other actors": OTHER_COLOUR} if colour_by == "actor" else palette
if len(counts):
    pick = alt.selection_point(name="day", encodings=["x"])
    chart = (alt.Chart(counts).mark_bar()
             .encode(x=alt.X("yearmonthdate(day):T", title="event date"),
                     y=alt.Y("sum(incidents):Q", title="incidents per day"),
                     color=alt.Color("category:N", title=None, scale=alt.Scale(
                         domain=list(chart_palette), range=list(chart_palette.values()))),
                     tooltip=["yearmonthdate(day):T", "category:N", "sum(incidents):Q"])
             .add_params(pick).properties(height=160))
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
        try:
            position = add_slide(store(), b_name, slide_from(flt, b_caption, colour_by))
        except IncidentMapError as exc:
            st.error(str(exc))
        else:
            st.success(f"Added as slide {position + 1} of “{b_name}”. Open it on the "
                       "Briefing page.")
with st.expander("Share this view"):
    st.caption("This link opens the map with the same filters and time window "
               "(copy it with the button on the right).")
    st.code(link, language=None)

if play and flt.start is not None and flt.end is not None:
    lo = all_incidents["event_date"].min().date()
    hi = all_incidents["event_date"].max().date()
    step = timedelta(days=1 if step_label == "day" else 7)
    width = flt.end - flt.start
    if flt.end + step > hi:
        st.session_state["pending_window"] = (lo, lo + width)
    else:
        st.session_state["pending_window"] = (flt.start + step, flt.end + step)
    time.sleep(1.2)
    st.rerun()
