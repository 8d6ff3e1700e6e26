"""The demo store: seeded once, made again when the extraction changes, edits kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.review.edits import edit_incident, set_status
from geo.server import demo
from geo.store.sqlite import IncidentStore

ASKED = {"INCIDENTMAP_DEMO": "1"}


def _stamp(store: IncidentStore) -> str | None:
    with store.read() as con:
        row = con.execute("SELECT value FROM meta WHERE key = ?",
                          (demo.DEMO_STAMP_KEY,)).fetchone()
    return None if row is None else str(row[0])


@pytest.fixture()
def seeded(tmp_path: Path) -> IncidentStore:
    store = IncidentStore(tmp_path / "demo.sqlite")
    assert demo.seed_if_wanted(store, {**ASKED, "INCIDENTMAP_STORE": str(store.path)}) > 10
    return store


def test_seeding_records_the_extraction_it_used(seeded: IncidentStore) -> None:
    assert _stamp(seeded) == demo.extraction_stamp()
    assert demo.refresh_demo_if_stale(seeded) == 0  # current: nothing to do


def test_the_stamp_changes_with_the_extraction_code(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    before = demo.extraction_stamp()
    other = tmp_path / "articles.jsonl"
    other.write_text(demo.DEMO_PATH.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(demo, "DEMO_PATH", other)
    assert demo.extraction_stamp() != before


def test_stale_demo_is_made_again_keeping_reviewers_work(seeded: IncidentStore) -> None:
    frame = seeded.incidents()
    edited_id, rejected_id = frame["incident_id"].iloc[0], frame["incident_id"].iloc[1]
    edit_incident(seeded, edited_id, {"location": "Checked by hand"}, "reviewer")
    set_status(seeded, rejected_id, "rejected", "reviewer")
    # An incident an older extraction made and the current one does not find.
    with seeded.write() as con:
        con.execute("UPDATE incidents SET incident_id = 'stale-one' WHERE incident_id = ?",
                    (frame["incident_id"].iloc[2],))
        con.execute("UPDATE meta SET value = 'old' WHERE key = ?", (demo.DEMO_STAMP_KEY,))
    env = {**ASKED, "INCIDENTMAP_STORE": str(seeded.path)}
    assert demo.seed_if_wanted(seeded, env) > 10
    assert _stamp(seeded) == demo.extraction_stamp()
    assert seeded.incident(edited_id).location == "Checked by hand"
    with seeded.read() as con:
        status = dict(con.execute("SELECT incident_id, status FROM incidents").fetchall())
    assert status[rejected_id] == "rejected"
    ids = set(status)
    assert "stale-one" not in ids
    assert frame["incident_id"].iloc[2] in ids  # made again by the current extraction


def test_a_store_without_demo_data_is_left_alone(tmp_path: Path) -> None:
    store = IncidentStore(tmp_path / "mine.sqlite")
    assert demo.refresh_demo_if_stale(store) == 0
    assert _stamp(store) is None
