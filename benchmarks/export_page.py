"""Export page at scale: page render time and the time to build each file on click.

Usage: .venv/bin/python benchmarks/export_page.py [N]   (default 25000 synthetic incidents)

Runs ``pages/export.py`` headless (Streamlit AppTest) on a store of N synthetic incidents:
the first run (point index built) and a second run (index cached, as after any widget
change), then calls each download's data function as a click would.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    store_path = folder / "incidents.sqlite"
    from benchmarks.app import build_store

    start = time.perf_counter()
    build_store(store_path, n)
    print(f"store of {n:,} synthetic incidents built in {time.perf_counter() - start:.1f} s")
    os.environ["INCIDENTMAP_STORE"] = str(store_path)
    os.environ["INCIDENTMAP_DEMO"] = "0"
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "export.py"), default_timeout=600)
    for label in ("first render (builds the point index)", "render again (index cached)",
                  "render a third time"):
        start = time.perf_counter()
        at.run()
        assert not at.exception, at.exception
        print(f"{label}: {time.perf_counter() - start:.2f} s")
    print(at.caption[0].value)
    for button in at.get("download_button"):
        proto = button.proto
        print(f"  button {proto.label!r}: on the page, file made on click")
    from geo.io.export import csv_text, geojson_text, gpkg_bytes
    from geo.query.filters import IncidentFilter
    from geo.store.sqlite import IncidentStore

    store = IncidentStore(store_path)
    start = time.perf_counter()
    frame = store.incidents(IncidentFilter())
    print(f"click: rows read in {time.perf_counter() - start:.2f} s")
    makers = (("GeoJSON", lambda: geojson_text(frame)), ("CSV", lambda: csv_text(frame)),
              ("GeoPackage", lambda: gpkg_bytes(frame)))
    for label, make in makers:
        start = time.perf_counter()
        data = make()
        print(f"click: {label} made in {time.perf_counter() - start:.2f} s ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
