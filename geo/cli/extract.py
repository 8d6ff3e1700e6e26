"""``incidentmap extract``: articles to an RFC 7946 GeoJSON of incidents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geo.core.errors import InputError

STORE_HELP = ("a SQLite file or a postgresql:// URL (default: $INCIDENTMAP_STORE or "
              "data/build/incidents.sqlite)")
GEOJSON_SUFFIXES = {".geojson", ".json"}
ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom"}


def _expand(inputs: list[str]) -> list[Path]:
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            paths.append(path)
    return paths


def _cmd_extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geo.extract.files import load_paths
    from geo.extract.pipeline import CHUNK_ARTICLES, extract_all
    from geo.io.export import write_geojson

    paths = _expand(args.inputs)
    if not paths:
        raise InputError("No input files found. Give .txt, .html, .json or .jsonl files or "
                         "folders holding them.")
    articles, errors = load_paths(paths)
    for err in errors:
        print(f"skipped {err.message}", file=sys.stderr)
    if not articles:
        raise InputError("None of the inputs could be read; see the messages above.")
    out = Path(args.output)
    if args.dask or out.suffix.lower() not in GEOJSON_SUFFIXES:
        return _extract_to_parquet(args, articles, out, len(errors))
    chunks = -(-len(articles) // CHUNK_ARTICLES) if args.workers > 1 else len(articles)
    result = extract_all(articles, workers=args.workers, progress=lambda it: tqdm(
        it, total=chunks, desc="extracting", file=sys.stderr,
        unit="chunk" if args.workers > 1 else "article",
        disable=len(articles) < 2 or args.quiet))
    for article_id, note in result.notes:
        print(f"note [{article_id}]: {note}", file=sys.stderr)
    write_geojson(result.incident_frame(), out, filters={"inputs": [str(p) for p in paths]})
    dep_path = out.with_name(out.stem + ".deployments.geojson")
    write_geojson(result.deployment_frame(), dep_path, id_column="deployment_id",
                  filters={"inputs": [str(p) for p in paths]})
    print(f"{len(result.incidents)} incidents from {len(articles)} articles -> {out}; "
          f"{len(result.deployments)} deployment figures -> {dep_path}"
          + (f"; {len(errors)} inputs skipped" if errors else ""))
    return 0


def _extract_to_parquet(args: argparse.Namespace, articles: list[Any], out: Path,
                        skipped: int) -> int:
    from tqdm import tqdm

    from geo.batch.distributed import extract_to_parts

    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; give a folder for partitioned GeoParquet, or a "
                         ".geojson name for one GeoJSON file.")
    where = f"the Dask cluster at {args.dask}" if args.dask else (
        f"{args.workers} local processes" if args.workers > 1 else "this process")
    scheduler: Any = args.dask
    cluster = None
    if args.dask == "local":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=max(args.workers, 1), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        scheduler = cluster
    try:
        summaries = extract_to_parts(
            articles, out, workers=args.workers, scheduler=scheduler,
            progress=lambda it: tqdm(it, desc=f"extracting on {where}", unit="part",
                                     file=sys.stderr, disable=args.quiet))
    finally:
        if cluster is not None:
            cluster.close()
    for summary in summaries:
        for article_id, note in summary.notes:
            print(f"note [{article_id}]: {note}", file=sys.stderr)
    n_incidents = sum(s.incidents for s in summaries)
    n_deployments = sum(s.deployments for s in summaries)
    print(f"{n_incidents} incidents and {n_deployments} deployment figures from "
          f"{len(articles)} articles -> {out}/ ({len(summaries)} GeoParquet parts)"
          + (f"; {skipped} inputs skipped" if skipped else "")
          + f". Load them with `incidentmap import {out}`.")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from geo.batch.partitions import import_parts
    from geo.store.open import open_store

    store = open_store(args.store)
    written = import_parts(store, Path(args.folder))
    print(f"{written} incidents imported from {args.folder} into {store.location}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from datetime import date

    from geo.io.export import write_geojson
    from geo.query.filters import IncidentFilter
    from geo.store.open import open_store

    def day(value: str | None, flag: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(f"{flag} {value!r} is not a date; use YYYY-MM-DD.") from exc

    store = open_store(args.store)
    flt = IncidentFilter(
        start=day(args.since, "--since"), end=day(args.until, "--until"),
        actors=tuple(args.actor or ()), event_types=tuple(args.type or ()),
        countries=tuple(c.upper() for c in args.country or ()),
        precisions=tuple(args.precision or ()),
    )
    view = store.incidents(flt)
    out = Path(args.output)
    write_geojson(view, out, filters=flt.describe())
    print(f"{len(view)} of {store.count()} incidents -> {out}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    """Load the built-in demo articles into a store, marked as demo data."""
    from geo.server.demo import load_demo
    from geo.store.open import open_store

    store = open_store(args.store)
    written = load_demo(store)
    print(f"{written} demo incidents (marked DEMO) -> {store.location}")
    return 0


def add_commands(sub: Any) -> None:
    """Register ``extract`` on the ``incidentmap`` sub-parsers.

    Parameters
    ----------
    sub
        The object returned by ``ArgumentParser.add_subparsers``.
    """
    p = sub.add_parser("extract", help="extract incidents from articles to GeoJSON or "
                       "partitioned GeoParquet")
    p.add_argument("inputs", nargs="+", help="article files or folders")
    p.add_argument("-o", "--output", required=True,
                   help="output .geojson (one file), or a folder (partitioned GeoParquet)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=int, default=1,
                   help="local processes (with --dask local: the cluster's workers)")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="run on a Dask cluster: its scheduler address (tcp://host:8786), or "
                   "'local' for a LocalCluster on this machine; writes GeoParquet parts")
    p.set_defaults(func=_cmd_extract)
    m = sub.add_parser("import", help="import a partitioned GeoParquet folder into the store")
    m.add_argument("folder", help="folder written by `incidentmap extract -o FOLDER`")
    m.add_argument("--store", help=STORE_HELP)
    m.set_defaults(func=_cmd_import)
    e = sub.add_parser("export", help="export the store's filtered incidents to GeoJSON")
    e.add_argument("--since", help="first event date, YYYY-MM-DD")
    e.add_argument("--until", help="last event date, YYYY-MM-DD")
    e.add_argument("--actor", action="append", help="canonical actor name (repeatable)")
    e.add_argument("--type", action="append", help="event type (repeatable)")
    e.add_argument("--country", action="append", help="ISO alpha-2 code (repeatable)")
    e.add_argument("--precision", action="append", type=int, choices=[1, 2, 3])
    e.add_argument("--store", help=STORE_HELP)
    e.add_argument("-o", "--output", required=True, help="output .geojson")
    e.set_defaults(func=_cmd_export)
    d = sub.add_parser("demo", help="load the built-in demo articles into a store (marked as "
                       "demo data; never loaded into a named store otherwise)")
    d.add_argument("--store", help=STORE_HELP)
    d.set_defaults(func=_cmd_demo)
