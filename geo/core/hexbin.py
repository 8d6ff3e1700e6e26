"""H3 hexagons: the cell of each stored incident and server-side aggregation to coarser cells.

Every incident is stored with its H3 cell at :data:`STORE_RESOLUTION` as a 64-bit
integer. A coarser cell (its *parent*) is a pure bit operation on that integer
(the H3 index layout: 4 resolution bits at 52–55, then 3 bits per resolution
digit, unused digits set to 7), so a million cells are aggregated with one
vectorised numpy expression instead of a million H3 calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import h3
import numpy as np
import pandas as pd
import shapely

#: Resolution of the cell stored with each incident (about 0.1 km² per cell).
STORE_RESOLUTION = 9
#: Coarsest and finest resolutions used for aggregation on the map.
MIN_RESOLUTION, MAX_RESOLUTION = 2, 8
_RES_SHIFT = 52
_RES_MASK = 0xF << _RES_SHIFT


def cell_of(lon: float, lat: float) -> int:
    """Return the H3 cell (as an integer) at :data:`STORE_RESOLUTION` of a point.

    Parameters
    ----------
    lon, lat
        WGS84 degrees.

    Returns
    -------
    int
        H3 index.
    """
    return int(h3.str_to_int(h3.latlng_to_cell(lat, lon, STORE_RESOLUTION)))


def cells_of(lons: Iterable[float], lats: Iterable[float]) -> list[int]:
    """Return :func:`cell_of` for many points.

    Parameters
    ----------
    lons, lats
        WGS84 degrees, same length.

    Returns
    -------
    list of int
        One H3 index per point.
    """
    return [cell_of(x, y) for x, y in zip(lons, lats, strict=True)]


def parent_of(cell: Any, resolution: int) -> Any:
    """Return the parent of a cell at a coarser resolution (bit arithmetic, as in SQL).

    Parameters
    ----------
    cell
        H3 index at :data:`STORE_RESOLUTION` (or a numpy array of them).
    resolution
        Target resolution, at most :data:`STORE_RESOLUTION`.

    Returns
    -------
    int or numpy.ndarray
        The parent's H3 index (vectorised over arrays).
    """
    if not MIN_RESOLUTION <= int(resolution) <= STORE_RESOLUTION:
        raise ValueError(f"H3 resolution {resolution} is outside "
                         f"{MIN_RESOLUTION}..{STORE_RESOLUTION}")
    unused = (1 << (3 * (15 - resolution))) - 1
    return (cell & ~_RES_MASK) | (resolution << _RES_SHIFT) | unused


def resolution_for_zoom(zoom: int | None) -> int:
    """Return the aggregation resolution for a Leaflet zoom (hexagons of about 10–30 px).

    Parameters
    ----------
    zoom
        Map zoom; the region-wide default (zoom 6) when unknown.

    Returns
    -------
    int
        H3 resolution between :data:`MIN_RESOLUTION` and :data:`MAX_RESOLUTION`.
    """
    z = 6 if zoom is None else int(zoom)
    # One H3 level shrinks a hexagon 2.65 times, one zoom level grows it 2 times.
    return int(np.clip(np.floor(0.85 * z - 0.3), MIN_RESOLUTION, MAX_RESOLUTION))


def hexagon_frame(counts: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return hexagon polygons for aggregated counts.

    Parameters
    ----------
    counts
        Columns ``cell`` (H3 index as int), ``incidents`` and ``top`` (the
        most frequent category in the cell).

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows with polygon geometry (EPSG:4326, lon/lat).
    """
    polygons = [shapely.Polygon([(lon, lat) for lat, lon in
                                 h3.cell_to_boundary(h3.int_to_str(int(c)))])
                for c in counts["cell"]]
    return gpd.GeoDataFrame(counts.reset_index(drop=True), geometry=polygons, crs="EPSG:4326")


def counts_by_cell(table: pd.DataFrame) -> pd.DataFrame:
    """Collapse ``cell, category, incidents`` rows to one row per cell.

    Parameters
    ----------
    table
        Counts per cell and category.

    Returns
    -------
    pandas.DataFrame
        ``cell``, ``incidents`` (sum) and ``top`` (category with most incidents).
    """
    if not len(table):
        return pd.DataFrame({"cell": pd.Series(dtype="int64"),
                             "incidents": pd.Series(dtype="int64"),
                             "top": pd.Series(dtype=str)})
    ordered = table.sort_values(["cell", "incidents", "category"],
                                ascending=[True, False, True])
    top = ordered.drop_duplicates("cell").set_index("cell")["category"]
    sums = table.groupby("cell")["incidents"].sum()
    out = pd.DataFrame({"cell": sums.index.astype("int64"), "incidents": sums.to_numpy(),
                        "top": top.reindex(sums.index).to_numpy()})
    return out.sort_values("incidents", ascending=False, ignore_index=True)


def hexagon_counts_of(frame: gpd.GeoDataFrame, categories: pd.Series,
                      resolution: int) -> pd.DataFrame:
    """Count incidents of a frame per H3 hexagon (the in-memory twin of the SQL query).

    Parameters
    ----------
    frame
        Incidents (points).
    categories
        Colour category of each row.
    resolution
        H3 resolution.

    Returns
    -------
    pandas.DataFrame
        As :func:`counts_by_cell`.
    """
    cells = [parent_of(c, resolution) for c in
             cells_of(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())]
    table = pd.DataFrame({"cell": cells, "category": categories.to_numpy()})
    grouped = table.groupby(["cell", "category"]).size().rename("incidents").reset_index()
    return counts_by_cell(grouped)
