"""The disk cache of region display shapes (geo.map.mapcache)."""

from __future__ import annotations

from pathlib import Path

import shapely
from shapely.geometry import box

from geo.map.mapcache import SHAPES_FILE, ShapeCache, gazetteer_stamp


def test_shapes_survive_a_restart_and_none_is_remembered(tmp_path: Path) -> None:
    path = tmp_path / "cache" / SHAPES_FILE
    cache = ShapeCache(path, "build-1")
    cache["ne:IQ-AN"] = box(39.0, 32.0, 44.0, 35.0)
    cache["gn:123"] = None
    assert cache.save()
    assert not cache.save()  # nothing new
    again = ShapeCache(path, "build-1")
    assert set(again) == {"ne:IQ-AN", "gn:123"}
    assert again["gn:123"] is None
    shape = again["ne:IQ-AN"]
    assert shape is not None and shapely.equals(shape, box(39.0, 32.0, 44.0, 35.0))
    assert again.missing(["gn:123", "ne:SY-HL", "ne:SY-HL"]) == ["ne:SY-HL"]


def test_another_gazetteer_build_or_a_damaged_file_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / SHAPES_FILE
    cache = ShapeCache(path, "build-1")
    cache["a"] = box(0, 0, 1, 1)
    cache.save()
    assert len(ShapeCache(path, "build-2")) == 0
    path.write_text("{not json", encoding="utf-8")
    assert len(ShapeCache(path, "build-1")) == 0
    memory = ShapeCache(None, "x")
    memory["a"] = None
    assert not memory.save()


def test_stamp_follows_the_build(tmp_path: Path) -> None:
    assert gazetteer_stamp(tmp_path) == ""
    (tmp_path / "admin1.parquet").write_bytes(b"x")
    first = gazetteer_stamp(tmp_path)
    assert first.startswith("admin1.parquet:1:")
    (tmp_path / "inputs.stamp").write_text("abc\n", encoding="utf-8")
    assert gazetteer_stamp(tmp_path) == "abc"
