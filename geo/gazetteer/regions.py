"""Region geometry: admin-1 unions and directional parts ("eastern Syria").

A directional phrase names part of a country or province. Its polygon is the
parent polygon clipped to the matching third of its bounding box (the eastern
third for "eastern", the north-eastern ninth for "north-eastern"), and its
point is that part's representative point. The uncertainty radius is the
radius of a circle of the same area.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.core.records import Place
from geo.gazetteer.index import Candidate, Gazetteer

_DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "north": ("n",), "northern": ("n",), "south": ("s",), "southern": ("s",),
    "east": ("e",), "eastern": ("e",), "west": ("w",), "western": ("w",),
    "central": ("c",), "centre": ("c",), "center": ("c",),
}
DIRECTION_PATTERN = re.compile(
    r"\b((?:north|south)(?:[- ]?(?:east|west))(?:ern)?|northern|southern|eastern|western|"
    r"central|north|south|east|west)\s*$",
    re.IGNORECASE,
)


def parse_direction(word: str) -> tuple[str, ...]:
    """Return compass parts (``n``, ``s``, ``e``, ``w``, ``c``) of a direction word.

    Parameters
    ----------
    word
        ``eastern``, ``north-east``, ``Northwestern`` ...

    Returns
    -------
    tuple of str
        Empty when the word is not a direction.
    """
    w = word.lower().replace("-", "").replace(" ", "")
    if w in _DIRECTION_WORDS:
        return _DIRECTION_WORDS[w]
    for ns in ("north", "south"):
        for ew in ("east", "west"):
            if w in (ns + ew, ns + ew + "ern"):
                return (ns[0], ew[0])
    return ()


def region_polygon(gazetteer: Gazetteer, candidate: Candidate) -> BaseGeometry | None:
    """Return the polygon of a country, admin-1 unit or admin-1-based region.

    Parameters
    ----------
    gazetteer
        Source of the Natural Earth polygons.
    candidate
        A resolved gazetteer entry.

    Returns
    -------
    shapely geometry or None
        ``None`` for points (towns, sites) and centroid-only regions.
    """
    place = candidate.place
    if place.kind == "country":
        hit = gazetteer.countries[gazetteer.countries.iso2 == place.country]
        return None if hit.empty else hit.geometry.iloc[0]
    codes = [c for c in candidate.region_codes.split("|") if c]
    if codes:
        hit = gazetteer.admin1[gazetteer.admin1.code.isin(codes)]
        return None if hit.empty else shapely.union_all(hit.geometry.to_numpy())
    return None


def directional_part(polygon: BaseGeometry, parts: tuple[str, ...]) -> BaseGeometry:
    """Clip a polygon to the compass part of its bounding box.

    Parameters
    ----------
    polygon
        Parent region (EPSG:4326).
    parts
        Output of :func:`parse_direction`.

    Returns
    -------
    shapely geometry
        The parent clipped to the matching third (or ninth) of its bounds.
    """
    minx, miny, maxx, maxy = polygon.bounds
    dx, dy = (maxx - minx) / 3.0, (maxy - miny) / 3.0
    x0, x1, y0, y1 = minx, maxx, miny, maxy
    for part in parts:
        if part == "n":
            y0 = maxy - dy
        elif part == "s":
            y1 = miny + dy
        elif part == "e":
            x0 = maxx - dx
        elif part == "w":
            x1 = minx + dx
        elif part == "c":
            x0, x1, y0, y1 = minx + dx, maxx - dx, miny + dy, maxy - dy
    clipped = polygon.intersection(box(x0, y0, x1, y1))
    return clipped if not clipped.is_empty else polygon


def equal_area_radius_km(geometry: BaseGeometry) -> float:
    """Return the radius (km) of a circle with the geometry's area.

    Parameters
    ----------
    geometry
        Polygon in EPSG:4326.

    Returns
    -------
    float
        Radius in kilometres (geodesic area).
    """
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geometry)
    return math.sqrt(abs(area) / 1e6 / math.pi)


@lru_cache(maxsize=4096)
def directional_place(
    gazetteer: Gazetteer, candidate: Candidate, parts: tuple[str, ...], label: str
) -> tuple[Place, BaseGeometry | None]:
    """Return the place for "``label``" = a direction word plus a parent region.

    Parameters
    ----------
    gazetteer
        Source of polygons.
    candidate
        The parent (country, admin-1 or region).
    parts
        Compass parts from :func:`parse_direction`.
    label
        Display name, for example ``eastern Syria``.

    Returns
    -------
    tuple
        The region :class:`Place` (precision 3) and its polygon (``None`` when
        the parent has no polygon, in which case the parent point is kept),
        cached per arguments.
    """
    parent = candidate.place
    polygon = region_polygon(gazetteer, candidate)
    if polygon is None:
        place = Place(f"{parent.place_id}#{''.join(parts)}", label, parent.lon, parent.lat,
                      "region", parent.country, parent.admin1, 0, parent.radius_km, 3)
        return place, None
    part = directional_part(polygon, parts)
    point = part.representative_point()
    place = Place(f"{parent.place_id}#{''.join(parts)}", label, point.x, point.y, "region",
                  parent.country, parent.admin1 if parent.kind == "admin1" else "", 0,
                  equal_area_radius_km(part), 3)
    return place, part
