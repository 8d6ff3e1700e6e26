"""``st_folium`` without re-rendering, on every rerun, what has not changed.

``st_folium`` renders the whole folium map (every element through Jinja) and
each feature group on every script run, although the base map of a view and
the layer of a filter are the same from one rerun to the next. Here the base
map's parts (script, header, HTML, asset links) and each layer's script are
rendered once, cached by what they depend on, and passed to the same
streamlit-folium component with the same arguments ``st_folium`` would send,
so the browser sees no difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
from streamlit_folium import (
    _component_func,
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)


@dataclass(frozen=True)
class MapParts:
    """What the component needs of a base map, rendered once."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    zoom: Any
    bounds: Any


def _walk(element: Any) -> Iterable[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def map_parts(fmap: folium.Map) -> MapParts:
    """Render a base map the way ``st_folium`` does (the map is changed: render once)."""
    fmap.get_root().render()
    fmap.render()
    html = _get_html(fmap)
    header = _get_header(fmap)
    script = _get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []
    for element in _walk(fmap):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    try:
        bounds = fmap.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    return MapParts(script, header, html, get_full_id(fmap), tuple(dict.fromkeys(css)),
                    tuple(dict.fromkeys(js)), fmap.options.get("zoom"), bounds)


def layers_script(groups: Sequence[folium.FeatureGroup]) -> str:
    """The script ``st_folium`` sends for ``feature_group_to_add=groups``."""
    host = folium.Map(tiles=None)
    return "".join(_get_feature_group_string(g, map=host, idx=i) for i, g in enumerate(groups))


def ensure_registered() -> None:
    """Register streamlit-folium's component with the running server, once.

    Streamlit registers a component only when it is declared during a script
    run; when :mod:`pages.common.warm` imports streamlit-folium first (in its own
    thread, at start-up), the component would be unknown to the server and its
    frame would never load. Cheap and idempotent.
    """
    from streamlit import runtime

    if not runtime.exists():
        return
    registry = runtime.get_instance().component_registry
    if registry.get_component_path(_component_func.name) is None:
        registry.register_component(_component_func)


def _bounds_dict(bounds: Any) -> dict[str, dict[str, Any]]:
    southwest, northeast = bounds
    return {"_southWest": {"lat": southwest[0], "lng": southwest[1]},
            "_northEast": {"lat": northeast[0], "lng": northeast[1]}}


def show_map(parts: MapParts, layers: str, *, key: str, height: int,
             returned_objects: Sequence[str], center: Any = None, zoom: Any = None,
             on_change: Callable[[], None] | None = None, extra_js: Sequence[str] = ()) -> Any:
    """Draw the map with its layers through streamlit-folium's component.

    Parameters
    ----------
    parts
        From :func:`map_parts` (cache it per view).
    layers
        From :func:`layers_script` (cache it per data and filter).
    key
        As ``st_folium``'s ``key``: the map's last report is kept in
        ``st.session_state[key]``.
    height
        Pixels; the width follows the container.
    returned_objects
        What the map reports back (a change reruns the page).
    center, zoom
        Move the map there (``None``: leave it where the user put it).
    on_change
        Called when the map reports.
    extra_js
        Scripts loaded after the base map's, before its first layers run (the
        frame loads scripts once, on its first render; later values are ignored,
        and the component is not re-mounted by them).

    Returns
    -------
    dict
        The map's report, as ``st_folium`` returns it.
    """
    defaults_all: dict[str, Any] = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None,
        "all_drawings": None, "last_active_drawing": None,
        "bounds": _bounds_dict(parts.bounds), "zoom": parts.zoom, "last_circle_radius": None,
        "last_circle_polygon": None, "selected_layers": None, "selected_tags": None,
        "last_geocoder_result": None}
    defaults = {k: v for k, v in defaults_all.items() if k in returned_objects}
    ensure_registered()
    hash_key = generate_js_hash(parts.script, key, False)

    def _changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return _component_func(
        script=parts.script, header=parts.header, html=parts.html, id=parts.map_id,
        key=hash_key, height=height, width=None, returned_objects=list(returned_objects),
        default=defaults, zoom=zoom, center=center, feature_group=layers,
        return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(parts.css_links),
        js_links=list(dict.fromkeys([*parts.js_links, *extra_js])), on_change=_changed,
        wrap_longitude=False)
