"""Review: people correct, verify, reject and merge incidents; every change is recorded.

Each function takes the editor's name, writes the change and its history rows
(who, when, field, old and new value) in one transaction, and marks the
edited fields so that a later machine re-run never overwrites them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from geo.core.errors import InputError
from geo.core.hexbin import cell_of
from geo.core.records import Incident, Place
from geo.store.base import BaseStore, Connection
from geo.store.schema import LOCATION_FIELDS
from geo.store.sql import INSERT_ACTOR_SQL
from geo.store.validation import validate_incident

EDITABLE = frozenset({"event_date", "time_precision", "event_type", "actor1", "actor2",
                      "actors", "claimed_by", "fatalities", "injuries", "quote",
                      *LOCATION_FIELDS})
MAX_EDITOR_CHARS = 100


def _editor(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InputError("Type your name before changing an incident: every change records "
                         "who made it.")
    if len(name) > MAX_EDITOR_CHARS:
        raise InputError(f"An editor name is at most {MAX_EDITOR_CHARS} characters.")
    return name


def new_change_id() -> str:
    """Return a fresh id that groups the history rows of one change (for undo).

    Returns
    -------
    str
        32 hex digits.
    """
    return uuid.uuid4().hex


def _record(con: Connection, incident_id: str, at: str, editor: str, action: str,
            field: str, old: Any, new: Any, change_id: str = "") -> None:
    """Append one row to the history (the table refuses updates and deletes)."""
    record_raw(con, incident_id, at, editor, action, field,
               None if old is None else json.dumps(_stored(old)), json.dumps(_stored(new)),
               change_id or new_change_id())


def record_raw(con: Connection, incident_id: str, at: str, editor: str, action: str,
               field: str, old_json: str | None, new_json: str | None, change_id: str,
               undoes: str | None = None) -> None:
    """Append one history row whose values are already JSON text.

    Parameters
    ----------
    con
        Connection inside a write transaction.
    incident_id
        The incident (or, for a deleted article, the article id).
    at, editor, action, field
        When, who, what kind of change, which field.
    old_json, new_json
        Values as JSON text (``None`` for none).
    change_id
        Shared by the rows of one change.
    undoes
        The change an undo row reverts.
    """
    con.execute("INSERT INTO history (incident_id, at, editor, action, field, old_value, "
                "new_value, change_id, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (incident_id, at, editor, action, field, old_json, new_json, change_id,
                 undoes))


def _stored(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _same(old: Any, new: Any) -> bool:
    """Whether an edit leaves a field as it was (floats to the stored precision)."""
    if isinstance(old, float) and isinstance(new, int | float):
        return abs(old - float(new)) < 1e-9
    return bool(_stored(old) == _stored(new))


def edit_incident(store: BaseStore, incident_id: str, changes: Mapping[str, Any],
                  editor: str) -> Incident:
    """Change fields of an incident and record each change.

    Parameters
    ----------
    store
        The store.
    incident_id
        Incident to change.
    changes
        Field -> new value (fields of :data:`EDITABLE`; ``actors`` as a tuple).
    editor
        Name of the person.

    Returns
    -------
    Incident
        The incident after the change.

    Raises
    ------
    InputError
        For an unknown field, an empty editor name, or a value that fails
        :func:`geo.store.validation.validate_incident`.

    Notes
    -----
    A field set to the value it already has is not a change: it writes nothing and
    records no history row (an edit that changes nothing writes nothing at all).
    """
    who = _editor(editor)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InputError(f"Cannot edit {', '.join(sorted(unknown))}: editable fields are "
                         f"{', '.join(sorted(EDITABLE))}.")
    before = store.incident(incident_id)
    values = dict(changes)
    if "event_date" in values and isinstance(values["event_date"], str):
        try:
            values["event_date"] = date.fromisoformat(values["event_date"])
        except ValueError as exc:
            raise InputError(f"Event date {values['event_date']!r} is not YYYY-MM-DD.") from exc
    if "actors" in values:
        values["actors"] = tuple(values["actors"])
    values = {k: v for k, v in values.items() if not _same(getattr(before, k), v)}
    if not values:
        return before  # nothing changed: no write, no history row
    after = replace(before, **values)
    validate_incident(after)
    now = datetime.now(UTC).isoformat()
    change = new_change_id()
    with store.write() as con:
        row = con.execute("SELECT edited_fields, status FROM incidents WHERE incident_id = ?",
                          (incident_id,)).fetchone()
        edited = set(json.loads(row[0])) | set(values)
        status = row[1] if row[1] in ("verified",) else "edited"
        for field, new in values.items():
            old = getattr(before, field)
            con.execute(f"UPDATE incidents SET {field} = ? WHERE incident_id = ?",
                        (_stored(new), incident_id))
            _record(con, incident_id, now, who, "edit", field, old, new, change)
        con.execute("UPDATE incidents SET edited_fields = ?, status = ?, updated_at = ? "
                    "WHERE incident_id = ?", (json.dumps(sorted(edited)), status, now,
                                              incident_id))
        if {"lon", "lat"} & set(values):
            con.execute("UPDATE incidents SET h3 = ? WHERE incident_id = ?",
                        (cell_of(after.lon, after.lat), incident_id))
        if "actors" in values:
            con.execute("DELETE FROM incident_actors WHERE incident_id = ?", (incident_id,))
            con.executemany(INSERT_ACTOR_SQL,
                            [(incident_id, a) for a in after.actors])
    return store.incident(incident_id)


def relocate(store: BaseStore, incident_id: str, place: Place, editor: str,
             near_km: float | None = None) -> Incident:
    """Move an incident to another place (a gazetteer candidate or a clicked point).

    Parameters
    ----------
    store
        The store.
    incident_id
        Incident to move.
    place
        The new place; its precision and radius become the incident's.
    editor
        Name of the person.
    near_km
        When given, the incident is *near* the place (precision 2) by this distance.

    Returns
    -------
    Incident
        The moved incident.
    """
    precision = 2 if near_km is not None and place.precision == 1 else place.precision
    return edit_incident(store, incident_id, {
        "location": f"near {place.name}" if near_km is not None else place.name,
        "admin1": place.admin1, "country": place.country, "geo_precision": precision,
        "uncertainty_km": place.radius_km + (near_km or 0.0), "place_id": place.place_id,
        "lon": place.lon, "lat": place.lat,
    }, editor)


def set_status(store: BaseStore, incident_id: str, status: str, editor: str) -> None:
    """Mark an incident verified or rejected (or back to edited).

    Parameters
    ----------
    store
        The store.
    incident_id
        The incident.
    status
        ``verified``, ``rejected`` or ``edited``.
    editor
        Name of the person.

    Raises
    ------
    InputError
        For another status or an unknown incident.
    """
    who = _editor(editor)
    if status not in ("verified", "rejected", "edited"):
        raise InputError(f"Status {status!r} cannot be set by hand; use verified or rejected.")
    store.incident(incident_id)
    now = datetime.now(UTC).isoformat()
    with store.write() as con:
        old = con.execute("SELECT status FROM incidents WHERE incident_id = ?",
                          (incident_id,)).fetchone()[0]
        if old == status:
            return  # already so: not a change, no history row
        con.execute("UPDATE incidents SET status = ?, updated_at = ? WHERE incident_id = ?",
                    (status, now, incident_id))
        _record(con, incident_id, now, who, "status", "status", old, status)


def merge_incidents(store: BaseStore, keep_id: str, other_id: str, editor: str) -> Incident:
    """Merge two reports of the same event, keeping both sources.

    Parameters
    ----------
    store
        The store.
    keep_id
        The incident that stays (its place and date are kept).
    other_id
        The incident folded into it (marked ``merged``, hidden from the map).
    editor
        Name of the person.

    Returns
    -------
    Incident
        The kept incident, with the union of actors and both sources.
    """
    who = _editor(editor)
    if keep_id == other_id:
        raise InputError("An incident cannot be merged with itself.")
    keep, other = store.incident(keep_id), store.incident(other_id)
    actors = tuple(dict.fromkeys((*keep.actors, *other.actors)))
    now = datetime.now(UTC).isoformat()
    change = new_change_id()
    with store.write() as con:
        old_sources, old_status, old_merged = con.execute(
            "SELECT sources, status, merged_into FROM incidents WHERE incident_id = ?",
            (keep_id,)).fetchone()
        other_status, other_merged = con.execute(
            "SELECT status, merged_into FROM incidents WHERE incident_id = ?",
            (other_id,)).fetchone()
        if other_status == "merged" and other_merged == keep_id:
            return store.incident(keep_id)  # already merged: not a change
        del old_status, old_merged
        sources = json.loads(old_sources)
        sources += [s for s in json.loads(con.execute(
            "SELECT sources FROM incidents WHERE incident_id = ?", (other_id,)).fetchone()[0])
            if s not in sources]
        con.execute("UPDATE incidents SET sources = ?, actors = ?, updated_at = ? "
                    "WHERE incident_id = ?", (json.dumps(sources), "; ".join(actors), now,
                                              keep_id))
        con.executemany(INSERT_ACTOR_SQL,
                        [(keep_id, a) for a in actors])
        con.execute("UPDATE incidents SET status = 'merged', merged_into = ?, updated_at = ? "
                    "WHERE incident_id = ?", (keep_id, now, other_id))
        for incident_id, detail in ((keep_id, other_id), (other_id, keep_id)):
            _record(con, incident_id, now, who, "merge", "merged_with", None, detail, change)
        # What undo needs to take the merge back.
        if json.dumps(sources) != old_sources:
            _record(con, keep_id, now, who, "merge", "sources", old_sources,
                    json.dumps(sources), change)
        if actors != keep.actors:
            _record(con, keep_id, now, who, "merge", "actors", keep.actors, actors, change)
        _record(con, other_id, now, who, "merge", "status", other_status, "merged", change)
        _record(con, other_id, now, who, "merge", "merged_into", other_merged, keep_id,
                change)
    del other
    return store.incident(keep_id)


def sources_of(store: BaseStore, incident_id: str) -> list[dict[str, str]]:
    """Return the articles an incident rests on (several after a merge).

    Parameters
    ----------
    store
        The store.
    incident_id
        The incident.

    Returns
    -------
    list of dict
        ``article_id``, ``source`` and ``url`` of each.
    """
    with store.read() as con:
        row = con.execute("SELECT sources FROM incidents WHERE incident_id = ?",
                          (incident_id,)).fetchone()
    if row is None:
        raise InputError(f"No incident with id {incident_id!r}.")
    sources: list[dict[str, str]] = json.loads(row[0])
    return sources


def history(store: BaseStore, incident_id: str | None = None) -> pd.DataFrame:
    """Return the change history, newest first.

    Parameters
    ----------
    store
        The store.
    incident_id
        One incident's history; all when omitted.

    Returns
    -------
    pandas.DataFrame
        ``at``, ``editor``, ``action``, ``incident_id``, ``field``, ``old_value``, ``new_value``.
    """
    query = ("SELECT at, editor, action, incident_id, field, old_value, new_value FROM history "
             + ("WHERE incident_id = ? " if incident_id else "") + "ORDER BY id DESC")
    with store.read() as con:
        rows = con.execute(query, (incident_id,) if incident_id else ()).fetchall()
    return pd.DataFrame(rows, columns=["at", "editor", "action", "incident_id", "field",
                                       "old_value", "new_value"])


def review_table(store: BaseStore) -> pd.DataFrame:
    """Return every incident with its review state (for the Review page).

    Parameters
    ----------
    store
        The store.

    Returns
    -------
    pandas.DataFrame
        ``incident_id``, ``event_date``, ``event_type``, ``location``, ``actors``,
        ``status``, ``edited_fields``, ``merged_into``.
    """
    with store.read() as con:
        rows = con.execute("SELECT incident_id, event_date, event_type, location, actors, "
                           "status, edited_fields, merged_into FROM incidents "
                           "ORDER BY event_date DESC, incident_id").fetchall()
    return pd.DataFrame(rows, columns=["incident_id", "event_date", "event_type", "location",
                                       "actors", "status", "edited_fields", "merged_into"])
