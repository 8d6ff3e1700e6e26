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

from geo.core.errors import InputError
from geo.core.paths import atomic_target
from geo.core.records import evidence_from_json, evidence_to_dicts

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


def _column_values(column: pd.Series) -> list[Any]:
    """One column as JSON-ready values, converted at once (not value by value)."""
    dtype = column.dtype
    missing = column.isna().to_numpy()
    if isinstance(dtype, pd.DatetimeTZDtype):
        text = column.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    elif pd.api.types.is_datetime64_dtype(dtype):
        text = column.dt.strftime("%Y-%m-%d")
    elif pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype) or \
            pd.api.types.is_float_dtype(dtype):
        values = column.astype(object).tolist()
        return [None if gone else _json_value(v) for v, gone in zip(values, missing,
                                                                     strict=True)]
    elif pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        text = column
    else:
        return [_json_value(v) for v in column.tolist()]
    values = text.astype(object).tolist()
    return [None if gone else v for v, gone in zip(values, missing, strict=True)]


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
    geom_name = frame.geometry.name
    columns = [c for c in frame.columns if c != geom_name]
    geoms = frame.geometry
    present = (~(geoms.isna() | geoms.is_empty)).to_numpy()
    xs = geoms.x.round(COORD_DECIMALS).to_numpy() if len(frame) else []
    ys = geoms.y.round(COORD_DECIMALS).to_numpy() if len(frame) else []
    values = {c: _column_values(frame[c]) for c in columns}
    evidence = values.get("evidence")
    if evidence is not None:
        values["evidence"] = [_evidence_objects(v) for v in evidence]
    features = []
    for position in range(len(frame)):
        geometry = None
        if present[position]:
            geometry = {"type": "Point", "coordinates": [float(xs[position]),
                                                         float(ys[position])]}
        props = {c: values[c][position] for c in columns}
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


def _evidence_objects(value: Any) -> list[dict[str, Any]]:
    try:
        return evidence_to_dicts(evidence_from_json(value))
    except (ValueError, TypeError):
        return []


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


def geojson_text(frame: gpd.GeoDataFrame, *, filters: Mapping[str, Any] | None = None,
                 created: datetime | None = None) -> str:
    """Return the incidents as RFC 7946 GeoJSON text (for a download).

    Parameters
    ----------
    frame
        Points in EPSG:4326.
    filters
        Filters recorded in the file.
    created
        Snapshot time; now (UTC) by default.

    Returns
    -------
    str
        JSON.
    """
    collection = frame_to_feature_collection(frame, filters=filters, created=created)
    return json.dumps(collection, ensure_ascii=False)


def csv_text(frame: gpd.GeoDataFrame) -> str:
    """Return the incidents as CSV with ``lon`` and ``lat`` columns instead of geometry.

    Parameters
    ----------
    frame
        Points in EPSG:4326.

    Returns
    -------
    str
        CSV text with a header row.
    """
    table = frame.drop(columns=frame.geometry.name).assign(lon=frame.geometry.x,
                                                           lat=frame.geometry.y)
    return str(table.to_csv(index=False))


def gpkg_bytes(frame: gpd.GeoDataFrame, layer: str = "incidents") -> bytes:
    """Return the incidents as a GeoPackage file's bytes.

    Parameters
    ----------
    frame
        Points in EPSG:4326 (at least one row).
    layer
        Layer name.

    Returns
    -------
    bytes
        The file.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layer}.gpkg"
        out = frame.copy()
        if "event_type" in out:
            out["event_type"] = out["event_type"].astype(str)
        out.to_file(path, driver="GPKG", layer=layer)
        return path.read_bytes()
