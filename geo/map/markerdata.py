"""Incidents drawn one by one from data the browser fetched once per store version.

The markers mode of :func:`geo.map.render.incident_layer` (up to
:data:`geo.map.render.MAX_MARKERS` incidents) renders each marker, popup and
area through folium on every filter change and sends them as script: at
2,000 incidents several megabytes and many seconds. Here every incident of
the point index (in its order) is written once per store version with what
its marker needs (:func:`marker_payload`: position, precision, colour codes,
the escaped popup and title), and the layer script (:func:`marker_script`)
carries the filter's mask; the browser draws what
:mod:`geo.map.markers` draws: areas beneath (dashed uncertainty circles,
region circles), one marker per point with the count of incidents there, the
stack popup listing them, and the list of incidents in view.

Pure: data in, bytes and script text out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from geo.map.markers import INCIDENT_LIST_JS, MAX_LIST_ROWS
from geo.map.pointdata import DRAW_ONCE_FETCHED_JS, encode_mask
from geo.map.popups import incident_title, popup_html
from geo.map.theme import STANDARD, MapTheme

#: Views of more incidents than this are drawn from the data file (fewer: through folium,
#: where a small view's script is small anyway and the region shapes are exact).
MIN_DATA_MARKERS = 300
#: Most incidents in a store whose marker file is written (about 0.55 MB per 1,000, popups
#: included); a larger store's views are drawn through folium as before.
MAX_MARKER_FILE = 20_000


def marker_payload(frame: pd.DataFrame, order: np.ndarray, event_type: np.ndarray,
                   primary: np.ndarray, event_type_names: Sequence[str],
                   primary_names: Sequence[str],
                   shapes: Mapping[str, BaseGeometry | None]) -> bytes:
    """Return the file of every incident's marker data, in the point index's order.

    Parameters
    ----------
    frame
        Every incident (the schema frame).
    order
        For each point-index position, the row of ``frame`` holding it.
    event_type, primary
        Category codes per point-index position.
    event_type_names, primary_names
        Names of the codes.

    Returns
    -------
    bytes
        Compact JSON: per incident ``id``, ``lat``, ``lon``, ``p`` (precision),
        ``r`` (uncertainty, km), ``day``, ``place``, ``title`` and ``popup``
        (escaped HTML), ``t``/``a`` (colour codes), ``pid`` (place id);
        ``types``/``actors``; ``shapes`` (GeoJSON by place id).
    """
    rows = frame.iloc[np.asarray(order, dtype=np.int64)]
    records = rows.drop(columns=rows.geometry.name).to_dict("records")  # fast rows
    popups = [popup_html(r) for r in records]  # type: ignore[arg-type]
    titles = [incident_title(r) for r in records]  # type: ignore[arg-type]
    payload: dict[str, Any] = {
        "id": rows["incident_id"].astype(str).tolist(),
        "lat": np.round(rows.geometry.y.to_numpy(dtype=float), 6).tolist(),
        "lon": np.round(rows.geometry.x.to_numpy(dtype=float), 6).tolist(),
        "p": rows["geo_precision"].astype(int).tolist(),
        "r": rows["uncertainty_km"].astype(float).fillna(0.0).tolist(),
        "day": [pd.Timestamp(d).date().isoformat() for d in rows["event_date"]],
        "place": rows["location"].astype(str).tolist(),
        "title": titles,
        "popup": popups,
        "t": np.asarray(event_type, dtype=np.int64).tolist(),
        "a": np.asarray(primary, dtype=np.int64).tolist(),
        "types": list(event_type_names),
        "actors": list(primary_names),
        "pid": rows["place_id"].fillna("").astype(str).tolist(),
        "shapes": {k: shapely.geometry.mapping(v) for k, v in shapes.items() if v is not None},
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_MARKERS_JS = """
(function () {
    var url = %(url)s, bits = atob(%(mask)s), colours = %(colours)s, other = %(other)s;
    var by = %(by)s, theme = %(theme)s, maxRows = %(max_rows)s, map = window.map;
    var gen = window.__layerGen;
    var cache = window.__incidentData = window.__incidentData || {};
    function esc(s) {
        return String(s).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}[c];
        });
    }
    %(list_js)s
    function draw(d) {
        if (gen !== window.__layerGen) { return; }
        var names = by === "t" ? d.types : d.actors, codes = d[by], rows = [];
        for (var i = 0; i < d.lat.length; i++) {
            if ((bits.charCodeAt(i >> 3) >> (i & 7)) & 1) { rows.push(i); }
        }
        // As geo.map.render: areas of the least precise first, each by date.
        rows.sort(function (x, y) {
            return d.p[y] - d.p[x] || (d.day[x] < d.day[y] ? -1 : d.day[x] > d.day[y] ? 1 : 0);
        });
        var group = L.featureGroup(), stacks = {}, keys = [];
        rows.forEach(function (i) {
            var colour = colours[names[codes[i]]] || other;
            var shape = d.p[i] === 3 && d.shapes[d.pid[i]];
            if (shape) {
                L.geoJSON(shape, {interactive: false, pane: "areas", style: {
                    fillColor: colour, color: colour, weight: 1, fillOpacity: 0.12,
                    opacity: 0.5, className: "incident-area"}}).addTo(group);
            } else if (d.p[i] === 2 || d.p[i] === 3) {
                var opts = d.p[i] === 2 ?
                    {color: colour, weight: 1.5, dashArray: "5 5", fill: true, fillOpacity: 0.06,
                     className: "incident-uncertainty"} :
                    {color: colour, weight: 1, fill: true, fillOpacity: 0.10, opacity: 0.5,
                     className: "incident-area"};
                opts.radius = d.r[i] * 1000;
                opts.interactive = false;
                opts.pane = "areas";
                L.circle([d.lat[i], d.lon[i]], opts).addTo(group);
            }
            var key = d.lat[i].toFixed(5) + "," + d.lon[i].toFixed(5);
            if (!stacks[key]) { stacks[key] = []; keys.push(key); }
            stacks[key].push(i);
        });
        var entries = [];
        keys.forEach(function (key) {
            var s = stacks[key], first = s[s.length - 1], n = s.length, stacked = n > 1;
            var precision = Math.min.apply(null, s.map(function (i) { return d.p[i]; }));
            var colour = colours[names[codes[first]]] || other, hollow = precision === 3;
            var cls = "incident-marker precision-" + precision +
                (stacked ? " incident-stack stack-" + n : "");
            var marker = L.circleMarker([d.lat[first], d.lon[first]], {
                radius: theme.radius + (stacked ? 3 : 0) + (hollow ? 1 : 0),
                color: hollow ? colour : theme.outline,
                weight: theme.weight + (hollow ? 1 : 0), fill: true,
                fillColor: hollow ? "#ffffff" : colour, fillOpacity: hollow ? 0.9 : 0.95,
                className: cls});
            var html;
            if (stacked) {
                var newest = s.slice().sort(function (x, y) {
                    return d.day[x] < d.day[y] ? 1 : d.day[x] > d.day[y] ? -1 :
                        (d.id[x] < d.id[y] ? 1 : -1);
                });
                html = '<div class="incident-stack-popup" style="font:13px/1.4 system-ui,' +
                    'sans-serif;"><b>' + n + " incidents here</b> — open one:" +
                    newest.map(function (i) {
                        return '<details class="stack-item" data-incident="' + esc(d.id[i]) +
                            '"><summary style="cursor:pointer;">' + esc(d.title[i]) +
                            "</summary>" + d.popup[i] + "</details>";
                    }).join("") + "</div>";
                marker.bindPopup(html, {maxWidth: 400, maxHeight: 320});
                marker.bindTooltip(esc(n + " incidents here: " + d.place[s[0]] +
                                       " (click for the list)"));
                L.marker([d.lat[first], d.lon[first]], {interactive: false, keyboard: false,
                    icon: L.divIcon({className: "stack-count-icon", iconSize: [0, 0],
                        iconAnchor: [0, 0], html: '<div class="stack-count" style="transform:' +
                        "translate(-50%%,-50%%);width:max-content;font:700 " +
                        (theme.radius + 5) + "px/1 system-ui;color:#fff;text-shadow:0 0 2px " +
                        '#000,0 0 2px #000;">' + n + "</div>"})}).addTo(group);
            } else {
                marker.bindPopup(d.popup[first], {maxWidth: 400});
                marker.bindTooltip(esc(d.title[first]));
            }
            marker.addTo(group);
            entries.push([marker, s.map(function (i) { return [d.id[i], d.title[i], d.day[i]]; })]);
        });
        incidentList(group, entries, true, maxRows);
""" + DRAW_ONCE_FETCHED_JS


def marker_script(url: str, keep: np.ndarray, colour_by: str, colours: dict[str, str],
                  other: str, theme: MapTheme = STANDARD) -> str:
    """Return the layer script drawing the incidents a mask keeps, one by one.

    Parameters
    ----------
    url
        Where the browser fetches :func:`marker_payload` (once per page).
    keep
        The filter's mask over the point index.
    colour_by
        ``"event_type"`` or ``"actor"``.
    colours
        ``category -> colour``; other categories get ``other``.
    other
        The colour of categories outside the palette.
    theme
        Marker size and outline.

    Returns
    -------
    str
        JavaScript run in the map's frame (see :func:`geo.map.pointdata.with_plugins`
        for the layer count it checks).
    """
    return _MARKERS_JS % {
        "url": json.dumps(url), "mask": json.dumps(encode_mask(keep)),
        "colours": json.dumps(colours), "other": json.dumps(other),
        "by": json.dumps("t" if colour_by == "event_type" else "a"),
        "theme": json.dumps({"radius": theme.marker_radius, "outline": theme.marker_outline,
                             "weight": theme.marker_outline_weight}),
        "max_rows": MAX_LIST_ROWS,
        "list_js": INCIDENT_LIST_JS.replace("\n", "\n    "),
    }
