"""Incident quality on the development sets with gold, scored by the sets' own ``score.py``.

Usage: ``python benchmarks/incidents.py [DIR ...] [--verbose]``

``DIR`` (default ``../shared/bench/incidents/``) holds ``NAME.jsonl`` articles with
``NAME.gold.json`` gold and ``score.py``. For every set the articles are extracted in
this process (one core), written as GeoJSON to a temporary file and scored by
``score.py``; its lines are printed under the set's name, followed by the
extraction speed in articles per second (loading the gazetteer excluded).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.core.records import Incident
from geo.extract.files import load_path
from geo.extract.incidents import extract_incidents
from geo.gazetteer.index import load_gazetteer
from geo.reading.actors import load_actor_table

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "incidents"


def _feature(inc: Incident) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [inc.lon, inc.lat]},
        "properties": {
            "article_id": inc.article_id, "event_date": inc.event_date.isoformat(),
            "event_type": inc.event_type, "actors": "; ".join(inc.actors),
            "location": inc.location, "country": inc.country,
            "geo_precision": inc.geo_precision, "fatalities": inc.fatalities,
            "confidence": inc.confidence,
        },
    }


def run_set(jsonl: Path, verbose: bool) -> tuple[int, float]:
    """Extract and score one set; return (articles, seconds spent extracting)."""
    gaz, table = load_gazetteer(), load_actor_table()
    articles = load_path(jsonl)
    t0 = time.perf_counter()
    incidents = [i for a in articles for i in extract_incidents(a, gaz, table)]
    elapsed = time.perf_counter() - t0
    gold = jsonl.with_name(jsonl.name.removesuffix(".jsonl") + ".gold.json")
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.geojson"
        pred.write_text(json.dumps({"type": "FeatureCollection",
                                    "features": [_feature(i) for i in incidents]}), "utf-8")
        cmd = [sys.executable, str(jsonl.parent / "score.py"), str(gold), str(pred)]
        out = subprocess.run(cmd + (["--verbose"] if verbose else []), capture_output=True,
                             text=True, check=False)
    print(f"== {jsonl.stem}: {len(articles)} articles, {len(incidents)} incidents")
    print(out.stdout.rstrip())
    print(f"{len(articles) / elapsed:.0f} articles/s (extraction only, one core)")
    return len(articles), elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT_DIR])
    parser.add_argument("--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    load_gazetteer()
    load_actor_table()
    total_n, total_t = 0, 0.0
    for folder in args.dirs:
        for jsonl in sorted(folder.glob("*.jsonl")):
            n, t = run_set(jsonl, args.verbose)
            total_n, total_t = total_n + n, total_t + t
    if total_t:
        print(f"all sets: {total_n} articles, {total_n / total_t:.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
