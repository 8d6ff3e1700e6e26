"""Incidents sent to the browser once per store version; a filter change sends a mask.

In cluster mode (:data:`geo.map.render.MAX_MARKERS` < incidents ≤
:data:`geo.map.render.MAX_CLUSTERED`) the Map page used to send every matching
incident (position, tooltip, colour) in the layer script on every filter
change: about a megabyte over the socket at 10,000 incidents. Here the
incidents of the point index (all of them, in the index's order) are written
once per store version to a static file (:func:`point_payload`), which the
browser fetches once and keeps; the layer script (:func:`cluster_script`) names
the file and carries only the filter's mask (one bit per incident, base64)
and the palette, so a redraw costs what the browser needs to draw.

Plugin scripts (marker clusters, heat) are not loaded with the map: a layer
script that needs one loads it first (:func:`with_plugins`).

Pure: data in, bytes and script text out; the caller writes the file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import numpy as np

from geo.map.assets import STATIC_URL


class StoreReader(Protocol):
    """What :func:`incident_labels` needs of a store."""

    def read(self) -> AbstractContextManager[Any]:
        """Return a read transaction yielding a connection with ``execute``."""


#: Plugins a layer script may need: the name it calls, and the script that defines it.
PLUGINS: tuple[tuple[str, str], ...] = (
    ("L.markerClusterGroup", f"{STATIC_URL}/leaflet.markercluster.js"),
    ("L.heatLayer", f"{STATIC_URL}/leaflet_heat.min.js"),
)
#: Most incidents written to the static file (beyond, cluster layers embed their points).
MAX_STATIC = 100_000
#: File name prefix under the served folder.
FILE_PREFIX = "incidents-"


def file_name(secret: str, location: str, version: str) -> str:
    """Return the static file's name for a store version.

    Parameters
    ----------
    secret
        A per-server random token: the name cannot be guessed, so only a page
        that was sent the layer script (after any sign-in) can fetch the data.
    location, version
        The store and its content version.

    Returns
    -------
    str
        ``incidents-<hash>.json``.
    """
    digest = hashlib.sha256(f"{secret}\n{location}\n{version}".encode()).hexdigest()[:32]
    return f"{FILE_PREFIX}{digest}.json"


def point_payload(lat: np.ndarray, lon: np.ndarray, labels: Sequence[str],
                  event_type: np.ndarray, event_type_names: Sequence[str],
                  primary: np.ndarray, primary_names: Sequence[str]) -> bytes:
    """Return the file of every incident: position, tooltip and both colour categories.

    Parameters
    ----------
    lat, lon
        Positions, in the point index's order.
    labels
        Tooltip text per incident (escaped here).
    event_type, primary
        Category codes per incident (``-1``: none).
    event_type_names, primary_names
        The names of the codes.

    Returns
    -------
    bytes
        Compact JSON: ``lat``, ``lon``, ``label``, ``t`` and ``a`` (codes),
        ``types`` and ``actors`` (names).
    """
    payload = {
        "lat": np.round(np.asarray(lat, dtype=float), 5).tolist(),
        "lon": np.round(np.asarray(lon, dtype=float), 5).tolist(),
        "label": [html.escape(str(s)) for s in labels],
        "t": np.asarray(event_type, dtype=np.int64).tolist(),
        "a": np.asarray(primary, dtype=np.int64).tolist(),
        "types": list(event_type_names),
        "actors": list(primary_names),
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def encode_mask(keep: np.ndarray) -> str:
    """Return a boolean mask as base64 of its bits (bit ``i`` of byte ``i // 8``)."""
    bits = np.packbits(np.asarray(keep, dtype=bool), bitorder="little")
    return base64.b64encode(bits.tobytes()).decode("ascii")


def decode_mask(text: str, n: int) -> np.ndarray:
    """Return the mask :func:`encode_mask` encoded (``n`` incidents)."""
    bits = np.frombuffer(base64.b64decode(text), dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little")[:n].astype(bool)


#: The end of a layer script: register the group with streamlit-folium's layers (removed on
#: the next update), and fetch the store version's data once per page, then draw.
DRAW_ONCE_FETCHED_JS = """        map.addLayer(group);
        window.feature_group = window.feature_group || [];
        window.feature_group.push(group);
    }
    if (cache[url]) { draw(cache[url]); return; }
    fetch(url).then(function (r) { return r.json(); }).then(function (d) {
        cache[url] = d;
        draw(d);
    });
})();
"""

_CLUSTER_JS = """
(function () {
    var url = %(url)s, bits = atob(%(mask)s), colours = %(colours)s, other = %(other)s;
    var by = %(by)s, map = window.map;
    var gen = window.__layerGen;  // set by with_plugins(): a newer layer script changes it
    var cache = window.__incidentData = window.__incidentData || {};
    function draw(d) {
        if (gen !== window.__layerGen) { return; }
        var names = by === "t" ? d.types : d.actors, codes = d[by], markers = [];
        for (var i = 0; i < d.lat.length; i++) {
            if (!((bits.charCodeAt(i >> 3) >> (i & 7)) & 1)) { continue; }
            var m = L.circleMarker([d.lat[i], d.lon[i]], {radius: 6, color: "#111", weight: 1,
                fillColor: colours[names[codes[i]]] || other, fillOpacity: 0.9});
            m.bindTooltip(d.label[i]);
            markers.push(m);
        }
        var group = L.markerClusterGroup({chunkedLoading: true});
        group.addLayers(markers);
""" + DRAW_ONCE_FETCHED_JS


def cluster_script(url: str, keep: np.ndarray, colour_by: str, colours: dict[str, str],
                   other: str) -> str:
    """Return the layer script of the incidents a mask keeps, drawn in clusters.

    Parameters
    ----------
    url
        Where the browser fetches :func:`point_payload` (once per page).
    keep
        The filter's mask over the point index.
    colour_by
        ``"event_type"`` or ``"actor"``.
    colours
        ``category -> colour``; other categories get ``other``.
    other
        The colour of categories outside the palette.

    Returns
    -------
    str
        JavaScript run in the map's frame: draws the clusters and registers
        them with streamlit-folium's list of layers (removed on the next update).
    """
    return _CLUSTER_JS % {
        "url": json.dumps(url), "mask": json.dumps(encode_mask(keep)),
        "colours": json.dumps(colours), "other": json.dumps(other),
        "by": json.dumps("t" if colour_by == "event_type" else "a"),
    }


def plugins_of(script: str) -> list[str]:
    """Return the URLs of the plugin scripts a layer script calls.

    Parameters
    ----------
    script
        A layer script.

    Returns
    -------
    list of str
        From :data:`PLUGINS`, in their order (a page loading the map with its
        first layers can load them with Leaflet instead of after the map).
    """
    return [url for name, url in PLUGINS if name in script]


def with_plugins(script: str) -> str:
    """Return a layer script that first loads the plugin scripts it calls.

    Every script counts itself in ``window.__layerGen``; one that needs a
    plugin runs once the plugins are there (loaded at most once per page, or
    already loaded with the map), unless a newer layer script has arrived
    meanwhile (as one whose data is still being fetched draws nothing then).

    Parameters
    ----------
    script
        JavaScript for streamlit-folium's ``feature_group`` (run with ``eval``).

    Returns
    -------
    str
        The script, counted, and wrapped when it needs a plugin.
    """
    count = "window.__layerGen = (window.__layerGen || 0) + 1;\n"
    needed = [[name, url] for name, url in PLUGINS if name in script]
    if not needed:
        return count + script
    return (
        count +
        "(function () {\n"
        "var gen = window.__layerGen;\n"
        f"var plugins = {json.dumps(needed)};\n"
        "var loaded = window.__pluginsLoaded = window.__pluginsLoaded || {};\n"
        "function have(name) {\n"
        "return name.split('.').reduce(function (o, k) { return o && o[k]; }, window);\n"
        "}\n"
        "function run() {\n"
        "if (gen !== window.__layerGen) { return; }\n"
        f"{script}\n"
        "}\n"
        "function next(i) {\n"
        "if (i >= plugins.length) { run(); return; }\n"
        "if (have(plugins[i][0])) { next(i + 1); return; }\n"
        "var url = plugins[i][1];\n"
        "if (!loaded[url]) {\n"
        "loaded[url] = new Promise(function (ok, fail) {\n"
        "var s = document.createElement('script'); s.src = url;\n"
        "s.onload = ok; s.onerror = fail; document.head.appendChild(s); });\n"
        "}\n"
        "loaded[url].then(function () { next(i + 1); });\n"
        "}\n"
        "next(0);\n"
        "})();\n"
    )


def columns_by_rowid(store: StoreReader, rowids: np.ndarray,
                     column: str) -> list[str]:
    """Return one text column of the incidents at the given row ids, in their order.

    Reads through the store's read transaction (portable SQL with ``?``
    placeholders); a missing row or null value gives ``""``.

    Parameters
    ----------
    store
        The store (:meth:`geo.store.base.BaseStore.read`).
    rowids
        The point index's row ids.
    column
        ``"location"`` or ``"incident_id"``.

    Returns
    -------
    list of str
        One value per row id.
    """
    if column not in ("location", "incident_id"):
        raise ValueError(f"not a column read here: {column}")
    ids = [int(r) for r in rowids]
    found: dict[int, str] = {}
    with store.read() as con:
        for start in range(0, len(ids), 10_000):
            chunk = ids[start:start + 10_000]
            for rowid, value in con.execute(
                    f"SELECT rowid, {column} FROM incidents WHERE rowid IN "
                    f"({', '.join('?' * len(chunk))})", chunk).fetchall():
                found[int(rowid)] = "" if value is None else str(value)
    return [found.get(r, "") for r in ids]


def incident_labels(store: StoreReader, rowids: np.ndarray, day: np.ndarray,
                    event_type: np.ndarray, event_type_names: Sequence[str]) -> list[str]:
    """Return each incident's tooltip, ``"type · date · location"``, in the given order.

    Parameters
    ----------
    store
        The store (:meth:`geo.store.base.BaseStore.read`).
    rowids, day, event_type
        The point index's columns (``day``: days since 1970-01-01).
    event_type_names
        Names of the ``event_type`` codes.

    Returns
    -------
    list of str
        Unescaped text, one per row id.
    """
    places = columns_by_rowid(store, rowids, "location")
    dates = np.datetime_as_string(np.asarray(day, dtype="int64").astype("datetime64[D]"))
    names = list(event_type_names)
    return [f"{names[t] if t >= 0 else ''} · {d} · {p}"
            for p, d, t in zip(places, dates, np.asarray(event_type).tolist(), strict=True)]
