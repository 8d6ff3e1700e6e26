"""Incidents sent once per store version, filters sent as masks (geo.map.pointdata)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from geo.extract.pipeline import Extraction
from geo.map.pointdata import (
    PLUGINS,
    cluster_script,
    decode_mask,
    encode_mask,
    file_name,
    incident_labels,
    point_payload,
    with_plugins,
)
from geo.query.filters import IncidentFilter
from geo.query.points import PointIndex
from geo.store.sqlite import IncidentStore
from tests.fixtures.incidents import spread_incidents


def _index(tmp_path: Path, n: int = 300) -> tuple[IncidentStore, PointIndex]:
    store = IncidentStore(tmp_path / "s.sqlite")
    store.add([], Extraction(tuple(spread_incidents(n)), (), ()))
    return store, PointIndex.from_arrow(store.point_table())


def test_a_mask_survives_encoding_and_is_an_eighth_of_the_incidents() -> None:
    rng = np.random.default_rng(1)
    for n in (1, 7, 8, 9, 20_000):
        keep = rng.random(n) < 0.3
        text = encode_mask(keep)
        assert np.array_equal(decode_mask(text, n), keep)
        assert len(text) <= 4 * ((n + 7) // 8 + 2) // 3 + 4


def test_the_layer_script_carries_the_mask_not_the_incidents(tmp_path: Path) -> None:
    _, index = _index(tmp_path)
    keep = index.mask(IncidentFilter(actors=("Kataib Hezbollah",)))
    assert 0 < keep.sum() < len(index)
    script = cluster_script("/app/static/vendor/incidents-x.json", keep, "event_type",
                            {"airstrike": "#ff0000"}, "#999999")
    assert encode_mask(keep) in script
    assert "/app/static/vendor/incidents-x.json" in script and "markerClusterGroup" in script
    assert "Place 3" not in script  # no incident data travels with the filter
    other = cluster_script("/app/static/vendor/incidents-x.json", ~keep, "event_type",
                           {"airstrike": "#ff0000"}, "#999999")
    assert other != script and len(other) == len(script)
    assert '"a"' in cluster_script("u", keep, "actor", {}, "#999999")


def test_the_file_lists_every_incident_in_index_order_with_its_label(tmp_path: Path) -> None:
    store, index = _index(tmp_path)
    labels = incident_labels(store, index.rowid, index.day, index.event_type,
                             index.event_type_names)
    data = json.loads(point_payload(index.lat, index.lon, labels, index.event_type,
                                    index.event_type_names, index.primary,
                                    index.primary_names))
    assert len(data["lat"]) == len(data["label"]) == len(data["t"]) == len(index)
    frame = store.incidents_by_rowid(index.rowid[:1])
    row = frame.iloc[0]
    expected = f"{row['event_type']} · {row['event_date']:%Y-%m-%d} · {row['location']}"
    assert data["label"][0] == expected
    assert abs(data["lat"][0] - row.geometry.y) < 1e-4
    assert data["types"][data["t"][0]] == row["event_type"]
    assert data["actors"][data["a"][0]] in {row["actor1"], row["actor2"], "unknown"}


def test_labels_are_escaped_in_the_file() -> None:
    data = json.loads(point_payload(np.array([1.0]), np.array([2.0]), ["<b>x</b>"],
                                    np.array([0]), ["airstrike"], np.array([0]), ["a"]))
    assert data["label"] == ["&lt;b&gt;x&lt;/b&gt;"]


def test_the_file_name_depends_on_the_version_and_cannot_be_guessed() -> None:
    a = file_name("secret-1", "db", "v1")
    assert a != file_name("secret-1", "db", "v2") != file_name("secret-2", "db", "v1")
    assert a == file_name("secret-1", "db", "v1") and a.endswith(".json")


def test_plugins_are_loaded_only_by_scripts_that_call_them() -> None:
    plain = with_plugins("var x = 1;")
    assert "createElement('script')" not in plain and plain.endswith("var x = 1;")
    assert "__layerGen" in plain  # counted, so an older script still loading stands down
    clusters = with_plugins("var g = L.markerClusterGroup({});")
    assert "leaflet.markercluster.js" in clusters and "leaflet_heat" not in clusters
    heat = with_plugins("L.heatLayer(pts).addTo(map);")
    assert "leaflet_heat.min.js" in heat and "markercluster" not in heat
    assert {url for _, url in PLUGINS} == {
        "/app/static/vendor/leaflet.markercluster.js", "/app/static/vendor/leaflet_heat.min.js"}


def test_the_map_page_base_map_leaves_the_plugins_to_the_layers() -> None:
    from geo.map.basemap import base_map

    def scripts(fmap: object) -> str:
        return " ".join(url for _, url in fmap.default_js)  # type: ignore[attr-defined]

    assert "markercluster" in scripts(base_map(None))
    lean = scripts(base_map(None, plugins=False))
    assert "markercluster" not in lean and "heat" not in lean and "leaflet.js" in lean


def test_the_marker_file_has_every_incident_in_index_order_and_the_script_a_mask(
        tmp_path: Path) -> None:
    import pandas as pd

    from geo.map.markerdata import marker_payload, marker_script
    from geo.map.pointdata import columns_by_rowid

    store, index = _index(tmp_path, 50)
    frame = store.incidents_by_rowid(index.rowid)
    ids = columns_by_rowid(store, index.rowid, "incident_id")
    order = pd.Index(frame["incident_id"].astype(str)).get_indexer(ids)
    data = json.loads(marker_payload(frame, order, index.event_type, index.primary,
                                     index.event_type_names, index.primary_names, {}))
    assert data["id"] == ids and len(set(ids)) == len(index) == 50
    row = frame.set_index("incident_id").loc[ids[7]]
    assert abs(data["lon"][7] - row.geometry.x) < 1e-5 and data["p"][7] == row["geo_precision"]
    assert f'data-incident="{ids[7]}"' in data["popup"][7]
    assert data["types"][data["t"][7]] == row["event_type"]
    keep = np.zeros(len(index), dtype=bool)
    keep[[1, 7]] = True
    script = marker_script("/app/static/vendor/incidents-m.json", keep, "event_type", {}, "#999")
    assert encode_mask(keep) in script and ids[7] not in script and "Fixture" not in script
