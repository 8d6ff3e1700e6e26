"""Synthetic incidents with a realistic spread, for scale benchmarks.

Points are drawn around GeoNames towns of Iraq, Syria and their neighbours
(weighted by log-population) and curated military sites, with a few km of
jitter; dates over six months; event types and actors with skewed frequencies.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import numpy as np

from geo.core.records import Incident
from geo.gazetteer.index import load_gazetteer

COUNTRIES = ("IQ", "SY", "JO", "LB", "TR", "IR")
TYPES = ("drone attack", "rocket attack", "airstrike", "armed clash", "explosion/IED",
         "protest", "political statement", "missile attack", "arrest/raid")
TYPE_WEIGHTS = np.array([30, 20, 15, 10, 8, 6, 5, 4, 2], dtype=float)
ACTORS = ("US forces", "Islamic Resistance in Iraq", "Kataib Hezbollah", "Islamic State",
          "Syrian Democratic Forces", "Turkish forces", "Islamic Revolutionary Guard Corps",
          "Iraqi security forces", "international coalition", "Syrian government forces")


def synthetic_incidents(n: int, seed: int = 7) -> list[Incident]:
    rng = np.random.default_rng(seed)
    places = load_gazetteer().places
    pool = places[places["country"].isin(COUNTRIES)
                  & places["kind"].isin(["city", "site"])].reset_index(drop=True)
    weights = np.log10(pool["population"].to_numpy() + 10) + np.where(
        pool["kind"].to_numpy() == "site", 3.0, 0.0)
    weights /= weights.sum()
    picks = rng.choice(len(pool), size=n, p=weights)
    jitter = rng.normal(0, 0.03, size=(n, 2))
    types = rng.choice(len(TYPES), size=n, p=TYPE_WEIGHTS / TYPE_WEIGHTS.sum())
    actor_a = rng.integers(0, len(ACTORS), size=n)
    actor_b = rng.integers(0, len(ACTORS), size=n)
    days = rng.integers(0, 183, size=n)
    start = date(2023, 10, 1)
    names, admin1s = pool["name"].tolist(), pool["admin1"].tolist()
    countries, lons, lats = pool["country"].tolist(), pool["lon"].tolist(), pool["lat"].tolist()
    out = []
    for i in range(n):
        p = int(picks[i])
        day = start + timedelta(days=int(days[i]))
        a1, a2 = ACTORS[int(actor_a[i])], ACTORS[int(actor_b[i])]
        iid = hashlib.sha256(f"synthetic-{seed}-{i}".encode()).hexdigest()[:16]
        out.append(Incident(
            incident_id=iid, article_id=f"synthetic-{i // 3}", source="synthetic",
            url="", published=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
            event_date=day, time_precision="day", event_type=TYPES[int(types[i])],
            actor1=a1, actor2=a2 if a2 != a1 else "", actors=(a1, a2) if a2 != a1 else (a1,),
            claimed_by="", location=str(names[p]), admin1=str(admin1s[p]),
            country=str(countries[p]), geo_precision=1, uncertainty_km=2.0,
            lon=float(lons[p] + jitter[i, 0]), lat=float(lats[p] + jitter[i, 1]),
            quote=f"Synthetic incident {i} near {names[p]}.",
        ))
    return out
