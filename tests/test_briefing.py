from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.core.errors import InputError
from geo.map.briefing import (
    add_slide,
    briefings,
    export_briefing,
    import_briefing,
    slide_from,
    slides,
)
from geo.query.filters import IncidentFilter
from geo.store.sqlite import IncidentStore


def test_slides_round_trip_and_export_import(tmp_path: Path) -> None:
    store = IncidentStore(tmp_path / "a.sqlite")
    flt = IncidentFilter(start=date(2023, 10, 18), end=date(2023, 10, 31),
                         actors=("US forces",))
    add_slide(store, "Morning", slide_from(flt, "First week", "actor", (33.3, 44.4), 7))
    add_slide(store, "Morning", slide_from(IncidentFilter(), "Everything"))
    [first, second] = slides(store, "Morning")
    assert first.incident_filter() == flt and first.center == (33.3, 44.4)
    assert second.caption == "Everything"
    document = json.loads(json.dumps(export_briefing(store, "Morning")))
    other = IncidentStore(tmp_path / "b.sqlite")
    assert import_briefing(other, document) == "Morning"
    assert slides(other, "Morning") == slides(store, "Morning")
    assert briefings(other) == ["Morning"]


def test_bad_slides_and_files_are_refused(tmp_path: Path) -> None:
    store = IncidentStore(tmp_path / "a.sqlite")
    with pytest.raises(InputError, match="caption"):
        slide_from(IncidentFilter(), "  ")
    with pytest.raises(InputError, match="Not a briefing file"):
        import_briefing(store, {"slides": []})
    with pytest.raises(InputError, match="Name the briefing"):
        add_slide(store, " ", slide_from(IncidentFilter(), "x"))


def test_slides_can_be_edited_reordered_and_deleted(tmp_path: Path) -> None:
    from geo.map.briefing import delete_slide, move_slide, update_slide

    store = IncidentStore(tmp_path / "a.sqlite")
    for caption in ("one", "two", "three"):
        add_slide(store, "Deck", slide_from(IncidentFilter(event_types=("airstrike",)),
                                            caption, center=(33.0, 44.0), zoom=6))
    edited = update_slide(store, "Deck", 1, caption="two, edited", center=(34.0, 42.0), zoom=8)
    assert edited.caption == "two, edited" and edited.center == (34.0, 42.0)
    assert slides(store, "Deck")[1].filters == {"type": ["airstrike"]}
    assert move_slide(store, "Deck", 0, 5) == 2
    assert [s.caption for s in slides(store, "Deck")] == ["two, edited", "three", "one"]
    assert move_slide(store, "Deck", 2, -1) == 1
    assert [s.caption for s in slides(store, "Deck")] == ["two, edited", "one", "three"]
    assert delete_slide(store, "Deck", 0) == 2
    assert [s.caption for s in slides(store, "Deck")] == ["one", "three"]
    with pytest.raises(InputError, match="no slide 7"):
        delete_slide(store, "Deck", 6)
    with pytest.raises(InputError, match="caption"):
        update_slide(store, "Deck", 0, caption=" ")
