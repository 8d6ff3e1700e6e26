from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from geo.core.errors import InputError
from geo.core.records import INCIDENT_COLUMNS, Evidence, Incident
from geo.extract.loaders import article_from_text
from geo.extract.pipeline import Extraction, extract_all
from geo.query.filters import IncidentFilter
from geo.review.edits import edit_incident, history, merge_incidents, set_status, sources_of
from geo.store.base import BaseStore
from geo.store.open import open_store
from geo.store.postgres import PostgresStore
from geo.store.schema import MIGRATIONS, SCHEMA_VERSION
from geo.store.sqlite import IncidentStore
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]


def load(*texts: str, **kw: str):  # type: ignore[no-untyped-def]
    arts = [article_from_text(t, now=NOW, **kw) for t in texts]
    return arts, extract_all(arts)


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a SQLite file, or a fresh PostgreSQL/PostGIS database."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "store.sqlite")


@pytest.fixture()
def store(location: str) -> BaseStore:
    return open_store(location)


def test_round_trip_of_every_field(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE, articles.METONYMIC_CAPITAL, articles.REGION)
    store.add(arts, result)
    back = {i.incident_id: i for i in (store.incident(x.incident_id) for x in result.incidents)}
    for original in result.incidents:
        restored = back[original.incident_id]
        for field in (*INCIDENT_COLUMNS, "lon", "lat"):
            assert getattr(restored, field) == getattr(original, field), field
    frame = store.incidents()
    assert list(frame.columns) == [*INCIDENT_COLUMNS, "geometry"]


def test_same_article_twice_does_not_duplicate(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE, url="https://example.test/a")
    store.add(arts, result)
    again, result2 = load(articles.NEAR_SITE, url="https://example.test/a",
                          article_id="another-id")
    store.add(again, result2)
    same_text, result3 = load(articles.NEAR_SITE + "\n\n", article_id="third-id")
    store.add(same_text, result3)
    assert store.count() == 1


def test_rerun_updates_machine_fields_but_never_a_person_edit(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE)
    store.add(arts, result)
    [inc] = result.incidents
    edit_incident(store, inc.incident_id, {"event_type": "missile attack"}, "Rana")
    rerun = Extraction((replace(inc, quote="new machine quote", fatalities=2),),
                       result.deployments, ())
    store.add(arts, rerun)
    after = store.incident(inc.incident_id)
    assert after.event_type == "missile attack"  # the person's edit stays
    assert after.quote == "new machine quote" and after.fatalities == 2  # machine refreshed


def test_edit_history_records_who_when_old_and_new(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE)
    store.add(arts, result)
    [inc] = result.incidents
    edit_incident(store, inc.incident_id, {"event_date": "2023-11-05", "actors": ("IRGC",)},
                  "Rana")
    rows = history(store, inc.incident_id)
    assert set(rows["field"]) == {"event_date", "actors"}
    assert set(rows["editor"]) == {"Rana"}
    row = rows[rows["field"] == "event_date"].iloc[0]
    assert row["old_value"] == '"2023-11-06"' and row["new_value"] == '"2023-11-05"'
    assert store.incident(inc.incident_id).event_date == date(2023, 11, 5)
    for statement in ("DELETE FROM history", "UPDATE history SET editor = 'someone else'"):
        with pytest.raises(Exception, match="append-only"), store.write() as con:
            con.execute(statement)
    assert set(history(store, inc.incident_id)["editor"]) == {"Rana"}


def test_edit_needs_an_editor_and_valid_values(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE)
    store.add(arts, result)
    incident_id = result.incidents[0].incident_id
    with pytest.raises(InputError, match="Type your name"):
        edit_incident(store, incident_id, {"event_type": "airstrike"}, " ")
    with pytest.raises(InputError, match="latitude"):
        edit_incident(store, incident_id, {"lat": 123.0}, "Rana")
    with pytest.raises(InputError, match="Cannot edit"):
        edit_incident(store, incident_id, {"incident_id": "x"}, "Rana")


def test_verify_reject_and_merge(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE, articles.METONYMIC_CAPITAL)
    other_arts, other = load(articles.NEAR_SITE.replace("Kurdish security official",
                                                        "local official"),
                             url="https://other.test/b")
    store.add(arts, result)
    store.add(other_arts, other)
    first, second = result.incidents[0], other.incidents[0]
    merged = merge_incidents(store, first.incident_id, second.incident_id, "Rana")
    assert {s["article_id"] for s in sources_of(store, merged.incident_id)} == {
        first.article_id, second.article_id}
    shown = set(store.incidents()["incident_id"])
    assert second.incident_id not in shown and first.incident_id in shown
    set_status(store, result.incidents[1].incident_id, "rejected", "Rana")
    assert result.incidents[1].incident_id not in set(store.incidents()["incident_id"])
    store.add(arts, result)  # re-ingest does not resurrect a rejected incident
    assert result.incidents[1].incident_id not in set(store.incidents()["incident_id"])
    assert len(store.incidents(include_hidden=True)) == 3


def test_sql_filter_matches_the_in_memory_filter(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE, articles.METONYMIC_CAPITAL, articles.REGION,
                        articles.ALIASES)
    store.add(arts, result)
    everything = store.incidents()
    for flt in (IncidentFilter(actors=("Kataib Hezbollah",)),
                IncidentFilter(start=date(2023, 11, 7), event_types=("airstrike",
                                                                     "drone attack")),
                IncidentFilter(countries=("SY",), precisions=(1,))):
        assert sorted(store.incidents(flt)["incident_id"]) == sorted(
            flt.apply(everything)["incident_id"])


@pytest.mark.parametrize(("change", "message"), [
    ({"lon": 200.0}, "longitude"),
    ({"lat": -91.0}, "latitude"),
    ({"country": "XX"}, "unknown country code"),
    ({"event_date": date(2999, 1, 1)}, "in the future"),
    ({"event_date": date(1899, 12, 31)}, "before 1900"),
    ({"actor1": "A" * 10_000}, "10,000 characters"),
    ({"confidence": 1.5}, "confidence"),
    ({"confidence": float("nan")}, "confidence"),
    ({"evidence": (Evidence("trigger", 5, 3, ""),)}, "empty or negative"),
    ({"evidence": (Evidence("who", 0, 3, "abc"),)}, "evidence role"),
    ({"evidence": (Evidence("place", 0, 3, "ab"),)}, "its span"),
])
def test_bad_incidents_are_refused_and_nothing_is_written(
        store: BaseStore, change: dict[str, object], message: str) -> None:
    arts, result = load(articles.NEAR_SITE)
    bad = replace(result.incidents[0], **change)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=message):
        store.add(arts, Extraction((bad,), (), ()))
    assert store.count() == 0


def test_sql_metacharacters_are_stored_as_text(store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE)
    nasty = "x'); DROP TABLE incidents; --"
    inc = replace(result.incidents[0], quote=nasty, actor1=nasty, location=nasty)
    store.add(arts, Extraction((inc,), (), ()))
    back = store.incident(inc.incident_id)
    assert back.quote == nasty and back.actor1 == nasty and store.count() == 1


def test_old_schema_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                      + MIGRATIONS[0]
                      + "INSERT INTO meta VALUES ('schema_version', '1');"
                      "INSERT INTO articles VALUES ('a', 't', 'text', '2023-01-01', '', '', "
                      "'en', '[]', '2023-01-01');")
    con.close()
    store = IncidentStore(path)
    assert store.schema_version() == SCHEMA_VERSION
    with store.read() as c:
        assert c.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def _with_evidence(inc: Incident, confidence: float) -> Incident:
    text = f"{inc.quote}"
    return replace(inc, confidence=confidence, evidence=(
        Evidence("trigger", 0, 5, text[:5]), Evidence("place", 6, 10, text[6:10]),
        Evidence("date", 11, 12, text[11:12])))


def test_confidence_and_evidence_round_trip_and_refresh_on_reingest(
        store: BaseStore) -> None:
    arts, result = load(articles.NEAR_SITE, articles.REGION)
    first, second = (_with_evidence(i, 0.25) for i in result.incidents)
    store.add(arts, Extraction((first, second), (), ()))
    back = store.incident(first.incident_id)
    assert back.confidence == 0.25 and back.evidence == first.evidence
    frame = store.incidents()
    assert frame["confidence"].dtype == "float64"
    assert '"role": "trigger"' in frame.set_index("incident_id").loc[first.incident_id,
                                                                      "evidence"]
    edit_incident(store, second.incident_id, {"event_type": "airstrike"}, "Rana")
    refreshed = (replace(first, confidence=0.9, evidence=first.evidence[:1]),
                 replace(second, confidence=0.8, evidence=()))
    store.add(arts, Extraction(refreshed, (), ()))
    assert store.incident(first.incident_id).confidence == 0.9
    assert store.incident(first.incident_id).evidence == first.evidence[:1]
    edited = store.incident(second.incident_id)
    assert edited.confidence == 0.8 and edited.evidence == ()  # machine fields refreshed
    assert edited.event_type == "airstrike"  # the person's edit stays


def test_a_version_5_file_gets_confidence_and_evidence_columns(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite"
    store = IncidentStore(path)
    arts, result = load(articles.NEAR_SITE)
    store.add(arts, result)
    # Rebuild the file as version 5 wrote it: no confidence/evidence/undo columns.
    con = sqlite3.connect(path)
    con.execute("DROP INDEX incidents_status_confidence")
    for column in ("confidence", "evidence"):
        con.execute(f"ALTER TABLE incidents DROP COLUMN {column}")
    con.execute("DROP INDEX history_editor")
    for column in ("change_id", "undoes"):
        con.execute(f"ALTER TABLE history DROP COLUMN {column}")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    old = IncidentStore(path)
    assert old.schema_version() == SCHEMA_VERSION == 6
    back = old.incident(result.incidents[0].incident_id)
    assert back.confidence == 0.5 and back.evidence == ()


WRITER = r"""
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from geo.extract.loaders import article_from_text
from geo.extract.pipeline import Extraction, extract_all
from geo.store.open import open_store
from tests.fixtures import articles
store = open_store(sys.argv[1])
tag, n, batch = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
now = datetime(2023, 12, 1, tzinfo=UTC)
[base] = extract_all([article_from_text(articles.NEAR_SITE, now=now)]).incidents
for start in range(0, n, batch):
    # one distinct article per transaction, as a batch ingest of many articles does
    art = article_from_text(articles.NEAR_SITE + f"\n\n({tag} {start})", now=now)
    items = tuple(replace(base, article_id=art.article_id, incident_id=f"{tag}-{k:05d}")
                  for k in range(start, start + batch))
    store.add([art], Extraction(items, (), ()))
    print(start + batch, flush=True)
"""


def _writer(path: Path | str, tag: str, n: int, batch: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(n), str(batch)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_two_processes_write_at_once_without_loss(location: str) -> None:
    open_store(location)
    procs = [_writer(location, tag, 200, 1) for tag in ("a", "b")]
    for proc in procs:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    store = open_store(location)
    ids = set(store.incidents()["incident_id"])
    assert {f"a-{k:05d}" for k in range(200)} <= ids
    assert {f"b-{k:05d}" for k in range(200)} <= ids


def test_killed_ingest_leaves_a_consistent_store(location: str) -> None:
    open_store(location)
    proc = _writer(location, "k", 100_000, 50)
    assert proc.stdout is not None
    proc.stdout.readline()  # at least one batch committed
    time.sleep(0.5)
    proc.kill()
    proc.wait()
    store = open_store(location)
    with store.read() as con:
        if isinstance(store, PostgresStore):
            assert con.execute("SELECT COUNT(*) FROM incidents WHERE geom IS NULL "
                               "OR NOT ST_IsValid(geom)").fetchone()[0] == 0
        else:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        actors = con.execute("SELECT COUNT(DISTINCT incident_id) FROM incident_actors "
                             "WHERE incident_id LIKE 'k-%'").fetchone()[0]
    n = store.count()
    assert n >= 50 and n % 50 == 0  # whole batches only, no half-written incident
    assert actors == n


def test_incident_records_are_frozen() -> None:
    _, result = load(articles.NEAR_SITE)
    inc: Incident = result.incidents[0]
    with pytest.raises(AttributeError):
        inc.location = "elsewhere"  # type: ignore[misc]
