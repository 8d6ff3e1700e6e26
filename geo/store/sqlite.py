"""Persistent incident store on SQLite (WAL mode), the app's and CLI's single source.

Tables: ``articles``, ``incidents`` (the documented schema plus review
state: ``status``, ``edited_fields``, ``merged_into``, ``sources``),
``incident_actors`` (actor index), ``deployments``, ``history`` (append-only,
enforced by triggers) and ``meta`` (schema version; :data:`MIGRATIONS` bring
older files up to date). Ingest is an upsert keyed by stable ids, so
re-ingesting an article does not duplicate its incidents and never
overwrites what a person edited. Every write is one ``BEGIN IMMEDIATE``
transaction in WAL mode: a crash leaves the store as of the last commit, and
several processes can write at once. Values are always bound as SQL
parameters, never formatted into SQL.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd
import pyarrow as pa

from geo.core.errors import IncidentMapError, InputError
from geo.core.hexbin import cell_of
from geo.core.paths import data_dir
from geo.core.records import INCIDENT_COLUMNS, Article, Deployment, Incident, evidence_to_json
from geo.extract.incidents import incident_id_for
from geo.extract.pipeline import Extraction
from geo.io.frame import (
    LIST_SEPARATOR,
    deployments_to_frame,
    incident_from_values,
    table_to_frame,
)
from geo.query.filters import IncidentFilter
from geo.query.points import POINT_SCHEMA
from geo.store.validation import validate_incident

#: Columns that move together when a person relocates an incident.
LOCATION_FIELDS = frozenset({"location", "admin1", "country", "geo_precision",
                             "uncertainty_km", "place_id", "lon", "lat"})

_INCIDENT_COLS = [*INCIDENT_COLUMNS, "lon", "lat"]
#: Columns added by a later migration than the first (not in the version-1 table).
_LATER_COLS = ("confidence", "evidence")
_REAL = {"uncertainty_km", "lon", "lat", "confidence"}
_INTEGER = {"geo_precision", "fatalities", "injuries"}


def _column_sql(name: str) -> str:
    kind = "REAL" if name in _REAL else "INTEGER" if name in _INTEGER else "TEXT"
    return f"{name} {kind}" + (" PRIMARY KEY" if name == "incident_id" else "")


_V1 = f"""
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL, published TEXT NOT NULL,
    url TEXT, source TEXT, language TEXT, notes TEXT, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents (
    {", ".join(_column_sql(c) for c in _INCIDENT_COLS if c not in _LATER_COLS)},
    updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents(event_date);
CREATE INDEX IF NOT EXISTS incidents_article ON incidents(article_id);
CREATE TABLE IF NOT EXISTS deployments (
    deployment_id TEXT PRIMARY KEY, force TEXT, country TEXT, troops INTEGER, qualifier TEXT,
    as_of TEXT, article_id TEXT, source TEXT, quote TEXT);
"""
#: Review state, person edits, merged sources, an append-only history, an actor index.
_V2 = """
ALTER TABLE incidents ADD COLUMN status TEXT NOT NULL DEFAULT 'machine';
ALTER TABLE incidents ADD COLUMN edited_fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE incidents ADD COLUMN merged_into TEXT;
ALTER TABLE incidents ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN text_hash TEXT;
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_text_hash ON articles(text_hash);
CREATE INDEX IF NOT EXISTS incidents_status_date ON incidents(status, event_date);
CREATE TABLE IF NOT EXISTS incident_actors (
    incident_id TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (actor, incident_id))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, incident_id TEXT NOT NULL, at TEXT NOT NULL,
    editor TEXT NOT NULL, action TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT);
CREATE INDEX IF NOT EXISTS history_incident ON history(incident_id);
CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
"""
#: Look-ups of an incident's actors (re-ingest, edits) without a full scan.
_V3 = "CREATE INDEX IF NOT EXISTS incident_actors_id ON incident_actors(incident_id);"
#: Briefings: named sequences of saved map views ("slides").
_V4 = """
CREATE TABLE IF NOT EXISTS slides (
    briefing TEXT NOT NULL, position INTEGER NOT NULL, caption TEXT NOT NULL,
    filters TEXT NOT NULL, colour_by TEXT NOT NULL, center_lat REAL, center_lon REAL,
    zoom INTEGER, PRIMARY KEY (briefing, position));
"""
#: The H3 cell of each incident, for aggregation in SQL (filled by :func:`_backfill_h3`).
_V5 = """
ALTER TABLE incidents ADD COLUMN h3 INTEGER;
CREATE INDEX IF NOT EXISTS incidents_lat_lon ON incidents(lat, lon);
"""
#: The extractor's confidence and evidence spans; history rows grouped into changes (for
#: undo): ``change_id`` is shared by the rows of one change, ``undoes`` names the change an
#: undo row reverts. Portable SQL (PostgreSQL runs the same statements).
_V6 = """
ALTER TABLE incidents ADD COLUMN confidence REAL NOT NULL DEFAULT 0.5;
ALTER TABLE incidents ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
ALTER TABLE history ADD COLUMN change_id TEXT;
ALTER TABLE history ADD COLUMN undoes TEXT;
CREATE INDEX IF NOT EXISTS history_editor ON history(editor, id);
CREATE INDEX IF NOT EXISTS incidents_status_confidence ON incidents(status, confidence);
"""
#: Migrations in order; the store's ``meta.schema_version`` says how many have run.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
SCHEMA_VERSION = len(MIGRATIONS)
#: Incidents with these statuses are not shown on the map or exported.
HIDDEN_STATUSES = ("rejected", "merged")


#: SQL of an incident's primary actor (the map's "colour by actor").
PRIMARY_ACTOR_SQL = "COALESCE(NULLIF(actor1, ''), NULLIF(actor2, ''), 'unknown')"
#: The map's columns of every visible incident (see :class:`geo.query.points.PointIndex`); the
#: statuses are the module's constants, not user input.
POINT_SQL = (f"SELECT rowid, event_date, event_type, {PRIMARY_ACTOR_SQL} AS primary_actor, "
             "COALESCE(actors, '') AS actors, COALESCE(country, '') AS country, "
             "COALESCE(admin1, '') AS admin1, geo_precision, lon, lat, h3 FROM incidents "
             f"WHERE status NOT IN ({', '.join(repr(s) for s in HIDDEN_STATUSES)})")


#: Count a committed write (the cache token of :meth:`IncidentStore.version`); portable SQL.
BUMP_VERSION_SQL = ("INSERT INTO meta VALUES ('content_version', '1') ON CONFLICT(key) DO "
                    "UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")
#: Add an actor to an incident's index (portable: SQLite and PostgreSQL).
INSERT_ACTOR_SQL = "INSERT INTO incident_actors VALUES (?, ?) ON CONFLICT DO NOTHING"


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


def open_store(location: str | Path | None = None) -> IncidentStore:
    """Open the store at a file path or a PostgreSQL URL.

    Parameters
    ----------
    location
        A SQLite file, or ``postgresql://user@host/db`` for a shared
        PostgreSQL/PostGIS server; ``$INCIDENTMAP_STORE`` or the default file
        when omitted.

    Returns
    -------
    IncidentStore
        :class:`IncidentStore` or :class:`geo.store.postgres.PostgresStore`.
    """
    where = str(location) if location else os.environ.get("INCIDENTMAP_STORE", "")
    if where.startswith(("postgresql://", "postgres://")):
        from geo.store.postgres import PostgresStore

        return PostgresStore(where)
    return IncidentStore(Path(where) if where else None)


def default_store_path() -> Path:
    """Return the store file: ``$INCIDENTMAP_STORE`` or ``data/build/incidents.sqlite``.

    Returns
    -------
    Path
        Location of the SQLite file.
    """
    override = os.environ.get("INCIDENTMAP_STORE")
    return Path(override) if override else data_dir() / "build" / "incidents.sqlite"


class IncidentStore:
    """SQLite-backed store of articles, incidents and deployments.

    Parameters
    ----------
    path
        SQLite file (created with its folder when missing).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_store_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open the incident store at {self.path}: {exc}") from exc

    @property
    def location(self) -> str:
        """Where the store lives, for messages and cache keys (a file path here).

        Returns
        -------
        str
            The SQLite file.
        """
        return str(self.path)

    @property
    def cache_dir(self) -> Path | None:
        """Folder for caches derived from the store (the point index), beside the file.

        Returns
        -------
        Path or None
            ``<store folder>/cache``.
        """
        return self.path.parent / "cache"

    def _migrate(self) -> None:
        """Run the migrations this file has not seen, each in its own transaction."""
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, "
                        "value TEXT NOT NULL)")
        while (version := self.schema_version()) < SCHEMA_VERSION:
            with self._connect(write=True) as con:
                if int(con.execute("SELECT COALESCE((SELECT value FROM meta WHERE "
                                   "key='schema_version'), 0)").fetchone()[0]) != version:
                    continue  # another process migrated meanwhile
                for statement in _statements(MIGRATIONS[version]):
                    con.execute(statement)
                if version + 1 == 5:
                    _backfill_h3(con)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                            (str(version + 1),))

    def write(self) -> AbstractContextManager[Connection]:
        """Return a write transaction (``BEGIN IMMEDIATE``), committed on success.

        Returns
        -------
        context manager
            Yields the connection; any exception rolls the transaction back.
        """
        return self._connect(write=True)

    def read(self) -> AbstractContextManager[Connection]:
        """Return a read transaction (a consistent snapshot in WAL mode).

        Returns
        -------
        context manager
            Yields the connection.
        """
        return self._connect()

    def schema_version(self) -> int:
        """Return the schema version of the file.

        Returns
        -------
        int
            Number of migrations applied.
        """
        with self._connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[Connection]:
        """Open a connection; ``write`` takes the write lock at once (BEGIN IMMEDIATE)."""
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=60000")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield con
                if write:
                    con.execute(BUMP_VERSION_SQL)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

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

    def point_table(self) -> pa.Table:
        """Return the map's columns of every visible incident as an Arrow table.

        Read through the ADBC SQLite driver straight into Arrow (a million rows
        in about a second); see :class:`geo.query.points.PointIndex`.

        Returns
        -------
        pyarrow.Table
            Columns :data:`geo.query.points.POINT_SCHEMA`.
        """
        import adbc_driver_sqlite.dbapi as adbc

        try:
            with adbc.connect(str(self.path)) as con, con.cursor() as cur:
                cur.execute(POINT_SQL)
                table = cur.fetch_arrow_table()
        except adbc.Error as exc:
            raise StoreError(f"Cannot read the incident store at {self.path}: {exc}") from exc
        return table.cast(POINT_SCHEMA)

    def incidents_by_rowid(self, rowids: Iterable[int]) -> gpd.GeoDataFrame:
        """Return the incidents at the given row ids (positions from the point index).

        Parameters
        ----------
        rowids
            SQLite row ids.

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


def _backfill_h3(con: Connection) -> None:
    """Fill the H3 cell of incidents stored before schema version 5."""
    rows = con.execute("SELECT incident_id, lon, lat FROM incidents WHERE h3 IS NULL").fetchall()
    con.executemany("UPDATE incidents SET h3 = ? WHERE incident_id = ?",
                    [(cell_of(float(lon), float(lat)), iid) for iid, lon, lat in rows])


def _statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (triggers contain ``;`` too)."""
    out: list[str] = []
    buffer = ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                out.append(buffer.strip())
            buffer = ""
    return out


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


def _incident_from_row(row: tuple[object, ...]) -> Incident:
    try:
        return incident_from_values(dict(zip(_INCIDENT_COLS, row, strict=True)))
    except ValueError as exc:
        raise StoreError(f"Corrupt store: {exc}.") from exc


def _deployment_row(d: Deployment) -> tuple[object, ...]:
    basis = f"{d.article_id}|{d.force}|{d.country}|{d.as_of.isoformat()}"
    did = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
    return (did, d.force, d.country, d.troops, d.qualifier, d.as_of.isoformat(), d.article_id,
            d.source, d.quote)
