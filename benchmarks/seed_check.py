"""Compare the pipeline's output on the seed article with the analyst's reference.

Usage: ``python benchmarks/seed_check.py ../shared/seed``

Prints, for each reference incident and deployment, the best-matching
extracted record and whether type, date, place, precision and actors agree
within the reference tolerances; exits 1 when anything disagrees.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from geo.core.geodesy import distance_km
from geo.core.records import Incident
from geo.extract.files import load_path
from geo.extract.pipeline import extract_all


def _type_ok(expected: str, got: str) -> bool:
    # "drone attack (intercepted)" in the reference is the vocabulary's "interception".
    intercepted = got == "interception" and "intercepted" in expected
    return got in expected or expected in got or intercepted


def check_incident(ref: dict[str, Any], inc: Incident) -> list[str]:
    problems = []
    if not _type_ok(ref["event_type"], inc.event_type):
        problems.append(f"type {inc.event_type!r} != {ref['event_type']!r}")
    days = abs((inc.event_date - __import__("datetime").date.fromisoformat(ref["event_date"])).days)
    if days > ref.get("date_tol_days", 0):
        problems.append(f"date {inc.event_date} vs {ref['event_date']} (±{ref['date_tol_days']})")
    if inc.country != ref["country"]:
        problems.append(f"country {inc.country} != {ref['country']}")
    if "lon" in ref:
        km = distance_km(inc.lon, inc.lat, ref["lon"], ref["lat"])
        if km > ref["tol_km"]:
            problems.append(f"{km:.0f} km from reference (tol {ref['tol_km']})")
    if inc.geo_precision != ref["geo_precision"]:
        problems.append(f"precision {inc.geo_precision} != {ref['geo_precision']}")
    missing = set(ref.get("actors", [])) - set(inc.actors)
    if missing:
        problems.append(f"missing actors {sorted(missing)}")
    if ref.get("claimed_by") and inc.claimed_by != ref["claimed_by"]:
        problems.append(f"claimed_by {inc.claimed_by!r} != {ref['claimed_by']!r}")
    if "fatalities" in ref and inc.fatalities != ref["fatalities"]:
        problems.append(f"fatalities {inc.fatalities} != {ref['fatalities']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed_dir", type=Path)
    args = parser.parse_args(argv)
    expected = json.loads((args.seed_dir / "expected.json").read_text(encoding="utf-8"))
    article = load_path(args.seed_dir / expected["article"]["file"])[0]
    result = extract_all([article])
    failures = 0
    used: set[str] = set()
    for ref in expected["incidents"]:
        scored = [(len(check_incident(ref, inc)), inc) for inc in result.incidents
                  if inc.incident_id not in used]
        if not scored:
            print(f"MISSING  {ref['what']}")
            failures += 1
            continue
        _, best = min(scored, key=lambda s: s[0])
        used.add(best.incident_id)
        problems = check_incident(ref, best)
        failures += bool(problems)
        status = "ok      " if not problems else "MISMATCH"
        print(f"{status} {ref['what'][:60]:60s} -> {best.event_type}, {best.location}, "
              f"{best.event_date}, p{best.geo_precision}" + (f"  {problems}" if problems else ""))
    extra = [i for i in result.incidents if i.incident_id not in used]
    for inc in extra:
        print(f"EXTRA    {inc.event_type} at {inc.location} on {inc.event_date}")
    failures += len(extra)
    for ref in expected["deployments"]:
        hit = [d for d in result.deployments if d.force == ref["force"]
               and d.country == ref["country"] and d.troops == ref["troops"]
               and d.qualifier == ref["qualifier"] and d.as_of.isoformat() == ref["as_of"]]
        failures += not hit
        print(f"{'ok      ' if hit else 'MISSING '} deployment {ref['force']} {ref['country']} "
              f"{ref['qualifier']} {ref['troops']}")
    if len(result.deployments) > len(expected["deployments"]):
        failures += 1
        print(f"EXTRA    {len(result.deployments) - len(expected['deployments'])} deployments")
    print(f"{'PASS' if failures == 0 else 'FAIL'}: {len(result.incidents)} incidents, "
          f"{len(result.deployments)} deployments, {failures} problems")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
