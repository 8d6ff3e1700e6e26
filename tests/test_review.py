"""The reviewer's workbench (geo.review.queue, geo.review.changes, geo.review.view): queue,
alternatives, evidence, delete and undo, history only for real changes, demo data apart."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from geo.core.errors import InputError
from geo.core.records import Evidence
from geo.extract.incidents import extract_incidents
from geo.extract.loaders import article_from_text, stated_published
from geo.extract.pipeline import extract_all
from geo.gazetteer.index import Gazetteer
from geo.review.changes import add_incident, delete_article, delete_incident, undo_last
from geo.review.edits import edit_incident, history, merge_incidents, relocate, set_status
from geo.review.queue import article, incident_from_sentence, review_queue, sentences
from geo.review.view import (
    alternatives,
    date_choices,
    display_table,
    highlight_html,
    pinned_place,
    plural,
)
from geo.server.demo import demo_wanted, seed_if_wanted
from geo.store.base import BaseStore
from geo.store.open import open_store
from geo.store.sqlite import IncidentStore
from tests.fixtures.review import NOW, WRONG_PLACE, review_store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BaseStore:
    if request.param == "postgres":
        return open_store(str(request.getfixturevalue("pg_url")))
    return open_store(tmp_path / "review.sqlite")


def _row(store: BaseStore, incident_id: str) -> dict[str, object]:
    with store.read() as con:
        cur = con.execute("SELECT * FROM incidents WHERE incident_id = ?", (incident_id,))
        row = cur.fetchone()
        names = [d[0] for d in cur.description]
    return {n: v for n, v in zip(names, row, strict=True) if n not in ("rowid", "geom")}


def test_queue_is_lowest_confidence_first_and_verified_ones_leave_it(
        store: BaseStore) -> None:
    made = review_store(store)
    queue = review_queue(store)
    assert list(queue["incident_id"]) == [made[k].incident_id for k in ("wrong", "low", "high")]
    assert list(queue["confidence"]) == [0.2, 0.35, 0.9]
    set_status(store, made["wrong"].incident_id, "verified", "Rana")
    assert list(review_queue(store)["incident_id"]) == [made["low"].incident_id,
                                                        made["high"].incident_id]


def test_alternatives_list_the_other_candidates_and_fix_the_place(
        store: BaseStore, gazetteer: Gazetteer) -> None:
    wrong = review_store(store)["wrong"]
    options = alternatives(gazetteer, store.incident(wrong.incident_id))
    assert 2 <= len(options) <= 5
    assert all(o.place.place_id != wrong.place_id for o in options)
    lebanon = next(o for o in options if o.place.country == "LB")
    assert "LB" in lebanon.label and "city" in lebanon.label and "km away" in lebanon.label
    assert lebanon.distance_km > 1000  # Greece's Trípoli is far from Lebanon's
    moved = relocate(store, wrong.incident_id, lebanon.place, "Rana")
    assert (moved.country, moved.place_id) == ("LB", lebanon.place.place_id)


def test_place_it_here_gives_the_chosen_precision(store: BaseStore) -> None:
    wrong = review_store(store)["wrong"]
    for precision, level, km in (("site", 1, 1.0), ("near", 2, 10.0), ("region", 3, 50.0)):
        place, near = pinned_place(35.84, 34.43, precision, "LB", "North")
        moved = relocate(store, wrong.incident_id, place, "Rana", near)
        assert (moved.geo_precision, moved.uncertainty_km) == (level, km)
        assert (moved.lon, moved.lat, moved.country) == (35.84, 34.43, "LB")


def test_history_has_rows_only_for_real_changes(store: BaseStore) -> None:
    wrong = review_store(store)["wrong"]
    iid = wrong.incident_id
    set_status(store, iid, "verified", "Rana")
    set_status(store, iid, "verified", "Rana")
    edit_incident(store, iid, {"event_type": wrong.event_type, "actors": wrong.actors,
                               "event_date": wrong.event_date.isoformat()}, "Rana")
    rows = history(store, iid)
    assert list(rows["field"]) == ["status"]
    edit_incident(store, iid, {"event_type": "shelling", "actors": wrong.actors}, "Rana")
    assert list(history(store, iid)["field"]) == ["event_type", "status"]


def test_delete_incident_keeps_it_in_the_history_and_undo_brings_it_back(
        store: BaseStore) -> None:
    made = review_store(store)
    iid = made["low"].incident_id
    before = _row(store, iid)
    delete_incident(store, iid, "Rana")
    assert iid not in set(store.incidents(include_hidden=True)["incident_id"])
    [row] = history(store, iid).itertuples()
    assert (row.action, row.editor, row.field) == ("delete", "Rana", "incident")
    assert json.loads(row.old_value)["location"] == made["low"].location
    with pytest.raises(InputError, match="no change left"):
        undo_last(store, "Someone else")
    done = undo_last(store, "Rana")
    assert done.incidents == (iid,) and "deletion" in done.summary
    after = _row(store, iid)
    assert after == before
    assert store.incident(iid).evidence == made["low"].evidence
    assert set(history(store, iid)["action"]) == {"delete", "undo"}


def test_delete_article_removes_its_incidents_and_undo_restores_all(
        store: BaseStore) -> None:
    made = review_store(store)
    wrong = made["wrong"]
    assert delete_article(store, wrong.article_id, "Rana") == 1
    assert article(store, wrong.article_id) is None
    assert wrong.incident_id not in set(store.incidents()["incident_id"])
    undo_last(store, "Rana")
    restored = article(store, wrong.article_id)
    assert restored is not None and restored.title.startswith("Gunmen clash")
    assert store.incident(wrong.incident_id).location == wrong.location


def test_undo_steps_back_through_an_editors_changes_and_respects_others(
        store: BaseStore) -> None:
    made = review_store(store)
    iid = made["wrong"].incident_id
    edit_incident(store, iid, {"event_type": "shelling"}, "Rana")
    set_status(store, iid, "verified", "Rana")
    undo_last(store, "Rana")  # the status
    assert store.incidents(include_hidden=True).set_index("incident_id").loc[
        iid, "event_type"] == "shelling"
    with store.read() as con:
        assert con.execute("SELECT status FROM incidents WHERE incident_id = ?",
                           (iid,)).fetchone()[0] == "edited"
    edit_incident(store, iid, {"event_type": "airstrike"}, "Omar")  # someone else, later
    with pytest.raises(InputError, match="changed again since"):
        undo_last(store, "Rana")
    undo_last(store, "Omar")
    undo_last(store, "Rana")  # now Rana's edit can go
    assert store.incident(iid).event_type == made["wrong"].event_type


def test_undo_of_a_merge_restores_both_incidents(store: BaseStore) -> None:
    made = review_store(store)
    keep, other = made["low"].incident_id, made["high"].incident_id
    merge_incidents(store, keep, other, "Rana")
    assert other not in set(store.incidents()["incident_id"])
    undo_last(store, "Rana")
    shown = set(store.incidents()["incident_id"])
    assert {keep, other} <= shown
    assert store.incident(keep).actors == made["low"].actors


def test_add_an_incident_from_a_sentence(store: BaseStore, gazetteer: Gazetteer) -> None:
    made = review_store(store)
    source = article(store, made["wrong"].article_id)
    assert source is not None
    text = source.full_text
    start, end = next(s for s in sentences(text) if "reinforcements" in text[s[0]:s[1]])
    found = extract_incidents(replace(source, title="", text=text[start:end]), gazetteer)
    with pytest.raises(InputError, match="No place"):
        incident_from_sentence(source, start, end, [])
    if not found:  # the extractor sees no event here: the reviewer names the type
        found = [replace(made["wrong"], evidence=())]
    made_inc = incident_from_sentence(source, start, end, found, "deployment change")
    stored = add_incident(store, made_inc, "Rana")
    assert stored.event_type == "deployment change" and stored.quote == text[start:end]
    assert stored.confidence == 1.0
    for span in stored.evidence:
        assert text[span.start:span.end] == span.text
    assert list(history(store, stored.incident_id)["action"]) == ["add"]
    # a re-ingest of the article keeps the person's incident
    again = article_from_text(WRONG_PLACE, now=NOW)
    store.add([again], extract_all([again]))
    assert store.incident(stored.incident_id).event_type == "deployment change"
    undo_last(store, "Rana")
    with pytest.raises(InputError):
        store.incident(stored.incident_id)


def test_evidence_is_highlighted_and_the_text_escaped() -> None:
    text = "Drones <script>alert(1)</script> struck Erbil on Monday & more"
    start = text.index("struck")
    page = highlight_html(text, [Evidence("trigger", start, start + 6, "struck"),
                                 Evidence("place", start + 7, start + 12, "Erbil"),
                                 Evidence("date", 999, 1005, "nowhere")])
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; more" in page
    assert '<mark class="ev-trigger"' in page and ">struck</mark>" in page
    assert '<mark class="ev-place"' in page and "ev-date" not in page


def test_date_choices_resolve_against_the_publication_date() -> None:
    art = article_from_text(WRONG_PLACE, now=NOW)
    choices = date_choices(art, current=date(2023, 11, 8))
    assert [c.value for c in choices] == [date(2023, 11, 9)]
    assert choices[0].text == "9 November"


def test_the_publication_date_field_changes_what_on_friday_means() -> None:
    text = "Gunmen clashed with soldiers in Tripoli, Lebanon on Friday, a security source said."
    assert stated_published(text) is None
    assert stated_published("Published: 2023-11-10\n\n" + text) == "2023-11-10"
    assert stated_published(text + "\nPublished: 3 Nov 2023") == "3 Nov 2023"
    # Saturdays: the day before is news, not history, whatever the week.
    early = article_from_text(text, published="2023-10-28T12:00:00+00:00")
    late = article_from_text(text, published="2023-11-18T12:00:00+00:00")
    [first] = extract_all([early]).incidents
    [second] = extract_all([late]).incidents
    assert first.event_date == date(2023, 10, 27) and second.event_date == date(2023, 11, 17)
    undated = article_from_text(text, now=NOW)
    assert undated.notes == ("no publication date given; assumed 2023-12-01",)


def test_tables_start_with_date_type_location_actors(store: BaseStore) -> None:
    review_store(store)
    table = display_table(store.incidents())
    assert list(table.columns[:4]) == ["event_date", "event_type", "location", "actors"]
    assert list(table.columns[-2:]) == ["article_id", "incident_id"]
    assert isinstance(table["event_date"].iloc[0], date)
    assert [plural(1, "article"), plural(2, "article"), plural(1_000, "incident")] == [
        "1 article", "2 articles", "1,000 incidents"]


def test_demo_data_only_in_the_default_store_or_when_asked(tmp_path: Path) -> None:
    assert demo_wanted({}) is True
    assert demo_wanted({"INCIDENTMAP_STORE": str(tmp_path / "mine.sqlite")}) is False
    assert demo_wanted({"INCIDENTMAP_STORE": "x.sqlite", "INCIDENTMAP_DEMO": "1"}) is True
    mine = IncidentStore(tmp_path / "mine.sqlite")
    assert seed_if_wanted(mine, {"INCIDENTMAP_STORE": str(mine.path)}) == 0
    assert mine.count() == 0
    demo = IncidentStore(tmp_path / "demo.sqlite")
    assert seed_if_wanted(demo, {"INCIDENTMAP_DEMO": "yes",
                                 "INCIDENTMAP_STORE": str(demo.path)}) > 10
    frame = demo.incidents()
    assert frame["article_id"].str.startswith("demo-").all()
    assert frame["source"].str.contains("demo", case=False).all()
    assert frame["notes"].str.contains("demo data").all()
    assert display_table(frame)["demo"].all()
