"""The incident table: incidents as a GeoDataFrame with the documented schema.

Columns are exactly :data:`geo.records.INCIDENT_COLUMNS` plus ``geometry``
(points, EPSG:4326). ``actors`` and ``notes`` are ``"; "``-joined strings so
every format (GeoPackage, CSV, GeoJSON) holds them; ``published`` is a UTC
timestamp, ``event_date`` a date at midnight (naive, the calendar day).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geo.records import EVENT_TYPES, INCIDENT_COLUMNS, Deployment, Incident

LIST_SEPARATOR = "; "
DEPLOYMENT_COLUMNS: tuple[str, ...] = (
    "deployment_id", "force", "country", "troops", "qualifier", "as_of", "article_id", "source",
    "quote",
)


def incidents_to_frame(incidents: Iterable[Incident]) -> gpd.GeoDataFrame:
    """Build the incident GeoDataFrame.

    Parameters
    ----------
    incidents
        Incident records.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`~geo.records.INCIDENT_COLUMNS` + ``geometry``, EPSG:4326,
        one row per incident (empty with the same columns when there are none).
    """
    rows = []
    lons: list[float] = []
    lats: list[float] = []
    for inc in incidents:
        row = {col: getattr(inc, col) for col in INCIDENT_COLUMNS}
        row["actors"] = LIST_SEPARATOR.join(inc.actors)
        row["notes"] = LIST_SEPARATOR.join(inc.notes)
        rows.append(row)
        lons.append(inc.lon)
        lats.append(inc.lat)
    return table_to_frame(pd.DataFrame(rows, columns=list(INCIDENT_COLUMNS)), lons, lats)


def table_to_frame(table: pd.DataFrame, lons: Sequence[float] | pd.Series,
                   lats: Sequence[float] | pd.Series) -> gpd.GeoDataFrame:
    """Type a plain incident table (strings from a store or a file) as the schema frame.

    Parameters
    ----------
    table
        Columns :data:`~geo.records.INCIDENT_COLUMNS`; ``actors``/``notes`` joined strings,
        dates as datetimes or ISO strings.
    lons, lats
        Point coordinates, one per row.

    Returns
    -------
    geopandas.GeoDataFrame
        Same dtypes as :func:`incidents_to_frame` gives.
    """
    frame = table.loc[:, list(INCIDENT_COLUMNS)].copy()
    frame["published"] = pd.to_datetime(frame["published"], utc=True, format="ISO8601")
    frame["event_date"] = pd.to_datetime(frame["event_date"], format="ISO8601")
    frame["geo_precision"] = frame["geo_precision"].astype("int64")
    frame["uncertainty_km"] = frame["uncertainty_km"].astype("float64")
    for col in ("fatalities", "injuries"):
        frame[col] = frame[col].astype("Int64")
    frame["event_type"] = pd.Categorical(frame["event_type"], categories=list(EVENT_TYPES))
    for col in ("incident_id", "article_id", "source", "url", "time_precision", "actor1",
                "actor2", "actors", "claimed_by", "location", "admin1", "country", "quote",
                "place_id", "notes"):
        frame[col] = frame[col].fillna("").astype("str")
    points = gpd.points_from_xy(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float),
                                crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def deployments_to_frame(
    deployments: Iterable[Deployment], country_points: dict[str, tuple[float, float]]
) -> gpd.GeoDataFrame:
    """Build the deployment GeoDataFrame (one point per country figure).

    Parameters
    ----------
    deployments
        Troop figures from articles.
    country_points
        ``iso2 -> (lon, lat)`` where each figure is drawn.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`DEPLOYMENT_COLUMNS` + ``geometry``, EPSG:4326.
    """
    rows = []
    geoms = []
    for d in deployments:
        row = {col: getattr(d, col) for col in DEPLOYMENT_COLUMNS if col != "deployment_id"}
        basis = f"{d.article_id}|{d.force}|{d.country}|{d.as_of.isoformat()}"
        row["deployment_id"] = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
        rows.append(row)
        lon, lat = country_points.get(d.country, (float("nan"), float("nan")))
        geoms.append(Point(lon, lat))
    frame = pd.DataFrame(rows, columns=list(DEPLOYMENT_COLUMNS))
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"),
                            crs="EPSG:4326")


def frame_to_incidents(frame: gpd.GeoDataFrame) -> list[Incident]:
    """Turn a schema GeoDataFrame (e.g. read back from GeoParquet) into records.

    Parameters
    ----------
    frame
        Columns :data:`~geo.records.INCIDENT_COLUMNS` + point ``geometry``.

    Returns
    -------
    list of Incident
        One record per row, coordinates from the geometry.
    """
    def split(value: object) -> tuple[str, ...]:
        return tuple(p for p in str(value or "").split(LIST_SEPARATOR) if p)

    def optional(value: object) -> int | None:
        return None if pd.isna(value) else int(value)  # type: ignore[call-overload]

    out: list[Incident] = []
    table = frame.drop(columns="geometry")
    for rec, x, y in zip(table.to_dict("records"), frame.geometry.x, frame.geometry.y,
                         strict=True):
        precision = int(rec["geo_precision"])
        out.append(Incident(
            incident_id=str(rec["incident_id"]), article_id=str(rec["article_id"]),
            source=str(rec["source"]), url=str(rec["url"]),
            published=pd.Timestamp(rec["published"]).to_pydatetime(),
            event_date=pd.Timestamp(rec["event_date"]).date(),
            time_precision="day" if rec["time_precision"] == "day" else
            "month" if rec["time_precision"] == "month" else "week",
            event_type=str(rec["event_type"]), actor1=str(rec["actor1"]),
            actor2=str(rec["actor2"]), actors=split(rec["actors"]),
            claimed_by=str(rec["claimed_by"]), location=str(rec["location"]),
            admin1=str(rec["admin1"]), country=str(rec["country"]),
            geo_precision=1 if precision == 1 else 2 if precision == 2 else 3,
            uncertainty_km=float(rec["uncertainty_km"]), lon=float(x), lat=float(y),
            quote=str(rec["quote"]), fatalities=optional(rec["fatalities"]),
            injuries=optional(rec["injuries"]), place_id=str(rec["place_id"]),
            notes=split(rec["notes"])))
    return out
