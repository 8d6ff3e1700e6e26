"""SQL and row conversion shared by the SQLite and PostgreSQL stores.

The statements are written to run on both backends, with ``?`` placeholders
(:mod:`geo.store.postgres` turns them into psycopg's). Values are always bound as
SQL parameters, never formatted into SQL: :func:`where_clause` builds a filter's
``WHERE`` clause with its parameters, and the row helpers turn records into the
parameter tuples of the store's tables.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from geo.core.records import (
    INCIDENT_COLUMNS,
    Deployment,
    Incident,
    evidence_to_json,
    incident_id_for,
)
from geo.io.frame import LIST_SEPARATOR
from geo.query.filters import IncidentFilter
from geo.store.schema import _INCIDENT_COLS, HIDDEN_STATUSES

#: SQL of an incident's primary actor (the map's "colour by actor").
PRIMARY_ACTOR_SQL = "COALESCE(NULLIF(actor1, ''), NULLIF(actor2, ''), 'unknown')"
#: The map's columns of every visible incident (see :class:`geo.query.points.PointIndex`); the
#: statuses are the module's constants, not user input.
POINT_SQL = (f"SELECT rowid, event_date, event_type, {PRIMARY_ACTOR_SQL} AS primary_actor, "
             "COALESCE(actors, '') AS actors, COALESCE(country, '') AS country, "
             "COALESCE(admin1, '') AS admin1, geo_precision, lon, lat, h3 FROM incidents "
             f"WHERE status NOT IN ({', '.join(repr(s) for s in HIDDEN_STATUSES)})")
#: Count a committed write (the cache token of :meth:`geo.store.base.BaseStore.version`);
#: portable SQL.
BUMP_VERSION_SQL = ("INSERT INTO meta VALUES ('content_version', '1') ON CONFLICT(key) DO "
                    "UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")
#: Add an actor to an incident's index (portable: SQLite and PostgreSQL).
INSERT_ACTOR_SQL = "INSERT INTO incident_actors VALUES (?, ?) ON CONFLICT DO NOTHING"


def text_hash(text: str) -> str:
    """Return the hash of an article's text with whitespace normalised.

    Parameters
    ----------
    text
        Article text.

    Returns
    -------
    str
        SHA-256 hex digest.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _reassign(incident: Incident, article_id: str) -> Incident:
    return replace(incident, article_id=article_id, incident_id=incident_id_for(
        article_id, incident.event_type, incident.place_id, incident.event_date))


def _sources_json(i: Incident) -> str:
    return json.dumps([{"article_id": i.article_id, "source": i.source, "url": i.url}])


def where_clause(flt: IncidentFilter | None,
                 include_hidden: bool = False) -> tuple[str, list[object]]:
    """Return the SQL ``WHERE`` clause and bound parameters of a filter.

    Parameters
    ----------
    flt
        The filter; ``None`` for no restriction.
    include_hidden
        Keep rejected and merged incidents.

    Returns
    -------
    tuple
        ``("WHERE ...", params)`` (an empty string when nothing is restricted).
    """
    clauses: list[str] = []
    params: list[object] = []
    if not include_hidden:
        clauses.append(f"status NOT IN ({', '.join('?' * len(HIDDEN_STATUSES))})")
        params.extend(HIDDEN_STATUSES)
    if flt is not None:
        if flt.start is not None:
            clauses.append("event_date >= ?")
            params.append(flt.start.isoformat())
        if flt.end is not None:
            clauses.append("event_date <= ?")
            params.append(flt.end.isoformat())
        for column, values in (("event_type", flt.event_types), ("country", flt.countries),
                               ("admin1", flt.admin1), ("geo_precision", flt.precisions)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if flt.bbox is not None:
            clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            west, south, east, north = flt.bbox
            params.extend([south, north, west, east])
        if flt.actors:
            # EXISTS lets SQLite walk the date index and probe the (actor, id) key.
            clauses.append("EXISTS (SELECT 1 FROM incident_actors ia WHERE ia.actor IN "
                           f"({', '.join('?' * len(flt.actors))}) AND "
                           "ia.incident_id = incidents.incident_id)")
            params.extend(flt.actors)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _incident_row(i: Incident) -> tuple[object, ...]:
    values: dict[str, object] = {c: getattr(i, c) for c in INCIDENT_COLUMNS}
    values["actors"] = LIST_SEPARATOR.join(i.actors)
    values["notes"] = LIST_SEPARATOR.join(i.notes)
    values["evidence"] = evidence_to_json(i.evidence)
    values["confidence"] = float(i.confidence)
    values["published"] = i.published.isoformat()
    values["event_date"] = i.event_date.isoformat()
    values["lon"], values["lat"] = i.lon, i.lat
    return tuple(values[c] for c in _INCIDENT_COLS)


def _deployment_row(d: Deployment) -> tuple[object, ...]:
    basis = f"{d.article_id}|{d.force}|{d.country}|{d.as_of.isoformat()}"
    did = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
    return (did, d.force, d.country, d.troops, d.qualifier, d.as_of.isoformat(), d.article_id,
            d.source, d.quote)
