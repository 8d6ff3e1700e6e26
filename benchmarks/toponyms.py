"""Toponym recognition and resolution quality on a gold corpus.

Usage: ``python benchmarks/toponyms.py PATH.jsonl [PATH.jsonl ...]``

Each line is one document with ``text`` and ``toponyms`` (``start``, ``end``,
``lat``, ``lon``), as in GeoWebNews / GeoVirus. Prints, per corpus:
recognition precision, recall and F1 (a prediction and a gold toponym match
when their spans overlap); resolution accuracy within 25 km and 161 km over
all gold toponyms (a miss counts as wrong) and over the toponyms found; the
median error of found toponyms; and documents per second on one core.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geodesy import distance_km
from geo.regions import region_polygon
from geo.toponyms import ResolvedToponym, geoparse


def inside_resolved_area(
    gazetteer: Gazetteer, hit: ResolvedToponym, lon: float, lat: float
) -> bool:
    """Whether a gold point lies inside the polygon of a resolved area (country, admin-1)."""
    polygon = hit.polygon
    if polygon is None and hit.mention.place is not None and hit.mention.place.precision == 3:
        polygon = region_polygon(gazetteer, hit.candidate)
    return polygon is not None and polygon.contains(Point(lon, lat))


def evaluate(path: Path) -> dict[str, Any]:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    gazetteer = load_gazetteer()
    tp_pred = n_pred = 0
    n_gold = 0
    errors_all: list[float] = []
    errors_found: list[float] = []
    area_ok = 0
    started = time.perf_counter()
    results = [geoparse(doc["text"], gazetteer) for doc in docs]
    elapsed = time.perf_counter() - started
    for doc, found in zip(docs, results, strict=True):
        gold = [g for g in doc["toponyms"] if g.get("lat") is not None]
        n_gold += len(gold)
        n_pred += len(found)
        for r in found:
            m = r.mention
            if any(m.start < g["end"] and g["start"] < m.end for g in gold):
                tp_pred += 1
        for g in gold:
            hits = [r for r in found if r.mention.start < g["end"] and g["start"] < r.mention.end]
            if not hits or hits[0].mention.place is None:
                errors_all.append(float("inf"))
                continue
            place = hits[0].mention.place
            err = distance_km(place.lon, place.lat, float(g["lon"]), float(g["lat"]))
            errors_all.append(err)
            errors_found.append(err)
            if err <= 161 or inside_resolved_area(gazetteer, hits[0], float(g["lon"]),
                                                   float(g["lat"])):
                area_ok += 1
    tp_gold = len(errors_found)
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def acc(errs: list[float], km: float) -> float:
        return sum(e <= km for e in errs) / len(errs) if errs else 0.0

    return {
        "corpus": path.name, "documents": len(docs), "gold_toponyms": n_gold,
        "predicted": n_pred, "precision": precision, "recall": recall, "f1": f1,
        "acc25_all": acc(errors_all, 25), "acc161_all": acc(errors_all, 161),
        "acc25_found": acc(errors_found, 25), "acc161_found": acc(errors_found, 161),
        "acc161_area_found": area_ok / tp_gold if tp_gold else 0.0,
        "median_error_km_found": statistics.median(errors_found) if errors_found else None,
        "docs_per_second": len(docs) / elapsed if elapsed else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    load_gazetteer()
    print(f"gazetteer load: {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    for path in args.paths:
        res = evaluate(path)
        if args.json:
            print(json.dumps(res))
            continue
        print(f"{res['corpus']}: {res['documents']} docs, {res['gold_toponyms']} gold toponyms, "
              f"{res['predicted']} predicted")
        print(f"  recognition  P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}")
        print(f"  resolution   acc@25km {res['acc25_all']:.3f}  acc@161km {res['acc161_all']:.3f}"
              "  (all gold; a miss is wrong)")
        print(f"               acc@25km {res['acc25_found']:.3f}  acc@161km "
              f"{res['acc161_found']:.3f}  (over toponyms found)")
        print(f"               acc@161km-or-inside-area {res['acc161_area_found']:.3f}  (over "
              "found; an area answer is right when the gold point lies in its polygon)")
        print(f"  median error {res['median_error_km_found']:.1f} km (found)   "
              f"speed {res['docs_per_second']:.0f} docs/s (one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
