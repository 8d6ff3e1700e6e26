"""The offline base map: Natural Earth outlines, place labels, scale and local assets.

No tiles are needed: country outlines on a sea-coloured background, and the
labels of :mod:`geo.map.labels`. Online tiles (OpenStreetMap, CARTO) are offered as
optional base layers only when the caller says they are reachable.
"""

from __future__ import annotations

import math
from typing import Any

import folium
import shapely
from branca.element import Figure, MacroElement
from jinja2 import Template

from geo.gazetteer.index import Gazetteer
from geo.map.assets import STATIC_URL, localize
from geo.map.labels import LABEL_FILE, LabelLayer, label_records, label_table
from geo.map.legend import Legend, legend_layer, theme_class
from geo.map.theme import STANDARD, MapTheme

BASEMAP_GRID_DEG = 0.01
#: File under ``static/vendor`` holding the basemap, written by ``incidentmap setup``.
BASEMAP_FILE = "basemap-countries.geojson"
#: Scripts folium's map lists that no layer here uses (only folium.Icon and Bootstrap
#: widgets do): not loaded, so the map's frame fetches and parses two scripts fewer
#: before the first marker. Their stylesheets stay (the popups' look). jQuery stays:
#: folium's popups set their content through it.
UNUSED_JS = ("bootstrap", "awesome_markers")
EXTRA_PLUGIN_ASSETS = {
    "js": [("markerclusterjs", "leaflet.markercluster.js"),
           ("leaflet-heat", "leaflet_heat.min.js")],
    "css": [("markerclustercss", "MarkerCluster.css"),
            ("markerclusterdefaultcss", "MarkerCluster.Default.css")],
}


class _Basemap(MacroElement):
    """Country outlines fetched from a static file (cached by the browser) into a low pane."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().classList.add({{ this.theme_class|tojson }});
            var pane = map.getPane("basemap") || map.createPane("basemap");
            pane.style.zIndex = 200;
            pane.style.pointerEvents = "none";
            // Areas (region shapes, uncertainty circles) lie under the points and take no clicks.
            var areas = map.getPane("areas") || map.createPane("areas");
            areas.style.zIndex = 350;
            areas.style.pointerEvents = "none";
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
        self.theme_class = theme_class(theme)


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


class _MetricScale(MacroElement):
    """A scale bar, kilometres first (then miles), in the bottom-left corner."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({position: "bottomleft", metric: true, imperial: true,
                         maxWidth: 160}).addTo({{ this._parent.get_name() }});
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


def view_extent(center: tuple[float, float], zoom: int, width_px: int = 1920,
                height_px: int = 1200) -> tuple[float, float, float, float]:
    """Return the ``(west, south, east, north)`` a view shows, with a margin.

    Parameters
    ----------
    center
        ``(lat, lon)``.
    zoom
        Zoom level.
    width_px, height_px
        The largest screen the view is drawn on.

    Returns
    -------
    tuple
        Degrees; a generous box (labels outside it are not embedded).
    """
    lat, lon = center
    half_lon = 360.0 * width_px / (256.0 * 2 ** zoom)
    half_lat = half_lon * height_px / width_px / max(math.cos(math.radians(lat)), 0.2)
    return (lon - half_lon, max(lat - half_lat, -85.0), lon + half_lon,
            min(lat + half_lat, 85.0))


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
    labels: bool = True,
    fill_frame: bool = False,
    plugins: bool = True,
) -> folium.Map:
    """Return the map with the offline basemap, labels, scale and local assets.

    Parameters
    ----------
    gazetteer
        Source of the Natural Earth outlines and the labels; needed only with
        ``embed_basemap`` (otherwise the browser fetches the static files).
    center
        Initial ``(lat, lon)`` (Leaflet's order, at this boundary only).
    zoom
        Initial zoom.
    legend
        Legend drawn with the map (a standalone page). In the app send
        :func:`geo.map.legend.legend_layer` with the layers instead, so it follows
        the colouring.
    online_tiles
        Offer OpenStreetMap and CARTO tiles as alternative base layers.
    height_px
        Map height; full height of the container when omitted.
    font_px
        Legend font size (the briefing mode uses larger text).
    embed_basemap
        Put the outlines and the labels of the view into the page instead of
        fetching the static files (for a standalone HTML file).
    theme
        Colours of sea, land, labels and legend (:data:`geo.map.theme.HIGH_CONTRAST`
        for a projector).
    labels
        Draw place labels.
    fill_frame
        Make the map as tall as the frame it is drawn in (the page then sizes
        the frame to the screen, as the briefing does).
    plugins
        Load the marker-cluster and heat scripts with the map. The Map page
        passes ``False``: its layer scripts load them when they need them
        (:func:`geo.map.pointdata.with_plugins`), so a map without clusters or
        heat fetches two scripts fewer before its first marker.

    Returns
    -------
    folium.Map
        With every asset pointing at :data:`geo.map.assets.STATIC_URL`.
    """
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=False,
                      prefer_canvas=False, height=height_px or "100%")
    # Without tiles Leaflet has no maxZoom, and MarkerCluster refuses to work.
    fmap.options.update(minZoom=2, maxZoom=18)
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(
        f"<style>.leaflet-container {{ background: {theme.sea}; }}</style>"))
    if fill_frame:
        root.header.add_child(folium.Element(
            "<style>html, body {height: 100%; margin: 0; overflow: hidden;} "
            "#map_div, .folium-map {height: 100vh !important;}</style>"))
    fmap.add_child(_Basemap(f"{STATIC_URL}/{BASEMAP_FILE}",
                            _embedded_basemap(gazetteer) if embed_basemap else None, theme))
    if labels:
        data = None
        if embed_basemap:
            assert gazetteer is not None
            data = label_records(label_table(gazetteer), view_extent(center, zoom))
        fmap.add_child(LabelLayer(f"{STATIC_URL}/{LABEL_FILE}", data))
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False,
                         overlay=False).add_to(fmap)
        folium.TileLayer("CartoDB positron", name="CARTO light (online)", show=False,
                         overlay=False).add_to(fmap)
        folium.LayerControl(position="topright").add_to(fmap)
    fmap.add_child(_MetricScale())
    fmap.add_child(_FocusWithoutScroll())
    if legend is not None:
        fmap.add_child(legend_layer(legend, font_px, theme))
    # Plugins used by the dynamic layers are loaded with the map itself, because
    # streamlit-folium only loads the scripts of the map it renders.
    fmap.default_js = [*[(n, u) for n, u in fmap.default_js if n not in UNUSED_JS],
                       *[(n, f"{STATIC_URL}/{f}") for n, f in EXTRA_PLUGIN_ASSETS["js"]
                         if plugins]]
    fmap.default_css = [*fmap.default_css, *[(n, f"{STATIC_URL}/{f}") for n, f in
                                             EXTRA_PLUGIN_ASSETS["css"]]]
    return localize(fmap)


def _embedded_basemap(gazetteer: Gazetteer | None) -> dict[str, Any]:
    if gazetteer is None:
        raise ValueError("embed_basemap needs the gazetteer (the source of the outlines)")
    return basemap_geojson(gazetteer)
