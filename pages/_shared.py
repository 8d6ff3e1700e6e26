"""Widgets and cached resources shared by the pages (reads widgets, calls geo)."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path
from urllib.parse import quote

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.filters import IncidentFilter, actor_options, from_query, to_query
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.loaders import load_path
from geo.paths import data_dir
from geo.pipeline import extract_all
from geo.records import EVENT_TYPES
from geo.store import IncidentStore

DEMO_PATH = data_dir() / "demo" / "articles.jsonl"
FILTER_KEYS = ("f_dates", "f_actors", "f_types", "f_countries", "f_admin1", "f_precision")


@st.cache_resource(show_spinner="Loading the gazetteer …")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@st.cache_resource
def store() -> IncidentStore:
    s = IncidentStore()
    if s.count() == 0 and DEMO_PATH.exists():
        articles = load_path(DEMO_PATH)
        s.add(articles, extract_all(articles))
    return s


@st.cache_data(show_spinner=False, max_entries=4)
def _incidents_cached(path: str, version: str) -> gpd.GeoDataFrame:
    del path, version  # cache keys: the store file and its content version
    return store().incidents()


def incidents() -> gpd.GeoDataFrame:
    s = store()
    return _incidents_cached(str(s.path), s.version())


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


def _apply_link_once(frame: pd.DataFrame) -> None:
    """On a session's first run, set the filter widgets from the URL (a shared link)."""
    if st.session_state.get("link_applied"):
        return
    st.session_state["link_applied"] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if not params:
        return
    flt = from_query(params)
    if flt.start and flt.end and len(frame):
        st.session_state["f_dates"] = (flt.start, flt.end)
    known_actors = set(actor_options(frame))
    for key, values, pool in (
        ("f_actors", flt.actors, known_actors),
        ("f_types", flt.event_types, set(frame["event_type"].astype(str))),
        ("f_countries", flt.countries, set(frame["country"].dropna())),
        ("f_admin1", flt.admin1, set(frame["admin1"].dropna())),
        ("f_precision", flt.precisions, {1, 2, 3}),
    ):
        if values:
            st.session_state[key] = [v for v in values if v in pool]


def sync_link(flt: IncidentFilter) -> str:
    """Write the filter into the page URL and return the full link to this view."""
    keep = {k: st.query_params.get_all(k) for k in ("focus",) if k in st.query_params}
    st.query_params.from_dict({**to_query(flt), **keep})
    base = (st.context.url or "").split("?")[0]
    query = "&".join(f"{k}={quote(v)}" for k, vs in {**to_query(flt), **keep}.items()
                     for v in vs)
    return f"{base}?{query}" if query else base


def sidebar_filters(frame: pd.DataFrame) -> IncidentFilter:
    keep_filter_state()
    _apply_link_once(frame)
    pending = st.session_state.pop("pending_window", None)
    if pending is not None:
        st.session_state["f_dates"] = pending
    st.sidebar.header("Filters")
    if len(frame):
        lo = frame["event_date"].min().date()
        hi = frame["event_date"].max().date()
    else:
        lo = hi = date.today()
    if lo == hi:
        hi = lo + pd.Timedelta(days=1)
    current = st.session_state.get("f_dates")
    if not current or current[0] < lo or current[1] > hi or current[0] > current[1]:
        st.session_state["f_dates"] = (lo, hi)
    start, end = st.sidebar.slider("Event dates", min_value=lo, max_value=hi, key="f_dates",
                                   format="YYYY-MM-DD")
    actors = st.sidebar.multiselect("Actors (aliases merged)", actor_options(frame),
                                    key="f_actors")
    types = st.sidebar.multiselect("Event types", [t for t in EVENT_TYPES
                                                   if t in set(frame["event_type"].astype(str))],
                                   key="f_types")
    countries = st.sidebar.multiselect("Countries", sorted(frame["country"].dropna().unique()),
                                       key="f_countries")
    admin_pool = frame[frame["country"].isin(countries)] if countries else frame
    admin1 = st.sidebar.multiselect("Admin-1", sorted(a for a in admin_pool["admin1"].dropna()
                                                      .unique() if a), key="f_admin1")
    precision = st.sidebar.multiselect(
        "Geo precision", [1, 2, 3], key="f_precision",
        format_func=lambda p: {1: "1 site/town", 2: "2 near a site", 3: "3 region/country"}[p])
    return IncidentFilter(start=start, end=end, actors=tuple(actors), event_types=tuple(types),
                          countries=tuple(countries), admin1=tuple(admin1),
                          precisions=tuple(precision))


def save_upload(name: str, data: bytes, folder: Path) -> Path:
    path = folder / Path(name).name
    path.write_bytes(data)
    return path
