"""The gazetteer's name indexes (geo.gazetteer.index): order on disk and lookups."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from geo.core.paths import build_dir
from geo.gazetteer.index import LOOSE_NAMES_FILE, Gazetteer, _KeyIndex


def test_a_key_index_sorts_keys_given_out_of_order() -> None:
    index = _KeyIndex(pa.array(["mosul", "amman", "mosul", "erbil"]), pa.array([7, 1, 9, 3]),
                      pa.array([1.0, 0.9, 0.5, 1.0]))
    assert index.keys.tolist() == ["amman", "erbil", "mosul", "mosul"]
    assert sorted(index.get("mosul")) == [(7, 1.0), (9, 0.5)]
    assert index.get("amman") == [(1, 0.9)] and index.get("baghdad") == []
    assert "erbil" in index and "irbil" not in index


def test_built_name_tables_are_written_in_key_order() -> None:
    for file, column in (("names.parquet", "key"), (LOOSE_NAMES_FILE, "ckey")):
        keys = pq.read_table(build_dir() / file, columns=[column])[column].to_numpy(
            zero_copy_only=False)
        assert len(keys) > 1000 and bool(np.all(keys[:-1] <= keys[1:])), file


def _entries(index: _KeyIndex) -> Counter[tuple[str, int, float]]:
    return Counter(zip(index.keys.tolist(), index.rows.tolist(), index.quality.tolist(),
                       strict=True))


def test_a_build_without_the_loose_table_loads_the_same_indexes(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    for name in ("gazetteer.parquet", "names.parquet"):  # as set-up wrote them before
        shutil.copy(build_dir() / name, tmp_path / name)
    older = Gazetteer(tmp_path)
    for mine, theirs in ((older._strict, gazetteer._strict), (older._loose, gazetteer._loose)):
        assert np.array_equal(mine.keys, theirs.keys)
        # Names sharing a key may come in another order; a lookup takes the best of them.
        assert _entries(mine) == _entries(theirs)
    assert [c.place.place_id for c in older.candidates("Dayr az Zawr")] == [
        c.place.place_id for c in gazetteer.candidates("Dayr az Zawr")]
