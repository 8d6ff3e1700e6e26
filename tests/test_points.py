from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.core.hexbin import hexagon_counts_of
from geo.extract.pipeline import Extraction
from geo.io.frame import LIST_SEPARATOR, incidents_to_frame
from geo.map.legend import category_of
from geo.map.timeline import daily_counts as frame_daily_counts
from geo.query.filters import IncidentFilter
from geo.query.points import PointIndex
from geo.review.edits import edit_incident, set_status
from geo.store.schema import MIGRATIONS
from geo.store.sqlite import IncidentStore
from tests.fixtures.incidents import spread_incidents

FILTERS = [
    IncidentFilter(),
    IncidentFilter(start=date(2023, 10, 5), end=date(2023, 10, 20)),
    IncidentFilter(actors=("Kataib Hezbollah",), event_types=("drone attack", "airstrike")),
    IncidentFilter(bbox=(40.0, 31.0, 44.0, 35.0), countries=("IQ",), precisions=(1, 3)),
    IncidentFilter(admin1=("Province 2",), actors=("Islamic State", "US forces")),
]


def index_of(store: IncidentStore) -> PointIndex:
    return PointIndex.from_arrow(store.point_table())


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> IncidentStore:
    store = IncidentStore(tmp_path_factory.mktemp("points") / "store.sqlite")
    records = spread_incidents(600)
    store.add([], Extraction(tuple(records), (), ()))
    set_status(store, records[0].incident_id, "rejected", "Test editor")
    return store


@pytest.mark.parametrize("flt", FILTERS)
def test_index_answers_equal_the_frame_answers(filled: IncidentStore,
                                               flt: IncidentFilter) -> None:
    index = index_of(filled)
    frame = flt.apply(filled.incidents())
    keep = index.mask(flt)
    assert len(frame) > 0 and int(keep.sum()) == len(frame)
    subset = filled.incidents_by_rowid(index.rowid[keep])
    assert subset["incident_id"].tolist() == frame["incident_id"].tolist()
    for colour_by in ("event_type", "actor"):
        mine = index.hexagon_counts(keep, 5, colour_by).sort_values("cell", ignore_index=True)
        theirs = hexagon_counts_of(frame, category_of(frame, colour_by), 5)
        pd.testing.assert_frame_equal(mine, theirs.sort_values("cell", ignore_index=True),
                                      check_dtype=False)
        pd.testing.assert_frame_equal(index.daily_counts(keep, colour_by),
                                      frame_daily_counts(frame, colour_by), check_dtype=False)


def test_an_unknown_value_matches_nothing(filled: IncidentStore) -> None:
    index = index_of(filled)
    assert not index.mask(IncidentFilter(actors=("Nobody",))).any()
    assert not index.mask(IncidentFilter(event_types=("protest", "no such type"))).all()


def test_facets_list_what_the_visible_incidents_contain(filled: IncidentStore) -> None:
    frame = filled.incidents()
    fac = index_of(filled).facets()
    assert fac.total == len(frame) == 599  # the rejected one is hidden
    assert fac.first_day == frame["event_date"].min().date()
    assert fac.last_day == frame["event_date"].max().date()
    assert set(fac.event_types) == set(frame["event_type"])
    assert fac.countries == ("IQ", "SY")
    assert set(fac.admin1) == set(zip(frame["country"], frame["admin1"], strict=True))
    west, south, east, north = fac.extent  # type: ignore[misc]
    assert 38 <= west < east <= 48 and 30 <= south < north <= 37
    exploded = frame["actors"].str.split(LIST_SEPARATOR).explode()
    frequency = exploded[exploded != ""].value_counts()
    assert set(fac.actors) == set(frequency.index)
    assert [frequency[a] for a in fac.actors] == sorted(frequency, reverse=True)


def test_an_empty_store_gives_an_empty_index(tmp_path: Path) -> None:
    index = index_of(IncidentStore(tmp_path / "empty.sqlite"))
    assert len(index) == 0 and index.facets().total == 0
    keep = index.mask(IncidentFilter())
    assert index.hexagon_counts(keep, 4).empty and index.daily_counts(keep).empty


def test_a_relocated_incident_moves_to_its_new_hexagon(filled: IncidentStore) -> None:
    target = filled.incidents().iloc[5]
    flt = IncidentFilter(bbox=(30.0, 20.0, 31.0, 21.0))
    assert not index_of(filled).mask(flt).any()
    edit_incident(filled, target["incident_id"], {"lon": 30.5, "lat": 20.5}, "Test editor")
    index = index_of(filled)
    keep = index.mask(flt)
    assert index.hexagon_counts(keep, 4)["incidents"].tolist() == [1]


def test_migration_fills_the_cells_of_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
    for script in MIGRATIONS[:4]:
        con.executescript(script)
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    frame = incidents_to_frame(spread_incidents(20))
    con.executemany("INSERT INTO incidents (incident_id, article_id, event_date, event_type, "
                    "lon, lat, geo_precision, updated_at) VALUES (?,?,?,?,?,?,1,?)",
                    [(r.incident_id, r.article_id, r.event_date.date().isoformat(),
                      r.event_type, r.geometry.x, r.geometry.y, "2023-12-01")
                     for r in frame.itertuples()])
    con.commit()
    con.close()
    store = IncidentStore(path)
    assert store.schema_version() == len(MIGRATIONS)
    index = index_of(store)
    assert int(index.hexagon_counts(index.mask(IncidentFilter()), 3)["incidents"].sum()) == 20


def test_the_index_cache_is_reused_and_follows_the_store_version(tmp_path: Path) -> None:
    from geo.query.points import cached_index

    store = IncidentStore(tmp_path / "store.sqlite")
    store.add([], Extraction(tuple(spread_incidents(50)), (), ()))
    cache = tmp_path / "cache"
    first = cached_index(store, cache)
    [file] = list(cache.glob("points-*.npz"))
    again = cached_index(store, cache)
    assert again.facets() == first.facets() and list(cache.glob("points-*.npz")) == [file]
    for name in ("rowid", "day", "h3", "actor", "actor_row", "lon"):
        assert (getattr(again, name) == getattr(first, name)).all()
    set_status(store, str(store.incidents().iloc[0]["incident_id"]), "rejected", "Test editor")
    changed = cached_index(store, cache)
    assert changed.facets().total == first.facets().total - 1
    assert [p.name for p in cache.glob("points-*.npz")] != [file.name]  # old version removed
    file_now = next(cache.glob("points-*.npz"))
    file_now.write_bytes(b"damaged")
    assert cached_index(store, cache).facets().total == changed.facets().total
