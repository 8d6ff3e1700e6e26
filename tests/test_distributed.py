from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from geo.batch import distributed
from geo.batch.distributed import ClusterError, extract_to_parts
from geo.batch.partitions import import_parts, parts, read_parts
from geo.cli.main import main
from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.store.sqlite import IncidentStore
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)
TEXTS = [articles.NEAR_SITE, articles.REGION, articles.COUNTRY_ONLY, articles.ALIASES,
         articles.RELATIVE_DATES, articles.METONYMIC_CAPITAL]


@pytest.fixture(autouse=True)
def _no_page_as_main(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask's spawned workers re-run ``__main__`` by path; AppTest may have left a page there."""
    import sys

    main = sys.modules["__main__"]
    if str(getattr(main, "__file__", "")).endswith(".py") and "pages" in str(main.__file__):
        monkeypatch.delattr(main, "__file__")


@pytest.fixture(scope="module")
def batch() -> list:  # type: ignore[type-arg]
    return [article_from_text(t, now=NOW) for t in TEXTS]


def ids_of(folder: Path) -> list[str]:
    return [i.incident_id for part in read_parts(folder) for i in part.incidents]


def test_parts_are_geoparquet_holding_what_one_process_extracts(batch: list,  # type: ignore[type-arg]
                                                                tmp_path: Path) -> None:
    summaries = extract_to_parts(batch, tmp_path / "out", part_articles=2)
    assert [s.index for s in summaries] == [0, 1, 2]
    assert len(parts(tmp_path / "out")) == 3
    meta = json.loads(pq.read_schema(parts(tmp_path / "out")[0]).metadata[b"geo"])
    assert meta["primary_column"] == "geometry"
    assert meta["columns"]["geometry"]["geometry_types"] == ["Point"]
    expected = extract_all(batch)
    assert ids_of(tmp_path / "out") == [i.incident_id for i in expected.incidents]
    assert sum(s.incidents for s in summaries) == len(expected.incidents)
    assert sum(s.deployments for s in summaries) == len(expected.deployments)


def test_a_local_dask_cluster_writes_the_same_parts(batch: list,  # type: ignore[type-arg]
                                                    tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    extract_to_parts(batch, tmp_path / "one", part_articles=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        summaries = extract_to_parts(batch, tmp_path / "dask", scheduler=client,
                                     part_articles=2)
        workers = {w["id"] for w in client.scheduler_info()["workers"].values()}
    assert len(workers) == 2 and [s.index for s in summaries] == [0, 1, 2]
    assert ids_of(tmp_path / "dask") == ids_of(tmp_path / "one")


def test_the_store_imports_parts_once(batch: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    extract_to_parts(batch, tmp_path / "out", workers=2, part_articles=2)
    store = IncidentStore(tmp_path / "store.sqlite")
    written = import_parts(store, tmp_path / "out")
    assert written == len(extract_all(batch).incidents) == store.count()
    import_parts(store, tmp_path / "out")
    assert store.count() == written
    back = store.incidents().set_index("incident_id")
    for incident in extract_all(batch).incidents:
        row = back.loc[incident.incident_id]
        assert (row.geometry.x, row.geometry.y) == pytest.approx((incident.lon, incident.lat))
        assert row["event_date"].date() == incident.event_date


def test_an_unreachable_scheduler_is_a_clear_error(batch: list,  # type: ignore[type-arg]
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError, match="Cannot reach the Dask scheduler"):
        extract_to_parts(batch, tmp_path / "out", scheduler="tcp://127.0.0.1:9")


def test_cli_extracts_on_a_local_cluster_and_imports(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    for n, text in enumerate(TEXTS):
        (source / f"{n}.txt").write_text(text, "utf-8")
    out = tmp_path / "parts"
    assert main(["extract", str(source), "-o", str(out), "--dask", "local", "--workers", "2",
                 "-q"]) == 0
    assert "GeoParquet parts" in capsys.readouterr().out
    store_path = tmp_path / "store.sqlite"
    assert main(["import", str(out), "--store", str(store_path)]) == 0
    assert IncidentStore(store_path).count() == len(ids_of(out)) > 0
    assert main(["import", str(tmp_path / "nothing"), "--store", str(store_path)]) == 1
    assert "holds no incidents/part-*.parquet" in capsys.readouterr().err
