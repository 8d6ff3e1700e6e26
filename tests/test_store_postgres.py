"""What only the PostgreSQL/PostGIS store has; the shared behaviour is in test_store.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from geo.extract.loaders import article_from_text
from geo.extract.pipeline import Extraction, extract_all
from geo.map.briefing import add_slide, slide_from, slides
from geo.query.filters import IncidentFilter
from geo.query.points import PointIndex
from geo.store.base import StoreError
from geo.store.open import open_store
from geo.store.postgres import PostgresStore, to_postgres
from geo.store.sqlite import IncidentStore
from tests.fixtures import articles
from tests.fixtures.incidents import spread_incidents

NOW = datetime(2023, 12, 1, tzinfo=UTC)


def test_placeholders_become_psycopg_ones_and_percent_signs_are_escaped() -> None:
    assert to_postgres("SELECT a FROM t WHERE b = ? AND c LIKE 'x%'") == \
        "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%'"


def test_incidents_get_a_postgis_point_with_a_spatial_index(pg_url: str) -> None:
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    arts = [article_from_text(t, now=NOW) for t in (articles.NEAR_SITE, articles.REGION)]
    result = extract_all(arts)
    store.add(arts, result)
    with store.read() as con:
        rows = con.execute("SELECT incident_id, ST_X(geom), ST_Y(geom), ST_SRID(geom) "
                           "FROM incidents").fetchall()
        index = con.execute("SELECT indexdef FROM pg_indexes WHERE indexname = "
                            "'incidents_geom'").fetchone()[0]
        near = con.execute("SELECT COUNT(*) FROM incidents WHERE ST_DWithin(geom::geography, "
                           "ST_MakePoint(44.0, 36.2)::geography, 50000)").fetchone()[0]
    by_id = {i.incident_id: i for i in result.incidents}
    assert len(rows) == len(by_id)
    for incident_id, x, y, srid in rows:
        assert (x, y, srid) == (by_id[incident_id].lon, by_id[incident_id].lat, 4326)
    assert "gist" in index.lower()
    assert near >= 1  # Erbil air base is within 50 km of (44.0, 36.2)


def test_the_point_index_is_the_same_on_both_backends(pg_url: str, tmp_path: Path) -> None:
    records = Extraction(tuple(spread_incidents(300)), (), ())
    indexes = []
    for store in (open_store(pg_url), IncidentStore(tmp_path / "s.sqlite")):
        store.add([], records)
        indexes.append(PointIndex.from_arrow(store.point_table()))
    pg, lite = indexes
    assert pg.facets() == lite.facets()
    flt = IncidentFilter(actors=("Islamic State",), bbox=(39.0, 31.0, 45.0, 36.0))
    assert pg.hexagon_counts(pg.mask(flt), 5).equals(lite.hexagon_counts(lite.mask(flt), 5))


def test_briefings_live_in_the_shared_store(pg_url: str) -> None:
    store = open_store(pg_url)
    add_slide(store, "Morning", slide_from(IncidentFilter(event_types=("airstrike",)), "One"))
    add_slide(store, "Morning", slide_from(IncidentFilter(), "Two"))
    assert [s.caption for s in slides(open_store(pg_url), "Morning")] == ["One", "Two"]


def test_an_unreachable_server_is_a_clear_error_with_the_password_masked() -> None:
    with pytest.raises(StoreError, match=r"postgresql://newsroom:\*\*\*@127\.0\.0\.1:9/x.*"
                                         r"Check that the server runs") as info:
        open_store("postgresql://newsroom:secret@127.0.0.1:9/x?connect_timeout=2")
    assert "secret" not in str(info.value)


def test_the_app_runs_on_a_postgres_store(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("INCIDENTMAP_STORE", pg_url)
    monkeypatch.setenv("INCIDENTMAP_DEMO", "1")  # a named store gets the demo only when asked
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "pages/map.py"),
                               default_timeout=90)
        at.run()
        assert not at.exception, at.exception
        shown, total = at.metric[0].value.replace(",", "").split(" of ")
        assert int(shown) == int(total) > 10  # the demo data, loaded into PostgreSQL
        assert open_store(pg_url).count() == int(total)
        at.multiselect(key="f_types").set_value(["airstrike"]).run()
        assert 0 < int(at.metric[0].value.split(" of ")[0]) < int(total)
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def test_a_version_5_database_is_upgraded_in_place(pg_url: str) -> None:
    store = open_store(pg_url)
    arts = [article_from_text(articles.NEAR_SITE, now=NOW)]
    result = extract_all(arts)
    store.add(arts, result)
    with store.write() as con:  # take the database back to what version 5 created
        con.execute("DROP INDEX incidents_status_confidence")
        con.execute("DROP INDEX history_editor")
        for table, column in (("incidents", "confidence"), ("incidents", "evidence"),
                              ("history", "change_id"), ("history", "undoes")):
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    upgraded = open_store(pg_url)
    assert upgraded.schema_version() == 6
    back = upgraded.incident(result.incidents[0].incident_id)
    assert back.confidence == 0.5 and back.evidence == ()
