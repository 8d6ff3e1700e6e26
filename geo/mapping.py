"""Folium map building (pure: data in, folium objects out; no Streamlit).

* The basemap needs no tiles: Natural Earth country outlines on a sea-blue
  background. Online tiles (OpenStreetMap, CARTO) are added as optional base
  layers only when the caller says they are reachable.
* Precision is drawn honestly: a site or town (1) is a solid dot; near a site
  (2) is a dot with a dashed uncertainty circle; a region or country (3) is
  its shape (or a large faint circle) with a hollow dot, never a sharp pin.
* Up to :data:`MAX_MARKERS` incidents are drawn one by one with popups; up to
  :data:`MAX_CLUSTERED` through FastMarkerCluster; beyond that the view is
  aggregated on a grid on the server.
* Every script and stylesheet is served locally (:func:`geo.assets.localize`).
* All text from articles is HTML-escaped before it reaches the browser.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.plugins import FastMarkerCluster, HeatMap
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from geo.assets import STATIC_URL, localize
from geo.frame import LIST_SEPARATOR
from geo.gazetteer import Gazetteer
from geo.hexbin import hexagon_counts_of, hexagon_frame, resolution_for_zoom
from geo.records import EVENT_TYPES
from geo.regions import directional_place, region_polygon
from geo.theme import STANDARD, MapTheme

E = TypeVar("E", bound=Element)
MAX_MARKERS = 2_000
MAX_CLUSTERED = 20_000
DISPLAY_SIMPLIFY_DEG = 0.02
BASEMAP_GRID_DEG = 0.01
#: File under ``static/vendor`` holding the basemap, written by ``incidentmap setup``.
BASEMAP_FILE = "basemap-countries.geojson"
EVENT_COLOURS: dict[str, str] = {
    "drone attack": "#d62728", "rocket attack": "#ff7f0e", "missile attack": "#8c564b",
    "airstrike": "#1f77b4", "interception": "#9467bd", "armed clash": "#e377c2",
    "explosion/IED": "#7f7f7f", "arrest/raid": "#bcbd22", "protest": "#17becf",
    "shelling": "#e7969c", "political statement": "#2ca02c", "deployment change": "#393b79",
    "other": "#555555",
}
ACTOR_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#393b79")
OTHER_COLOUR = "#9ca3af"
PRECISION_WORDS = {1: "site/town", 2: "near a site/town", 3: "region/country"}
EXTRA_PLUGIN_ASSETS = {
    "js": [("markerclusterjs", "leaflet.markercluster.js"),
           ("leaflet-heat", "leaflet_heat.min.js")],
    "css": [("markerclustercss", "MarkerCluster.css"),
            ("markerclusterdefaultcss", "MarkerCluster.Default.css")],
}


@dataclass(frozen=True, slots=True)
class Legend:
    """What the legend shows: a title and ``(label, colour)`` entries."""

    title: str
    entries: tuple[tuple[str, str], ...]


def palette_for(event_types: Iterable[str], primary_actors: Sequence[str],
                colour_by: str) -> dict[str, str]:
    """Return ``category -> colour`` from the categories present.

    Parameters
    ----------
    event_types
        Event types present.
    primary_actors
        Primary actors present, most frequent first.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    dict
        Colours for the categories; actors beyond the palette share grey.
    """
    if colour_by == "event_type":
        present = set(event_types)
        return {t: EVENT_COLOURS[t] for t in EVENT_TYPES if t in present}
    top = [a for a in primary_actors if a][: len(ACTOR_PALETTE)]
    return {a: ACTOR_PALETTE[i] for i, a in enumerate(top)}


def colour_map(frame: pd.DataFrame, colour_by: str) -> dict[str, str]:
    """Return ``category -> colour`` for the chosen colouring of an incident table.

    Parameters
    ----------
    frame
        Incident table (for the categories present).
    colour_by
        ``"event_type"`` or ``"actor"`` (the first actor, ``actor1``, else ``actor2``).

    Returns
    -------
    dict
        See :func:`palette_for`.
    """
    types: Iterable[str] = frame["event_type"].astype(str) if len(frame) else []
    actors = list(_primary_actor(frame).value_counts().index) if len(frame) else []
    return palette_for(types, actors, colour_by)


def legend_of(palette: dict[str, str], colour_by: str) -> Legend:
    """Return the legend of a palette, with the precision key.

    Parameters
    ----------
    palette
        ``category -> colour``.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    Legend
        Title and entries.
    """
    entries = list(palette.items())
    if colour_by == "actor":
        entries.append(("other actors", OTHER_COLOUR))
    return Legend("Event type" if colour_by == "event_type" else "Actor", tuple(entries))


def _primary_actor(frame: pd.DataFrame) -> pd.Series:
    first = frame["actor1"].fillna("").astype(str)
    return first.where(first != "", frame["actor2"].fillna("").astype(str)).replace("", "unknown")


def category_of(frame: pd.DataFrame, colour_by: str) -> pd.Series:
    """Return each row's colour category.

    Parameters
    ----------
    frame
        Incident table.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    pandas.Series
        One category string per row.
    """
    if colour_by == "event_type":
        return frame["event_type"].astype(str)
    return _primary_actor(frame)


def legend_for(frame: pd.DataFrame, colour_by: str) -> Legend:
    """Return the legend of a colouring of an incident table.

    Parameters
    ----------
    frame
        Incident table.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    Legend
        Title and entries.
    """
    return legend_of(colour_map(frame, colour_by), colour_by)


class _Basemap(MacroElement):
    """Country outlines fetched from a static file (cached by the browser) into a low pane."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var pane = map.getPane("basemap") || map.createPane("basemap");
            pane.style.zIndex = 200;
            pane.style.pointerEvents = "none";
            function draw(data) {
                L.geoJSON(data, {pane: "basemap", interactive: false,
                                 style: {{ this.style|tojson }}}).addTo(map);
            }
            {% if this.data %}draw({{ this.data|tojson }});{% else %}
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(draw);
            {% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, url: str, data: dict[str, Any] | None = None,
                 theme: MapTheme = STANDARD) -> None:
        super().__init__()
        self._name = "Basemap"
        self.url = url
        self.data = data
        self.style = theme.land


class _FocusWithoutScroll(MacroElement):
    """Leaflet focuses the map on mouse-down; in an iframe that scrolled the page.

    A map partly below the fold jumped up under the pointer between mouse-down
    and mouse-up, so the click missed its marker. Focus with ``preventScroll``.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var keyboard = {{ this._parent.get_name() }}.keyboard;
            if (!keyboard) { return; }
            keyboard.removeHooks();  // the handler was bound when the map was made
            keyboard._onMouseDown = function () {
                if (this._focused) { return; }
                this._map._container.focus({preventScroll: true});
            };
            keyboard.addHooks();
        })();
        {% endmacro %}
    """)


def basemap_geojson(gazetteer: Gazetteer) -> dict[str, Any]:
    """Return the country outlines of the offline basemap as GeoJSON.

    Parameters
    ----------
    gazetteer
        Source of the Natural Earth country polygons.

    Returns
    -------
    dict
        A FeatureCollection simplified to about 5 km, coordinates on a 0.01° grid.
    """
    frame = gazetteer.countries[["iso2", "geometry"]].copy()
    frame["geometry"] = shapely.set_precision(frame.geometry.simplify(0.05).to_numpy(),
                                              BASEMAP_GRID_DEG)
    frame = frame[~frame.geometry.is_empty]
    collection: dict[str, Any] = frame.__geo_interface__
    return collection


class _LegendControl(MacroElement):
    """A fixed legend box in the map's bottom-left corner."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="incidentmap-legend" style="position:absolute; bottom:24px; left:12px;
             z-index:9999; background:{{ this.theme.legend_background }}; padding:8px 10px;
             border:{{ this.theme.legend_border }}; border-radius:4px;
             font:{{ this.font_px }}px/1.35 system-ui, sans-serif;
             color:{{ this.theme.legend_text }}; max-width:{{ this.font_px * 22 }}px;">
          <div style="font-weight:600; margin-bottom:4px;">{{ this.title }}</div>
          {% for label, colour in this.entries %}
          <div><span style="display:inline-block; width:0.8em; height:0.8em;
               border-radius:50%; background:{{ colour }}; margin-right:6px;
               border:1px solid {{ this.theme.marker_outline }};"></span>
               {{ label }}</div>
          {% endfor %}
          <div style="margin-top:6px; border-top:1px solid #ddd; padding-top:4px;">
            <div>● site/town (precision 1)</div>
            <div>◎ near a site (2): dashed circle = uncertainty</div>
            <div>◌ region/country (3): shaded area</div>
          </div>
        </div>
        {% endmacro %}
    """)

    def __init__(self, legend: Legend, font_px: int = 12, theme: MapTheme = STANDARD) -> None:
        super().__init__()
        self._name = "IncidentLegend"
        self.theme = theme
        self.title = html.escape(legend.title)
        self.entries = [(html.escape(label), colour) for label, colour in legend.entries]
        self.font_px = font_px


def base_map(
    gazetteer: Gazetteer | None,
    *,
    center: tuple[float, float] = (34.5, 41.0),
    zoom: int = 6,
    legend: Legend | None = None,
    online_tiles: bool = False,
    height_px: int | None = None,
    font_px: int = 12,
    embed_basemap: bool = False,
    theme: MapTheme = STANDARD,
) -> folium.Map:
    """Return the map with the offline basemap, legend and local assets.

    Parameters
    ----------
    gazetteer
        Source of the Natural Earth country outlines; needed only with
        ``embed_basemap`` (otherwise the browser fetches the static file).
    center
        Initial ``(lat, lon)`` (Leaflet's order, at this boundary only).
    zoom
        Initial zoom.
    legend
        Legend to show; none by default.
    online_tiles
        Offer OpenStreetMap and CARTO tiles as alternative base layers.
    height_px
        Map height; full height of the container when omitted.
    font_px
        Legend font size (the briefing mode uses larger text).
    embed_basemap
        Put the country outlines into the page instead of fetching the static
        file (for a standalone HTML file).
    theme
        Colours of sea, land and legend (:data:`geo.theme.HIGH_CONTRAST` for a projector).

    Returns
    -------
    folium.Map
        With every asset pointing at :data:`geo.assets.STATIC_URL`.
    """
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True,
                      prefer_canvas=False, height=height_px or "100%")
    # Without tiles Leaflet has no maxZoom, and MarkerCluster refuses to work.
    fmap.options.update(minZoom=2, maxZoom=18)
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(
        f"<style>.leaflet-container {{ background: {theme.sea}; }}</style>"))
    fmap.add_child(_Basemap(f"{STATIC_URL}/{BASEMAP_FILE}",
                            _embedded_basemap(gazetteer) if embed_basemap else None, theme))
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False,
                         overlay=False).add_to(fmap)
        folium.TileLayer("CartoDB positron", name="CARTO light (online)", show=False,
                         overlay=False).add_to(fmap)
        folium.LayerControl(position="topright").add_to(fmap)
    fmap.add_child(_FocusWithoutScroll())
    if legend is not None:
        fmap.add_child(_LegendControl(legend, font_px, theme))
    # Plugins used by the dynamic layers are loaded with the map itself, because
    # streamlit-folium only loads the scripts of the map it renders.
    fmap.default_js = [*fmap.default_js, *[(n, f"{STATIC_URL}/{f}") for n, f in
                                           EXTRA_PLUGIN_ASSETS["js"]]]
    fmap.default_css = [*fmap.default_css, *[(n, f"{STATIC_URL}/{f}") for n, f in
                                             EXTRA_PLUGIN_ASSETS["css"]]]
    return localize(fmap)


def _embedded_basemap(gazetteer: Gazetteer | None) -> dict[str, Any]:
    if gazetteer is None:
        raise ValueError("embed_basemap needs the gazetteer (the source of the outlines)")
    return basemap_geojson(gazetteer)


def stable_ids(element: E, prefix: str) -> E:
    """Give an element and its descendants ids that are the same on every rerun.

    folium names each element with a random id; streamlit-folium re-adds a
    layer whenever its script text changes, so random ids made every rerun
    (a click, a widget) replace all markers, even under the mouse pointer.
    With ids from the element's position, the same data gives the same
    script and the browser keeps the layer.

    Parameters
    ----------
    element
        A layer (feature group) or map.
    prefix
        Distinguishes layers drawn together.

    Returns
    -------
    branca.element.Element
        The same element, changed in place.
    """
    counter = iter(range(1 << 30))
    seen: set[int] = set()

    def visit(node: Element) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        # 32 hex digits, like folium's own ids (streamlit-folium rewrites names by that form).
        node._id = hashlib.md5(f"{prefix}:{next(counter)}".encode()).hexdigest()
        children = list(node._children.values())
        for child in children:
            visit(child)
        # Templates name children by their key in this dict, so re-key it too.
        node._children = type(node._children)((c.get_name(), c) for c in children)
        for attribute in ("html", "header", "script"):
            inner = getattr(node, attribute, None)
            if isinstance(inner, Element):
                visit(inner)

    visit(element)
    return element


def assemble(fmap: folium.Map, layers: Iterable[folium.FeatureGroup]) -> folium.Map:
    """Add layers to a map and point their assets at local copies (outside Streamlit).

    Parameters
    ----------
    fmap
        A map from :func:`base_map`.
    layers
        Feature groups to add.

    Returns
    -------
    folium.Map
        The same map, complete.
    """
    for layer in layers:
        layer.add_to(fmap)
    return localize(fmap)


def popup_html(row: pd.Series) -> str:
    """Return the escaped HTML of an incident popup.

    Parameters
    ----------
    row
        One incident row.

    Returns
    -------
    str
        Date, type, actors, location with precision, quote and a source link;
        every value escaped, links only for http(s) URLs.
    """
    def esc(value: Any) -> str:
        return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value))
                           else str(value))

    precision = int(row["geo_precision"])
    day = pd.Timestamp(row["event_date"]).date().isoformat()
    actors = esc(str(row["actors"]).replace(LIST_SEPARATOR, ", ")) or "unknown"
    url = str(row.get("url") or "")
    link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f'{esc(row.get("source") or url)}</a>' if url.startswith(("http://", "https://"))
            else esc(row.get("source") or "no link"))
    quote = esc(row.get("quote") or "")
    if len(quote) > 600:
        quote = quote[:600] + "…"
    casualties = []
    if pd.notna(row.get("fatalities")):
        casualties.append(f"{int(row['fatalities'])} killed")
    if pd.notna(row.get("injuries")):
        casualties.append(f"{int(row['injuries'])} injured")
    return (
        f'<div class="incident-popup" style="font:13px/1.4 system-ui,sans-serif;">'
        f"<b>{esc(row['event_type'])}</b> · {day} ({esc(row['time_precision'])})<br>"
        f"<b>Where:</b> {esc(row['location'])}{', ' + esc(row['admin1']) if row['admin1'] else ''}"
        f" {esc(row['country'])} — precision {precision} ({PRECISION_WORDS[precision]}), "
        f"±{float(row['uncertainty_km']):.0f} km<br>"
        f"<b>Actors:</b> {actors}"
        + (f"<br><b>Claimed by:</b> {esc(row['claimed_by'])}" if row.get("claimed_by") else "")
        + (f"<br><b>Casualties:</b> {', '.join(casualties)}" if casualties else "")
        + f"<br><i>“{quote}”</i><br><b>Source:</b> {link}</div>"
    )


def _region_shape(gazetteer: Gazetteer, place_id: str, cache: dict[str, BaseGeometry | None]
                  ) -> BaseGeometry | None:
    if place_id in cache:
        return cache[place_id]
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


def incident_layer(
    frame: gpd.GeoDataFrame,
    gazetteer: Gazetteer,
    colour_by: str = "event_type",
    *,
    focus_id: str | None = None,
    colours: dict[str, str] | None = None,
    theme: MapTheme = STANDARD,
) -> tuple[folium.FeatureGroup, str]:
    """Return the layer of incidents and a sentence saying how they are drawn.

    Parameters
    ----------
    frame
        Filtered incidents.
    gazetteer
        For region shapes of precision-3 incidents.
    colour_by
        ``"event_type"`` or ``"actor"``.
    focus_id
        Incident to highlight (drawn last, with a thick outline).
    colours
        Category colours to use (so the legend and chart agree across filters);
        computed from ``frame`` when omitted.
    theme
        Marker size and outline.

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
    shapes: dict[str, BaseGeometry | None] = {}
    ordered = frame.sort_values("geo_precision", ascending=False)
    focus_row = None
    for idx, row in ordered.iterrows():
        if focus_id and row["incident_id"] == focus_id:
            focus_row = row
            continue
        _draw_incident(group, row, colours.get(categories[idx], OTHER_COLOUR), gazetteer,
                       shapes, focused=False, theme=theme)
    if focus_row is not None:
        _draw_incident(group, focus_row, colours.get(categories[focus_row.name], OTHER_COLOUR),
                       gazetteer, shapes, focused=True, theme=theme)
    return group, f"showing {n:,} incidents as markers"


_FAST_CALLBACK = """
function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 6, color: '#111', weight: 1, fillColor: row[3], fillOpacity: 0.9});
    marker.bindTooltip(row[2]);
    return marker;
};
"""


def _draw_incident(group: folium.FeatureGroup, row: pd.Series, colour: str,
                   gazetteer: Gazetteer, shapes: dict[str, BaseGeometry | None],
                   focused: bool, theme: MapTheme) -> None:
    lon, lat = row.geometry.x, row.geometry.y
    precision = int(row["geo_precision"])
    popup = folium.Popup(popup_html(row), max_width=380)
    tooltip = html.escape(f"{row['event_type']} · {pd.Timestamp(row['event_date']).date()} · "
                          f"{row['location']}")
    if precision == 3:
        shape = _region_shape(gazetteer, str(row["place_id"]), shapes)
        if shape is not None:
            folium.GeoJson(
                shapely.geometry.mapping(shape),
                style_function=lambda _, c=colour: {"fillColor": c, "color": c, "weight": 1,
                                                    "fillOpacity": 0.12, "opacity": 0.5},
                tooltip=tooltip,
            ).add_to(group)
        else:
            folium.Circle([lat, lon], radius=float(row["uncertainty_km"]) * 1000, color=colour,
                          weight=1, fill=True, fill_opacity=0.10, opacity=0.5).add_to(group)
        folium.CircleMarker([lat, lon], radius=theme.marker_radius + 1, color=colour,
                            weight=theme.marker_outline_weight + 1, fill=True,
                            fill_color="#ffffff", fill_opacity=0.9, popup=popup,
                            tooltip=tooltip, class_name="incident-marker precision-3").add_to(group)
        return
    if precision == 2:
        circle = folium.Circle([lat, lon], radius=float(row["uncertainty_km"]) * 1000,
                               color=colour, weight=1.5, dash_array="5 5", fill=True,
                               fill_opacity=0.06)
        # folium drops ``interactive``; without it the circle swallows clicks on markers.
        circle.options["interactive"] = False
        circle.add_to(group)
    folium.CircleMarker(
        [lat, lon], radius=theme.marker_radius * (1.5 if focused else 1),
        color="#000000" if focused else theme.marker_outline,
        weight=theme.marker_outline_weight + (2 if focused else 0), fill=True,
        fill_color=colour, fill_opacity=0.95,
        popup=popup, tooltip=tooltip,
        class_name=f"incident-marker precision-{precision}" + (" focused" if focused else ""),
    ).add_to(group)


def hexagon_caption(incidents: int, hexagons: int, resolution: int) -> str:
    """Say how many incidents the hexagons stand for.

    Parameters
    ----------
    incidents, hexagons
        Counts.
    resolution
        H3 resolution.

    Returns
    -------
    str
        E.g. ``"showing 1,000,000 incidents as 2,300 hexagons (H3 resolution 4)"``.
    """
    return (f"showing {incidents:,} incidents as {hexagons:,} hexagons "
            f"(H3 resolution {resolution})")


def hexagon_layer(hexes: gpd.GeoDataFrame, colours: dict[str, str]) -> folium.FeatureGroup:
    """Return aggregated hexagons: fill colour of the commonest category, opacity by count.

    Parameters
    ----------
    hexes
        From :func:`geo.hexbin.hexagon_frame` (``incidents``, ``top``, polygon).
    colours
        ``category -> colour``.

    Returns
    -------
    folium.FeatureGroup
        One GeoJSON layer with a tooltip per hexagon.
    """
    group = folium.FeatureGroup(name="Incidents (hexagons)")
    if not len(hexes):
        return group
    counts = hexes["incidents"].to_numpy(dtype=float)
    scale = np.log1p(counts) / max(float(np.log1p(counts.max())), 1e-9)
    table = gpd.GeoDataFrame({
        "incidents": hexes["incidents"].astype(int).map("{:,}".format),
        "mostly": hexes["top"].astype(str),
        "fill": hexes["top"].map(lambda c: colours.get(c, OTHER_COLOUR)),
        "opacity": np.round(0.25 + 0.6 * scale, 2),
    }, geometry=hexes.geometry.to_numpy(), crs="EPSG:4326")
    folium.GeoJson(
        table.__geo_interface__, name="hexagons",
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#374151",
                                  "weight": 0.6, "fillOpacity": f["properties"]["opacity"],
                                  "className": "incident-hexagon"},
        tooltip=folium.GeoJsonTooltip(["incidents", "mostly"],
                                      aliases=["incidents", "mostly"]),
    ).add_to(group)
    return group


def heat_layer(frame: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Return a density (heat) layer of the incidents.

    Parameters
    ----------
    frame
        Incidents.

    Returns
    -------
    folium.FeatureGroup
        With one HeatMap of all points.
    """
    group = folium.FeatureGroup(name="Density")
    if len(frame):
        pts = np.column_stack([frame.geometry.y.to_numpy(), frame.geometry.x.to_numpy()])
        HeatMap(pts.tolist(), radius=18, blur=22, min_opacity=0.3).add_to(group)
    return localize(group)


def admin1_layer(gazetteer: Gazetteer, countries: Iterable[str],
                 theme: MapTheme = STANDARD) -> folium.FeatureGroup:
    """Return admin-1 boundaries of the given countries.

    Parameters
    ----------
    gazetteer
        Source of Natural Earth admin-1 polygons.
    countries
        ISO alpha-2 codes (the countries in view).
    theme
        Line style of the boundaries.

    Returns
    -------
    folium.FeatureGroup
        Dashed outlines with the unit name as tooltip.
    """
    group = folium.FeatureGroup(name="Admin-1 boundaries")
    wanted = sorted(set(countries))
    if not wanted:
        return group
    units = gazetteer.admin1[gazetteer.admin1.country.isin(wanted)][["name", "country",
                                                                     "geometry"]].copy()
    units["geometry"] = units.geometry.simplify(DISPLAY_SIMPLIFY_DEG)
    units["name"] = units["name"].map(html.escape)
    folium.GeoJson(units.__geo_interface__, style_function=lambda _: theme.admin1,
                   tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False)).add_to(group)
    return group


def deployment_layer(
    gazetteer: Gazetteer, deployments: gpd.GeoDataFrame
) -> folium.FeatureGroup:
    """Return troop deployments: bases with the force present, and country figures.

    Parameters
    ----------
    gazetteer
        Curated sites with their ``forces`` column.
    deployments
        Troop figures extracted from articles (points at country centres).

    Returns
    -------
    folium.FeatureGroup
        Yellow rings at bases, labelled boxes with the latest figure per force and country.
    """
    group = folium.FeatureGroup(name="Troop deployments")
    places = gazetteer.places
    bases = places[(places["forces"].astype(str) != "") & (places["kind"] == "site")]
    for name, forces, source, lat, lon in bases[["name", "forces", "source", "lat", "lon"]
                                                ].itertuples(index=False):
        label = html.escape(f"{name}: {str(forces).replace('|', ', ')} (curated: {source})")
        folium.CircleMarker(
            [float(lat), float(lon)], radius=8, color="#111827", weight=2.5, fill=True,
            fill_color="#facc15", fill_opacity=0.95, tooltip=label, class_name="deployment-base",
        ).add_to(group)
    if len(deployments):
        latest = deployments.sort_values("as_of").groupby(["force", "country"]).tail(1)
        for row in latest.itertuples():
            if row.geometry is None or row.geometry.is_empty or math.isnan(row.geometry.x):
                continue
            qualifier = f"{row.qualifier} " if row.qualifier else ""
            text = html.escape(f"{row.force}: {qualifier}{row.troops:,} troops "
                               f"({pd.Timestamp(row.as_of).date()}, {row.source or 'article'})")
            folium.Marker(
                [row.geometry.y, row.geometry.x],
                icon=folium.DivIcon(html=f'<div class="deployment-figure" style="font:12px '
                                    f'system-ui;background:#fef9c3;border:1px solid #a16207;'
                                    f'padding:2px 5px;border-radius:3px;white-space:nowrap;">'
                                    f"{text}</div>", icon_size=(1, 1), icon_anchor=(0, 0)),
                tooltip=html.escape(str(row.quote)[:300]),
            ).add_to(group)
    return group


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
