"""Changes of whole rows and their undo: deletion, incidents added by hand, undo.

Every function that writes takes the editor's name and writes the change with its
history rows in one transaction. The rows of one change share a ``change_id``;
:func:`undo_last` reverts an editor's latest change that is not yet undone and
records the undo as a change of its own (the history stays append-only). A
deletion keeps the deleted rows in the history, so it can be undone and the
history says what was deleted and by whom; :func:`recent_changes` lists the latest
history rows of everyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from geo.core.errors import InputError
from geo.core.hexbin import cell_of
from geo.core.records import Incident
from geo.review.edits import EDITABLE, _editor, new_change_id, record_raw
from geo.store.base import BaseStore, Connection
from geo.store.schema import _INCIDENT_COLS
from geo.store.sql import INSERT_ACTOR_SQL, _incident_row, _sources_json
from geo.store.validation import validate_incident

#: Columns an undo may set back (the editable fields and the review state).
RESTORABLE = frozenset({*EDITABLE, "status", "merged_into", "sources", "edited_fields"})
#: Columns of a stored incident row that the database makes itself (never re-inserted).
_GENERATED = frozenset({"rowid", "geom"})


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What an undo did.

    Attributes
    ----------
    change_id
        The change that was reverted.
    action
        Its kind (``edit``, ``status``, ``merge``, ``delete``, ``add``).
    incidents
        Ids of the incidents it touched.
    summary
        One line for the reviewer.
    """

    change_id: str
    action: str
    incidents: tuple[str, ...]
    summary: str


def _row_dict(con: Connection, sql: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
    cursor = con.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    names = [d[0] for d in cursor.description]
    return {n: v for n, v in zip(names, row, strict=True) if n not in _GENERATED}


def _rows(con: Connection, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [{n: v for n, v in zip(names, row, strict=True) if n not in _GENERATED}
            for row in cursor.fetchall()]


def _insert(con: Connection, table: str, values: dict[str, Any]) -> None:
    cols = list(values)
    con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                f"({', '.join('?' * len(cols))})", [values[c] for c in cols])


def _drop_incident(con: Connection, incident_id: str) -> None:
    con.execute("DELETE FROM incidents WHERE incident_id = ?", (incident_id,))
    con.execute("DELETE FROM incident_actors WHERE incident_id = ?", (incident_id,))


def _restore_incident(con: Connection, snapshot: dict[str, Any]) -> None:
    _insert(con, "incidents", snapshot)
    actors = [a for a in str(snapshot.get("actors") or "").split("; ") if a]
    con.executemany(INSERT_ACTOR_SQL, [(snapshot["incident_id"], a) for a in actors])


def delete_incident(store: BaseStore, incident_id: str, editor: str) -> str:
    """Delete one incident; the history keeps the deleted row and who deleted it.

    Parameters
    ----------
    store
        The store.
    incident_id
        The incident.
    editor
        Name of the person.

    Returns
    -------
    str
        The change id (for :func:`undo_last`).

    Raises
    ------
    InputError
        For an empty editor name or an unknown incident.
    """
    who = _editor(editor)
    now = datetime.now(UTC).isoformat()
    change = new_change_id()
    with store.write() as con:
        snapshot = _row_dict(con, "SELECT * FROM incidents WHERE incident_id = ?",
                             (incident_id,))
        if snapshot is None:
            raise InputError(f"No incident with id {incident_id!r} to delete.")
        _drop_incident(con, incident_id)
        record_raw(con, incident_id, now, who, "delete", "incident", json.dumps(snapshot),
                   None, change)
    return change


def delete_article(store: BaseStore, article_id: str, editor: str) -> int:
    """Delete an article with its incidents and troop figures, keeping them in the history.

    Parameters
    ----------
    store
        The store.
    article_id
        The article.
    editor
        Name of the person.

    Returns
    -------
    int
        Number of incidents deleted with it.

    Raises
    ------
    InputError
        For an empty editor name or an unknown article.
    """
    who = _editor(editor)
    now = datetime.now(UTC).isoformat()
    change = new_change_id()
    with store.write() as con:
        row = _row_dict(con, "SELECT * FROM articles WHERE article_id = ?", (article_id,))
        if row is None:
            raise InputError(f"No article with id {article_id!r} to delete.")
        deployments = _rows(con, "SELECT * FROM deployments WHERE article_id = ?",
                            (article_id,))
        incidents = _rows(con, "SELECT * FROM incidents WHERE article_id = ?", (article_id,))
        record_raw(con, article_id, now, who, "delete", "article",
                   json.dumps({"article": row, "deployments": deployments}), None, change)
        for snapshot in incidents:
            _drop_incident(con, str(snapshot["incident_id"]))
            record_raw(con, str(snapshot["incident_id"]), now, who, "delete", "incident",
                       json.dumps(snapshot), None, change)
        con.execute("DELETE FROM deployments WHERE article_id = ?", (article_id,))
        con.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
    return len(incidents)


def add_incident(store: BaseStore, incident: Incident, editor: str) -> Incident:
    """Store an incident a person added (one the machine missed).

    It is stored as ``edited`` with every field marked as a person's, so a
    re-ingest of its article neither removes nor overwrites it.

    Parameters
    ----------
    store
        The store.
    incident
        The record (see :func:`geo.review.queue.incident_from_sentence`).
    editor
        Name of the person.

    Returns
    -------
    Incident
        The stored incident.

    Raises
    ------
    InputError
        For an empty editor name, a record that fails validation, or an id
        already stored.
    """
    who = _editor(editor)
    validate_incident(incident)
    now = datetime.now(UTC).isoformat()
    change = new_change_id()
    with store.write() as con:
        if con.execute("SELECT 1 FROM incidents WHERE incident_id = ?",
                       (incident.incident_id,)).fetchone() is not None:
            raise InputError(f"{incident.event_type} at {incident.location} on "
                             f"{incident.event_date} is already stored for this article.")
        values = dict(zip(_INCIDENT_COLS, _incident_row(incident), strict=True))
        values.update(updated_at=now, sources=_sources_json(incident), status="edited",
                      edited_fields=json.dumps(sorted(EDITABLE)),
                      h3=cell_of(incident.lon, incident.lat))
        _insert(con, "incidents", values)
        con.executemany(INSERT_ACTOR_SQL, [(incident.incident_id, a) for a in incident.actors])
        record_raw(con, incident.incident_id, now, who, "add", "incident", None,
                   json.dumps(values), change)
    return store.incident(incident.incident_id)


def _last_change(con: Connection, editor: str) -> str | None:
    row = con.execute(
        "SELECT change_id FROM history h WHERE editor = ? AND action != 'undo' AND "
        "change_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM history u WHERE "
        "u.undoes = h.change_id) ORDER BY id DESC LIMIT 1", (editor,)).fetchone()
    return None if row is None else str(row[0])


def undo_last(store: BaseStore, editor: str) -> UndoResult:
    """Revert the editor's latest change that is not undone yet.

    Repeated calls step further back through the editor's own changes. An edit
    is not reverted over a later change by someone else to the same field.

    Parameters
    ----------
    store
        The store.
    editor
        Name of the person (only their own changes are undone).

    Returns
    -------
    UndoResult
        What was reverted.

    Raises
    ------
    InputError
        When the editor has nothing left to undo, or a field changed since.
    """
    who = _editor(editor)
    now = datetime.now(UTC).isoformat()
    undo_id = new_change_id()
    with store.write() as con:
        change = _last_change(con, who)
        if change is None:
            raise InputError(f"{who} has no change left to undo.")
        rows = con.execute("SELECT incident_id, action, field, old_value, new_value FROM "
                           "history WHERE change_id = ? ORDER BY id DESC",
                           (change,)).fetchall()
        touched: list[str] = []
        for incident_id, action, field, old_json, new_json in rows:
            incident_id = str(incident_id)
            if action == "delete" and field == "incident":
                _restore_incident(con, json.loads(old_json))
            elif action == "delete" and field == "article":
                saved = json.loads(old_json)
                _insert(con, "articles", saved["article"])
                for dep in saved["deployments"]:
                    con.execute("DELETE FROM deployments WHERE deployment_id = ?",
                                (dep["deployment_id"],))
                    _insert(con, "deployments", dep)
            elif action == "add" and field == "incident":
                _drop_incident(con, incident_id)
            elif field in RESTORABLE:
                _revert_field(con, incident_id, field, old_json, new_json)
            else:
                continue  # informative rows (merged_with) need nothing
            record_raw(con, incident_id, now, who, "undo", field, new_json, old_json,
                       undo_id, undoes=change)
            if incident_id not in touched and field != "article":
                touched.append(incident_id)
        action = str(rows[-1][1]) if rows else "change"
    what = {"delete": "deletion", "add": "added incident", "status": "status change",
            "merge": "merge", "edit": "edit"}.get(action, action)
    count = len(touched)
    return UndoResult(change, action, tuple(touched),
                      f"Undid the {what} of {count} incident{'s' if count != 1 else ''}.")


def _revert_field(con: Connection, incident_id: str, field: str, old_json: str | None,
                  new_json: str | None) -> None:
    row = con.execute(f"SELECT {field} FROM incidents WHERE incident_id = ?",
                      (incident_id,)).fetchone()
    if row is None:
        raise InputError(f"Cannot undo: incident {incident_id} is no longer stored.")
    new = None if new_json is None else json.loads(new_json)
    current = row[0]
    same = (abs(float(current) - float(new)) < 1e-9
            if isinstance(current, int | float) and isinstance(new, int | float)
            else current == new)
    if not same:
        raise InputError(f"Cannot undo the change of {field}: it was changed again since "
                         f"(now {current!r}).")
    old = None if old_json is None else json.loads(old_json)
    con.execute(f"UPDATE incidents SET {field} = ? WHERE incident_id = ?", (old, incident_id))
    if field in ("lon", "lat"):
        lon, lat = con.execute("SELECT lon, lat FROM incidents WHERE incident_id = ?",
                               (incident_id,)).fetchone()
        con.execute("UPDATE incidents SET h3 = ? WHERE incident_id = ?",
                    (cell_of(float(lon), float(lat)), incident_id))
    if field == "actors":
        con.execute("DELETE FROM incident_actors WHERE incident_id = ?", (incident_id,))
        con.executemany(INSERT_ACTOR_SQL, [(incident_id, a) for a in str(old or "").split("; ")
                                           if a])


def recent_changes(store: BaseStore, limit: int = 50) -> pd.DataFrame:
    """Return the latest history rows of everyone, newest first (deletions included).

    Parameters
    ----------
    store
        The store.
    limit
        At most this many rows.

    Returns
    -------
    pandas.DataFrame
        ``at``, ``editor``, ``action``, ``incident_id``, ``field``, ``old_value``,
        ``new_value``.
    """
    with store.read() as con:
        rows = con.execute("SELECT at, editor, action, incident_id, field, old_value, "
                           "new_value FROM history ORDER BY id DESC LIMIT ?",
                           (int(limit),)).fetchall()
    return pd.DataFrame(rows, columns=["at", "editor", "action", "incident_id", "field",
                                       "old_value", "new_value"])
