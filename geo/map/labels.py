"""Offline place labels: countries, admin-1 units, cities by population and curated sites.

The labels come from the installed gazetteer tables (Natural Earth countries
and admin-1 units, GeoNames cities, the curated sites of ``data/places.csv``)
read through :class:`geo.gazetteer.index.Gazetteer`; no tiles are needed.

Each label has a minimum zoom and a priority (countries, capitals, large
cities and curated sites first). In the browser a small script places the
labels of the current view greedily by priority, measuring each text and
skipping any that would overlap one already placed, so they never collide.
Labels live in their own pane above areas and below markers, keep clear of the
markers, and take no
clicks. Colours and sizes follow the theme class of the map container
(see :func:`geo.map.legend.theme_class`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.gazetteer.index import Gazetteer

#: Version of the label table's rules: a new version gets a new file name, so a
#: server and the browsers' caches never keep labels made by older rules.
LABEL_VERSION = 2
#: File under ``static/vendor`` holding the labels (see :func:`write_label_file`).
LABEL_FILE = f"labels-{LABEL_VERSION}.json"
#: Region drawn in detail (smaller towns): Iraq, Syria and their neighbours.
DETAIL_EXTENT = (25.0, 10.0, 65.0, 45.0)
WORLD_MIN_POPULATION = 150_000
DETAIL_MIN_POPULATION = 10_000
#: Kind codes used in the label table (short, to keep the file small).
KINDS = ("country", "admin1", "city", "site", "water")
_WATER_WORDS = ("Sea", "Gulf", "Ocean")


def _city_zoom(population: float, capital: bool) -> int:
    if capital or population >= 5_000_000:
        return 4
    for limit, zoom in ((1_000_000, 5), (300_000, 6), (100_000, 7), (40_000, 8),
                        (15_000, 9)):
        if population >= limit:
            return zoom
    return 10


def _country_zoom(radius_km: float) -> int:
    for limit, zoom in ((400.0, 3), (150.0, 4), (40.0, 5)):
        if radius_km >= limit:
            return zoom
    return 6


def _main_names(places: pd.DataFrame, cities: pd.Series, population: pd.Series) -> pd.Series:
    """Keep one city per ~5 km cell: the shortest name among the populous ones.

    GeoNames lists sections of a city beside it ("Al Mawşil al Jadīdah" with a
    larger population than "Mosul"); the city's own name is the shortest one
    with at least half the largest population of its cell.
    """
    chosen = places.loc[cities, ["name", "lat", "lon"]].copy()
    chosen["pop"] = population[cities]
    chosen["cell"] = ((chosen["lat"] / 0.05).round().astype(int).astype(str) + ":" +
                      (chosen["lon"] / 0.05).round().astype(int).astype(str))
    largest = chosen.groupby("cell")["pop"].transform("max")
    chosen = chosen[chosen["pop"] >= largest / 2]
    chosen["length"] = chosen["name"].astype(str).str.len()
    keep = chosen.sort_values(["length", "pop"], ascending=[True, False]).groupby("cell").head(1)
    return pd.Series(places.index.isin(keep.index), index=places.index)


def label_table(gazetteer: Gazetteer, detail_extent: tuple[float, float, float, float]
                = DETAIL_EXTENT) -> pd.DataFrame:
    """Return the labels of the map, highest priority first.

    Parameters
    ----------
    gazetteer
        The installed gazetteer (countries, admin-1, cities, curated places).
    detail_extent
        ``(west, south, east, north)`` where towns down to
        :data:`DETAIL_MIN_POPULATION` are labelled (elsewhere
        :data:`WORLD_MIN_POPULATION`).

    Returns
    -------
    pandas.DataFrame
        ``name``, ``lat``, ``lon``, ``kind`` (one of :data:`KINDS`),
        ``min_zoom`` and ``big`` (drawn larger), sorted by priority.
    """
    places = gazetteer.places
    west, south, east, north = detail_extent
    kind = places["kind"].astype(str)
    population = pd.to_numeric(places["population"], errors="coerce").fillna(0.0)
    in_detail = places["lon"].between(west, east) & places["lat"].between(south, north)
    capital = places["capital"].fillna(False).astype(bool)
    cities = (kind == "city") & (capital | (population >= WORLD_MIN_POPULATION)
                                 | (in_detail & (population >= DETAIL_MIN_POPULATION)))
    cities &= _main_names(places, cities, population)
    water = (kind == "region") & places["name"].astype(str).str.contains("|".join(_WATER_WORDS))
    rows: list[tuple[int, float, str, float, float, str, int, bool]] = []
    countries = places[kind == "country"]
    for name, lat, lon, radius in zip(countries["name"].astype(str), countries["lat"],
                                      countries["lon"], countries["radius_km"].fillna(0.0),
                                      strict=True):
        if math.isfinite(float(lat)) and math.isfinite(float(lon)):
            zoom = _country_zoom(float(radius))
            # Small countries come after capitals and large cities (Lebanon, not Damascus).
            rows.append((0 if zoom <= 4 else 2, -float(radius), name, lat, lon, "country",
                         zoom, True))
    selected = places[cities | water | kind.isin(["admin1", "site", "landmark", "crossing"])]
    for name, k, lat, lon, pop, cap in zip(
            selected["name"].astype(str), selected["kind"].astype(str), selected["lat"],
            selected["lon"], population[selected.index], capital[selected.index], strict=True):
        if k == "city":
            zoom = _city_zoom(float(pop), bool(cap))
            tier = 1 if cap or pop >= 1_000_000 else 5
            rows.append((tier, -float(pop), name, lat, lon, "city", zoom, tier == 1))
        elif k == "site":
            rows.append((3, 0.0, name, lat, lon, "site", 6, False))
        elif k in ("landmark", "crossing"):
            rows.append((6, 0.0, name, lat, lon, "site", 8, False))
        elif k == "admin1":
            rows.append((4, -float(pop), name, lat, lon, "admin1", 6, False))
        else:
            rows.append((2, 0.0, name, lat, lon, "water", 4, False))
    table = pd.DataFrame(rows, columns=["tier", "order", "name", "lat", "lon", "kind",
                                        "min_zoom", "big"])
    table = table.sort_values(["tier", "order", "name"], kind="stable", ignore_index=True)
    return table.drop(columns=["tier", "order"])


def label_records(table: pd.DataFrame,
                  extent: tuple[float, float, float, float] | None = None) -> list[list[Any]]:
    """Return labels in the compact form the browser script reads.

    Parameters
    ----------
    table
        From :func:`label_table`.
    extent
        Keep only labels inside ``(west, south, east, north)`` (for a page that
        embeds them); all when omitted.

    Returns
    -------
    list
        ``[name, lat, lon, kind code, min zoom, big]`` per label, in priority order.
    """
    if extent is not None:
        west, south, east, north = extent
        table = table[table["lon"].between(west, east) & table["lat"].between(south, north)]
    codes = {k: i for i, k in enumerate(KINDS)}
    return [[name, round(float(lat), 3), round(float(lon), 3), codes[kind], int(zoom), int(big)]
            for name, lat, lon, kind, zoom, big in table.itertuples(index=False)]


def write_label_file(gazetteer: Gazetteer, static_dir: Path) -> Path:
    """Write the label file the app serves (``static/vendor/labels-<version>.json``).

    Parameters
    ----------
    gazetteer
        The installed gazetteer.
    static_dir
        The served asset folder.

    Returns
    -------
    pathlib.Path
        The file written (through a temporary name, then renamed).
    """
    path = static_dir / LABEL_FILE
    tmp = path.with_suffix(".tmp")
    static_dir.mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(label_records(label_table(gazetteer)), separators=(",", ":"),
                              ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


LABEL_CSS = """
.map-label {position:absolute; white-space:nowrap; pointer-events:none; line-height:1;
  font-family: system-ui, "DejaVu Sans", sans-serif; color:#1f2937;
  text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff,
               0 0 3px #fff;}
.map-label-country {color:#4b5563; font-weight:700; letter-spacing:0.12em;
  text-transform:uppercase;}
.map-label-admin1 {color:#6b7280; font-style:italic;}
.map-label-city {color:#111827;}
.map-label-city.big {font-weight:700;}
.map-label-site {color:#7c2d12; font-weight:700;}
.map-label-water {color:#2563eb; font-style:italic;}
.map-label-dot {position:absolute; pointer-events:none; width:5px; height:5px;
  margin:-3.5px 0 0 -3.5px; border-radius:50%; background:#111827; border:1px solid #fff;}
.map-label-dot.site {border-radius:1px; background:#7c2d12;}
.theme-high-contrast .map-label {color:#000;
  text-shadow: -2px -2px 0 #fff, 2px -2px 0 #fff, -2px 2px 0 #fff, 2px 2px 0 #fff,
               0 0 4px #fff;}
.theme-high-contrast .map-label-admin1, .theme-high-contrast .map-label-water {color:#222;}
.theme-high-contrast .map-label-dot {background:#000; width:7px; height:7px;
  margin:-4.5px 0 0 -4.5px;}
"""


class LabelLayer(MacroElement):
    """Collision-free labels drawn in their own pane, redrawn after each move."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var pane = map.getPane("labels") || map.createPane("labels");
            pane.style.zIndex = 380;  // above areas (350), below markers (400)
            pane.style.pointerEvents = "none";
            var KINDS = {{ this.kinds|tojson }};
            // [px size standard, px size high contrast, font weight/style]
            var SIZE = {country: [14, 18, "700"], admin1: [11, 14, "italic 400"],
                        city: [12, 15, "400"], site: [12, 15, "700"],
                        water: [12, 15, "italic 400"]};
            var labels = [];
            var ctx = document.createElement("canvas").getContext("2d");
            function font(kind, big) {
                var hc = map.getContainer().classList.contains("theme-high-contrast");
                var s = SIZE[kind], px = s[hc ? 1 : 0] + (big ? 2 : 0);
                var weight = kind === "city" && big ? "700" : s[2];
                return [weight + " " + px + "px system-ui, 'DejaVu Sans', sans-serif", px];
            }
            function overlaps(box, placed) {
                for (var i = 0; i < placed.length; i++) {
                    var o = placed[i];
                    if (box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]) {
                        return true;
                    }
                }
                return false;
            }
            function markerBoxes() {
                // Labels keep clear of the incident markers and deployment rings.
                var boxes = [];
                map.eachLayer(function (layer) {
                    var cls = layer.options && layer.options.className;
                    if (layer instanceof L.CircleMarker && !(layer instanceof L.Circle) &&
                            cls && /incident-marker|deployment-base/.test(cls)) {
                        var q = map.latLngToContainerPoint(layer.getLatLng());
                        var r = (layer.options.radius || 6) + 2;
                        boxes.push([q.x - r, q.y - r, q.x + r, q.y + r]);
                    }
                });
                return boxes;
            }
            var pending = null;
            function later() {
                if (pending) { clearTimeout(pending); }
                pending = setTimeout(function () { pending = null; draw(); }, 150);
            }
            function draw() {
                pane.innerHTML = "";
                pane.style.display = "";
                var zoom = map.getZoom(), bounds = map.getBounds().pad(0.05);
                var size = map.getSize(), placed = [], markers = markerBoxes(), shown = 0;
                for (var i = 0; i < labels.length && shown < 400; i++) {
                    var l = labels[i];
                    if (l[4] > zoom || !bounds.contains([l[1], l[2]])) { continue; }
                    var kind = KINDS[l[3]], f = font(kind, l[5] === 1);
                    var text = kind === "country" ? l[0].toUpperCase() : l[0];
                    ctx.font = f[0];
                    var w = ctx.measureText(text).width +
                            (kind === "country" ? 0.12 * f[1] * text.length : 0);
                    var h = f[1] + 2;
                    var p = map.latLngToContainerPoint([l[1], l[2]]);
                    var pointed = kind === "city" || kind === "site";
                    var options = pointed
                        ? [[p.x + 6, p.y - h / 2], [p.x + 15, p.y - h / 2],
                           [p.x + 21, p.y - h / 2], [p.x - 6 - w, p.y - h / 2],
                           [p.x - 15 - w, p.y - h / 2], [p.x - 21 - w, p.y - h / 2],
                           [p.x - w / 2, p.y - h - 5], [p.x - w / 2, p.y + 5],
                           [p.x - w / 2, p.y - h - 19], [p.x - w / 2, p.y + 19]]
                        : [[p.x - w / 2, p.y - h / 2], [p.x - w / 2, p.y - 1.5 * h - 4],
                           [p.x - w / 2, p.y + h / 2 + 4], [p.x - w / 2, p.y - 2.5 * h - 8],
                           [p.x - w / 2, p.y + 1.5 * h + 8]];
                    var box = null;
                    for (var j = 0; j < options.length; j++) {
                        var b = [options[j][0] - 2, options[j][1] - 1,
                                 options[j][0] + w + 2, options[j][1] + h + 1];
                        if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) { continue; }
                        if (!overlaps(b, placed) && !overlaps(b, markers)) { box = b; break; }
                    }
                    if (!box) { continue; }
                    var dot = pointed ? [p.x - 4, p.y - 4, p.x + 4, p.y + 4] : null;
                    if (dot && overlaps(dot, placed)) { continue; }
                    placed.push(box);
                    if (dot && overlaps(dot, markers)) { dot = null; }  // the marker marks it
                    if (dot) { placed.push(dot); }
                    var origin = map.containerPointToLayerPoint([0, 0]);
                    var el = L.DomUtil.create("div", "map-label map-label-" + kind +
                                              (l[5] === 1 ? " big" : ""), pane);
                    el.textContent = l[0];
                    el.style.font = f[0];
                    el.style.left = (origin.x + box[0] + 2) + "px";
                    el.style.top = (origin.y + box[1] + 1) + "px";
                    if (dot) {
                        var d = L.DomUtil.create("div", "map-label-dot" +
                                                 (kind === "site" ? " site" : ""), pane);
                        d.style.left = (origin.x + p.x) + "px";
                        d.style.top = (origin.y + p.y) + "px";
                    }
                    shown++;
                }
            }
            map.on("zoomstart", function () { pane.style.display = "none"; });
            map.on("moveend zoomend resize", draw);
            map.on("layeradd layerremove", later);
            function start(data) { labels = data; draw(); }
            {% if this.data is not none %}start({{ this.data|tojson }});{% else %}
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(start);
            {% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, url: str, data: Sequence[Sequence[Any]] | None = None) -> None:
        super().__init__()
        self._name = "Labels"
        self.url = url
        self.data = list(data) if data is not None else None
        self.kinds = list(KINDS)
        self.css = LABEL_CSS
