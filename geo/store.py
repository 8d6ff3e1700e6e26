"""Persistent incident store on SQLite (WAL mode), the app's and CLI's single source.

Tables: ``articles``, ``incidents`` (the documented schema, one row per
``incident_id``), ``deployments``, and ``meta`` (schema version). Ingest is
an upsert keyed by stable ids, so re-ingesting an article does not duplicate
its incidents. Every write is one transaction: a failure leaves the store as
it was. Values are always bound as SQL parameters, never formatted into SQL.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import IncidentMapError
from geo.frame import LIST_SEPARATOR, deployments_to_frame, incidents_to_frame
from geo.paths import data_dir
from geo.pipeline import Extraction
from geo.records import INCIDENT_COLUMNS, Article, Deployment, Incident

SCHEMA_VERSION = 1
_INCIDENT_COLS = [*INCIDENT_COLUMNS, "lon", "lat"]
_REAL = {"uncertainty_km", "lon", "lat"}
_INTEGER = {"geo_precision", "fatalities", "injuries"}


def _column_sql(name: str) -> str:
    kind = "REAL" if name in _REAL else "INTEGER" if name in _INTEGER else "TEXT"
    return f"{name} {kind}" + (" PRIMARY KEY" if name == "incident_id" else "")


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL, published TEXT NOT NULL,
    url TEXT, source TEXT, language TEXT, notes TEXT, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents (
    {", ".join(_column_sql(c) for c in _INCIDENT_COLS)},
    updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents(event_date);
CREATE INDEX IF NOT EXISTS incidents_article ON incidents(article_id);
CREATE TABLE IF NOT EXISTS deployments (
    deployment_id TEXT PRIMARY KEY, force TEXT, country TEXT, troops INTEGER, qualifier TEXT,
    as_of TEXT, article_id TEXT, source TEXT, quote TEXT);
"""


class StoreError(IncidentMapError):
    """The store cannot be opened or written."""


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
            with self._connect() as con:
                con.executescript(_SCHEMA)
                con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                            (str(SCHEMA_VERSION),))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open the incident store at {self.path}: {exc}") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=30000")
            with con:
                yield con
        finally:
            con.close()

    def add(self, articles: Iterable[Article], extraction: Extraction) -> int:
        """Store articles with their incidents and deployments in one transaction.

        Parameters
        ----------
        articles
            The articles the extraction came from.
        extraction
            Output of :func:`geo.pipeline.extract_all`.

        Returns
        -------
        int
            Number of incidents written (inserted or updated).
        """
        now = datetime.now(UTC).isoformat()
        with self._connect() as con:
            con.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(article_id) DO "
                "UPDATE SET title=excluded.title, text=excluded.text, "
                "published=excluded.published, url=excluded.url, source=excluded.source, "
                "language=excluded.language, notes=excluded.notes",
                [(a.article_id, a.title, a.text, a.published.isoformat(), a.url, a.source,
                  a.language, json.dumps(list(a.notes)), now) for a in articles])
            con.executemany(
                f"INSERT INTO incidents ({', '.join(_INCIDENT_COLS)}, updated_at) VALUES "
                f"({', '.join('?' * (len(_INCIDENT_COLS) + 1))}) ON CONFLICT(incident_id) DO "
                f"UPDATE SET {', '.join(f'{c}=excluded.{c}' for c in _INCIDENT_COLS[1:])}, "
                "updated_at=excluded.updated_at",
                [(*_incident_row(i), now) for i in extraction.incidents])
            con.executemany(
                "INSERT OR REPLACE INTO deployments VALUES (?,?,?,?,?,?,?,?,?)",
                [_deployment_row(d) for d in extraction.deployments])
        return len(extraction.incidents)

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
            Row count and latest ``updated_at``.
        """
        with self._connect() as con:
            n, latest = con.execute("SELECT COUNT(*), MAX(updated_at) FROM incidents").fetchone()
        return f"{n}:{latest}"

    def incidents(self) -> gpd.GeoDataFrame:
        """Return every stored incident as the schema GeoDataFrame.

        Returns
        -------
        geopandas.GeoDataFrame
            Columns :data:`~geo.records.INCIDENT_COLUMNS` + ``geometry``.
        """
        with self._connect() as con:
            rows = con.execute(f"SELECT {', '.join(_INCIDENT_COLS)} FROM incidents "
                               "ORDER BY event_date, incident_id").fetchall()
        return incidents_to_frame(_incident_from_row(r) for r in rows)

    def deployments(self, country_points: dict[str, tuple[float, float]]) -> gpd.GeoDataFrame:
        """Return stored troop figures as points at their countries.

        Parameters
        ----------
        country_points
            ``iso2 -> (lon, lat)``.

        Returns
        -------
        geopandas.GeoDataFrame
            See :func:`geo.frame.deployments_to_frame`.
        """
        with self._connect() as con:
            rows = con.execute("SELECT force, country, troops, qualifier, as_of, article_id, "
                               "source, quote FROM deployments ORDER BY as_of").fetchall()
        deps = [Deployment(r[0], r[1], int(r[2]), r[3], pd.Timestamp(r[4]).date(), r[5], r[6],
                           r[7]) for r in rows]
        return deployments_to_frame(deps, country_points)


def _incident_row(i: Incident) -> tuple[object, ...]:
    values: dict[str, object] = {c: getattr(i, c) for c in INCIDENT_COLUMNS}
    values["actors"] = LIST_SEPARATOR.join(i.actors)
    values["notes"] = LIST_SEPARATOR.join(i.notes)
    values["published"] = i.published.isoformat()
    values["event_date"] = i.event_date.isoformat()
    values["lon"], values["lat"] = i.lon, i.lat
    return tuple(values[c] for c in _INCIDENT_COLS)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    raise StoreError(f"Corrupt store: expected a number, found {value!r}.")


def _optional_int(value: object) -> int | None:
    return None if value is None else int(_number(value))


def _incident_from_row(row: tuple[object, ...]) -> Incident:
    v = dict(zip(_INCIDENT_COLS, row, strict=True))

    def split(value: object) -> tuple[str, ...]:
        return tuple(p for p in _text(value).split(LIST_SEPARATOR) if p)

    precision = int(_number(v["geo_precision"]))
    time_precision = _text(v["time_precision"])
    return Incident(
        incident_id=_text(v["incident_id"]), article_id=_text(v["article_id"]),
        source=_text(v["source"]), url=_text(v["url"]),
        published=datetime.fromisoformat(_text(v["published"])),
        event_date=datetime.fromisoformat(_text(v["event_date"])).date(),
        time_precision="day" if time_precision == "day" else
        "month" if time_precision == "month" else "week",
        event_type=_text(v["event_type"]), actor1=_text(v["actor1"]),
        actor2=_text(v["actor2"]), actors=split(v["actors"]),
        claimed_by=_text(v["claimed_by"]), location=_text(v["location"]),
        admin1=_text(v["admin1"]), country=_text(v["country"]),
        geo_precision=1 if precision == 1 else 2 if precision == 2 else 3,
        uncertainty_km=_number(v["uncertainty_km"]),
        lon=_number(v["lon"]), lat=_number(v["lat"]), quote=_text(v["quote"]),
        fatalities=_optional_int(v["fatalities"]), injuries=_optional_int(v["injuries"]),
        place_id=_text(v["place_id"]), notes=split(v["notes"]),
    )


def _deployment_row(d: Deployment) -> tuple[object, ...]:
    import hashlib

    basis = f"{d.article_id}|{d.force}|{d.country}|{d.as_of.isoformat()}"
    did = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
    return (did, d.force, d.country, d.troops, d.qualifier, d.as_of.isoformat(), d.article_id,
            d.source, d.quote)
