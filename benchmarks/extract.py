"""Extraction throughput and peak memory for N articles through the full pipeline.

Usage: ``python benchmarks/extract.py [--articles 1000]``

Articles are the project's demo articles repeated with distinct ids and
shuffled place names, so no result is cached between them. Prints articles
per second on one core (load from JSONL, recognise, resolve, extract
incidents and deployments, build both GeoDataFrames) and the process's peak
resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from geo.actors import load_actor_table
from geo.gazetteer import load_gazetteer
from geo.loaders import load_path
from geo.paths import data_dir
from geo.pipeline import extract_all

VARIANT_PLACES = ["Erbil Air Base", "Al-Tanf garrison", "Harir Air Base", "Green Village",
                  "Conoco field", "Ain al-Asad", "Tower 22", "Union III"]


def make_corpus(n: int, path: Path) -> None:
    demo = [json.loads(line) for line in
            (data_dir() / "demo" / "articles.jsonl").read_text("utf-8").splitlines() if line]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            record = dict(demo[i % len(demo)])
            place = VARIANT_PLACES[i % len(VARIANT_PLACES)]
            record["id"] = f"bench-{i:06d}"
            record["text"] = record["text"] + (
                f" Separately, a drone was shot down near {place} on Monday, officials said.")
            out.write(json.dumps(record) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="worker counts to compare, e.g. 1 2 4")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    load_gazetteer()
    load_actor_table()
    startup = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        make_corpus(args.articles, path)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"start-up (gazetteer + actor table): {startup:.2f} s")
        base = None
        for workers in args.workers:
            t1 = time.perf_counter()
            articles = load_path(path)
            result = extract_all(articles, workers=workers)
            incidents = result.incident_frame()
            deployments = result.deployment_frame()
            elapsed = time.perf_counter() - t1
            base = base or elapsed
            print(f"workers={workers}: {len(articles)} articles, {len(incidents)} incidents, "
                  f"{len(deployments)} deployments in {elapsed:.2f} s = "
                  f"{len(articles) / elapsed:.0f} articles/s, speed-up {base / elapsed:.2f}x")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the main process: {peak_mib:.0f} MiB "
          f"(before the batch: {rss_before / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
