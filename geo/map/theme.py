"""Map themes: the everyday look and a high-contrast look for a projector across a room."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class MapTheme:
    """Colours and line weights of the basemap, legend and incident markers.

    Attributes
    ----------
    name
        Short name shown to the user.
    sea
        Background colour behind the country outlines.
    land
        Leaflet path style of the country polygons.
    admin1
        Leaflet path style of admin-1 boundaries.
    legend_background, legend_text, legend_border
        Legend box colours (CSS).
    marker_radius
        Radius in pixels of a site/town marker.
    marker_outline, marker_outline_weight
        Outline colour and width of every marker.
    """

    name: str
    sea: str
    land: dict[str, Any] = field(hash=False)
    admin1: dict[str, Any] = field(hash=False)
    legend_background: str
    legend_text: str
    legend_border: str
    marker_radius: float
    marker_outline: str
    marker_outline_weight: float


STANDARD = MapTheme(
    name="standard",
    sea="#dbe7f0",
    land={"fillColor": "#f7f5ef", "color": "#8a8f98", "weight": 0.8, "fillOpacity": 1.0},
    admin1={"fillOpacity": 0.0, "color": "#6b7280", "weight": 0.6, "dashArray": "3 3"},
    legend_background="rgba(255,255,255,0.93)",
    legend_text="#111111",
    legend_border="1px solid #9ca3af",
    marker_radius=6,
    marker_outline="#1f2937",
    marker_outline_weight=1,
)

#: Black on white with heavy outlines: survives a washed-out projector and a far seat.
#: Text and borders are black on white (contrast 21:1); land and sea differ by
#: lightness alone, so the map still reads in greyscale.
HIGH_CONTRAST = MapTheme(
    name="high contrast",
    sea="#ffffff",
    land={"fillColor": "#d9d9d9", "color": "#000000", "weight": 1.6, "fillOpacity": 1.0},
    admin1={"fillOpacity": 0.0, "color": "#000000", "weight": 1.2, "dashArray": "6 4"},
    legend_background="#ffffff",
    legend_text="#000000",
    legend_border="3px solid #000000",
    marker_radius=10,
    marker_outline="#000000",
    marker_outline_weight=3,
)
