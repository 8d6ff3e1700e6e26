"""Widgets and cached resources shared by the pages (reads widgets, calls geo)."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.core.paths import data_dir
from geo.gazetteer.index import Gazetteer, load_gazetteer
from geo.map.assets import STATIC_DIR
from geo.map.labels import LABEL_FILE, write_label_file
from geo.query.filters import IncidentFilter, to_query
from geo.query.points import Facets, PointIndex, cached_index
from geo.server.demo import seed_if_wanted
from geo.store.base import BaseStore
from geo.store.open import open_store

DEMO_PATH = data_dir() / "demo" / "articles.jsonl"
FILTER_KEYS = ("f_dates", "f_actors", "f_types", "f_countries", "f_admin1", "f_precision")


@st.cache_resource(show_spinner="Loading the gazetteer …")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@st.cache_resource(show_spinner=False)
def ensure_labels() -> Path:
    """The served label file (written once from the gazetteer when set-up has not)."""
    path = STATIC_DIR / LABEL_FILE
    if not path.exists():
        write_label_file(gazetteer(), STATIC_DIR)
    return path


@st.cache_resource
def store() -> BaseStore:
    s = open_store()
    seed_if_wanted(s)  # demo data only in the default store or with INCIDENTMAP_DEMO=1
    return s


@st.cache_resource(show_spinner="Indexing the incidents …", max_entries=2)
def _index_cached(path: str, version: str) -> PointIndex:
    del path, version
    s = store()
    # A file cache beside a SQLite store: a restarted app skips re-reading a large store.
    return cached_index(s, s.cache_dir)


def point_index() -> PointIndex:
    """The map's columns of every visible incident, in memory (one copy per store version)."""
    s = store()
    return _index_cached(s.location, s.version())


@st.cache_data(show_spinner=False, max_entries=4)
def _facets_cached(path: str, version: str) -> Facets:
    del path, version
    return point_index().facets()


def store_facets() -> Facets:
    """Filter options of the stored incidents (cached per store version)."""
    s = store()
    return _facets_cached(s.location, s.version())


@st.cache_data(show_spinner=False, max_entries=32)
def _filtered_cached(path: str, version: str, flt: IncidentFilter) -> gpd.GeoDataFrame:
    del path, version
    index = point_index()
    return store().incidents_by_rowid(index.rowid[index.mask(flt)])


def filtered(flt: IncidentFilter) -> gpd.GeoDataFrame:
    """The incidents a filter keeps (cached per store version)."""
    s = store()
    return _filtered_cached(s.location, s.version(), flt)


def deployments() -> gpd.GeoDataFrame:
    return store().deployments(gazetteer().country_points())


@st.cache_data(ttl=300, show_spinner=False)
def online() -> bool:
    """Whether map tiles can be fetched (a TCP connection to the OSM tile server)."""
    try:
        with socket.create_connection(("tile.openstreetmap.org", 443), timeout=1.0):
            return True
    except OSError:
        return False


def keep_filter_state() -> None:
    """Keep filter widget values when switching pages (Streamlit drops unrendered keys)."""
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _apply_link_once(fac: Facets) -> None:
    """On a session's first run, set the filter widgets from the URL; keep what it dropped."""
    from pages.common.links import apply_link_once

    apply_link_once(fac)


def sync_link(flt: IncidentFilter) -> str:
    """Write the filter into the page URL and return the full link to this view."""
    keep = {k: st.query_params.get_all(k) for k in ("focus",) if k in st.query_params}
    st.query_params.from_dict({**to_query(flt), **keep})
    base = (st.context.url or "").split("?")[0]
    query = "&".join(f"{k}={quote(v)}" for k, vs in {**to_query(flt), **keep}.items()
                     for v in vs)
    return f"{base}?{query}" if query else base


def prepare_filters(fac: Facets) -> tuple[date, date]:
    """Set the filter state before any widget: the link, a pending window, valid dates.

    Returns the date range the slider offers.
    """
    keep_filter_state()
    _apply_link_once(fac)
    pending = st.session_state.pop("pending_window", None)
    if pending is not None:
        st.session_state["f_dates"] = pending
    lo = fac.first_day or date.today()
    hi = fac.last_day or lo
    if lo == hi:
        hi = lo + pd.Timedelta(days=1)
    current = st.session_state.get("f_dates")
    if not current or current[0] < lo or current[1] > hi or current[0] > current[1]:
        st.session_state["f_dates"] = (lo, hi)
    return lo, hi


def _chosen(key: str) -> tuple[Any, ...]:
    return tuple(st.session_state.get(key) or ())


def filters_from_state() -> IncidentFilter:
    """The filter the sidebar's widgets will return, read before they are drawn.

    Call :func:`prepare_filters` first. A page can then draw its main content
    before the widgets (the browser shows it sooner) and check afterwards, with
    :func:`render_filters`, that the widgets agreed.
    """
    start, end = st.session_state["f_dates"]
    return IncidentFilter(start=start, end=end, actors=_chosen("f_actors"),
                          event_types=_chosen("f_types"), countries=_chosen("f_countries"),
                          admin1=_chosen("f_admin1"), precisions=_chosen("f_precision"))


def render_filters(fac: Facets, date_range: tuple[date, date]) -> IncidentFilter:
    """Draw the sidebar's filter widgets; return the filter they hold."""
    lo, hi = date_range
    st.sidebar.header("Filters")
    start, end = st.sidebar.slider("Event dates", min_value=lo, max_value=hi, key="f_dates",
                                   format="YYYY-MM-DD")
    actors = st.sidebar.multiselect("Actors (aliases merged)", list(fac.actors),
                                    key="f_actors")
    types = st.sidebar.multiselect("Event types", list(fac.event_types), key="f_types")
    countries = st.sidebar.multiselect("Countries", list(fac.countries), key="f_countries")
    admin1 = st.sidebar.multiselect(
        "Admin-1", sorted({a for c, a in fac.admin1 if not countries or c in countries}),
        key="f_admin1")
    precision = st.sidebar.multiselect(
        "Geo precision", [1, 2, 3], key="f_precision",
        format_func=lambda p: {1: "1 site/town", 2: "2 near a site", 3: "3 region/country"}[p])
    return IncidentFilter(start=start, end=end, actors=tuple(actors), event_types=tuple(types),
                          countries=tuple(countries), admin1=tuple(admin1),
                          precisions=tuple(precision))


def sidebar_filters(fac: Facets) -> IncidentFilter:
    """Prepare the filter state and draw the sidebar's widgets; return their filter."""
    return render_filters(fac, prepare_filters(fac))


def save_upload(name: str, data: bytes, folder: Path) -> Path:
    path = folder / Path(name).name
    path.write_bytes(data)
    return path
