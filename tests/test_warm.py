"""Start-up warm-up and the cached map parts of the Map page (pages.common: warm, maplayers)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_feature_group_string

import pages.common.maplayers
import pages.common.shared
from geo.extract.pipeline import Extraction
from geo.store.sqlite import IncidentStore
from pages.common import warm as _warm
from pages.common.fastmap import layers_script, map_parts
from tests.fixtures.incidents import spread_incidents

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def small_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "small.sqlite"
    IncidentStore(path).add([], Extraction(tuple(spread_incidents(30)), (), ()))
    monkeypatch.setenv("INCIDENTMAP_STORE", str(path))
    monkeypatch.setenv("INCIDENTMAP_DEMO", "0")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def test_warm_up_builds_the_first_view_the_page_then_reuses(
        small_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = pages.common.maplayers.incident_layer

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pages.common.maplayers, "incident_layer", counting)
    monkeypatch.setattr(_warm, "GAZETTEER_WAIT_S", 0.0)
    monkeypatch.setattr(_warm, "IDLE_S", 0.0)
    loaded: list[str] = []
    monkeypatch.setattr(pages.common.shared, "gazetteer", lambda: loaded.append("gazetteer"))
    monkeypatch.setattr(_warm, "_freeze", lambda: loaded.append("freeze"))
    _warm.warm()
    assert {"imports", "store", "index", "facets", "first view", "wait for idle",
            "gazetteer", "freeze"} <= set(_warm.TIMINGS)
    assert loaded == ["gazetteer", "freeze"]  # last, after the first view
    assert _warm.done.is_set()
    assert calls == [1]
    at = AppTest.from_file(str(ROOT / "pages/map.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert "showing 30 incidents as markers" in at.caption[0].value
    assert calls == [1]  # the page's first run found the layers ready


def test_the_gazetteer_waits_for_a_quiet_moment() -> None:
    _warm.note_run()
    t0 = time.monotonic()
    assert _warm.wait_until_idle(0.3, 5.0)
    assert time.monotonic() - t0 >= 0.25  # a run had just started

    stop = threading.Event()

    def busy() -> None:  # a page run every 50 ms
        while not stop.is_set():
            _warm.note_run()
            time.sleep(0.05)

    runner = threading.Thread(target=busy)
    runner.start()
    try:
        assert not _warm.wait_until_idle(0.3, 0.8)  # never quiet: gives up at the limit
    finally:
        stop.set()
        runner.join()


def test_freeze_takes_loaded_objects_out_of_the_collectors_scans() -> None:
    kept = [[i] for i in range(1000)]  # containers the collector tracks
    try:
        _warm._freeze()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_the_timeline_follows_on_the_next_run(small_store: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages/map.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert any("follows once the map is drawn" in c.value for c in at.caption)
    at.run()  # what the map's first report does in a browser
    assert any("Incidents per day" in c.value for c in at.caption)


def test_cached_parts_are_what_st_folium_sends() -> None:
    def group() -> folium.FeatureGroup:
        g = folium.FeatureGroup(name="x")
        folium.CircleMarker([33.0, 44.0], radius=5).add_to(g)
        g._id = "fixed"
        for i, child in enumerate(g._children.values()):
            child._id = f"c{i}"
        return g

    host = folium.Map(tiles=None)
    expected = _get_feature_group_string(group(), map=host, idx=0)
    assert layers_script([group()]) == expected
    parts = map_parts(folium.Map(location=[34.0, 41.0], zoom_start=5, tiles=None))
    assert "map_div" in parts.script and parts.zoom == 5
    assert any(link.endswith("leaflet.js") for link in parts.js_links)


def test_warm_up_writes_the_incident_files_of_a_store_that_needs_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from geo.map import render
    from geo.map.markerdata import MIN_DATA_MARKERS

    path = tmp_path / "medium.sqlite"
    IncidentStore(path).add([], Extraction(tuple(spread_incidents(MIN_DATA_MARKERS + 20)),
                                           (), ()))
    monkeypatch.setenv("INCIDENTMAP_STORE", str(path))
    monkeypatch.setenv("INCIDENTMAP_DEMO", "0")
    monkeypatch.setattr(render, "MAX_MARKERS", MIN_DATA_MARKERS + 10)  # clusters too
    monkeypatch.setattr(pages.common.maplayers, "STATIC_DIR", tmp_path / "static")
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        pages.common.maplayers.warm_files()
        files = sorted((tmp_path / "static").glob("incidents-*.json"))
        assert len(files) == 2  # the markers' and the clusters'
        sizes = sorted(len(json.loads(f.read_bytes())["lat"]) for f in files)
        assert sizes == [MIN_DATA_MARKERS + 20] * 2
        # The page draws the clusters from the file written above.
        at = AppTest.from_file(str(ROOT / "pages/map.py"), default_timeout=90)
        at.run()
        assert not at.exception, at.exception
        assert f"showing {MIN_DATA_MARKERS + 20} incidents in clusters" in at.caption[0].value
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
