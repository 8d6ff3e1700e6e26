"""The point index: the few columns the map needs, for every visible incident, in memory.

A million incidents fit in about 40 MB as numpy arrays (dictionary-encoded
categories, day numbers, coordinates, H3 cells). Filtering, counting,
hexagon and timeline aggregation are vectorised over them, so a filter
change costs milliseconds; only the rows of a small view are then read from
the store. The index is built from an Arrow table (see
:meth:`geo.store.sqlite.IncidentStore.point_table`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.core.hexbin import counts_by_cell, parent_of
from geo.core.paths import atomic_target
from geo.core.records import EVENT_TYPES
from geo.io.frame import LIST_SEPARATOR
from geo.query.filters import IncidentFilter

EPOCH = date(1970, 1, 1)
#: The Arrow table the index is built from (a store's ``point_table``; SQLite's types are
#: inferred per batch, so stores cast to this).
POINT_SCHEMA = pa.schema([
    ("rowid", pa.int64()), ("event_date", pa.string()), ("event_type", pa.string()),
    ("primary_actor", pa.string()), ("actors", pa.string()), ("country", pa.string()),
    ("admin1", pa.string()), ("geo_precision", pa.int64()), ("lon", pa.float64()),
    ("lat", pa.float64()), ("h3", pa.int64()),
])


class IncidentStoreLike(Protocol):
    """What :func:`cached_index` needs of a store."""

    @property
    def location(self) -> str:
        """Where the store lives."""

    def version(self) -> str:
        """Return a token that changes whenever incidents are written."""

    def point_table(self) -> pa.Table:
        """Return the map's columns of every visible incident."""


@dataclass(frozen=True, slots=True)
class Facets:
    """What the visible incidents contain: the options of the filter widgets.

    Attributes
    ----------
    total
        Visible incidents (neither rejected nor merged).
    first_day, last_day
        Event-date range; ``None`` when there are none.
    event_types
        Types present, in :data:`geo.core.records.EVENT_TYPES` order.
    actors
        Canonical actors, most frequent first.
    primary_actors
        Primary actors (``actor1``, else ``actor2``), most frequent first.
    countries
        ISO alpha-2 codes present, sorted.
    admin1
        ``(country, admin1)`` pairs present, sorted.
    extent
        ``(west, south, east, north)`` of the incidents, or ``None``.
    """

    total: int
    first_day: date | None
    last_day: date | None
    event_types: tuple[str, ...]
    actors: tuple[str, ...]
    primary_actors: tuple[str, ...]
    countries: tuple[str, ...]
    admin1: tuple[tuple[str, str], ...]
    extent: tuple[float, float, float, float] | None


def _encode(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, tuple[str, ...]]:
    """Dictionary-encode strings: int32 codes (-1 for null) and the names."""
    encoded = pc.dictionary_encode(pa.chunked_array([column]) if isinstance(column, pa.Array)
                                   else column).combine_chunks()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
    return codes, tuple(str(v) for v in encoded.dictionary.to_pylist())


def _codes_of(names: tuple[str, ...], wanted: tuple[str, ...]) -> np.ndarray:
    lookup = {n: i for i, n in enumerate(names)}
    return np.array([lookup[w] for w in wanted if w in lookup], dtype=np.int32)


@dataclass(frozen=True, eq=False)
class PointIndex:
    """Columns of the visible incidents as numpy arrays (one position per incident).

    Build it with :meth:`from_arrow`.
    """

    rowid: np.ndarray
    day: np.ndarray
    event_type: np.ndarray
    event_type_names: tuple[str, ...]
    primary: np.ndarray
    primary_names: tuple[str, ...]
    country: np.ndarray
    country_names: tuple[str, ...]
    admin1: np.ndarray
    admin1_names: tuple[str, ...]
    precision: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    h3: np.ndarray
    actor_row: np.ndarray
    actor: np.ndarray
    actor_names: tuple[str, ...]

    @classmethod
    def from_arrow(cls, table: pa.Table) -> PointIndex:
        """Build the index from a table with :data:`POINT_SCHEMA`.

        Parameters
        ----------
        table
            One row per visible incident; ``event_date`` ISO strings,
            ``actors`` joined with :data:`geo.io.frame.LIST_SEPARATOR`.

        Returns
        -------
        PointIndex
            The arrays.
        """
        days = pc.strptime(pc.utf8_slice_codeunits(table["event_date"], 0, 10),
                           format="%Y-%m-%d", unit="s")
        day = pc.cast(pc.cast(days, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False)
        lists = pc.split_pattern(table["actors"].fill_null(""), LIST_SEPARATOR)
        flat = pc.list_flatten(lists)
        parents = pc.list_parent_indices(lists)
        keep = pc.not_equal(flat, "")
        actor, actor_names = _encode(pc.filter(flat, keep))
        etype, etype_names = _encode(table["event_type"])
        primary, primary_names = _encode(table["primary_actor"])
        country, country_names = _encode(table["country"].fill_null(""))
        admin1, admin1_names = _encode(table["admin1"].fill_null(""))

        def numbers(name: str, dtype: type) -> np.ndarray:
            return np.asarray(table[name].to_numpy(), dtype=dtype)

        return cls(
            rowid=numbers("rowid", np.int64), day=day.astype(np.int32),
            event_type=etype, event_type_names=etype_names,
            primary=primary, primary_names=primary_names,
            country=country, country_names=country_names,
            admin1=admin1, admin1_names=admin1_names,
            precision=numbers("geo_precision", np.int8),
            lon=numbers("lon", np.float64), lat=numbers("lat", np.float64),
            h3=numbers("h3", np.int64),
            actor_row=np.asarray(pc.filter(parents, keep).to_numpy(), dtype=np.int64),
            actor=actor, actor_names=actor_names,
        )

    def __len__(self) -> int:
        return len(self.rowid)

    def mask(self, flt: IncidentFilter) -> np.ndarray:
        """Return the positions a filter keeps, as a boolean array.

        Parameters
        ----------
        flt
            The filter (dates, actors, types, countries, admin-1, precision, bbox).

        Returns
        -------
        numpy.ndarray
            One bool per incident.
        """
        keep = np.ones(len(self), dtype=bool)
        if flt.start is not None:
            keep &= self.day >= (flt.start - EPOCH).days
        if flt.end is not None:
            keep &= self.day <= (flt.end - EPOCH).days
        for values, codes, names in (
            (flt.event_types, self.event_type, self.event_type_names),
            (flt.countries, self.country, self.country_names),
            (flt.admin1, self.admin1, self.admin1_names),
        ):
            if values:
                keep &= np.isin(codes, _codes_of(names, values))
        if flt.precisions:
            keep &= np.isin(self.precision, np.array(flt.precisions, dtype=np.int8))
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            keep &= ((self.lon >= west) & (self.lon <= east) & (self.lat >= south)
                     & (self.lat <= north))
        if flt.actors:
            hit = np.zeros(len(self), dtype=bool)
            hit[self.actor_row[np.isin(self.actor, _codes_of(self.actor_names,
                                                             flt.actors))]] = True
            keep &= hit
        return keep

    def facets(self) -> Facets:
        """Return the filter options of all incidents in the index.

        Returns
        -------
        Facets
            Counts, ranges and distinct values.
        """
        if not len(self):
            return Facets(0, None, None, (), (), (), (), (), None)

        def by_frequency(codes: np.ndarray, names: tuple[str, ...]) -> tuple[str, ...]:
            counts = np.bincount(codes[codes >= 0], minlength=len(names))
            order = sorted((i for i in range(len(names)) if counts[i]),
                           key=lambda i: (-counts[i], names[i]))
            return tuple(names[i] for i in order)

        present_types = {self.event_type_names[i] for i in np.unique(self.event_type) if i >= 0}
        width = len(self.admin1_names) + 1  # codes shifted by one so -1 (null) stays apart
        combined = np.unique((self.country.astype(np.int64) + 1) * width + self.admin1 + 1)
        pairs = np.stack([combined // width - 1, combined % width - 1])
        return Facets(
            total=len(self),
            first_day=EPOCH + timedelta(days=int(self.day.min())),
            last_day=EPOCH + timedelta(days=int(self.day.max())),
            event_types=tuple(t for t in EVENT_TYPES if t in present_types),
            actors=by_frequency(self.actor, self.actor_names),
            primary_actors=by_frequency(self.primary, self.primary_names),
            countries=tuple(sorted({self.country_names[c] for c in np.unique(self.country)
                                    if c >= 0 and self.country_names[c]})),
            admin1=tuple(sorted((self.country_names[c] if c >= 0 else "",
                                 self.admin1_names[a]) for c, a in pairs.T
                                if a >= 0 and self.admin1_names[a])),
            extent=(float(self.lon.min()), float(self.lat.min()), float(self.lon.max()),
                    float(self.lat.max())),
        )

    def _categories(self, keep: np.ndarray, colour_by: str) -> tuple[np.ndarray, np.ndarray]:
        if colour_by == "event_type":
            return self.event_type[keep], np.array(self.event_type_names, dtype=object)
        return self.primary[keep], np.array(self.primary_names, dtype=object)

    def hexagon_counts(self, keep: np.ndarray, resolution: int,
                       colour_by: str = "event_type") -> pd.DataFrame:
        """Count the kept incidents per H3 hexagon.

        Parameters
        ----------
        keep
            From :meth:`mask`.
        resolution
            H3 resolution.
        colour_by
            ``"event_type"`` or ``"actor"``: which category names a hexagon's ``top``.

        Returns
        -------
        pandas.DataFrame
            See :func:`geo.core.hexbin.counts_by_cell`.
        """
        codes, names = self._categories(keep, colour_by)
        table = pd.DataFrame({"cell": parent_of(self.h3[keep], resolution), "code": codes})
        grouped = table.groupby(["cell", "code"]).size().rename("incidents").reset_index()
        grouped["category"] = names[grouped["code"].to_numpy()] if len(names) else ""
        return counts_by_cell(grouped[["cell", "category", "incidents"]])

    def daily_counts(self, keep: np.ndarray, colour_by: str = "event_type") -> pd.DataFrame:
        """Count the kept incidents per day and category (the timeline).

        Parameters
        ----------
        keep
            From :meth:`mask`.
        colour_by
            ``"event_type"`` or ``"actor"`` (the primary actor), as on the map.

        Returns
        -------
        pandas.DataFrame
            Same table as :func:`geo.map.timeline.daily_counts` gives for a frame.
        """
        codes, names = self._categories(keep, colour_by)
        table = pd.DataFrame({"day": self.day[keep], "code": codes})
        grouped = table.groupby(["day", "code"]).size().rename("incidents").reset_index()
        out = pd.DataFrame({
            "day": pd.to_datetime(grouped["day"].to_numpy(dtype="int64"), unit="D"),
            "category": names[grouped["code"].to_numpy()] if len(grouped) else
            pd.Series(dtype=str),
            "incidents": grouped["incidents"].to_numpy(dtype="int64"),
        })
        return out.sort_values(["day", "category"], ignore_index=True)


_NAMES = tuple(f.name for f in fields(PointIndex) if f.name.endswith("_names"))
_ARRAYS = tuple(f.name for f in fields(PointIndex) if f.name not in _NAMES)


def save_index(index: PointIndex, path: Path) -> None:
    """Write an index to an ``.npz`` file (temporary name, then rename; no pickles).

    Parameters
    ----------
    index
        The index.
    path
        Target file.
    """
    names = json.dumps({n: list(getattr(index, n)) for n in _NAMES}).encode("utf-8")
    arrays = {a: getattr(index, a) for a in _ARRAYS}
    with atomic_target(path, suffix=".npz") as tmp:  # numpy adds .npz to other names
        np.savez(tmp, names=np.frombuffer(names, dtype=np.uint8), **arrays)


def load_index(path: Path) -> PointIndex:
    """Read an index written by :func:`save_index`.

    Parameters
    ----------
    path
        The ``.npz`` file.

    Returns
    -------
    PointIndex
        The same arrays and names.
    """
    with np.load(path, allow_pickle=False) as data:
        names = json.loads(data["names"].tobytes().decode("utf-8"))
        arrays = {a: data[a] for a in _ARRAYS}
    fields: dict[str, Any] = {**arrays, **{n: tuple(names[n]) for n in _NAMES}}
    return PointIndex(**fields)


def cached_index(store: IncidentStoreLike, cache_dir: Path | None) -> PointIndex:
    """Return the store's point index, from a file cache when this version was seen before.

    A restarted app on an unchanged million-incident store reads the index in
    a few hundredths of a second instead of re-reading and encoding every row.

    Parameters
    ----------
    store
        The store (anything with ``location``, ``version()`` and ``point_table()``).
    cache_dir
        Folder for cache files; ``None`` to build without caching.

    Returns
    -------
    PointIndex
        The index of the store's current version.
    """
    if cache_dir is None:
        return PointIndex.from_arrow(store.point_table())
    stem = hashlib.sha256(store.location.encode("utf-8")).hexdigest()[:16]
    version = hashlib.sha256(store.version().encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"points-{stem}-{version}.npz"
    if path.exists():
        try:
            return load_index(path)
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)  # damaged: rebuild it below
    index = PointIndex.from_arrow(store.point_table())
    for old in cache_dir.glob(f"points-{stem}-*.npz"):
        old.unlink(missing_ok=True)
    save_index(index, path)
    return index
