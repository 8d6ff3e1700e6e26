"""The store's tables: incident columns, the SQLite migrations and the schema version.

Tables: ``articles``, ``incidents`` (the documented schema plus review
state: ``status``, ``edited_fields``, ``merged_into``, ``sources``),
``incident_actors`` (actor index), ``deployments``, ``slides``, ``history``
(append-only, enforced by triggers) and ``meta`` (schema version; :data:`MIGRATIONS`
bring older files up to date). :mod:`geo.store.sqlite` runs :data:`MIGRATIONS`;
:mod:`geo.store.postgres` creates the same tables at :data:`SCHEMA_VERSION` in
PostgreSQL's types.
"""

from __future__ import annotations

from geo.core.records import INCIDENT_COLUMNS

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
#: The H3 cell of each incident, for aggregation in SQL (filled by
#: :func:`geo.store.sqlite._backfill_h3`).
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
