"""AppTest of the Map page in its large mode (thresholds lowered so a small store triggers it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import geo.map.render
from geo.extract.pipeline import Extraction
from geo.store.sqlite import IncidentStore
from tests.fixtures.incidents import spread_incidents

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def large_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    path = tmp_path / "large.sqlite"
    IncidentStore(path).add([], Extraction(tuple(spread_incidents(600)), (), ()))
    monkeypatch.setenv("INCIDENTMAP_STORE", str(path))
    monkeypatch.setattr(geo.map.render, "MAX_CLUSTERED", 100)
    monkeypatch.setattr(geo.map.render, "MAX_MARKERS", 50)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def run_map(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/map.py"), default_timeout=90)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_more_incidents_than_drawable_are_shown_as_hexagons() -> None:
    at = run_map()
    caption = at.caption[0].value
    found = re.search(r"showing 600 incidents as ([\d,]+) hexagons \(H3 resolution (\d)\)",
                      caption)
    assert found, caption
    assert 1 < int(found.group(1).replace(",", "")) < 600
    assert "zoom in or narrow the filters to below 100" in caption


def test_zooming_in_refines_then_shows_each_incident() -> None:
    coarse = run_map()
    res_coarse = int(re.search(r"resolution (\d)", coarse.caption[0].value).group(1))  # type: ignore[union-attr]
    # What the browser reports after zooming in on part of the area.
    small = {"bounds": {"_southWest": {"lat": 33.0, "lng": 41.0},
                        "_northEast": {"lat": 34.0, "lng": 42.0}}, "zoom": 9}
    at = run_map(**{"incident-map": small})
    caption = at.caption[0].value
    assert "in this part of the map" in caption and "as markers" in caption, caption
    medium = {"bounds": {"_southWest": {"lat": 30.0, "lng": 38.0},
                         "_northEast": {"lat": 37.0, "lng": 48.0}}, "zoom": 8}
    at = run_map(**{"incident-map": medium})
    res_fine = int(re.search(r"resolution (\d)", at.caption[0].value).group(1))  # type: ignore[union-attr]
    assert res_fine > res_coarse


def test_narrowing_the_filters_brings_back_markers() -> None:
    at = run_map()
    at.multiselect(key="f_actors").set_value(["Kataib Hezbollah"]).run()
    at.multiselect(key="f_types").set_value(["airstrike"]).run()
    shown = int(at.metric[0].value.split(" of ")[0].replace(",", ""))
    assert 0 < shown <= 100
    caption = at.caption[0].value
    assert f"showing {shown} incidents" in caption and "hexagons" not in caption, caption
