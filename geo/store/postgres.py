"""The incident store on PostgreSQL/PostGIS, for a newsroom that shares one server.

Same interface and the same SQL as :class:`geo.store.sqlite.IncidentStore` (both are a
:class:`geo.store.base.BaseStore`; the SQL is written to run on both, and only ``?``
placeholders become ``%s`` here), with PostgreSQL's own schema: 64-bit integers,
double precision coordinates, a PostGIS ``geom`` point generated from
``lon``/``lat`` with a GiST index (for QGIS and spatial SQL), and PL/pgSQL triggers
that keep the history append-only. Write transactions take one advisory lock, so
batch ingests and the app serialise their writes as they do on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from geo.query.points import POINT_SCHEMA
from geo.store.base import BaseStore, Connection, StoreError
from geo.store.schema import _INCIDENT_COLS, _INTEGER, _REAL, SCHEMA_VERSION
from geo.store.sql import BUMP_VERSION_SQL, POINT_SQL

#: Advisory lock key taken by every write transaction.
WRITE_LOCK = 7_346_221


def _pg_column(name: str) -> str:
    kind = ("DOUBLE PRECISION" if name in _REAL else "BIGINT" if name in _INTEGER
            else "TEXT")
    return f"{name} {kind}" + (" PRIMARY KEY" if name == "incident_id" else "")


#: The schema at :data:`geo.store.schema.SCHEMA_VERSION`, created at once on an empty database.
BASELINE = f"""
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE articles (
    article_id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL, published TEXT NOT NULL,
    url TEXT, source TEXT, language TEXT, notes TEXT, added_at TEXT NOT NULL, text_hash TEXT);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE TABLE incidents (
    rowid BIGSERIAL UNIQUE,
    {", ".join(_pg_column(c) for c in _INCIDENT_COLS if c not in ("confidence", "evidence"))},
    confidence DOUBLE PRECISION NOT NULL DEFAULT 0.5, evidence TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'machine',
    edited_fields TEXT NOT NULL DEFAULT '[]', merged_into TEXT,
    sources TEXT NOT NULL DEFAULT '[]', h3 BIGINT,
    geom geometry(Point, 4326)
        GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED);
CREATE INDEX incidents_date ON incidents(event_date);
CREATE INDEX incidents_article ON incidents(article_id);
CREATE INDEX incidents_status_date ON incidents(status, event_date);
CREATE INDEX incidents_lat_lon ON incidents(lat, lon);
CREATE INDEX incidents_geom ON incidents USING GIST (geom);
CREATE TABLE incident_actors (
    incident_id TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (actor, incident_id));
CREATE INDEX incident_actors_id ON incident_actors(incident_id);
CREATE TABLE deployments (
    deployment_id TEXT PRIMARY KEY, force TEXT, country TEXT, troops BIGINT, qualifier TEXT,
    as_of TEXT, article_id TEXT, source TEXT, quote TEXT);
CREATE TABLE history (
    id BIGSERIAL PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL,
    editor TEXT NOT NULL, action TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT,
    change_id TEXT, undoes TEXT);
CREATE INDEX history_incident ON history(incident_id);
CREATE INDEX history_editor ON history(editor, id);
CREATE INDEX incidents_status_confidence ON incidents(status, confidence);
CREATE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the history is append-only'; END $$;
CREATE TRIGGER history_no_update BEFORE UPDATE OR DELETE ON history
    FOR EACH ROW EXECUTE FUNCTION history_is_append_only();
CREATE TABLE slides (
    briefing TEXT NOT NULL, position BIGINT NOT NULL, caption TEXT NOT NULL,
    filters TEXT NOT NULL, colour_by TEXT NOT NULL, center_lat DOUBLE PRECISION,
    center_lon DOUBLE PRECISION, zoom BIGINT, PRIMARY KEY (briefing, position));
"""

#: Upgrades of a database created at an older baseline: ``version -> statements`` taking it
#: to ``version + 1`` (the same steps as :data:`geo.store.schema.MIGRATIONS`, in
#: PostgreSQL's types).
UPGRADES: dict[int, tuple[str, ...]] = {
    5: ("ALTER TABLE incidents ADD COLUMN confidence DOUBLE PRECISION NOT NULL DEFAULT 0.5",
        "ALTER TABLE incidents ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE history ADD COLUMN change_id TEXT",
        "ALTER TABLE history ADD COLUMN undoes TEXT",
        "CREATE INDEX IF NOT EXISTS history_editor ON history(editor, id)",
        "CREATE INDEX IF NOT EXISTS incidents_status_confidence ON incidents(status, "
        "confidence)"),
}

_PLACEHOLDER = re.compile(r"\?")


def to_postgres(sql: str) -> str:
    """Return the store's SQL with psycopg's placeholders.

    Parameters
    ----------
    sql
        A statement with ``?`` placeholders (none inside string literals).

    Returns
    -------
    str
        The same statement with ``%s`` placeholders and ``%`` escaped.
    """
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


class _Adapter:
    """A psycopg connection that speaks the ``sqlite3`` calls the store uses."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        cursor = self._con.cursor()
        values = tuple(parameters)
        # Without parameters psycopg sends the text as is (no placeholder or % processing).
        cursor.execute(to_postgres(sql) if values else sql, values or None)
        return cursor

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        rows = [tuple(p) for p in parameters]
        cursor = self._con.cursor()
        if rows:
            cursor.executemany(to_postgres(sql), rows)
        return cursor


class PostgresStore(BaseStore):
    """The incident store on a PostgreSQL server with PostGIS.

    Parameters
    ----------
    dsn
        Connection URL, e.g. ``postgresql://incidentmap@127.0.0.1:5432/incidents``.
    """

    def __init__(self, dsn: str) -> None:
        import psycopg

        self.dsn = dsn
        try:
            self._migrate()
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())
            raise StoreError(f"Cannot open the incident store at {self.location}: {reason}. "
                             "Check that the server runs, the database exists and PostGIS is "
                             "installed.") from exc

    @property
    def location(self) -> str:
        """The connection URL with any password masked.

        Returns
        -------
        str
            E.g. ``postgresql://newsroom:***@db/incidents``.
        """
        return re.sub(r"(//[^:/@]+:)[^@]+@", r"\1***@", self.dsn)

    @property
    def cache_dir(self) -> Path | None:
        """No file cache for a shared server (each app reads the index from it).

        Returns
        -------
        None
            Always.
        """
        return None

    def _migrate(self) -> None:
        with self._connect(write=True) as con:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, "
                        "value TEXT NOT NULL)")
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version == 0:
                con.execute(BASELINE)
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                            (str(SCHEMA_VERSION),))
            elif version > SCHEMA_VERSION:
                raise StoreError(f"{self.location} has schema version {version}, newer than "
                                 f"this program ({SCHEMA_VERSION}); update incidentmap.")
            elif version < SCHEMA_VERSION:
                for step in range(version, SCHEMA_VERSION):
                    if step not in UPGRADES:
                        raise StoreError(f"{self.location} has schema version {version}, "
                                         "too old to upgrade in place; export and re-import.")
                    for statement in UPGRADES[step]:
                        con.execute(statement)
                con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                            (str(SCHEMA_VERSION),))

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[Connection]:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=False) as con:
            if write:
                con.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            adapter = _Adapter(con)
            # psycopg commits on a clean exit and rolls back on an exception.
            yield adapter
            if write:
                adapter.execute(BUMP_VERSION_SQL)

    def point_table(self) -> pa.Table:
        """Return the map's columns of every visible incident as an Arrow table.

        Returns
        -------
        pyarrow.Table
            Columns :data:`geo.query.points.POINT_SCHEMA`.
        """
        with self._connect() as con:
            rows = con.execute(POINT_SQL).fetchall()
        columns: list[Sequence[Any]] = (list(zip(*rows, strict=True)) if rows
                                        else [() for _ in POINT_SCHEMA])
        return pa.table({f.name: pa.array(list(c), type=f.type)
                         for f, c in zip(POINT_SCHEMA, columns, strict=True)})
