"""Review page: correct, verify, reject or merge incidents; every change is recorded."""

from __future__ import annotations

import streamlit as st

from geo.actors import load_actor_table
from geo.errors import IncidentMapError
from geo.geocoders import OfflineGazetteer
from geo.records import EVENT_TYPES, Place
from geo.review import (
    edit_incident,
    history,
    merge_incidents,
    relocate,
    review_table,
    set_status,
    sources_of,
)
from pages._shared import gazetteer, keep_filter_state, store

keep_filter_state()
st.title("Review incidents")
editor = st.text_input("Your name (recorded with every change)", key="editor")
s = store()
table = review_table(s)
if table.empty:
    st.info("The store has no incidents yet.")
    st.stop()
labels = {r.incident_id: f"{r.event_date} · {r.event_type} · {r.location} [{r.status}]"
          for r in table.itertuples()}
focus = st.query_params.get("focus")
ids = list(labels)
choice = st.selectbox("Incident", ids, index=ids.index(focus) if focus in ids else 0,
                      format_func=lambda i: labels[i], key="review_id")
incident = s.incident(choice)
status = table.set_index("incident_id").loc[choice, "status"]
left, right = st.columns(2)
with left:
    st.markdown(f"**Status:** {status}  \n**Location:** {incident.location} "
                f"({incident.country}, precision {incident.geo_precision}, "
                f"±{incident.uncertainty_km:.0f} km)  \n**Date:** {incident.event_date} "
                f"({incident.time_precision})  \n**Actors:** {', '.join(incident.actors)}")
    st.caption(incident.quote)
    st.write("Sources:", sources_of(s, choice))


def attempt(action: str, fn: object) -> None:
    try:
        fn()  # type: ignore[operator]
    except IncidentMapError as exc:
        st.error(f"{action}: {exc}")
    else:
        st.success(f"{action}: saved.")


with right:
    with st.form("edit"):
        new_date = st.date_input("Event date", incident.event_date)
        new_type = st.selectbox("Event type", EVENT_TYPES,
                                index=EVENT_TYPES.index(incident.event_type))
        known = sorted({*load_actor_table().actors, *incident.actors})
        new_actors = st.multiselect("Actors", known, default=list(incident.actors))
        if st.form_submit_button("Save changes"):
            changes = {k: v for k, v in {"event_date": new_date, "event_type": new_type,
                                         "actors": tuple(new_actors)}.items()
                       if v != getattr(incident, k)}
            attempt("Edit", lambda: edit_incident(s, choice, changes, editor))
    with st.form("relocate"):
        name = st.text_input("Move to a place (gazetteer name)")
        near = st.number_input("Near it, within km (0 = at the place)", min_value=0.0,
                               value=0.0)
        lon = st.number_input("…or longitude", value=float(incident.lon), format="%.5f")
        lat = st.number_input("…and latitude", value=float(incident.lat), format="%.5f")
        if st.form_submit_button("Move"):
            def move() -> None:
                if name.strip():
                    loc = OfflineGazetteer(gazetteer()).geocode(name, exactly_one=True)
                    if loc is None:
                        raise IncidentMapError(f"No place found for {name!r}.")
                    raw = loc.raw
                    place = Place(raw["place_id"], raw["name"], raw["lon"], raw["lat"],
                                  raw["kind"], raw["country"], raw["admin1"],
                                  raw["population"], raw["radius_km"], raw["precision"])
                else:
                    place = Place(f"point:{lon:.5f},{lat:.5f}", f"{lat:.4f}, {lon:.4f}", lon,
                                  lat, "point", incident.country, incident.admin1, 0, 1.0, 1)
                relocate(s, choice, place, editor, near or None)
            attempt("Move", move)
    cols = st.columns(3)
    if cols[0].button("Verify"):
        attempt("Verify", lambda: set_status(s, choice, "verified", editor))
    if cols[1].button("Reject"):
        attempt("Reject", lambda: set_status(s, choice, "rejected", editor))
    other = st.selectbox("Same event as", [i for i in ids if i != choice],
                         format_func=lambda i: labels[i], key="merge_other")
    if cols[2].button("Merge into this") and other:
        attempt("Merge", lambda: merge_incidents(s, choice, other, editor))

st.subheader("History")
st.dataframe(history(s, choice), hide_index=True, width="stretch")
