"""Extraction throughput and peak memory for N articles through the full pipeline.

Usage: ``python benchmarks/extract.py [--articles 1000] [--workers 1 2 4] [--dask 1 2]``

Articles are the project's demo articles repeated with distinct ids and
shuffled place names, so no result is cached between them. Prints articles
per second on one core (load from JSONL, recognise, resolve, extract
incidents and deployments, build both GeoDataFrames) and the process's peak
resident memory. ``--workers`` compares local process pools (forked after the
gazetteer is loaded); ``--dask`` runs the same extraction on a Dask
``LocalCluster`` of N single-threaded worker processes, writing partitioned
GeoParquet (cluster start-up is reported apart; each worker loads the
gazetteer on its first part, which counts in the timing).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from geo.core.paths import data_dir
from geo.extract.files import load_path
from geo.extract.pipeline import extract_all
from geo.gazetteer.index import load_gazetteer
from geo.reading.actors import load_actor_table

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


def dask_run(corpus: Path, n_workers: int, out: Path, base: float | None) -> None:
    from distributed import Client, LocalCluster

    from geo.batch.distributed import extract_to_parts

    t0 = time.perf_counter()
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        started = time.perf_counter() - t0
        t1 = time.perf_counter()
        articles = load_path(corpus)
        summaries = extract_to_parts(articles, out, scheduler=client, part_articles=100)
        elapsed = time.perf_counter() - t1
    incidents = sum(s.incidents for s in summaries)
    speed_up = f", speed-up {base / elapsed:.2f}x over one local worker" if base else ""
    print(f"dask LocalCluster({n_workers}): {len(articles)} articles, {incidents} incidents "
          f"in {len(summaries)} parts in {elapsed:.2f} s = {len(articles) / elapsed:.0f} "
          f"articles/s{speed_up} (cluster start {started:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="worker counts to compare, e.g. 1 2 4")
    parser.add_argument("--dask", type=int, nargs="*", default=[],
                        help="LocalCluster sizes to run, e.g. 1 2")
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
        for n in args.dask:
            dask_run(path, n, Path(tmp) / f"parts-{n}", base)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the main process: {peak_mib:.0f} MiB "
          f"(before the batch: {rss_before / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
