"""Summaries computed in the store's SQL: filter options, counts, hexagons, daily counts.

These let the map page work on a million stored incidents without loading
them: only what is drawn (hexagons, or the rows of a small view) leaves the
database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.filters import IncidentFilter
from geo.hexbin import counts_by_cell, parent_sql
from geo.records import EVENT_TYPES
from geo.store import IncidentStore, where_clause

#: SQL of an incident's primary actor (the map's "colour by actor").
PRIMARY_ACTOR_SQL = "COALESCE(NULLIF(actor1, ''), NULLIF(actor2, ''), 'unknown')"


@dataclass(frozen=True, slots=True)
class Facets:
    """What the visible incidents contain: the options of the filter widgets.

    Attributes
    ----------
    total
        Visible incidents (neither rejected nor merged).
    first_day, last_day
        Event-date range; ``None`` when the store is empty.
    event_types
        Types present, in :data:`geo.records.EVENT_TYPES` order.
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


def facets(store: IncidentStore) -> Facets:
    """Return the filter options of the visible incidents, computed in SQL.

    Parameters
    ----------
    store
        The store.

    Returns
    -------
    Facets
        Counts, ranges and distinct values.
    """
    where, params = where_clause(None)
    with store.read() as con:
        total, first, last, west, south, east, north = con.execute(
            f"SELECT COUNT(*), MIN(event_date), MAX(event_date), MIN(lon), MIN(lat), "
            f"MAX(lon), MAX(lat) FROM incidents {where}", params).fetchone()
        types = {r[0] for r in con.execute(
            f"SELECT DISTINCT event_type FROM incidents {where}", params)}
        actors = [r[0] for r in con.execute(
            f"SELECT ia.actor FROM incident_actors ia JOIN incidents ON "
            f"incidents.incident_id = ia.incident_id {where} GROUP BY ia.actor "
            "ORDER BY COUNT(*) DESC, ia.actor", params)]
        primary = [r[0] for r in con.execute(
            f"SELECT {PRIMARY_ACTOR_SQL} AS a FROM incidents {where} GROUP BY a "
            "ORDER BY COUNT(*) DESC, a", params)]
        places = con.execute(f"SELECT DISTINCT country, admin1 FROM incidents {where}",
                             params).fetchall()
    return Facets(
        total=int(total),
        first_day=date.fromisoformat(first[:10]) if first else None,
        last_day=date.fromisoformat(last[:10]) if last else None,
        event_types=tuple(t for t in EVENT_TYPES if t in types),
        actors=tuple(actors), primary_actors=tuple(primary),
        countries=tuple(sorted({c for c, _ in places if c})),
        admin1=tuple(sorted((c or "", a) for c, a in places if a)),
        extent=(float(west), float(south), float(east), float(north)) if total else None,
    )


def count(store: IncidentStore, flt: IncidentFilter) -> int:
    """Return how many visible incidents a filter keeps.

    Parameters
    ----------
    store
        The store.
    flt
        The filter.

    Returns
    -------
    int
        Matching incidents.
    """
    where, params = where_clause(flt)
    with store.read() as con:
        return int(con.execute(f"SELECT COUNT(*) FROM incidents {where}",
                               params).fetchone()[0])


def _category_sql(colour_by: str) -> str:
    return "event_type" if colour_by == "event_type" else PRIMARY_ACTOR_SQL


def hexagon_counts(store: IncidentStore, flt: IncidentFilter, resolution: int,
                   colour_by: str = "event_type") -> pd.DataFrame:
    """Count matching incidents per H3 hexagon, in SQL.

    Parameters
    ----------
    store
        The store.
    flt
        The filter.
    resolution
        H3 resolution of the hexagons.
    colour_by
        ``"event_type"`` or ``"actor"``: which category names a hexagon's ``top``.

    Returns
    -------
    pandas.DataFrame
        ``cell`` (H3 index as int), ``incidents`` and ``top`` (the most frequent
        category), largest first.
    """
    where, params = where_clause(flt)
    with store.read() as con:
        rows = con.execute(
            f"SELECT {parent_sql('h3', resolution)} AS cell, {_category_sql(colour_by)} AS cat, "
            f"COUNT(*) FROM incidents {where} GROUP BY cell, cat", params).fetchall()
    return counts_by_cell(pd.DataFrame(rows, columns=["cell", "category", "incidents"]))


def daily_counts(store: IncidentStore, flt: IncidentFilter,
                 colour_by: str = "event_type") -> pd.DataFrame:
    """Count matching incidents per day and category, in SQL (the timeline).

    Parameters
    ----------
    store
        The store.
    flt
        The filter.
    colour_by
        ``"event_type"`` or ``"actor"`` (the primary actor), as on the map.

    Returns
    -------
    pandas.DataFrame
        ``day`` (datetime), ``category`` and ``incidents``, sorted by day: the
        same table as :func:`geo.timeline.daily_counts` gives for a frame.
    """
    where, params = where_clause(flt)
    with store.read() as con:
        rows = con.execute(
            f"SELECT substr(event_date, 1, 10) AS day, {_category_sql(colour_by)} AS cat, "
            f"COUNT(*) FROM incidents {where} GROUP BY day, cat ORDER BY day, cat",
            params).fetchall()
    table = pd.DataFrame(rows, columns=["day", "category", "incidents"])
    table["day"] = pd.to_datetime(table["day"])
    table["incidents"] = table["incidents"].astype("int64")
    return table
