"""The toponym benchmark's reader and metrics (on data written here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.toponyms import MAX_ERROR_KM, auc_of_error, read_jsonl


def test_jsonl_record_with_next_line_character_stays_whole(tmp_path: Path) -> None:
    records = [{"text": "Mosul\u0085Erbil\u2028Kirkuk", "toponyms": []},
               {"text": "Basra", "toponyms": []}]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    assert read_jsonl(path) == records


def test_auc_of_error_bounds() -> None:
    assert auc_of_error([0.0, 0.0, 0.0]) == 0.0
    assert auc_of_error([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0)
    assert auc_of_error([float("inf")]) == pytest.approx(1.0)
    small, large = auc_of_error([1.0, 10.0, 100.0]), auc_of_error([10.0, 100.0, 1000.0])
    assert 0.0 < small < large < 1.0
