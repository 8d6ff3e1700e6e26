"""Open the incident store a location names: a SQLite file or a PostgreSQL URL.

Kept apart from both backends so that neither imports the other: the caller names a
location, and :func:`open_store` picks :class:`geo.store.sqlite.IncidentStore` or
:class:`geo.store.postgres.PostgresStore`.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.store.base import BaseStore
from geo.store.sqlite import IncidentStore


def open_store(location: str | Path | None = None) -> BaseStore:
    """Open the store at a file path or a PostgreSQL URL.

    Parameters
    ----------
    location
        A SQLite file, or ``postgresql://user@host/db`` for a shared
        PostgreSQL/PostGIS server; ``$INCIDENTMAP_STORE`` or the default file
        when omitted.

    Returns
    -------
    BaseStore
        :class:`~geo.store.sqlite.IncidentStore` or
        :class:`~geo.store.postgres.PostgresStore`.
    """
    where = str(location) if location else os.environ.get("INCIDENTMAP_STORE", "")
    if where.startswith(("postgresql://", "postgres://")):
        from geo.store.postgres import PostgresStore

        return PostgresStore(where)
    return IncidentStore(Path(where) if where else None)
