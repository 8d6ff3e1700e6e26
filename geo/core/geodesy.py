"""Small geodesic helpers (WGS84 ellipsoid through pyproj)."""

from __future__ import annotations

from pyproj import Geod

_GEOD = Geod(ellps="WGS84")


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the geodesic distance between two points in kilometres.

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Coordinates in degrees, EPSG:4326, (lon, lat) order.

    Returns
    -------
    float
        Distance on the WGS84 ellipsoid, km.
    """
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0
