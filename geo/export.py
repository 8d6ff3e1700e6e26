"""GeoJSON export following RFC 7946.

Coordinates are ``[lon, lat]`` in WGS84 with no ``crs`` member; every
feature has a stable ``id``; times are UTC ISO-8601 (``...Z``) and calendar
days ISO dates; provenance (article, source, URL, quote) is in the
properties; ``evidence`` (JSON text in tables) becomes a list of
``{"role", "start", "end", "text"}`` objects and ``confidence`` a number. The
collection carries foreign members ``generator``, ``created`` and ``filters``
describing the snapshot. Files are written
atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.errors import InputError
from geo.paths import atomic_target
from geo.records import evidence_from_json, evidence_to_dicts

GENERATOR = "incidentmap"
COORD_DECIMALS = 6


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        if value.tzinfo is None:
            return value.date().isoformat()
        return value.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def frame_to_feature_collection(
    frame: gpd.GeoDataFrame,
    *,
    id_column: str = "incident_id",
    filters: Mapping[str, Any] | None = None,
    created: datetime | None = None,
) -> dict[str, Any]:
    """Convert a point GeoDataFrame to an RFC 7946 FeatureCollection dict.

    Parameters
    ----------
    frame
        Incidents (or deployments) in EPSG:4326 (reprojected if not).
    id_column
        Column used as each feature's ``id``; the row number when absent.
    filters
        The filters that produced this view, recorded in the file.
    created
        Snapshot time; now (UTC) by default.

    Returns
    -------
    dict
        A FeatureCollection ready for :func:`json.dumps`.
    """
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    features = []
    for position, (_, row) in enumerate(frame.iterrows()):
        geom = row[frame.geometry.name]
        geometry = None
        if geom is not None and not geom.is_empty:
            geometry = {"type": "Point", "coordinates": [round(geom.x, COORD_DECIMALS),
                                                         round(geom.y, COORD_DECIMALS)]}
        props = {c: _json_value(row[c]) for c in columns}
        if "evidence" in props:
            try:
                props["evidence"] = evidence_to_dicts(evidence_from_json(props["evidence"]))
            except ValueError:
                props["evidence"] = []
        fid = props.get(id_column) or str(position)
        features.append({"type": "Feature", "id": fid, "geometry": geometry,
                         "properties": props})
    stamp = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features,
                                  "generator": GENERATOR, "created": stamp,
                                  "filters": dict(filters or {})}
    if len(frame):
        minx, miny, maxx, maxy = frame.total_bounds
        collection["bbox"] = [round(float(v), COORD_DECIMALS) for v in (minx, miny, maxx, maxy)]
    return collection


def write_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` atomically (temp file in the same folder, then rename).

    Parameters
    ----------
    path
        Destination.
    text
        Content (UTF-8).

    Raises
    ------
    InputError
        When the file cannot be written (no such folder, no permission, disk
        full ...): the message names the path and the reason.
    """
    try:
        with atomic_target(path) as tmp, tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise InputError(f"{path}: cannot write the file ({exc.strerror or exc}). Choose a "
                         "folder you can write to.") from exc


def write_geojson(
    frame: gpd.GeoDataFrame,
    path: Path,
    *,
    id_column: str = "incident_id",
    filters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write a GeoDataFrame as an RFC 7946 GeoJSON file, atomically.

    Parameters
    ----------
    frame
        Points in EPSG:4326.
    path
        Output file.
    id_column
        Column for feature ids.
    filters
        Filters recorded in the file.

    Returns
    -------
    dict
        The FeatureCollection written.
    """
    collection = frame_to_feature_collection(frame, id_column=id_column, filters=filters)
    write_atomic(path, json.dumps(collection, ensure_ascii=False, indent=1))
    return collection
