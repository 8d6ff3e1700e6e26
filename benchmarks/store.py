"""Store speed: insert rate for 100k incidents, filtered-view latency over 1M.

Usage: ``python benchmarks/store.py [--insert 100000] [--total 1000000]``

Inserts synthetic incidents in batches of 10,000 (one transaction each, with
validation and the actor index), then fills the store to ``--total`` and times
a date-window + actor query that returns about 10,000 rows, both as raw SQL
rows and as the schema GeoDataFrame the map uses (median of 5 runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.synthetic import synthetic_incidents
from geo.extract.pipeline import Extraction
from geo.query.filters import IncidentFilter
from geo.store.sql import where_clause
from geo.store.sqlite import IncidentStore

BATCH = 10_000


def insert(store: IncidentStore, incidents: list, label: str) -> float:  # type: ignore[type-arg]
    t0 = time.perf_counter()
    for start in range(0, len(incidents), BATCH):
        store.add([], Extraction(tuple(incidents[start:start + BATCH]), (), ()))
    elapsed = time.perf_counter() - t0
    print(f"{label}: {len(incidents):,} incidents in {elapsed:.1f} s = "
          f"{len(incidents) / elapsed:,.0f} incidents/s")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--insert", type=int, default=100_000)
    parser.add_argument("--total", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = IncidentStore(Path(tmp) / "bench.sqlite")
        everything = synthetic_incidents(args.total)
        insert(store, everything[: args.insert], "insert")
        if args.total > args.insert:
            insert(store, everything[args.insert:], "fill")
        flt = IncidentFilter(start=date(2023, 11, 1), end=date(2023, 11, 10),
                             actors=("US forces",))
        where, params = where_clause(flt, include_hidden=False)
        raw, frames = [], []
        rows = 0
        for _ in range(5):
            t0 = time.perf_counter()
            with store.read() as con:
                rows = len(con.execute(f"SELECT * FROM incidents {where}", params).fetchall())
            raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            frame = store.incidents(flt)
            frames.append(time.perf_counter() - t0)
        print(f"query over {store.count():,} incidents, 2023-11-01..10 + 'US forces': "
              f"{rows:,} rows; SQL {statistics.median(raw) * 1000:.0f} ms, "
              f"as GeoDataFrame {statistics.median(frames) * 1000:.0f} ms ({len(frame):,} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
