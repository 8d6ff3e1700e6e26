"""Persistent incident store on SQLite (WAL mode), the app's and CLI's default store.

The store's reads and writes are :class:`geo.store.base.BaseStore`'s; this module
adds the SQLite file, its migrations (:data:`geo.store.schema.MIGRATIONS`, each in
its own transaction) and the point table read through ADBC. Every write is one
``BEGIN IMMEDIATE`` transaction in WAL mode: a crash leaves the store as of the last
commit, and several processes can write at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from geo.core.hexbin import cell_of
from geo.core.paths import data_dir
from geo.query.points import POINT_SCHEMA
from geo.store.base import BaseStore, Connection, StoreError
from geo.store.schema import MIGRATIONS, SCHEMA_VERSION
from geo.store.sql import BUMP_VERSION_SQL, POINT_SQL


def default_store_path() -> Path:
    """Return the store file: ``$INCIDENTMAP_STORE`` or ``data/build/incidents.sqlite``.

    Returns
    -------
    Path
        Location of the SQLite file.
    """
    override = os.environ.get("INCIDENTMAP_STORE")
    return Path(override) if override else data_dir() / "build" / "incidents.sqlite"


class IncidentStore(BaseStore):
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
