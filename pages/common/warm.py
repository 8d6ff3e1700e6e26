"""Warm what the Map page's first run needs, in the background when the server starts.

Streamlit runs no page until a browser connects, so the first journalist
after a start used to pay for the imports (Streamlit's elements, folium,
geopandas, the store's modules), opening the store, reading the point index
and the gazetteer. :func:`lifespan` (the app's ``st.App`` start-up hook)
starts :func:`warm` in a daemon thread and returns at once, so the health
check answers as soon as the server is up. The thread fills the same
``st.cache_resource``/``st.cache_data`` entries the page reads; a page that
runs while it is still working waits on the same locks instead of doing the
work twice.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

_LOG = logging.getLogger("incidentmap.warm")
_started = threading.Event()
#: Seconds each step took in the last warm-up (for the benchmark's log).
TIMINGS: dict[str, float] = {}
done = threading.Event()
#: Set by the Map page once a map has been drawn and reported; the gazetteer waits for it.
map_drawn = threading.Event()
#: Longest wait for :data:`map_drawn` before the gazetteer is loaded anyway.
GAZETTEER_WAIT_S = 30.0
#: Seconds with no page run before the gazetteer is loaded (it holds the CPU ~2 s).
IDLE_S = 4.0
#: Longest wait for such a quiet moment on a busy server.
IDLE_WAIT_S = 600.0
_last_run = [time.monotonic()]


def note_run() -> None:
    """Record that a page run started (``app.py`` calls this on every run)."""
    _last_run[0] = time.monotonic()


def wait_until_idle(idle_s: float | None = None, timeout_s: float | None = None) -> bool:
    """Block until no page has run for ``idle_s`` seconds, or ``timeout_s`` has passed.

    Parameters
    ----------
    idle_s, timeout_s
        Default to :data:`IDLE_S` and :data:`IDLE_WAIT_S`.

    Returns
    -------
    bool
        Whether the server was found idle (``False``: the wait timed out).
    """
    idle_s = IDLE_S if idle_s is None else idle_s
    deadline = time.monotonic() + (IDLE_WAIT_S if timeout_s is None else timeout_s)
    while True:
        now = time.monotonic()
        quiet_for = now - _last_run[0]
        if quiet_for >= idle_s:
            return True
        if now >= deadline:
            return False
        time.sleep(min(idle_s - quiet_for, deadline - now) + 0.05)


def _step(name: str, func: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    try:
        return func()
    except Exception:  # warm-up is an optimisation: the page reports errors itself
        _LOG.exception("warm-up step %s failed", name)
        return None
    finally:
        TIMINGS[name] = round(time.perf_counter() - t0, 3)


def _imports() -> None:
    import folium.plugins  # noqa: F401

    import geo.core.hexbin
    import geo.map.briefing
    import geo.map.render  # noqa: F401
    import pages.common.maplayers  # noqa: F401
    from pages.common.fastmap import ensure_registered

    # streamlit-folium was imported here, outside a script run: tell the server about
    # its component (the Briefing page's st_folium uses it too).
    ensure_registered()


def _freeze() -> None:
    """Move what the warm-up loaded out of the garbage collector's sight.

    Streamlit runs a full collection after every script run, and its cost
    grows with every object alive: the gazetteer's, the point index's, the
    imported modules'. Those live as long as the server, so
    :func:`gc.freeze` puts them in the permanent generation and each later
    collection only looks at what the page runs made since.
    """
    gc.collect()
    gc.freeze()


def warm() -> None:
    """Do the Map page's first-run work: imports, store, index, facets, the first view.

    Once the first map is drawn, the incident files of
    :func:`pages.common.maplayers.warm_files` are written (for a store large enough
    to need them), so the first filter change does not wait for them.

    The gazetteer (for the overlays, Ingest and Review; the first view needs
    it only for a region whose shape is not in
    :func:`pages.common.maplayers.region_shapes` yet) is loaded last, once the first
    map has been drawn (or after :data:`GAZETTEER_WAIT_S`) and no page has run for
    :data:`IDLE_S`, so it takes the CPU from neither the first journalist's page
    load nor their first filter changes. Then what the warm-up loaded is frozen
    out of the garbage collector's scans (:func:`_freeze`).
    """
    _step("imports", _imports)
    from pages.common import maplayers as _maplayers
    from pages.common import shared as _shared

    _step("store", _shared.store)
    _step("index", _shared.point_index)
    _step("facets", _shared.store_facets)
    _step("online", _shared.online)
    _step("labels", _shared.ensure_labels)
    _step("first view", _maplayers.warm_first_view)
    done.set()
    map_drawn.wait(GAZETTEER_WAIT_S)
    # What a first filter change of a large store needs (incidents sent once as files).
    _step("incident files", _maplayers.warm_files)
    # The gazetteer is for other pages and overlays: load it in a quiet moment, so the
    # journalist's first filter changes do not share the CPU with it.
    _step("wait for idle", wait_until_idle)
    _step("gazetteer", _shared.gazetteer)
    _step("freeze", _freeze)
    _LOG.info("warm-up done: %s", TIMINGS)


def start() -> bool:
    """Start :func:`warm` in a daemon thread, once per process.

    Returns
    -------
    bool
        Whether this call started it.
    """
    if _started.is_set():
        return False
    _started.set()
    threading.Thread(target=warm, name="incidentmap-warm", daemon=True).start()
    return True


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """The server's start-up hook: start the warm-up and return at once."""
    del app
    start()
    yield None
