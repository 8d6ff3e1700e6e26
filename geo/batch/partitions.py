"""Partitioned GeoParquet: extraction output for large archives, and its import into the store.

A folder holds ``incidents/part-NNNNN.parquet`` and ``deployments/part-NNNNN.parquet``
(GeoParquet 1.x written by geopandas; EPSG:4326, lon/lat), one pair per batch
of articles. Each part is written to a temporary name and renamed, so a
reader never sees half a part. The store imports a folder part by part, one
transaction each; importing again updates rather than duplicates (incident
ids are stable).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.core.errors import InputError
from geo.core.paths import atomic_target
from geo.core.records import Deployment
from geo.extract.pipeline import Extraction
from geo.gazetteer.index import load_gazetteer
from geo.io.frame import frame_to_incidents
from geo.store.base import BaseStore


@dataclass(frozen=True, slots=True)
class PartSummary:
    """What one written part holds (small: sent back from a Dask worker).

    Attributes
    ----------
    index
        Part number.
    incidents, deployments
        Rows written.
    notes
        ``(article_id, note)`` of the part's articles.
    """

    index: int
    incidents: int
    deployments: int
    notes: tuple[tuple[str, str], ...]


def _write_atomic(frame: gpd.GeoDataFrame, path: Path) -> None:
    with atomic_target(path) as tmp:
        frame.to_parquet(tmp, index=False)


def write_part(extraction: Extraction, folder: Path, index: int) -> PartSummary:
    """Write one part of an extraction as GeoParquet.

    Parameters
    ----------
    extraction
        Incidents and deployments of a batch of articles.
    folder
        Output folder (created when missing).
    index
        Part number (names the files).

    Returns
    -------
    PartSummary
        Counts and notes.
    """
    name = f"part-{index:05d}.parquet"
    _write_atomic(extraction.incident_frame(), folder / "incidents" / name)
    deployments = extraction.deployment_frame()
    _write_atomic(deployments, folder / "deployments" / name)
    return PartSummary(index, len(extraction.incidents), len(extraction.deployments),
                       extraction.notes)


def parts(folder: Path) -> list[Path]:
    """Return the incident parts of a folder, in order.

    Parameters
    ----------
    folder
        A folder written by :func:`write_part`.

    Returns
    -------
    list of Path
        ``incidents/part-*.parquet``.

    Raises
    ------
    InputError
        When the folder holds no part.
    """
    found = sorted((folder / "incidents").glob("part-*.parquet"))
    if not found:
        raise InputError(f"{folder} holds no incidents/part-*.parquet; write one with "
                         "`incidentmap extract ... -o FOLDER`.")
    return found


def read_parts(folder: Path) -> Iterator[Extraction]:
    """Read a partitioned folder back, one extraction per part.

    Parameters
    ----------
    folder
        A folder written by :func:`write_part`.

    Yields
    ------
    Extraction
        Incidents and deployments of one part (notes are not stored).
    """
    for path in parts(folder):
        frame = gpd.read_parquet(path)
        dep_path = folder / "deployments" / path.name
        deployments: tuple[Deployment, ...] = ()
        if dep_path.exists():
            table = gpd.read_parquet(dep_path)
            deployments = tuple(
                Deployment(str(r.force), str(r.country), int(r.troops), str(r.qualifier),
                           r.as_of.date() if hasattr(r.as_of, "date") else r.as_of,
                           str(r.article_id), str(r.source), str(r.quote))
                for r in table.itertuples())
        yield Extraction(tuple(frame_to_incidents(frame)), deployments, ())


def import_parts(store: BaseStore, folder: Path) -> int:
    """Import every part of a folder into the store, one transaction per part.

    Parameters
    ----------
    store
        The store.
    folder
        A folder written by :func:`write_part`.

    Returns
    -------
    int
        Incidents written.
    """
    load_gazetteer()  # fail early, before any part, if set-up has not run
    return sum(store.add([], extraction) for extraction in read_parts(folder))
