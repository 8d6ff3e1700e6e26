"""The incident table: incidents as a GeoDataFrame with the documented schema.

Columns are exactly :data:`geo.core.records.INCIDENT_COLUMNS` plus ``geometry``
(points, EPSG:4326). ``actors`` and ``notes`` are ``"; "``-joined strings and
``evidence`` a JSON list of ``{"role", "start", "end", "text"}`` objects, so every
format (GeoPackage, CSV, GeoJSON) holds them; ``confidence`` is a float in
``[0, 1]``; ``published`` is a UTC timestamp, ``event_date`` a date at midnight
(naive, the calendar day).
"""

from __future__ import annotations

import hashlib
import numbers
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geo.core.records import (
    EVENT_TYPES,
    INCIDENT_COLUMNS,
    Deployment,
    Incident,
    evidence_from_json,
    evidence_to_json,
)

LIST_SEPARATOR = "; "
#: Confidence of an incident stored before the extractor gave one.
DEFAULT_CONFIDENCE = 0.5
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
        Columns :data:`~geo.core.records.INCIDENT_COLUMNS` + ``geometry``, EPSG:4326,
        one row per incident (empty with the same columns when there are none).
    """
    rows = []
    lons: list[float] = []
    lats: list[float] = []
    for inc in incidents:
        row = {col: getattr(inc, col) for col in INCIDENT_COLUMNS}
        row["actors"] = LIST_SEPARATOR.join(inc.actors)
        row["notes"] = LIST_SEPARATOR.join(inc.notes)
        row["evidence"] = evidence_to_json(inc.evidence)
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
        Columns :data:`~geo.core.records.INCIDENT_COLUMNS`; ``actors``/``notes`` joined strings,
        ``evidence`` JSON text, dates as datetimes or ISO strings. A table written before
        ``confidence``/``evidence`` existed gets the defaults (0.5, no spans).
    lons, lats
        Point coordinates, one per row.

    Returns
    -------
    geopandas.GeoDataFrame
        Same dtypes as :func:`incidents_to_frame` gives.
    """
    frame = table.reindex(columns=list(INCIDENT_COLUMNS)).copy()
    frame["confidence"] = pd.to_numeric(frame["confidence"], errors="coerce").fillna(
        DEFAULT_CONFIDENCE).astype("float64")
    frame["evidence"] = frame["evidence"].fillna("[]").astype("str").replace("", "[]")
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


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(value: object) -> float:
    if isinstance(value, numbers.Real):
        return float(value)
    raise ValueError(f"expected a number, found {value!r}")


def _optional_int(value: object) -> int | None:
    missing = value is None or (pd.api.types.is_scalar(value)
                                and bool(pd.isna(value)))  # type: ignore[call-overload]
    return None if missing else int(_number(value))


def _confidence(value: object) -> float:
    missing = value is None or (pd.api.types.is_scalar(value)
                                and bool(pd.isna(value)))  # type: ignore[call-overload]
    return DEFAULT_CONFIDENCE if missing else _number(value)


def _moment(value: object) -> datetime:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(_text(value))


def incident_from_values(values: Mapping[str, object]) -> Incident:
    """Build an incident from its column values, as a store row or a table row holds them.

    Parameters
    ----------
    values
        :data:`~geo.core.records.INCIDENT_COLUMNS` plus ``lon`` and ``lat``; dates as
        ISO strings or timestamps, ``actors``/``notes`` joined with
        :data:`LIST_SEPARATOR`, ``evidence`` as JSON text, ``None`` (or a
        missing-value marker) for an unknown count; ``confidence`` and
        ``evidence`` may be missing (values written before they existed).

    Returns
    -------
    Incident
        The record.

    Raises
    ------
    ValueError
        When a numeric field holds something else, or ``evidence`` is not a JSON list
        of spans.
    """
    def split(value: object) -> tuple[str, ...]:
        return tuple(p for p in _text(value).split(LIST_SEPARATOR) if p)

    precision = int(_number(values["geo_precision"]))
    time_precision = _text(values["time_precision"])
    return Incident(
        incident_id=_text(values["incident_id"]), article_id=_text(values["article_id"]),
        source=_text(values["source"]), url=_text(values["url"]),
        published=_moment(values["published"]),
        event_date=_moment(values["event_date"]).date(),
        time_precision="day" if time_precision == "day" else
        "month" if time_precision == "month" else "week",
        event_type=_text(values["event_type"]), actor1=_text(values["actor1"]),
        actor2=_text(values["actor2"]), actors=split(values["actors"]),
        claimed_by=_text(values["claimed_by"]), location=_text(values["location"]),
        admin1=_text(values["admin1"]), country=_text(values["country"]),
        geo_precision=1 if precision == 1 else 2 if precision == 2 else 3,
        uncertainty_km=_number(values["uncertainty_km"]),
        lon=_number(values["lon"]), lat=_number(values["lat"]), quote=_text(values["quote"]),
        fatalities=_optional_int(values["fatalities"]),
        injuries=_optional_int(values["injuries"]),
        place_id=_text(values["place_id"]), notes=split(values["notes"]),
        confidence=_confidence(values.get("confidence")),
        evidence=evidence_from_json(values.get("evidence")),
    )


def frame_to_incidents(frame: gpd.GeoDataFrame) -> list[Incident]:
    """Turn a schema GeoDataFrame (e.g. read back from GeoParquet) into records.

    Parameters
    ----------
    frame
        Columns :data:`~geo.core.records.INCIDENT_COLUMNS` + point ``geometry``.

    Returns
    -------
    list of Incident
        One record per row, coordinates from the geometry.
    """
    table = frame.drop(columns="geometry")
    return [incident_from_values({**rec, "lon": x, "lat": y})
            for rec, x, y in zip(table.to_dict("records"), frame.geometry.x, frame.geometry.y,
                                 strict=True)]
