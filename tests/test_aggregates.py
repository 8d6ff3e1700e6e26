from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.aggregates import count, daily_counts, facets, hexagon_counts
from geo.filters import IncidentFilter
from geo.frame import LIST_SEPARATOR, incidents_to_frame
from geo.hexbin import hexagon_counts_of
from geo.mapping import category_of
from geo.pipeline import Extraction
from geo.review import edit_incident, set_status
from geo.store import IncidentStore
from geo.timeline import daily_counts as frame_daily_counts
from tests.fixtures.incidents import spread_incidents

FILTERS = [
    IncidentFilter(),
    IncidentFilter(start=date(2023, 10, 5), end=date(2023, 10, 20)),
    IncidentFilter(actors=("Kataib Hezbollah",), event_types=("drone attack", "airstrike")),
    IncidentFilter(bbox=(40.0, 31.0, 44.0, 35.0), countries=("IQ",)),
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> IncidentStore:
    store = IncidentStore(tmp_path_factory.mktemp("agg") / "store.sqlite")
    records = spread_incidents(600)
    store.add([], Extraction(tuple(records), (), ()))
    set_status(store, records[0].incident_id, "rejected", "Test editor")
    return store


@pytest.mark.parametrize("flt", FILTERS)
def test_sql_summaries_equal_the_same_sums_over_the_frame(filled: IncidentStore,
                                                          flt: IncidentFilter) -> None:
    frame = flt.apply(filled.incidents())
    assert len(frame) > 0 and count(filled, flt) == len(frame)
    assert len(filled.incidents(flt)) == len(frame)
    for colour_by in ("event_type", "actor"):
        sql = hexagon_counts(filled, flt, 5, colour_by).sort_values("cell", ignore_index=True)
        mem = hexagon_counts_of(frame, category_of(frame, colour_by), 5)
        pd.testing.assert_frame_equal(sql, mem.sort_values("cell", ignore_index=True),
                                      check_dtype=False)
        pd.testing.assert_frame_equal(daily_counts(filled, flt, colour_by),
                                      frame_daily_counts(frame, colour_by), check_dtype=False)


def test_facets_list_what_the_visible_incidents_contain(filled: IncidentStore) -> None:
    frame = filled.incidents()
    fac = facets(filled)
    assert fac.total == len(frame) == 599  # the rejected one is hidden
    assert fac.first_day == frame["event_date"].min().date()
    assert fac.last_day == frame["event_date"].max().date()
    assert set(fac.event_types) == set(frame["event_type"])
    assert fac.countries == ("IQ", "SY")
    west, south, east, north = fac.extent  # type: ignore[misc]
    assert 38 <= west < east <= 48 and 30 <= south < north <= 37
    exploded = frame["actors"].str.split(LIST_SEPARATOR).explode()
    frequency = exploded[exploded != ""].value_counts()
    assert set(fac.actors) == set(frequency.index)
    assert [frequency[a] for a in fac.actors] == sorted(frequency, reverse=True)


def test_a_relocated_incident_moves_to_its_new_hexagon(filled: IncidentStore) -> None:
    target = filled.incidents().iloc[5]
    flt = IncidentFilter(bbox=(30.0, 20.0, 31.0, 21.0))
    assert count(filled, flt) == 0
    edit_incident(filled, target["incident_id"], {"lon": 30.5, "lat": 20.5}, "Test editor")
    assert count(filled, flt) == 1
    cells = hexagon_counts(filled, flt, 4)
    assert cells["incidents"].tolist() == [1]


def test_migration_fills_the_cells_of_an_older_store(tmp_path: Path) -> None:
    import sqlite3

    from geo.store import MIGRATIONS

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
    for script in MIGRATIONS[:4]:
        con.executescript(script)
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    con.commit()
    con.close()
    # Write incidents with the version-4 schema, as an older release would have.
    frame = incidents_to_frame(spread_incidents(20))
    rows = [(r.incident_id, r.article_id, r.event_date.date().isoformat(), r.event_type,
             r.geometry.x, r.geometry.y, "2023-12-01") for r in frame.itertuples()]
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO incidents (incident_id, article_id, event_date, event_type, "
                    "lon, lat, updated_at) VALUES (?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()
    store = IncidentStore(path)
    assert store.schema_version() == len(MIGRATIONS)
    assert int(hexagon_counts(store, IncidentFilter(), 3)["incidents"].sum()) == 20
