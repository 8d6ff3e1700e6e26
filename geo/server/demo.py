"""The built-in demo data: loaded only where it cannot be mistaken for real reporting.

The demo articles (``data/demo/articles.jsonl``, written for this project) go
into the default demo store (``data/build/incidents.sqlite`` when no store is
named) or into a store someone explicitly asks for (``incidentmap demo``,
``INCIDENTMAP_DEMO=1``, the Ingest page's demo button) — never silently into a
store named by the user. Their article ids start with ``demo-`` and their
source says "demo", so every table, popup and export shows them as such.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from geo.core.paths import data_dir
from geo.extract.files import load_path
from geo.extract.pipeline import extract_all
from geo.gazetteer.build import inputs_stamp
from geo.review.view import DEMO_PREFIX
from geo.store.base import BaseStore

DEMO_PATH = data_dir() / "demo" / "articles.jsonl"
DEMO_NOTE = "demo data written for this project, not real reporting"
#: The store's ``meta`` key holding the :func:`extraction_stamp` its demo data was made with.
DEMO_STAMP_KEY = "demo_extraction_stamp"
#: The packages whose code decides what an article's incidents are.
_EXTRACTION_PACKAGES = ("extract", "reading")


def extraction_stamp() -> str:
    """Return a hash of what the demo incidents are made from.

    The demo articles, the extraction code (``geo.extract``, ``geo.reading``),
    the actor table and the gazetteer's inputs: when any of them changes, the
    demo incidents of an existing store are made again.

    Returns
    -------
    str
        SHA-256 hex digest.
    """
    digest = hashlib.sha256(inputs_stamp().encode())
    geo_dir = Path(__file__).resolve().parents[1]
    paths = [p for pkg in _EXTRACTION_PACKAGES for p in sorted((geo_dir / pkg).glob("*.py"))]
    for path in [*paths, data_dir() / "actors.csv", DEMO_PATH]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def demo_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the app may seed an empty store with the demo data.

    Parameters
    ----------
    environ
        Environment (``os.environ`` by default).

    Returns
    -------
    bool
        True for the default store (no ``$INCIDENTMAP_STORE``) or when
        ``$INCIDENTMAP_DEMO`` is ``1``/``true``/``yes``.
    """
    env = os.environ if environ is None else environ
    if env.get("INCIDENTMAP_DEMO", "").strip().lower() in ("1", "true", "yes"):
        return True
    return not env.get("INCIDENTMAP_STORE", "").strip()


def load_demo(store: BaseStore, path: Path | None = None) -> int:
    """Load the demo articles into a store, marked as demo data.

    Parameters
    ----------
    store
        The store.
    path
        The demo file; :data:`DEMO_PATH` by default.

    Returns
    -------
    int
        Incidents written.
    """
    articles = []
    for article in load_path(path or DEMO_PATH):
        article_id = (article.article_id if article.article_id.startswith(DEMO_PREFIX)
                      else DEMO_PREFIX + article.article_id)
        source = article.source if "demo" in article.source.lower() else \
            f"DEMO · {article.source or 'incidentmap'}"
        articles.append(replace(article, article_id=article_id, source=source))
    extraction = extract_all(articles)
    marked = tuple(replace(i, notes=(*i.notes, DEMO_NOTE)) for i in extraction.incidents)
    written = store.add(articles, replace(extraction, incidents=marked))
    _write_stamp(store, extraction_stamp())
    return written


def _stored_stamp(store: BaseStore) -> str | None:
    with store.read() as con:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (DEMO_STAMP_KEY,)).fetchone()
    return str(row[0]) if row else None


def _write_stamp(store: BaseStore, stamp: str) -> None:
    with store.write() as con:
        con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                    "value = excluded.value", (DEMO_STAMP_KEY, stamp))


def refresh_demo_if_stale(store: BaseStore) -> int:
    """Make a store's demo incidents again when the extraction has changed since.

    Only a store that holds demo articles is touched. Re-adding them through
    :meth:`~geo.store.base.BaseStore.add` keeps what reviewers did: fields a
    person edited, rejected or merged incidents stay as they are, and only
    machine-made incidents the new extraction no longer finds are removed.

    Parameters
    ----------
    store
        The app's store.

    Returns
    -------
    int
        Demo incidents written (0 when the store has no demo data or it is current).
    """
    with store.read() as con:
        has_demo = con.execute("SELECT 1 FROM articles WHERE article_id LIKE ? LIMIT 1",
                               (DEMO_PREFIX + "%",)).fetchone()
    if not has_demo or not DEMO_PATH.exists():
        return 0
    if _stored_stamp(store) == extraction_stamp():
        return 0
    return load_demo(store)


def seed_if_wanted(store: BaseStore, environ: Mapping[str, str] | None = None) -> int:
    """Seed an empty store with the demo data when :func:`demo_wanted` allows it.

    Parameters
    ----------
    store
        The app's store.
    environ
        Environment (``os.environ`` by default).

    Returns
    -------
    int
        Incidents written (0 when the store is a user's store, or holds data and
        its demo incidents, if any, are current). A store that holds demo data
        made by an older extraction gets it again (:func:`refresh_demo_if_stale`).
    """
    if not demo_wanted(environ) or not DEMO_PATH.exists():
        return 0
    if store.count() > 0:
        return refresh_demo_if_stale(store)
    with store.read() as con:
        if con.execute("SELECT COUNT(*) FROM history").fetchone()[0]:
            return 0  # someone worked here (and deleted everything): do not re-seed
    return load_demo(store)
