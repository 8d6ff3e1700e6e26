from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyogrio
import pytest
from geojson_pydantic import FeatureCollection

from geo.cli.main import main
from geo.core.records import INCIDENT_COLUMNS
from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.io.export import frame_to_feature_collection, write_geojson
from geo.io.frame import incidents_to_frame
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)


def sample_frame():  # type: ignore[no-untyped-def]
    arts = [article_from_text(t, now=NOW) for t in
            (articles.NEAR_SITE, articles.REGION, articles.METONYMIC_CAPITAL)]
    return extract_all(arts).incident_frame()


def test_frame_has_exactly_the_schema_columns() -> None:
    frame = sample_frame()
    assert list(frame.columns) == [*INCIDENT_COLUMNS, "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == 3


def test_empty_frame_keeps_the_schema() -> None:
    frame = incidents_to_frame([])
    assert list(frame.columns) == [*INCIDENT_COLUMNS, "geometry"]


def test_geojson_is_valid_rfc7946(tmp_path: Path) -> None:
    frame = sample_frame()
    path = tmp_path / "out.geojson"
    collection = write_geojson(frame, path, filters={"actor": ["US forces"]})
    on_disk = json.loads(path.read_text("utf-8"))
    FeatureCollection.model_validate(on_disk)  # real validator (geojson-pydantic)
    assert "crs" not in on_disk
    assert on_disk["filters"] == {"actor": ["US forces"]}
    assert on_disk["created"].endswith("Z")
    ids = [f["id"] for f in on_disk["features"]]
    assert ids == list(frame["incident_id"]) and len(set(ids)) == len(ids)
    for feature in on_disk["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 30 < lon < 50 and 30 < lat < 40  # lon first: Iraq
        props = feature["properties"]
        assert props["published"].endswith("Z")
        assert len(props["event_date"]) == 10
        assert props["quote"] and props["article_id"]
    assert collection["bbox"][0] <= collection["bbox"][2]


def test_gdal_reads_the_same_features(tmp_path: Path) -> None:
    frame = sample_frame()
    path = tmp_path / "out.geojson"
    write_geojson(frame, path)
    back = pyogrio.read_dataframe(path)
    assert len(back) == len(frame)
    assert set(back["incident_id"]) == set(frame["incident_id"])


def test_extract_cli_writes_incidents_and_deployments(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(articles.NEAR_SITE, "utf-8")
    (src / "b.txt").write_text(articles.NO_INCIDENT, "utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01")
    out = tmp_path / "out.geojson"
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    incidents = json.loads(out.read_text("utf-8"))
    deployments = json.loads((tmp_path / "out.deployments.geojson").read_text("utf-8"))
    FeatureCollection.model_validate(incidents)
    FeatureCollection.model_validate(deployments)
    assert len(incidents["features"]) == 1
    assert deployments["features"][0]["properties"]["troops"] == 900


def test_feature_collection_of_points_in_other_crs_is_reprojected() -> None:
    frame = sample_frame().to_crs(3857)
    collection = frame_to_feature_collection(frame)
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 30 < lon < 50 and 30 < lat < 40


def test_export_cli_filters_the_store(tmp_path: Path) -> None:
    from geo.store.sqlite import IncidentStore

    arts = [article_from_text(t, now=NOW) for t in
            (articles.NEAR_SITE, articles.REGION, articles.METONYMIC_CAPITAL)]
    store_path = tmp_path / "s.sqlite"
    IncidentStore(store_path).add(arts, extract_all(arts))
    out = tmp_path / "snap.geojson"
    assert main(["export", "--store", str(store_path), "--since", "2023-11-08",
                 "--actor", "US forces", "-o", str(out)]) == 0
    snap = json.loads(out.read_text("utf-8"))
    FeatureCollection.model_validate(snap)
    assert [f["properties"]["event_type"] for f in snap["features"]] == ["airstrike"]
    assert snap["filters"] == {"start": "2023-11-08", "actors": ["US forces"]}


def test_export_cli_bad_date_is_a_clear_error(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--store", str(tmp_path / "s.sqlite"), "--since", "yesterday",
                 "-o", str(tmp_path / "x.geojson")]) == 1
    assert "--since 'yesterday' is not a date" in capsys.readouterr().err


def test_parallel_extraction_gives_the_same_result() -> None:
    arts = [article_from_text(t, now=NOW) for t in
            (articles.NEAR_SITE, articles.REGION, articles.METONYMIC_CAPITAL,
             articles.ALIASES, articles.NO_INCIDENT, articles.COUNTRY_ONLY)] * 10
    serial = extract_all(arts)
    parallel = extract_all(arts, workers=2)
    assert parallel == serial


def test_evidence_is_a_list_of_objects_in_geojson_and_json_text_in_csv_and_gpkg(
        tmp_path: Path) -> None:
    from dataclasses import replace

    from geo.core.records import Evidence

    arts = [article_from_text(articles.NEAR_SITE, now=NOW)]
    [inc] = extract_all(arts).incidents
    text = arts[0].full_text
    spans = (Evidence("trigger", 0, 4, text[0:4]), Evidence("place", 5, 9, text[5:9]))
    frame = incidents_to_frame([replace(inc, confidence=0.75, evidence=spans)])
    props = frame_to_feature_collection(frame)["features"][0]["properties"]
    assert props["confidence"] == 0.75
    assert props["evidence"] == [{"role": "trigger", "start": 0, "end": 4, "text": text[0:4]},
                                 {"role": "place", "start": 5, "end": 9, "text": text[5:9]}]
    path = tmp_path / "out.geojson"
    write_geojson(frame, path)
    FeatureCollection.model_validate(json.loads(path.read_text("utf-8")))
    gpkg = tmp_path / "out.gpkg"
    frame.assign(event_type=frame["event_type"].astype(str)).to_file(gpkg, driver="GPKG")
    back = pyogrio.read_dataframe(gpkg)
    assert json.loads(back["evidence"][0])[1]["role"] == "place"
    assert back["confidence"][0] == 0.75
    csv = frame.drop(columns="geometry").to_csv(index=False)
    assert '""role"": ""trigger""' in csv
