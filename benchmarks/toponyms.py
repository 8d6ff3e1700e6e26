"""Toponym recognition and resolution quality on a gold corpus.

Usage: ``python benchmarks/toponyms.py PATH.jsonl [PATH.jsonl ...]``

Each line is one document with ``text`` and ``toponyms`` (``start``, ``end``,
``lat``, ``lon``), as in GeoWebNews / GeoVirus. Prints, per corpus:
recognition precision, recall and F1 (a prediction and a gold toponym match
when their spans overlap); resolution accuracy within 25 km and 161 km over
all gold toponyms (a miss counts as wrong) and over the toponyms found; the
AUC of the error curve (Gritta et al. 2018, "What's missing in geographical
parsing?": the area under the sorted, log-scaled errors, 0 best, 1 worst; a
miss counts as the largest error in the all-gold figure; a directional mention,
"southern China", is scored by its name's resolution when the gold span is the
name alone); the median error of
found toponyms; and documents per second on one core (process CPU time, and
wall-clock time, which other load on the machine lowers), the fastest of
``--repeat`` runs (3 by default), each with the name caches emptied.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geo.core.geodesy import distance_km
from geo.core.records import Place
from geo.gazetteer.index import Gazetteer, load_gazetteer
from geo.gazetteer.names import consonant_key, name_key
from geo.gazetteer.regions import region_polygon
from geo.reading.resolution import ResolvedToponym, geoparse


def inside_resolved_area(
    gazetteer: Gazetteer, hit: ResolvedToponym, lon: float, lat: float
) -> bool:
    """Whether a gold point lies inside the polygon of a resolved area (country, admin-1)."""
    polygon = hit.polygon
    if polygon is None and hit.mention.place is not None and hit.mention.place.precision == 3:
        polygon = region_polygon(gazetteer, hit.candidate)
    return polygon is not None and polygon.contains(Point(lon, lat))


#: Half the Earth's circumference (km): the largest possible error.
MAX_ERROR_KM = 20039.0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read one JSON document per line, splitting on newlines only.

    ``str.splitlines`` also splits on U+0085, U+2028 and other characters
    that may occur inside a JSON string, so the file is read line by line.
    """
    with path.open(encoding="utf-8", newline="\n") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def auc_of_error(errors: list[float]) -> float:
    """Return the AUC of error (Gritta et al. 2018): 0 is perfect, 1 the worst.

    Errors (km) are capped at :data:`MAX_ERROR_KM`, scaled as
    ``ln(1 + e) / ln(1 + MAX_ERROR_KM)``, sorted, and integrated with the
    trapezoidal rule over ``[0, 1]``.
    """
    if not errors:
        return 0.0
    scaled = sorted(math.log1p(min(e, MAX_ERROR_KM)) / math.log1p(MAX_ERROR_KM)
                    for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def resolved_place(hit: ResolvedToponym, gold_start: int) -> Place:
    """Return the place to score against a gold toponym.

    A directional mention ("southern China") resolves the name ("China") and
    derives a region from it; when the gold span is the name alone, the name's
    own resolution (the candidate) is what the gold point refers to.
    """
    place = hit.mention.place
    assert place is not None
    if hit.polygon is not None and gold_start > hit.mention.start:
        return hit.candidate.place
    return place


def evaluate(path: Path, repeat: int = 1) -> dict[str, Any]:
    docs = read_jsonl(path)
    gazetteer = load_gazetteer()
    tp_pred = n_pred = 0
    n_gold = 0
    errors_all: list[float] = []
    errors_found: list[float] = []
    area_ok = 0
    elapsed = cpu = math.inf
    results: list[list[ResolvedToponym]] = []
    for _ in range(max(1, repeat)):  # best of `repeat` cold runs, as timeit does
        gazetteer.clear_cache()
        name_key.cache_clear()
        consonant_key.cache_clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        results = [geoparse(doc["text"], gazetteer) for doc in docs]
        elapsed = min(elapsed, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
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
            place = resolved_place(hits[0], int(g["start"]))
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
        "auc_all": auc_of_error(errors_all), "auc_found": auc_of_error(errors_found),
        "median_error_km_found": statistics.median(errors_found) if errors_found else None,
        "docs_per_second": len(docs) / elapsed if elapsed else None,
        "docs_per_cpu_second": len(docs) / cpu if cpu else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time the corpus this many times and report the fastest run")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    gazetteer = load_gazetteer()
    _ = gazetteer.admin1, gazetteer.countries  # polygons, loaded on first use
    print(f"gazetteer load: {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    for path in args.paths:
        res = evaluate(path, args.repeat)
        if args.json:
            print(json.dumps(res))
            continue
        print(f"{res['corpus']}: {res['documents']} docs, {res['gold_toponyms']} gold toponyms, "
              f"{res['predicted']} predicted")
        print(f"  recognition  P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}")
        print(f"  resolution   acc@25km {res['acc25_all']:.3f}  acc@161km {res['acc161_all']:.3f}"
              f"  AUC {res['auc_all']:.3f}  (all gold; a miss is wrong)")
        print(f"               acc@25km {res['acc25_found']:.3f}  acc@161km "
              f"{res['acc161_found']:.3f}  AUC {res['auc_found']:.3f}  (over toponyms found)")
        print(f"               acc@161km-or-inside-area {res['acc161_area_found']:.3f}  (over "
              "found; an area answer is right when the gold point lies in its polygon)")
        print(f"  median error {res['median_error_km_found']:.1f} km (found)   "
              f"speed {res['docs_per_cpu_second']:.0f} docs/s on one core (CPU time; "
              f"{res['docs_per_second']:.0f} docs/s wall-clock)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
