"""The built-in demo data: loaded only where it cannot be mistaken for real reporting.

The demo articles (``data/demo/articles.jsonl``, written for this project) go
into the default demo store (``data/build/incidents.sqlite`` when no store is
named) or into a store someone explicitly asks for (``incidentmap demo``,
``INCIDENTMAP_DEMO=1``, the Ingest page's demo button) — never silently into a
store named by the user. Their article ids start with ``demo-`` and their
source says "demo", so every table, popup and export shows them as such.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from geo.core.paths import data_dir
from geo.extract.files import load_path
from geo.extract.pipeline import extract_all
from geo.review.view import DEMO_PREFIX
from geo.store.base import BaseStore

DEMO_PATH = data_dir() / "demo" / "articles.jsonl"
DEMO_NOTE = "demo data written for this project, not real reporting"


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
    return store.add(articles, replace(extraction, incidents=marked))


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
        Incidents written (0 when the store was not empty or is a user's store).
    """
    if not demo_wanted(environ) or store.count() > 0 or not DEMO_PATH.exists():
        return 0
    with store.read() as con:
        if con.execute("SELECT COUNT(*) FROM history").fetchone()[0]:
            return 0  # someone worked here (and deleted everything): do not re-seed
    return load_demo(store)
