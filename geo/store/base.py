"""What both incident stores share: the connection protocol and the store's base class.

:class:`BaseStore` holds the store's reads and writes, written once in SQL that runs
on SQLite (:class:`geo.store.sqlite.IncidentStore`) and PostgreSQL
(:class:`geo.store.postgres.PostgresStore`); a backend supplies the connection, the
migrations, the point table and where it lives. Ingest is an upsert keyed by stable
ids, so re-ingesting an article does not duplicate its incidents and never
overwrites what a person edited. Every write is one transaction that takes the
backend's write lock, and values are always bound as SQL parameters.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd
import pyarrow as pa

from geo.core.errors import IncidentMapError, InputError
from geo.core.hexbin import cell_of
from geo.core.records import Article, Deployment, Incident
from geo.extract.pipeline import Extraction
from geo.io.frame import deployments_to_frame, incident_from_values, table_to_frame
from geo.query.filters import IncidentFilter
from geo.store.schema import _INCIDENT_COLS, LOCATION_FIELDS
from geo.store.sql import (
    INSERT_ACTOR_SQL,
    _deployment_row,
    _incident_row,
    _reassign,
    _sources_json,
    text_hash,
    where_clause,
)
from geo.store.validation import validate_incident


class Connection(Protocol):
    """What the store's SQL needs of a connection (``sqlite3`` or the PostgreSQL adapter).

    Parameters are bound with ``?`` placeholders in both.
    """

    def execute(self, sql: str, parameters: Any = ..., /) -> Any:
        """Run one statement."""

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        """Run one statement for each parameter row."""


class StoreError(IncidentMapError):
    """The store cannot be opened or written."""


class BaseStore(ABC):
    """Store of articles, incidents and deployments, whatever database holds them.

    Subclasses supply :meth:`_connect`, :attr:`location`, :attr:`cache_dir` and
    :meth:`point_table`, and bring the schema up to date when opened.
    """

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the store lives, for messages and cache keys.

        Returns
        -------
        str
            A file path or a connection URL.
        """

    @property
    @abstractmethod
    def cache_dir(self) -> Path | None:
        """Folder for caches derived from the store (the point index).

        Returns
        -------
        Path or None
            ``None`` when the store keeps no file cache.
        """

    @abstractmethod
    def _connect(self, write: bool = False) -> AbstractContextManager[Connection]:
        """Open a transaction; ``write`` takes the write lock at once."""

    @abstractmethod
    def point_table(self) -> pa.Table:
        """Return the map's columns of every visible incident as an Arrow table.

        Returns
        -------
        pyarrow.Table
            Columns :data:`geo.query.points.POINT_SCHEMA`.
        """

    def write(self) -> AbstractContextManager[Connection]:
        """Return a write transaction (it takes the write lock), committed on success.

        Returns
        -------
        context manager
            Yields the connection; any exception rolls the transaction back.
        """
        return self._connect(write=True)

    def read(self) -> AbstractContextManager[Connection]:
        """Return a read transaction (a consistent snapshot).

        Returns
        -------
        context manager
            Yields the connection.
        """
        return self._connect()

    def schema_version(self) -> int:
        """Return the schema version of the database.

        Returns
        -------
        int
            Number of migrations applied.
        """
        with self._connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def add(self, articles: Iterable[Article], extraction: Extraction) -> int:
        """Store articles with their incidents and deployments in one transaction.

        The same article again (same URL, or same text) keeps its first id, so
        its incidents are updated, not duplicated. Machine-made fields are
        refreshed; fields a person edited are never overwritten, and rejected
        or merged incidents stay so. Machine-only incidents of a re-ingested
        article that the new extraction no longer finds are removed.

        Parameters
        ----------
        articles
            The articles the extraction came from.
        extraction
            Output of :func:`geo.extract.pipeline.extract_all`.

        Returns
        -------
        int
            Number of incidents written (inserted or updated).

        Raises
        ------
        InputError
            When an incident fails :func:`geo.store.validation.validate_incident`;
            nothing is written then.
        """
        articles = list(articles)
        incidents = list(extraction.incidents)
        for incident in incidents:
            validate_incident(incident)
        now = datetime.now(UTC).isoformat()
        with self._connect(write=True) as con:
            remap = self._existing_ids(con, articles)
            articles = [replace(a, article_id=remap.get(a.article_id, a.article_id))
                        for a in articles]
            incidents = [_reassign(i, remap[i.article_id]) if i.article_id in remap else i
                         for i in incidents]
            con.executemany(
                "INSERT INTO articles (article_id, title, text, published, url, source, "
                "language, notes, added_at, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(article_id) DO UPDATE SET title=excluded.title, "
                "text=excluded.text, published=excluded.published, url=excluded.url, "
                "source=excluded.source, language=excluded.language, notes=excluded.notes, "
                "text_hash=excluded.text_hash",
                [(a.article_id, a.title, a.text, a.published.isoformat(), a.url, a.source,
                  a.language, json.dumps(list(a.notes)), now, text_hash(a.text))
                 for a in articles])
            new_ids = {i.incident_id for i in incidents}
            self._drop_stale(con, [a.article_id for a in articles], new_ids)
            edited = self._edited(con, new_ids)
            plain = [i for i in incidents if i.incident_id not in edited]
            con.executemany(
                f"INSERT INTO incidents ({', '.join(_INCIDENT_COLS)}, updated_at, sources, h3) "
                f"VALUES ({', '.join('?' * (len(_INCIDENT_COLS) + 3))}) "
                f"ON CONFLICT(incident_id) DO UPDATE SET "
                f"{', '.join(f'{c}=excluded.{c}' for c in _INCIDENT_COLS[1:])}, "
                "updated_at=excluded.updated_at, h3=excluded.h3",
                [(*_incident_row(i), now, _sources_json(i), cell_of(i.lon, i.lat))
                 for i in plain])
            for incident in incidents:
                if incident.incident_id in edited:
                    self._refresh_unedited(con, incident, edited[incident.incident_id], now)
            con.executemany("DELETE FROM incident_actors WHERE incident_id = ?",
                            [(i,) for i in new_ids])
            con.executemany(INSERT_ACTOR_SQL,
                            [(i.incident_id, a) for i in incidents for a in i.actors])
            con.executemany(
                "INSERT INTO deployments VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(deployment_id) "
                "DO UPDATE SET force=excluded.force, country=excluded.country, "
                "troops=excluded.troops, qualifier=excluded.qualifier, as_of=excluded.as_of, "
                "article_id=excluded.article_id, source=excluded.source, quote=excluded.quote",
                [_deployment_row(replace(d, article_id=remap.get(d.article_id, d.article_id)))
                 for d in extraction.deployments])
        return len(incidents)

    @staticmethod
    def _existing_ids(con: Connection, articles: list[Article]) -> dict[str, str]:
        """Map new article ids to the ids of the same article already stored."""
        remap: dict[str, str] = {}
        for a in articles:
            row = None
            if a.url:
                row = con.execute("SELECT article_id FROM articles WHERE url = ? LIMIT 1",
                                  (a.url,)).fetchone()
            if row is None:
                row = con.execute("SELECT article_id FROM articles WHERE text_hash = ? LIMIT 1",
                                  (text_hash(a.text),)).fetchone()
            if row is not None and row[0] != a.article_id:
                remap[a.article_id] = str(row[0])
        return remap

    @staticmethod
    def _drop_stale(con: Connection, article_ids: list[str], keep: set[str]) -> None:
        """Remove machine-only incidents of re-ingested articles that are gone now."""
        for article_id in article_ids:
            stale = [r[0] for r in con.execute(
                "SELECT incident_id FROM incidents WHERE article_id = ? AND status = 'machine' "
                "AND edited_fields = '[]'", (article_id,)) if r[0] not in keep]
            con.executemany("DELETE FROM incidents WHERE incident_id = ?", [(i,) for i in stale])
            con.executemany("DELETE FROM incident_actors WHERE incident_id = ?",
                            [(i,) for i in stale])

    @staticmethod
    def _edited(con: Connection, ids: set[str]) -> dict[str, set[str]]:
        """Return ``incident_id -> fields a person touched`` (status counts as one)."""
        out: dict[str, set[str]] = {}
        id_list = list(ids)
        for start in range(0, len(id_list), 500):
            chunk = id_list[start:start + 500]
            for incident_id, fields in con.execute(
                f"SELECT incident_id, edited_fields FROM incidents WHERE incident_id "
                f"IN ({', '.join('?' * len(chunk))}) AND (edited_fields != '[]' OR "
                "status != 'machine')", chunk):
                out[str(incident_id)] = set(json.loads(fields))
        return out

    @staticmethod
    def _refresh_unedited(con: Connection, incident: Incident, edited: set[str],
                          now: str) -> None:
        row = dict(zip(_INCIDENT_COLS, _incident_row(incident), strict=True))
        fields = [c for c in _INCIDENT_COLS[1:] if (c not in edited and c not in LOCATION_FIELDS)
                  or (c in LOCATION_FIELDS and not edited & LOCATION_FIELDS)]
        row["h3"] = cell_of(incident.lon, incident.lat)
        if not edited & LOCATION_FIELDS:
            fields.append("h3")
        con.execute(f"UPDATE incidents SET {', '.join(f'{c} = ?' for c in fields)}, "
                    "updated_at = ? WHERE incident_id = ?",
                    [*(row[c] for c in fields), now, incident.incident_id])

    def count(self) -> int:
        """Return the number of stored incidents.

        Returns
        -------
        int
            Row count of ``incidents``.
        """
        with self._connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM incidents").fetchone()[0])

    def version(self) -> str:
        """Return a token that changes whenever incidents are written (for caches).

        Returns
        -------
        str
            The count of committed write transactions (``meta.content_version``),
            read with one indexed look-up however large the store is.
        """
        with self._connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
        return f"v{row[0] if row else 0}"

    def incidents(self, flt: IncidentFilter | None = None,
                  include_hidden: bool = False) -> gpd.GeoDataFrame:
        """Return stored incidents as the schema GeoDataFrame, filtered in SQL.

        Parameters
        ----------
        flt
            Date window, actors, event types, countries, admin-1 and precision,
            evaluated with the store's indexes; everything when omitted.
        include_hidden
            Also return rejected and merged incidents.

        Returns
        -------
        geopandas.GeoDataFrame
            Columns :data:`~geo.core.records.INCIDENT_COLUMNS` + ``geometry``.
        """
        where, params = where_clause(flt, include_hidden)
        with self._connect() as con:
            rows = con.execute(f"SELECT {', '.join(_INCIDENT_COLS)} FROM incidents {where} "
                               "ORDER BY event_date, incident_id", params).fetchall()
        table = pd.DataFrame(rows, columns=_INCIDENT_COLS)
        return table_to_frame(table, table["lon"], table["lat"])

    def incidents_by_rowid(self, rowids: Iterable[int]) -> gpd.GeoDataFrame:
        """Return the incidents at the given row ids (positions from the point index).

        Parameters
        ----------
        rowids
            Row ids (SQLite's ``rowid``; a ``rowid`` column on PostgreSQL).

        Returns
        -------
        geopandas.GeoDataFrame
            The schema frame, ordered by event date and id.
        """
        ids = [int(r) for r in rowids]
        rows: list[tuple[object, ...]] = []
        with self._connect() as con:
            for start in range(0, len(ids), 10_000):
                chunk = ids[start:start + 10_000]
                rows.extend(con.execute(
                    f"SELECT {', '.join(_INCIDENT_COLS)} FROM incidents WHERE rowid IN "
                    f"({', '.join('?' * len(chunk))})", chunk).fetchall())
        table = pd.DataFrame(rows, columns=_INCIDENT_COLS).sort_values(
            ["event_date", "incident_id"], ignore_index=True)
        return table_to_frame(table, table["lon"], table["lat"])

    def incident(self, incident_id: str) -> Incident:
        """Return one incident (any status).

        Parameters
        ----------
        incident_id
            Its id.

        Returns
        -------
        Incident
            The record.

        Raises
        ------
        InputError
            When there is no such incident.
        """
        with self._connect() as con:
            row = con.execute(f"SELECT {', '.join(_INCIDENT_COLS)} FROM incidents "
                              "WHERE incident_id = ?", (incident_id,)).fetchone()
        if row is None:
            raise InputError(f"No incident with id {incident_id!r} in {self.location}.")
        return _incident_from_row(row)

    def deployments(self, country_points: dict[str, tuple[float, float]]) -> gpd.GeoDataFrame:
        """Return stored troop figures as points at their countries.

        Parameters
        ----------
        country_points
            ``iso2 -> (lon, lat)``.

        Returns
        -------
        geopandas.GeoDataFrame
            See :func:`geo.io.frame.deployments_to_frame`.
        """
        with self._connect() as con:
            rows = con.execute("SELECT force, country, troops, qualifier, as_of, article_id, "
                               "source, quote FROM deployments ORDER BY as_of").fetchall()
        deps = [Deployment(r[0], r[1], int(r[2]), r[3], pd.Timestamp(r[4]).date(), r[5], r[6],
                           r[7]) for r in rows]
        return deployments_to_frame(deps, country_points)


def _incident_from_row(row: tuple[object, ...]) -> Incident:
    try:
        return incident_from_values(dict(zip(_INCIDENT_COLS, row, strict=True)))
    except ValueError as exc:
        raise StoreError(f"Corrupt store: {exc}.") from exc
