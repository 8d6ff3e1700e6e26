"""Review page: the reviewer's workbench. Evidence in the article, alternative places and
dates one click away, a queue by confidence with keyboard keys, delete and undo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.core.errors import IncidentMapError
from geo.core.records import EVENT_TYPES, Place
from geo.extract.incidents import extract_incidents
from geo.gazetteer.geocoders import OfflineGazetteer
from geo.map.basemap import base_map
from geo.reading.actors import load_actor_table
from geo.reading.plaintext import escape_markdown
from geo.review.changes import (
    add_incident,
    delete_article,
    delete_incident,
    recent_changes,
    undo_last,
)
from geo.review.edits import (
    edit_incident,
    history,
    merge_incidents,
    relocate,
    set_status,
    sources_of,
)
from geo.review.queue import article, incident_from_sentence, review_queue, sentences
from geo.review.view import (
    PIN_PRECISIONS,
    alternatives,
    date_choices,
    header_html,
    highlight_html,
    is_demo,
    legend_html,
    pinned_place,
    plural,
    summary_html,
)
from pages.common.auth import require_editor
from pages.common.safe import say
from pages.common.shared import gazetteer, keep_filter_state, store

keep_filter_state()
st.title("Review incidents")
s = store()
top = st.columns([2, 1])
editor = require_editor(top[0])
for kind, text in st.session_state.pop("review_flash", []):
    # Success lines are our own words and gazetteer names; errors may quote input.
    if kind == "ok":
        st.success(text)
    else:
        say("error", text)


def attempt(action: str, fn: Callable[[], object], advance: bool = False) -> None:
    """Run a change; show its error, or remember the success and rerun the page."""
    try:
        fn()
    except IncidentMapError as exc:
        say("error", f"{action}: {exc}")
        return
    st.session_state["review_flash"] = [("ok", f"{action}: saved.")]
    if advance:
        st.session_state["review_advance"] = True
    st.rerun()


if top[1].button("↶ Undo my last change", key="undo", help="Ctrl+Z"):
    try:
        done = undo_last(s, editor)
    except IncidentMapError as exc:
        say("error", f"Undo: {exc}")
    else:
        st.session_state["review_flash"] = [("ok", done.summary)]
        if done.incidents:
            st.session_state["review_pick"] = done.incidents[0]
        st.rerun()

queue = review_queue(s)
with s.read() as con:
    rows = con.execute("SELECT incident_id, event_date, event_type, location, status, "
                       "confidence FROM incidents ORDER BY event_date DESC, "
                       "incident_id").fetchall()
if not rows:
    st.info("The store has no incidents yet. Add articles on the Ingest page.")
    if st.button("Undo my last change", key="undo_empty"):
        attempt("Undo", lambda: undo_last(s, editor))
    st.stop()
labels = {r[0]: f"{r[1]} · {r[2]} · {r[3]} [{r[4]}, confidence {float(r[5]):.2f}]"
          for r in rows}
mode = st.radio("Show", ["Review queue (lowest confidence first)", "All incidents"],
                horizontal=True, key="review_mode")
in_queue = mode.startswith("Review queue")
ids = list(queue["incident_id"]) if in_queue else list(labels)
st.caption(f"{plural(len(queue), 'incident')} left to review (not yet verified or "
           "rejected). Keys: V verify · X reject · N next.")
if not ids:
    st.success("Nothing left to review: every incident is verified, rejected or merged.")
    ids = list(labels)

pick = st.session_state.pop("review_pick", None) or st.query_params.get("focus")
current = st.session_state.get("review_id")
if st.session_state.pop("review_advance", False) and current is not None:
    # After verify/reject the incident leaves the queue: take the next one in order.
    pick = ids[0] if ids else None
if pick in labels and pick not in ids:
    ids = [pick, *ids]
if pick in ids:
    st.session_state["review_id"] = pick
elif current not in ids:
    st.session_state["review_id"] = ids[0]
choice = st.selectbox("Incident", ids, format_func=lambda i: labels.get(i, i), key="review_id")
if not choice:
    st.stop()
incident = s.incident(choice)
status = next(r[4] for r in rows if r[0] == choice)
source = article(s, incident.article_id)

nav = st.columns(4)
if nav[0].button("✓ Verify", key="verify", shortcut="v", type="primary"):
    attempt("Verify", lambda: set_status(s, choice, "verified", editor), advance=True)
if nav[1].button("✗ Reject", key="reject", shortcut="x"):
    attempt("Reject", lambda: set_status(s, choice, "rejected", editor), advance=True)
if nav[2].button("Next ▶", key="next", shortcut="n"):
    position = ids.index(choice) if choice in ids else -1
    st.session_state["review_pick"] = ids[(position + 1) % len(ids)]
    st.rerun()
nav[3].markdown(f"**Status:** {status} · **confidence** {incident.confidence:.2f}")

st.html(header_html(source, incident))
if is_demo(incident.article_id):
    st.caption("Demo data: written for this project, not real reporting.")
left, right = st.columns([3, 2])
with left:
    st.html(summary_html(incident))
    if source is not None:
        st.html(legend_html())
        st.html(highlight_html(source.full_text, incident.evidence))
        if not incident.evidence:
            st.caption("The extractor recorded no evidence spans for this incident.")
    else:
        st.caption("The article is no longer stored; its quote:")
        st.text(incident.quote)
    others = sources_of(s, choice)
    if len(others) > 1:
        say("caption", "Also reported by: " + "; ".join(
            o.get("source") or o.get("url") or o["article_id"] for o in others[1:]))

with right:
    st.subheader("Other places it could be")
    gaz = gazetteer()
    try:
        options = alternatives(gaz, incident)
    except IncidentMapError as exc:
        options = []
        say("error", str(exc))
    if not options:
        st.caption("The gazetteer has no other candidate for this place name.")
    near_km = incident.uncertainty_km if incident.location.startswith("near ") else None
    for n, alt in enumerate(options):
        if st.button(escape_markdown(alt.label), key=f"alt_{n}", width="stretch"):
            attempt(f"Moved to {alt.place.name}",
                    lambda p=alt.place: relocate(s, choice, p, editor, near_km))
    st.subheader("Place it here")
    precision = st.radio("Precision", list(PIN_PRECISIONS), horizontal=True,
                         key="pin_precision",
                         format_func=lambda p: {"site": "site (the point)",
                                                "near": "near (±10 km)",
                                                "region": "region (±50 km)"}[p])
    fmap = base_map(gaz, center=(incident.lat, incident.lon), zoom=7, height_px=300)
    folium.CircleMarker([incident.lat, incident.lon], radius=7, color="#c0392b",
                        fill=True, fill_opacity=0.9, tooltip="where it is now").add_to(fmap)
    clicked = st_folium(fmap, key=f"pin_map_{choice}", height=300,
                        returned_objects=["last_clicked"], use_container_width=True)
    point = (clicked or {}).get("last_clicked")
    if point:
        lat, lon = float(point["lat"]), float(point["lng"])
        st.caption(f"Clicked: lat {lat:.4f}, lon {lon:.4f}")
        if st.button("Place it here", key="pin_place", type="primary"):
            def pin() -> None:
                place, near = pinned_place(lon, lat, precision, incident.country,
                                           incident.admin1)
                relocate(s, choice, place, editor, near)
            attempt("Placed on the map", pin)
    else:
        st.caption("Click the map to choose a point.")
    if source is not None:
        st.subheader("Other dates in the text")
        dates = date_choices(source, incident.event_date)
        if not dates:
            st.caption("The text states no other date.")
        for n, dc in enumerate(dates):
            if st.button(escape_markdown(f"{dc.value:%Y-%m-%d} ({dc.precision}) — “{dc.text}”"),
                         key=f"date_{n}", width="stretch"):
                attempt("Date", lambda d=dc: edit_incident(
                    s, choice, {"event_date": d.value, "time_precision": d.precision}, editor))

with st.expander("Edit fields, move by name, merge"):
    with st.form(f"edit_{choice}"):
        new_date = st.date_input("Event date", incident.event_date)
        new_type = st.selectbox("Event type", EVENT_TYPES,
                                index=EVENT_TYPES.index(incident.event_type))
        known = sorted({*load_actor_table().actors, *incident.actors})
        new_actors = st.multiselect("Actors", known, default=list(incident.actors))
        if st.form_submit_button("Save changes"):
            attempt("Edit", lambda: edit_incident(s, choice, {
                "event_date": new_date, "event_type": new_type,
                "actors": tuple(new_actors)}, editor))
    with st.form(f"relocate_{choice}"):
        name = st.text_input("Move to a place (gazetteer name)")
        near = st.number_input("Near it, within km (0 = at the place)", min_value=0.0,
                               value=0.0)
        if st.form_submit_button("Move"):
            def move() -> None:
                loc = OfflineGazetteer(gaz).geocode(name, exactly_one=True)
                if loc is None:
                    raise IncidentMapError(f"No place found for {name!r}.")
                raw = loc.raw
                place = Place(raw["place_id"], raw["name"], raw["lon"], raw["lat"],
                              raw["kind"], raw["country"], raw["admin1"],
                              raw["population"], raw["radius_km"], raw["precision"])
                relocate(s, choice, place, editor, near or None)
            attempt("Move", move)
    other = st.selectbox("Same event as", [i for i in labels if i != choice],
                         format_func=lambda i: labels[i], key="merge_other")
    if st.button("Merge into this", key="merge") and other:
        attempt("Merge", lambda: merge_incidents(s, choice, other, editor))

if source is not None:
    with st.expander("Add an incident from a sentence the machine missed"):
        text = source.full_text
        spans = sentences(text)
        pick_span = st.selectbox("Sentence", range(len(spans)), key=f"add_sentence_{choice}",
                                 format_func=lambda k: text[spans[k][0]:spans[k][1]][:160])
        add_type = st.selectbox("Event type", ["(as the extractor reads it)", *EVENT_TYPES],
                                key=f"add_type_{choice}")
        if st.button("Add an incident from this sentence", key="add_incident"):
            def add() -> None:
                start, end = spans[int(pick_span)]
                piece = replace(source, title="", text=text[start:end])
                found = extract_incidents(piece, gaz)
                made = incident_from_sentence(
                    source, start, end, found,
                    "" if add_type.startswith("(") else add_type)
                add_incident(s, made, editor)
                st.session_state["review_pick"] = made.incident_id
            attempt("Added", add)

with st.expander("Delete"):
    st.caption("Deleted rows stay in the history (with your name) and “Undo my last change” "
               "brings them back.")
    cols = st.columns(2)
    if cols[0].button("Delete this incident", key="delete_incident"):
        attempt("Deleted the incident", lambda: delete_incident(s, choice, editor))
    if source is not None and cols[1].button("Delete the article and its incidents",
                                             key="delete_article"):
        attempt("Deleted the article", lambda: delete_article(s, source.article_id, editor))

st.subheader("History of this incident")
st.dataframe(history(s, choice), hide_index=True, width="stretch", key="history_table")
with st.expander("Recent changes by everyone (deletions included)"):
    st.dataframe(recent_changes(s), hide_index=True, width="stretch")
