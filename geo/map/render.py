"""Incident layers (pure: data in, folium objects out; no Streamlit).

* Precision is drawn honestly: a site or town (1) is a solid dot; near a site
  (2) is a dot with a dashed uncertainty circle; a region or country (3) is
  its shape (or a large faint circle) with a hollow dot, never a sharp pin.
  Shapes and circles lie in the ``areas`` pane beneath the points and take no
  clicks, so a country-wide incident never swallows the clicks of the dots
  inside it.
* Incidents at the same point share one marker with their count; its popup
  lists them ("4 incidents here"), each expandable to its full popup.
* A list of the incidents in view (a map control, updated as the map moves)
  opens an incident's popup when its row is clicked.
* Up to :data:`MAX_MARKERS` incidents are drawn one by one with popups; up to
  :data:`MAX_CLUSTERED` through FastMarkerCluster; beyond that the view is
  aggregated on H3 hexagons on the server.
* All text from articles is HTML-escaped before it reaches the browser.

The base map is in :mod:`geo.map.basemap`, labels in :mod:`geo.map.labels`, colours and
legend in :mod:`geo.map.legend`, popups in :mod:`geo.map.popups`, overlays in
:mod:`geo.map.layers`; their public names are re-exported here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, MutableMapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from geo.core.hexbin import hexagon_counts_of, hexagon_frame, resolution_for_zoom
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.regions import directional_place, region_polygon
from geo.map.assets import localize
from geo.map.basemap import BASEMAP_FILE, EXTRA_PLUGIN_ASSETS, base_map, basemap_geojson
from geo.map.layers import (
    DISPLAY_SIMPLIFY_DEG,
    admin1_layer,
    assemble,
    deployment_layer,
    heat_layer,
    hexagon_caption,
    hexagon_layer,
    stable_ids,
)
from geo.map.legend import (
    ACTOR_PALETTE,
    EVENT_COLOURS,
    OTHER_COLOUR,
    Legend,
    category_of,
    colour_map,
    legend_for,
    legend_layer,
    legend_of,
    palette_for,
)
from geo.map.popups import (
    PRECISION_WORDS,
    incident_title,
    popup_html,
    stack_popup_html,
    tooltip_text,
)
from geo.map.theme import STANDARD, MapTheme

__all__ = [
    "ACTOR_PALETTE", "BASEMAP_FILE", "EVENT_COLOURS", "EXTRA_PLUGIN_ASSETS", "MAX_CLUSTERED",
    "MAX_MARKERS", "OTHER_COLOUR", "PRECISION_WORDS", "Legend", "admin1_layer", "assemble",
    "base_map", "basemap_geojson", "category_of", "colour_map", "deployment_layer",
    "heat_layer", "hexagon_caption", "hexagon_layer", "incident_layer", "legend_for",
    "legend_layer", "legend_of", "palette_for", "popup_html", "stable_ids", "view_of",
    "view_of_extent",
]

MAX_MARKERS = 2_000
MAX_CLUSTERED = 20_000
#: Points closer than this (degrees, about 1 m) share one marker.
SAME_POINT_DECIMALS = 5
MAX_LIST_ROWS = 300


GazetteerSource = Gazetteer | Callable[[], Gazetteer]


def _region_shape(gazetteer: GazetteerSource, place_id: str,
                  cache: MutableMapping[str, BaseGeometry | None]) -> BaseGeometry | None:
    if place_id in cache:
        return cache[place_id]
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = gazetteer()  # loaded only for a region not drawn before
    base_id, _, direction = place_id.partition("#")
    candidate = gazetteer.by_id(base_id)
    shape: BaseGeometry | None = None
    if candidate is not None:
        if direction:
            _, shape = directional_place(gazetteer, candidate, tuple(direction), "")
        else:
            shape = region_polygon(gazetteer, candidate)
    if shape is not None:
        shape = shapely.simplify(shape, DISPLAY_SIMPLIFY_DEG)
    cache[place_id] = shape
    return shape


class IncidentList(MacroElement):
    """A map control listing the incidents in view; a row opens the incident's popup."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var entries = [
            {%- for marker, rows in this.entries %}
                [{{ marker.get_name() }}, {{ rows|tojson }}],
            {%- endfor %}
            ];
            var control = L.control({position: "topright"});
            var list, head, open = {{ this.open|tojson }};
            function openIncident(marker, id) {
                var map = group._map;
                if (!map.getBounds().contains(marker.getLatLng())) {
                    map.panTo(marker.getLatLng());
                }
                marker.openPopup();
                var box = marker.getPopup() && marker.getPopup().getElement();
                var item = box && box.querySelector('details[data-incident="' + id + '"]');
                if (item) {
                    item.open = true;
                    item.scrollIntoView({block: "nearest"});
                    marker.getPopup().update();
                }
            }
            function refresh() {
                var map = group._map;
                if (!map || !list) { return; }
                var bounds = map.getBounds(), rows = [];
                entries.forEach(function (e) {
                    if (bounds.contains(e[0].getLatLng())) {
                        e[1].forEach(function (r) { rows.push([e[0], r]); });
                    }
                });
                rows.sort(function (a, b) { return a[1][2] < b[1][2] ? 1 : -1; });
                head.textContent = (open ? "▾ " : "▸ ") + rows.length +
                    (rows.length === 1 ? " incident" : " incidents") + " in view";
                list.innerHTML = "";
                list.style.display = open ? "" : "none";
                rows.slice(0, {{ this.max_rows }}).forEach(function (row) {
                    var li = L.DomUtil.create("li", "incident-list-row", list);
                    li.textContent = row[1][1];
                    li.setAttribute("data-incident", row[1][0]);
                    li.title = "open this incident";
                    L.DomEvent.on(li, "click", function (ev) {
                        L.DomEvent.stop(ev);
                        openIncident(row[0], row[1][0]);
                    });
                });
                if (rows.length > {{ this.max_rows }}) {
                    L.DomUtil.create("li", "incident-list-more", list).textContent =
                        "… " + (rows.length - {{ this.max_rows }}) + " more: zoom in";
                }
            }
            control.onAdd = function () {
                var box = L.DomUtil.create("div", "incident-list leaflet-bar");
                box.style.cssText = "background:#fff; padding:4px 6px; max-width:300px; " +
                    "font:12px/1.35 system-ui, sans-serif; color:#111;";
                head = L.DomUtil.create("div", "incident-list-head", box);
                head.style.cssText = "font-weight:600; cursor:pointer;";
                list = L.DomUtil.create("ol", "incident-list-rows", box);
                list.style.cssText = "margin:4px 0 0; padding-left:1.4em; max-height:30vh; " +
                    "overflow:auto; cursor:pointer;";
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                L.DomEvent.on(head, "click", function () { open = !open; refresh(); });
                setTimeout(refresh, 0);
                return box;
            };
            function fit(e) {
                // An expanded list item makes the popup taller: keep it in view.
                var popup = e.popup, box = popup.getElement();
                if (!box || box._fits) { return; }
                box._fits = true;
                box.addEventListener("toggle", function () {
                    popup.update();
                    if (popup._adjustPan) { popup._adjustPan(); }
                }, true);
            }
            function show() {
                control.addTo(group._map);
                group._map.on("moveend", refresh);
                group._map.on("popupopen", fit);
                refresh();
            }
            group.on("add", show);
            group.on("remove", function () {
                if (control._map) {
                    control._map.off("moveend", refresh);
                    control._map.off("popupopen", fit);
                }
                control.remove();
            });
            if (group._map) { show(); }
        })();
        {% endmacro %}
    """)

    def __init__(self, entries: list[tuple[folium.CircleMarker, list[list[str]]]],
                 open_list: bool = True) -> None:
        super().__init__()
        self._name = "IncidentList"
        self.entries = entries
        self.open = open_list
        self.max_rows = MAX_LIST_ROWS


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
        _draw_area(group, row, row["_colour"], gazetteer, shapes)
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
        entries.append(_draw_marker(group, rows, focused=False, theme=theme))
    if focus_entry is not None:
        entries.append(_draw_marker(group, focus_entry, focused=True, theme=theme,
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


def _draw_area(group: folium.FeatureGroup, row: pd.Series, colour: str,
               gazetteer: GazetteerSource,
               shapes: MutableMapping[str, BaseGeometry | None]) -> None:
    """Draw a region shape (precision 3) or uncertainty circle (2), beneath the points."""
    precision = int(row["geo_precision"])
    lon, lat = row.geometry.x, row.geometry.y
    area: Any = None
    if precision == 3:
        shape = _region_shape(gazetteer, str(row["place_id"]), shapes)
        if shape is not None:
            area = folium.GeoJson(
                shapely.geometry.mapping(shape),
                style_function=lambda _, c=colour: {"fillColor": c, "color": c, "weight": 1,
                                                    "fillOpacity": 0.12, "opacity": 0.5,
                                                    "className": "incident-area"})
        else:
            area = folium.Circle([lat, lon], radius=float(row["uncertainty_km"]) * 1000,
                                 color=colour, weight=1, fill=True, fill_opacity=0.10,
                                 opacity=0.5, class_name="incident-area")
    elif precision == 2:
        area = folium.Circle([lat, lon], radius=float(row["uncertainty_km"]) * 1000,
                             color=colour, weight=1.5, dash_array="5 5", fill=True,
                             fill_opacity=0.06, class_name="incident-uncertainty")
    if area is None:
        return
    # folium drops ``interactive``; without it the area swallows clicks on the points.
    area.options["interactive"] = False
    area.options["pane"] = "areas"
    area.add_to(group)


def _draw_marker(group: folium.FeatureGroup, rows: list[pd.Series], focused: bool,
                 theme: MapTheme, focus_id: str | None = None,
                 ) -> tuple[folium.CircleMarker, list[list[str]]]:
    """Draw one marker for the incidents at one point; return it with its list rows."""
    first = rows[-1]  # the newest (rows are in date order)
    lat, lon = first.geometry.y, first.geometry.x
    stacked = len(rows) > 1
    precision = min(int(r["geo_precision"]) for r in rows)
    html_text = stack_popup_html(rows, focus_id) if stacked else popup_html(first)
    popup = (folium.Popup(html_text, max_width=400, max_height=320) if stacked
             else folium.Popup(html_text, max_width=400))
    classes = f"incident-marker precision-{precision}"
    if stacked:
        classes += f" incident-stack stack-{len(rows)}"
    if focused:
        classes += " focused"
    radius = theme.marker_radius * (1.5 if focused else 1) + (3 if stacked else 0)
    hollow = precision == 3
    marker = folium.CircleMarker(
        [lat, lon], radius=radius + (1 if hollow else 0),
        color=first["_colour"] if hollow and not focused else
        ("#000000" if focused else theme.marker_outline),
        weight=theme.marker_outline_weight + (2 if focused else 0) + (1 if hollow else 0),
        fill=True, fill_color="#ffffff" if hollow else first["_colour"],
        fill_opacity=0.9 if hollow else 0.95,
        popup=popup, tooltip=tooltip_text(rows), class_name=classes,
    )
    marker.add_to(group)
    if stacked:
        count = folium.Marker(
            [lat, lon], icon=folium.DivIcon(
                html=f'<div class="stack-count" style="transform:translate(-50%,-50%);'
                f"width:max-content;font:700 {int(theme.marker_radius + 5)}px/1 system-ui;"
                f'color:#fff;text-shadow:0 0 2px #000,0 0 2px #000;">{len(rows)}</div>',
                icon_size=(0, 0), icon_anchor=(0, 0), class_name="stack-count-icon"))
        count.options["interactive"] = False
        count.options["keyboard"] = False
        count.add_to(group)
    listed = [[str(r["incident_id"]), incident_title(r),
               pd.Timestamp(r["event_date"]).date().isoformat()] for r in rows]
    return marker, listed


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
