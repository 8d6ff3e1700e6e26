"""The Map page's base map and layers, rendered once per view and kept across reruns.

A rerun with the same data and the same filter (a click on the map, a toggle
elsewhere on the page, a new session) reuses the rendered base map and layer
script instead of rebuilding folium objects and rendering them through Jinja.
:mod:`pages.common.warm` calls the same functions with the first view's arguments
at server start, so the first session finds them ready.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.core.hexbin import hexagon_frame, resolution_for_zoom
from geo.core.paths import build_dir
from geo.map import render as mapping
from geo.map.assets import STATIC_DIR, STATIC_URL
from geo.map.basemap import base_map
from geo.map.layers import (
    admin1_layer,
    deployment_layer,
    heat_layer,
    hexagon_caption,
    hexagon_layer,
    stable_ids,
)
from geo.map.legend import OTHER_COLOUR, legend_layer, legend_of, palette_for
from geo.map.mapcache import SHAPES_FILE, ShapeCache, gazetteer_stamp, write_atomic
from geo.map.markerdata import (
    MAX_MARKER_FILE,
    MIN_DATA_MARKERS,
    marker_payload,
    marker_script,
)
from geo.map.markers import region_shape
from geo.map.pointdata import (
    FILE_PREFIX,
    MAX_STATIC,
    cluster_script,
    columns_by_rowid,
    file_name,
    incident_labels,
    point_payload,
    with_plugins,
)
from geo.map.render import incident_layer, view_of_extent
from geo.query.filters import IncidentFilter
from geo.query.points import Facets
from pages.common.fastmap import MapParts, layers_script, map_parts
from pages.common.shared import (
    deployments,
    ensure_labels,
    filtered,
    gazetteer,
    online,
    point_index,
    store,
    store_facets,
)

OVERLAYS_OFF = (False, False, False)
#: Names the incident files of this server (see :func:`geo.map.pointdata.file_name`).
_SECRET = secrets.token_hex(16)
#: Incident files of earlier store versions or servers older than this are removed.
STALE_FILE_S = 3600


@st.cache_resource(show_spinner=False)
def region_shapes() -> ShapeCache:
    """Display shapes of regions, kept on disk per gazetteer build (no gazetteer to read)."""
    return ShapeCache(build_dir() / "cache" / SHAPES_FILE, gazetteer_stamp())


@st.cache_resource(show_spinner=False, max_entries=16)
def base_map_parts(center: tuple[float, float], zoom: int, online_tiles: bool) -> MapParts:
    """The base map of a view, rendered once (outlines and labels are static files)."""
    ensure_labels()
    return map_parts(base_map(None, center=center, zoom=zoom, online_tiles=online_tiles,
                              plugins=False))


@st.cache_resource(show_spinner=False, max_entries=2)
def incident_file(location: str, version: str) -> str | None:
    """URL of every incident of a store version, written once as a static file.

    ``None`` when the store holds more than :data:`geo.map.pointdata.MAX_STATIC`.
    """
    index = point_index()
    if len(index) > MAX_STATIC:
        return None
    labels = incident_labels(store(), index.rowid, index.day, index.event_type,
                             index.event_type_names)
    return _write_static(file_name(_SECRET, location, version), point_payload(
        index.lat, index.lon, labels, index.event_type, index.event_type_names,
        index.primary, index.primary_names))


@st.cache_resource(show_spinner=False, max_entries=2)
def marker_file(location: str, version: str) -> str | None:
    """URL of every incident's marker data (popups included) of a store version, written once.

    ``None`` when the store holds more than :data:`geo.map.markerdata.MAX_MARKER_FILE`.
    """
    index = point_index()
    if len(index) > MAX_MARKER_FILE:
        return None
    s = store()
    frame = s.incidents_by_rowid(index.rowid)
    ids = columns_by_rowid(s, index.rowid, "incident_id")
    order = pd.Index(frame["incident_id"].astype(str)).get_indexer(ids)
    shapes = region_shapes()
    wanted = frame.loc[frame["geo_precision"].astype(int) == 3, "place_id"].dropna()
    areas = {pid: region_shape(gazetteer, pid, shapes) for pid in set(wanted.astype(str)) if pid}
    shapes.save()
    return _write_static(file_name(_SECRET, location, version + ":markers"), marker_payload(
        frame, order, index.event_type, index.primary, index.event_type_names,
        index.primary_names, areas))


def warm_files() -> None:
    """Write the incident files a filter change of the current store may need, ahead of it."""
    s = store()
    n = len(point_index())
    if MIN_DATA_MARKERS < n <= MAX_MARKER_FILE:
        marker_file(s.location, s.version())
    if n > mapping.MAX_MARKERS:
        incident_file(s.location, s.version())


def _write_static(name: str, data: bytes) -> str:
    """Write a served file (removing stale ones); return its URL."""
    write_atomic(STATIC_DIR / name, data)
    now = time.time()
    for old in STATIC_DIR.glob(f"{FILE_PREFIX}*.json"):
        try:
            if old.name != name and now - old.stat().st_mtime > STALE_FILE_S:
                old.unlink()
        except OSError:
            continue
    return f"{STATIC_URL}/{name}"


@st.cache_resource(show_spinner=False, max_entries=32)
def layers(location: str, version: str, in_view: IncidentFilter, colour_by: str,
           focus: str | None, palette_items: tuple[tuple[str, str], ...],
           overlay_flags: tuple[bool, bool, bool], zoom: int, in_bounds: bool,
           ) -> tuple[str, str, bool]:
    """Build the layers of a view: their script, how incidents are drawn, markers or not.

    ``location`` and ``version`` key the cache to the store's content.
    """
    del location, version
    palette = dict(palette_items)
    show_deploy, show_admin1, show_heat = overlay_flags
    index = point_index()
    keep_in_view = index.mask(in_view)
    n_in_view = int(keep_in_view.sum())
    view: gpd.GeoDataFrame | None = None
    script = ""
    url = None
    if mapping.MAX_MARKERS < n_in_view <= mapping.MAX_CLUSTERED:
        url = incident_file(store().location, store().version())
    elif MIN_DATA_MARKERS < n_in_view <= mapping.MAX_MARKERS and not focus:
        url = marker_file(store().location, store().version())
        if url is not None:
            # Markers from the file the browser fetched once: the script carries the mask.
            layer = None
            script = marker_script(url, keep_in_view, colour_by, palette, OTHER_COLOUR)
            how = f"showing {n_in_view:,} incidents as markers"
    if script:
        if in_bounds:
            how += " in this part of the map"
    elif url is not None:
        # Clusters from the file the browser fetched once: the script carries only the mask.
        layer = None
        script = cluster_script(url, keep_in_view, colour_by, palette, OTHER_COLOUR)
        how = f"showing {n_in_view:,} incidents in clusters"
        if in_bounds:
            how += " in this part of the map"
    elif n_in_view > mapping.MAX_CLUSTERED:  # read at call time (tests lower it)
        resolution = resolution_for_zoom(zoom)
        hexes = hexagon_frame(index.hexagon_counts(keep_in_view, resolution, colour_by))
        layer = hexagon_layer(hexes, palette)
        how = (hexagon_caption(n_in_view, len(hexes), resolution) +
               f"; zoom in or narrow the filters to below {mapping.MAX_CLUSTERED:,} to see each "
               "incident")
    else:
        view = filtered(in_view)
        shapes = region_shapes()
        # The gazetteer (a second or more to load) only for a region not drawn before.
        layer, how = incident_layer(view, gazetteer, colour_by, focus_id=focus,
                                    colours=palette, shapes=shapes)
        shapes.save()
        if in_bounds:
            how += " in this part of the map"
    groups = [] if layer is None else [layer]
    overlays = ["hexagons"] if view is None and layer is not None else []
    if show_deploy:
        groups.append(deployment_layer(gazetteer(), deployments()))
        overlays += ["deployments", "troop_figures"]
    if show_admin1:
        groups.append(admin1_layer(gazetteer(), store_facets().countries))
        overlays.append("admin1")
    if show_heat and (view is not None or url is not None):
        points = view if view is not None else gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(index.lon[keep_in_view], index.lat[keep_in_view]),
            crs="EPSG:4326")
        groups.append(heat_layer(points))
        overlays.append("heat")
    # The legend travels with the layers, so it follows the colouring and the overlays.
    groups.append(legend_layer(legend_of(palette, colour_by, overlays)))
    # Same data, same script: the browser keeps the layers across reruns.
    groups = [stable_ids(g, f"layer{i}") for i, g in enumerate(groups)]
    return with_plugins(layers_script(groups) + script), how, view is not None or url is not None


def default_filter(fac: Facets) -> IncidentFilter:
    """The filter of a new session with no link: every incident, the whole date range."""
    lo, hi = fac.first_day, fac.last_day
    if lo is not None and hi is not None and lo == hi:
        hi = lo + timedelta(days=1)
    return IncidentFilter(start=lo, end=hi)


def warm_first_view() -> None:
    """Render the first view of a new session (the page's own calls and arguments)."""
    s = store()
    fac = store_facets()
    colour_by = "event_type"
    palette = palette_for(fac.event_types, fac.primary_actors, colour_by)
    center, zoom = view_of_extent(fac.extent)
    base_map_parts(center, zoom, online())
    layers(s.location, s.version(), default_filter(fac), colour_by, None,
           tuple(palette.items()), OVERLAYS_OFF, zoom, False)
