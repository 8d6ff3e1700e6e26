"""Overlay layers (hexagons, density, admin-1, troop deployments) and layer plumbing."""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Iterable
from typing import TypeVar

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element
from folium.plugins import HeatMap

from geo.gazetteer.index import Gazetteer
from geo.map.assets import localize
from geo.map.legend import OTHER_COLOUR
from geo.map.theme import STANDARD, MapTheme

E = TypeVar("E", bound=Element)
DISPLAY_SIMPLIFY_DEG = 0.02


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
        A map from :func:`geo.map.basemap.base_map`.
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


#: Decimal places of a drawn hexagon's vertices (about 11 m; a hexagon is kilometres wide).
HEXAGON_DECIMALS = 4


def _display_precision(xy: np.ndarray) -> np.ndarray:
    return np.round(xy, HEXAGON_DECIMALS)


def hexagon_layer(hexes: gpd.GeoDataFrame, colours: dict[str, str]) -> folium.FeatureGroup:
    """Return aggregated hexagons: fill colour of the commonest category, opacity by count.

    Parameters
    ----------
    hexes
        From :func:`geo.core.hexbin.hexagon_frame` (``incidents``, ``top``, polygon).
    colours
        ``category -> colour``.

    Returns
    -------
    folium.FeatureGroup
        One GeoJSON layer with a tooltip per hexagon; vertices rounded to
        :data:`HEXAGON_DECIMALS` places, which halves the script sent to the
        browser on every filter change at no visible cost.
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
    }, geometry=shapely.transform(hexes.geometry.to_numpy(), _display_precision),
        crs="EPSG:4326")
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
        Yellow rings at bases; boxes with the latest figure per force and
        country, centred on the country point and wrapped, so they stay inside
        the map around it.
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
                icon=folium.DivIcon(
                    html=f'<div class="deployment-figure" style="position:absolute; '
                    f"transform:translate(-50%, -50%); width:max-content; max-width:200px; "
                    f"white-space:normal; text-align:center; font:12px/1.25 system-ui;"
                    f'background:#fef9c3;border:1px solid #a16207;padding:2px 5px;'
                    f'border-radius:3px;">{text}</div>',
                    icon_size=(0, 0), icon_anchor=(0, 0), class_name="deployment-figure-icon"),
                tooltip=html.escape(str(row.quote)[:300]),
            ).add_to(group)
    return group
