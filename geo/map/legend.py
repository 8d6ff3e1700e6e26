"""Colours and the legend: one legend per colouring, overlays included.

The legend is a Leaflet control carried by its own small layer
(:func:`legend_layer`), not by the base map: streamlit-folium draws the base
map once and only swaps layers, so a legend inside the base map kept the
event-type colours after "Colour by → actor". As a control it sits in the
bottom-right corner, stacked with the other controls, so it covers neither the
scale bar (bottom left, metric first) nor the zoom buttons.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.core.records import EVENT_TYPES
from geo.map.theme import STANDARD, MapTheme

EVENT_COLOURS: dict[str, str] = {
    "drone attack": "#d62728", "rocket attack": "#ff7f0e", "missile attack": "#8c564b",
    "airstrike": "#1f77b4", "interception": "#9467bd", "armed clash": "#e377c2",
    "explosion/IED": "#7f7f7f", "arrest/raid": "#bcbd22", "protest": "#17becf",
    "shelling": "#e7969c", "political statement": "#2ca02c", "deployment change": "#393b79",
    "other": "#555555",
}
ACTOR_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#393b79")
OTHER_COLOUR = "#9ca3af"
#: Overlay keys -> legend entries ``(symbol css, label)``.
OVERLAY_ENTRIES: dict[str, tuple[str, str]] = {
    "deployments": ("border-radius:50%; background:#facc15; border:2.5px solid #111827;",
                    "base with foreign forces present (curated)"),
    "troop_figures": ("background:#fef9c3; border:1px solid #a16207; border-radius:2px;",
                      "troop figure from an article (country total)"),
    "admin1": ("border-top:1.5px dashed #6b7280; height:0; border-radius:0;",
               "admin-1 boundary"),
    "heat": ("background:linear-gradient(90deg,#00f,#0f0,#ff0,#f00); border-radius:2px;",
             "density of incidents (heat)"),
    "hexagons": ("background:#9ca3af; clip-path:polygon(25% 0,75% 0,100% 50%,75% 100%,"
                 "25% 100%,0 50%);", "hexagon: commonest category; darker = more incidents"),
}


@dataclass(frozen=True, slots=True)
class Legend:
    """What the legend shows.

    Attributes
    ----------
    title
        Title of the colour key (``"Event type"`` or ``"Actor"``).
    entries
        ``(label, colour)`` of the colour key.
    overlays
        Keys of :data:`OVERLAY_ENTRIES` drawn on the map.
    """

    title: str
    entries: tuple[tuple[str, str], ...]
    overlays: tuple[str, ...] = ()


def palette_for(event_types: Iterable[str], primary_actors: Sequence[str],
                colour_by: str) -> dict[str, str]:
    """Return ``category -> colour`` from the categories present.

    Parameters
    ----------
    event_types
        Event types present.
    primary_actors
        Primary actors present, most frequent first.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    dict
        Colours for the categories; actors beyond the palette share grey.
    """
    if colour_by == "event_type":
        present = set(event_types)
        return {t: EVENT_COLOURS[t] for t in EVENT_TYPES if t in present}
    top = [a for a in primary_actors if a][: len(ACTOR_PALETTE)]
    return {a: ACTOR_PALETTE[i] for i, a in enumerate(top)}


def primary_actor(frame: pd.DataFrame) -> pd.Series:
    """Return each row's primary actor (``actor1``, else ``actor2``, else ``"unknown"``).

    Parameters
    ----------
    frame
        Incident table.

    Returns
    -------
    pandas.Series
        One name per row.
    """
    first = frame["actor1"].fillna("").astype(str)
    return first.where(first != "", frame["actor2"].fillna("").astype(str)).replace("", "unknown")


def colour_map(frame: pd.DataFrame, colour_by: str) -> dict[str, str]:
    """Return ``category -> colour`` for the chosen colouring of an incident table.

    Parameters
    ----------
    frame
        Incident table (for the categories present).
    colour_by
        ``"event_type"`` or ``"actor"`` (the first actor, ``actor1``, else ``actor2``).

    Returns
    -------
    dict
        See :func:`palette_for`.
    """
    types: Iterable[str] = frame["event_type"].astype(str) if len(frame) else []
    actors = list(primary_actor(frame).value_counts().index) if len(frame) else []
    return palette_for(types, actors, colour_by)


def category_of(frame: pd.DataFrame, colour_by: str) -> pd.Series:
    """Return each row's colour category.

    Parameters
    ----------
    frame
        Incident table.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    pandas.Series
        One category string per row.
    """
    if colour_by == "event_type":
        return frame["event_type"].astype(str)
    return primary_actor(frame)


def legend_of(palette: dict[str, str], colour_by: str,
              overlays: Iterable[str] = ()) -> Legend:
    """Return the legend of a palette and the overlays drawn.

    Parameters
    ----------
    palette
        ``category -> colour``.
    colour_by
        ``"event_type"`` or ``"actor"``: the title follows the colouring.
    overlays
        Keys of :data:`OVERLAY_ENTRIES` (unknown keys are an error).

    Returns
    -------
    Legend
        Title, entries and overlays.
    """
    entries = list(palette.items())
    if colour_by == "actor":
        entries.append(("other actors", OTHER_COLOUR))
    keys = tuple(dict.fromkeys(overlays))
    for key in keys:
        if key not in OVERLAY_ENTRIES:
            raise KeyError(f"unknown overlay {key!r}")
    return Legend("Event type" if colour_by == "event_type" else "Actor (first named)",
                  tuple(entries), keys)


def legend_for(frame: pd.DataFrame, colour_by: str) -> Legend:
    """Return the legend of a colouring of an incident table.

    Parameters
    ----------
    frame
        Incident table.
    colour_by
        ``"event_type"`` or ``"actor"``.

    Returns
    -------
    Legend
        Title and entries.
    """
    return legend_of(colour_map(frame, colour_by), colour_by)


def legend_html(legend: Legend, font_px: int = 12, theme: MapTheme = STANDARD) -> str:
    """Return the legend box's HTML (every label escaped).

    Parameters
    ----------
    legend
        What to show.
    font_px
        Font size (the briefing uses larger type).
    theme
        Colours of the box.

    Returns
    -------
    str
        A ``div.incidentmap-legend``.
    """
    swatch = ("display:inline-block; width:0.85em; height:0.85em; margin-right:6px; "
              "vertical-align:-0.1em; border-radius:50%;")
    rows = "".join(
        f'<div class="legend-entry"><span style="{swatch} background:{html.escape(colour)}; '
        f'border:1px solid {theme.marker_outline};"></span>{html.escape(label)}</div>'
        for label, colour in legend.entries)
    overlays = "".join(
        f'<div class="legend-overlay"><span style="{swatch} {OVERLAY_ENTRIES[key][0]}"></span>'
        f"{html.escape(OVERLAY_ENTRIES[key][1])}</div>" for key in legend.overlays)
    divider = "margin-top:6px; border-top:1px solid #bbb; padding-top:4px;"
    return (
        f'<div class="incidentmap-legend" style="background:{theme.legend_background}; '
        f"padding:8px 10px; border:{theme.legend_border}; border-radius:4px; "
        f"font:{font_px}px/1.35 system-ui, sans-serif; color:{theme.legend_text}; "
        f'max-width:{font_px * 20}px; max-height:45vh; overflow:auto;">'
        f'<div class="legend-title" style="font-weight:600; margin-bottom:4px;">'
        f"{html.escape(legend.title)}</div>{rows}"
        f'<div style="{divider}">'
        '<div class="legend-precision">● site/town · ◎ near a site (dashed circle: '
        "uncertainty) · ○ region/country (shaded area) · ❸ several at one point</div></div>"
        + (f'<div style="{divider}">{overlays}</div>' if overlays else "")
        + "</div>")


class LegendControl(MacroElement):
    """The legend as a Leaflet control, shown while its layer is on the map.

    Also puts the theme's class on the map container (labels follow it).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var control = L.control({position: "bottomright"});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", "incidentmap-legend-control");
                box.innerHTML = {{ this.markup|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            function show() {
                var map = group._map;
                control.addTo(map);
                var box = map.getContainer();
                box.classList.remove("theme-standard", "theme-high-contrast");
                box.classList.add({{ this.theme_class|tojson }});
            }
            group.on("add", show);
            group.on("remove", function () { control.remove(); });
            if (group._map) { show(); }
        })();
        {% endmacro %}
    """)

    def __init__(self, legend: Legend, font_px: int = 12, theme: MapTheme = STANDARD) -> None:
        super().__init__()
        self._name = "IncidentLegend"
        self.markup = legend_html(legend, font_px, theme)
        self.theme_class = theme_class(theme)


def theme_class(theme: MapTheme) -> str:
    """Return the CSS class the map container gets for a theme.

    Parameters
    ----------
    theme
        A map theme.

    Returns
    -------
    str
        ``"theme-standard"`` or ``"theme-high-contrast"``.
    """
    return "theme-" + theme.name.replace(" ", "-")


def legend_layer(legend: Legend, font_px: int = 12,
                 theme: MapTheme = STANDARD) -> folium.FeatureGroup:
    """Return a layer that shows the legend while it is on the map.

    Parameters
    ----------
    legend
        What to show.
    font_px
        Font size.
    theme
        Colours of the box (and the theme class of the map, for the labels).

    Returns
    -------
    folium.FeatureGroup
        Send it with the other layers (``feature_group_to_add``): a new
        colouring, overlay or theme replaces the legend with the layers.
    """
    group = folium.FeatureGroup(name="Legend", control=False)
    group.add_child(LegendControl(legend, font_px, theme))
    return group
