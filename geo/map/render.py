"""Incident layers (pure: data in, folium objects out; no Streamlit).

* Incidents are drawn one by one (:mod:`geo.map.markers`: precision areas,
  stacked markers, the list of incidents in view) up to :data:`MAX_MARKERS`;
  up to :data:`MAX_CLUSTERED` through FastMarkerCluster; beyond that the view is
  aggregated on H3 hexagons on the server.
* All text from articles is HTML-escaped before it reaches the browser.

The base map is in :mod:`geo.map.basemap`, labels in :mod:`geo.map.labels`, colours and
legend in :mod:`geo.map.legend`, popups in :mod:`geo.map.popups`, overlays in
:mod:`geo.map.layers`.
"""

from __future__ import annotations

import html
import math
from collections.abc import MutableMapping

import folium
import geopandas as gpd
import pandas as pd
from folium.plugins import FastMarkerCluster
from shapely.geometry.base import BaseGeometry

from geo.core.hexbin import hexagon_counts_of, hexagon_frame, resolution_for_zoom
from geo.map.assets import localize
from geo.map.layers import (
    hexagon_caption,
    hexagon_layer,
)
from geo.map.legend import (
    OTHER_COLOUR,
    category_of,
    colour_map,
)
from geo.map.markers import GazetteerSource, IncidentList, draw_area, draw_marker
from geo.map.theme import STANDARD, MapTheme

MAX_MARKERS = 2_000
MAX_CLUSTERED = 20_000
#: Points closer than this (degrees, about 1 m) share one marker.
SAME_POINT_DECIMALS = 5


def incident_layer(
    frame: gpd.GeoDataFrame,
    gazetteer: GazetteerSource,
    colour_by: str = "event_type",
    *,
    focus_id: str | None = None,
    colours: dict[str, str] | None = None,
    theme: MapTheme = STANDARD,
    incident_list: bool = True,
    shapes: MutableMapping[str, BaseGeometry | None] | None = None,
) -> tuple[folium.FeatureGroup, str]:
    """Return the layer of incidents and a sentence saying how they are drawn.

    Parameters
    ----------
    frame
        Filtered incidents.
    gazetteer
        For region shapes of precision-3 incidents: the gazetteer, or a function
        returning it (called only for a region that is not in ``shapes``).
    colour_by
        ``"event_type"`` or ``"actor"``.
    focus_id
        Incident to highlight (drawn last, with a thick outline).
    colours
        Category colours to use (so the legend and chart agree across filters);
        computed from ``frame`` when omitted.
    theme
        Marker size and outline.
    incident_list
        Add the list of incidents in view (a map control; markers mode only).
    shapes
        Display shapes by place id, read and filled here (e.g. a
        :class:`geo.map.mapcache.ShapeCache` kept across reruns and restarts).

    Returns
    -------
    tuple
        The feature group and e.g. ``"412 incidents as markers"``.
    """
    group = folium.FeatureGroup(name="Incidents")
    n = len(frame)
    if n == 0:
        return group, "no incidents in this view"
    colours = colours if colours is not None else colour_map(frame, colour_by)
    categories = category_of(frame, colour_by)
    if n > MAX_CLUSTERED:
        resolution = resolution_for_zoom(view_of(frame)[1])
        hexes = hexagon_frame(hexagon_counts_of(frame, categories, resolution))
        return hexagon_layer(hexes, colours), hexagon_caption(n, len(hexes), resolution)
    if n > MAX_MARKERS:
        xs = frame.geometry.x.to_numpy()
        ys = frame.geometry.y.to_numpy()
        labels = (frame["event_type"].astype(str) + " · " +
                  frame["event_date"].dt.strftime("%Y-%m-%d") + " · " +
                  frame["location"].astype(str)).map(html.escape)
        cols = categories.map(lambda c: colours.get(c, OTHER_COLOUR))
        data = [[float(y), float(x), lab, col] for x, y, lab, col in
                zip(xs, ys, labels, cols, strict=True)]
        FastMarkerCluster(data, callback=_FAST_CALLBACK, name="incidents").add_to(group)
        return localize(group), f"showing {n:,} incidents in clusters"
    shapes = {} if shapes is None else shapes
    ordered = frame.assign(_colour=categories.map(lambda c: colours.get(c, OTHER_COLOUR)))
    ordered = ordered.sort_values(["geo_precision", "event_date"], ascending=[False, True])
    # Areas first (beneath everything), then one marker per point.
    for _, row in ordered.iterrows():
        draw_area(group, row, row["_colour"], gazetteer, shapes)
    keys = list(zip(ordered.geometry.y.round(SAME_POINT_DECIMALS),
                    ordered.geometry.x.round(SAME_POINT_DECIMALS), strict=True))
    stacks: dict[tuple[float, float], list[pd.Series]] = {}
    for key, (_, row) in zip(keys, ordered.iterrows(), strict=True):
        stacks.setdefault(key, []).append(row)
    entries = []
    focus_entry = None
    for rows in stacks.values():
        focused = bool(focus_id) and any(r["incident_id"] == focus_id for r in rows)
        if focused:
            focus_entry = rows
            continue
        entries.append(draw_marker(group, rows, focused=False, theme=theme))
    if focus_entry is not None:
        entries.append(draw_marker(group, focus_entry, focused=True, theme=theme,
                                    focus_id=focus_id))
    if incident_list:
        group.add_child(IncidentList(entries))
    return group, f"showing {n:,} incidents as markers"


_FAST_CALLBACK = """
function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 6, color: '#111', weight: 1, fillColor: row[3], fillOpacity: 0.9});
    marker.bindTooltip(row[2]);
    return marker;
};
"""

def view_of(frame: gpd.GeoDataFrame) -> tuple[tuple[float, float], int]:
    """Return a ``(lat, lon)`` centre and zoom that fit the incidents.

    Parameters
    ----------
    frame
        Incidents.

    Returns
    -------
    tuple
        Centre in Leaflet order and a zoom level.
    """
    if not len(frame):
        return view_of_extent(None)
    minx, miny, maxx, maxy = (float(v) for v in frame.total_bounds)
    return view_of_extent((minx, miny, maxx, maxy))


def view_of_extent(
    extent: tuple[float, float, float, float] | None,
) -> tuple[tuple[float, float], int]:
    """Return a ``(lat, lon)`` centre and zoom that fit an extent.

    Parameters
    ----------
    extent
        ``(west, south, east, north)``; the region-wide default when ``None``.

    Returns
    -------
    tuple
        Centre in Leaflet order and a zoom level.
    """
    if extent is None:
        return (34.5, 41.0), 5
    minx, miny, maxx, maxy = extent
    span = max(maxx - minx, maxy - miny, 0.5)
    # At zoom z and latitudes near 35°, a degree spans about 0.7 (lon) to 0.9 (lat)
    # times 2**z pixels, so this zoom keeps the extent within about 450-900 px.
    zoom = int(max(3, min(10, math.floor(math.log2(1000 / span)))))
    return ((miny + maxy) / 2, (minx + maxx) / 2), zoom
