"""``incidentmap extract``: articles to an RFC 7946 GeoJSON of incidents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geo.errors import InputError

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

    from geo.export import write_geojson
    from geo.loaders import load_paths
    from geo.pipeline import CHUNK_ARTICLES, extract_all

    paths = _expand(args.inputs)
    if not paths:
        raise InputError("No input files found. Give .txt, .html, .json or .jsonl files or "
                         "folders holding them.")
    articles, errors = load_paths(paths)
    for err in errors:
        print(f"skipped {err.message}", file=sys.stderr)
    if not articles:
        raise InputError("None of the inputs could be read; see the messages above.")
    chunks = -(-len(articles) // CHUNK_ARTICLES) if args.workers > 1 else len(articles)
    result = extract_all(articles, workers=args.workers, progress=lambda it: tqdm(
        it, total=chunks, desc="extracting", file=sys.stderr,
        unit="chunk" if args.workers > 1 else "article",
        disable=len(articles) < 2 or args.quiet))
    for article_id, note in result.notes:
        print(f"note [{article_id}]: {note}", file=sys.stderr)
    out = Path(args.output)
    write_geojson(result.incident_frame(), out, filters={"inputs": [str(p) for p in paths]})
    dep_path = out.with_name(out.stem + ".deployments.geojson")
    write_geojson(result.deployment_frame(), dep_path, id_column="deployment_id",
                  filters={"inputs": [str(p) for p in paths]})
    print(f"{len(result.incidents)} incidents from {len(articles)} articles -> {out}; "
          f"{len(result.deployments)} deployment figures -> {dep_path}"
          + (f"; {len(errors)} inputs skipped" if errors else ""))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from datetime import date

    from geo.export import write_geojson
    from geo.filters import IncidentFilter
    from geo.store import IncidentStore

    def day(value: str | None, flag: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(f"{flag} {value!r} is not a date; use YYYY-MM-DD.") from exc

    store = IncidentStore(Path(args.store) if args.store else None)
    flt = IncidentFilter(
        start=day(args.since, "--since"), end=day(args.until, "--until"),
        actors=tuple(args.actor or ()), event_types=tuple(args.type or ()),
        countries=tuple(c.upper() for c in args.country or ()),
        precisions=tuple(args.precision or ()),
    )
    frame = store.incidents()
    view = flt.apply(frame)
    out = Path(args.output)
    write_geojson(view, out, filters=flt.describe())
    print(f"{len(view)} of {len(frame)} incidents -> {out}")
    return 0


def add_commands(sub: Any) -> None:
    """Register ``extract`` on the ``incidentmap`` sub-parsers.

    Parameters
    ----------
    sub
        The object returned by ``ArgumentParser.add_subparsers``.
    """
    p = sub.add_parser("extract", help="extract incidents from articles to GeoJSON")
    p.add_argument("inputs", nargs="+", help="article files or folders")
    p.add_argument("-o", "--output", required=True, help="output .geojson (incidents)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=int, default=1, help="processes for extraction")
    p.set_defaults(func=_cmd_extract)
    e = sub.add_parser("export", help="export the store's filtered incidents to GeoJSON")
    e.add_argument("--since", help="first event date, YYYY-MM-DD")
    e.add_argument("--until", help="last event date, YYYY-MM-DD")
    e.add_argument("--actor", action="append", help="canonical actor name (repeatable)")
    e.add_argument("--type", action="append", help="event type (repeatable)")
    e.add_argument("--country", action="append", help="ISO alpha-2 code (repeatable)")
    e.add_argument("--precision", action="append", type=int, choices=[1, 2, 3])
    e.add_argument("--store", help="store file (default: $INCIDENTMAP_STORE or data/build)")
    e.add_argument("-o", "--output", required=True, help="output .geojson")
    e.set_defaults(func=_cmd_export)
