"""Filtering the incident table (vectorised; shared by the map, the table and exports)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.io.frame import LIST_SEPARATOR


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What the user asked to see. Empty tuples mean "no restriction".

    Attributes
    ----------
    start, end
        Inclusive event-date window; ``None`` for open ends.
    actors
        Canonical actor names; an incident matches if any of its actors is listed.
    event_types
        Event types from :data:`geo.core.records.EVENT_TYPES`.
    countries
        ISO alpha-2 codes.
    admin1
        Admin-1 names.
    precisions
        Geo precisions (1, 2, 3).
    bbox
        ``(west, south, east, north)`` in degrees: the part of the map in view;
        ``None`` for everywhere. Not part of a shared link (the link opens the
        map fitted to the filtered incidents).
    """

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = field(default_factory=tuple)
    event_types: tuple[str, ...] = field(default_factory=tuple)
    countries: tuple[str, ...] = field(default_factory=tuple)
    admin1: tuple[str, ...] = field(default_factory=tuple)
    precisions: tuple[int, ...] = field(default_factory=tuple)
    bbox: tuple[float, float, float, float] | None = None

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """Return the boolean row mask of this filter over an incident table.

        Parameters
        ----------
        frame
            Incident table with the schema columns.

        Returns
        -------
        pandas.Series
            True for rows to keep.
        """
        keep = pd.Series(True, index=frame.index)
        if self.start is not None:
            keep &= frame["event_date"] >= pd.Timestamp(self.start)
        if self.end is not None:
            keep &= frame["event_date"] <= pd.Timestamp(self.end)
        if self.event_types:
            keep &= frame["event_type"].isin(self.event_types)
        if self.countries:
            keep &= frame["country"].isin(self.countries)
        if self.admin1:
            keep &= frame["admin1"].isin(self.admin1)
        if self.precisions:
            keep &= frame["geo_precision"].isin(self.precisions)
        if self.bbox is not None:
            west, south, east, north = self.bbox
            xs, ys = frame.geometry.x, frame.geometry.y
            keep &= (xs >= west) & (xs <= east) & (ys >= south) & (ys <= north)
        if self.actors:
            wanted = set(self.actors)
            actor_lists = frame["actors"].fillna("").str.split(LIST_SEPARATOR)
            keep &= actor_lists.map(lambda names: bool(wanted.intersection(names)))
        return keep

    def apply(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Return the rows of ``frame`` this filter keeps.

        Parameters
        ----------
        frame
            Incident table.

        Returns
        -------
        geopandas.GeoDataFrame
            The filtered view (same columns).
        """
        return frame[self.mask(frame)]

    def describe(self) -> dict[str, Any]:
        """Return the filter as JSON-ready values (for export metadata and URLs).

        Returns
        -------
        dict
            Only the restrictions that are set; dates as ISO strings.
        """
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, (), []):
                continue
            out[key] = value.isoformat() if isinstance(value, date) else list(value) \
                if isinstance(value, tuple) else value
        return out


def actor_options(frame: pd.DataFrame) -> list[str]:
    """Return the distinct canonical actors in an incident table, most frequent first.

    Parameters
    ----------
    frame
        Incident table.

    Returns
    -------
    list of str
        Actor names.
    """
    exploded = frame["actors"].fillna("").str.split(LIST_SEPARATOR).explode()
    exploded = exploded[exploded.astype(bool)]
    return list(exploded.value_counts().index)


#: URL query parameter per filter field (repeatable for lists).
QUERY_KEYS = {"start": "from", "end": "to", "actors": "actor", "event_types": "type",
              "countries": "country", "admin1": "admin1", "precisions": "precision"}


def to_query(flt: IncidentFilter) -> dict[str, list[str]]:
    """Return the filter as URL query parameters (so a link reproduces the view).

    Parameters
    ----------
    flt
        The filter.

    Returns
    -------
    dict
        Parameter name -> values; only the restrictions that are set.
    """
    out: dict[str, list[str]] = {}
    for field_name, key in QUERY_KEYS.items():
        value = getattr(flt, field_name)
        if value is None or value == ():
            continue
        if isinstance(value, date):
            out[key] = [value.isoformat()]
        else:
            out[key] = [str(v) for v in value]
    return out


def from_query(params: Mapping[str, Sequence[str]]) -> IncidentFilter:
    """Rebuild a filter from URL query parameters; unreadable values are ignored.

    Parameters
    ----------
    params
        Parameter name -> values, as :func:`to_query` writes them.

    Returns
    -------
    IncidentFilter
        The filter the link describes.
    """
    def day(key: str) -> date | None:
        values = params.get(key) or []
        try:
            return date.fromisoformat(values[0]) if values else None
        except ValueError:
            return None

    def many(key: str) -> tuple[str, ...]:
        return tuple(v for v in params.get(key) or [] if v)

    precisions = tuple(int(p) for p in many("precision") if p in ("1", "2", "3"))
    return IncidentFilter(start=day("from"), end=day("to"), actors=many("actor"),
                          event_types=many("type"), countries=many("country"),
                          admin1=many("admin1"), precisions=precisions)
