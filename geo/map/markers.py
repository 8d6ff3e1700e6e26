"""Drawing incidents one by one: precision areas, markers, the list of incidents in view.

* Precision is drawn honestly: a site or town (1) is a solid dot; near a site
  (2) is a dot with a dashed uncertainty circle; a region or country (3) is
  its shape (or a large faint circle) with a hollow dot, never a sharp pin.
  Shapes and circles lie in the ``areas`` pane beneath the points and take no
  clicks, so a country-wide incident never swallows the clicks of the dots
  inside it (:func:`draw_area`).
* Incidents at the same point share one marker with their count; its popup
  lists them ("4 incidents here"), each expandable to its full popup
  (:func:`draw_marker`).
* A list of the incidents in view (a map control, updated as the map moves)
  opens an incident's popup when its row is clicked (:class:`IncidentList`).

:func:`geo.map.render.incident_layer` decides when incidents are drawn this way.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from geo.gazetteer.index import Gazetteer
from geo.gazetteer.regions import directional_place, region_polygon
from geo.map.layers import DISPLAY_SIMPLIFY_DEG
from geo.map.popups import incident_title, popup_html, stack_popup_html, tooltip_text
from geo.map.theme import MapTheme

#: Most rows the list of incidents in view shows.
MAX_LIST_ROWS = 300
#: The gazetteer, or a function that loads it (called only for a region shape not drawn before).
GazetteerSource = Gazetteer | Callable[[], Gazetteer]


def _region_shape(gazetteer: GazetteerSource, place_id: str,
                  cache: MutableMapping[str, BaseGeometry | None]) -> BaseGeometry | None:
    if place_id in cache:
        return cache[place_id]
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = gazetteer()  # loaded only for a region not drawn before
    base_id, _, direction = place_id.partition("#")
    candidate = gazetteer.by_id(base_id)
    shape: BaseGeometry | None = None
    if candidate is not None:
        if direction:
            _, shape = directional_place(gazetteer, candidate, tuple(direction), "")
        else:
            shape = region_polygon(gazetteer, candidate)
    if shape is not None:
        shape = shapely.simplify(shape, DISPLAY_SIMPLIFY_DEG)
    cache[place_id] = shape
    return shape


def region_shape(gazetteer: GazetteerSource, place_id: str,
                 cache: MutableMapping[str, BaseGeometry | None]) -> BaseGeometry | None:
    """Return a region's display shape (simplified), from ``cache`` or the gazetteer.

    Parameters
    ----------
    gazetteer
        The gazetteer, or a function returning it (called only for a place not in ``cache``).
    place_id
        The region's id, with a ``#direction`` suffix for a part of it.
    cache
        Shapes by place id, read and filled here (``None``: no shape).

    Returns
    -------
    shapely geometry or None
        The shape, or ``None`` when the gazetteer has none.
    """
    return _region_shape(gazetteer, place_id, cache)


#: The map control listing the incidents in view, newest first; a row opens its incident's
#: popup (and the incident's entry in a stack's popup). JavaScript defining
#: ``incidentList(group, entries, open, maxRows)``, where ``entries`` pairs each marker with
#: its rows ``[id, title, day]``; shared by :class:`IncidentList` and the layers drawn from a
#: marker file (:func:`geo.map.markerdata.marker_script`).
INCIDENT_LIST_JS = """
function incidentList(group, entries, open, maxRows) {
    var control = L.control({position: "topright"}), list, head;
    function openIncident(marker, id) {
        var m = group._map;
        if (!m.getBounds().contains(marker.getLatLng())) { m.panTo(marker.getLatLng()); }
        marker.openPopup();
        var box = marker.getPopup() && marker.getPopup().getElement();
        var item = box && box.querySelector('details[data-incident="' + id + '"]');
        if (item) {
            item.open = true;
            item.scrollIntoView({block: "nearest"});
            marker.getPopup().update();
        }
    }
    function refresh() {
        var m = group._map;
        if (!m || !list) { return; }
        var bounds = m.getBounds(), shown = [];
        entries.forEach(function (e) {
            if (bounds.contains(e[0].getLatLng())) {
                e[1].forEach(function (r) { shown.push([e[0], r]); });
            }
        });
        shown.sort(function (a, b) { return a[1][2] < b[1][2] ? 1 : -1; });
        head.textContent = (open ? "▾ " : "▸ ") + shown.length +
            (shown.length === 1 ? " incident" : " incidents") + " in view";
        list.innerHTML = "";
        list.style.display = open ? "" : "none";
        shown.slice(0, maxRows).forEach(function (row) {
            var li = L.DomUtil.create("li", "incident-list-row", list);
            li.textContent = row[1][1];
            li.setAttribute("data-incident", row[1][0]);
            li.title = "open this incident";
            L.DomEvent.on(li, "click", function (ev) {
                L.DomEvent.stop(ev);
                openIncident(row[0], row[1][0]);
            });
        });
        if (shown.length > maxRows) {
            L.DomUtil.create("li", "incident-list-more", list).textContent =
                "… " + (shown.length - maxRows) + " more: zoom in";
        }
    }
    control.onAdd = function () {
        var box = L.DomUtil.create("div", "incident-list leaflet-bar");
        box.style.cssText = "background:#fff; padding:4px 6px; max-width:300px; " +
            "font:12px/1.35 system-ui, sans-serif; color:#111;";
        head = L.DomUtil.create("div", "incident-list-head", box);
        head.style.cssText = "font-weight:600; cursor:pointer;";
        list = L.DomUtil.create("ol", "incident-list-rows", box);
        list.style.cssText = "margin:4px 0 0; padding-left:1.4em; max-height:30vh; " +
            "overflow:auto; cursor:pointer;";
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        L.DomEvent.on(head, "click", function () { open = !open; refresh(); });
        setTimeout(refresh, 0);
        return box;
    };
    function fit(e) {
        // An expanded list item makes the popup taller: keep it in view.
        var popup = e.popup, box = popup.getElement();
        if (!box || box._fits) { return; }
        box._fits = true;
        box.addEventListener("toggle", function () {
            popup.update();
            if (popup._adjustPan) { popup._adjustPan(); }
        }, true);
    }
    function show() {
        control.addTo(group._map);
        group._map.on("moveend", refresh);
        group._map.on("popupopen", fit);
        refresh();
    }
    group.on("add", show);
    group.on("remove", function () {
        if (control._map) {
            control._map.off("moveend", refresh);
            control._map.off("popupopen", fit);
        }
        control.remove();
    });
    if (group._map) { show(); }
}
"""


class IncidentList(MacroElement):
    """A map control listing the incidents in view; a row opens the incident's popup."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
        {{ this.list_js }}
        incidentList({{ this._parent.get_name() }}, [
        {%- for marker, rows in this.entries %}
            [{{ marker.get_name() }}, {{ rows|tojson }}],
        {%- endfor %}
        ], {{ this.open|tojson }}, {{ this.max_rows }});
        })();
        {% endmacro %}
    """)

    def __init__(self, entries: list[tuple[folium.CircleMarker, list[list[str]]]],
                 open_list: bool = True) -> None:
        super().__init__()
        self._name = "IncidentList"
        self.entries = entries
        self.open = open_list
        self.max_rows = MAX_LIST_ROWS
        self.list_js = INCIDENT_LIST_JS


def draw_area(group: folium.FeatureGroup, row: pd.Series, colour: str,
              gazetteer: GazetteerSource,
              shapes: MutableMapping[str, BaseGeometry | None]) -> None:
    """Draw a region shape (precision 3) or uncertainty circle (2), beneath the points.

    Parameters
    ----------
    group
        The layer drawn into.
    row
        One incident.
    colour
        Its category colour.
    gazetteer
        The gazetteer, or a function returning it (called only for a region not in
        ``shapes``).
    shapes
        Display shapes by place id, read and filled here.
    """
    precision = int(row["geo_precision"])
    lon, lat = row.geometry.x, row.geometry.y
    area: Any = None
    if precision == 3:
        shape = _region_shape(gazetteer, str(row["place_id"]), shapes)
        if shape is not None:
            area = folium.GeoJson(
                shapely.geometry.mapping(shape),
                style_function=lambda _, c=colour: {"fillColor": c, "color": c, "weight": 1,
                                                    "fillOpacity": 0.12, "opacity": 0.5,
                                                    "className": "incident-area"})
        else:
            area = folium.Circle([lat, lon], radius=float(row["uncertainty_km"]) * 1000,
                                 color=colour, weight=1, fill=True, fill_opacity=0.10,
                                 opacity=0.5, class_name="incident-area")
    elif precision == 2:
        area = folium.Circle([lat, lon], radius=float(row["uncertainty_km"]) * 1000,
                             color=colour, weight=1.5, dash_array="5 5", fill=True,
                             fill_opacity=0.06, class_name="incident-uncertainty")
    if area is None:
        return
    # folium drops ``interactive``; without it the area swallows clicks on the points.
    area.options["interactive"] = False
    area.options["pane"] = "areas"
    area.add_to(group)


def draw_marker(group: folium.FeatureGroup, rows: list[pd.Series], focused: bool,
                theme: MapTheme, focus_id: str | None = None,
                ) -> tuple[folium.CircleMarker, list[list[str]]]:
    """Draw one marker for the incidents at one point; return it with its list rows.

    Parameters
    ----------
    group
        The layer drawn into.
    rows
        The incidents at the point, in date order, each with its ``_colour``.
    focused
        Whether the highlighted incident is among them (a thick outline).
    theme
        Marker size and outline.
    focus_id
        The highlighted incident (opened in a stacked popup).

    Returns
    -------
    tuple
        The marker and its rows for :class:`IncidentList`.
    """
    first = rows[-1]  # the newest (rows are in date order)
    lat, lon = first.geometry.y, first.geometry.x
    stacked = len(rows) > 1
    precision = min(int(r["geo_precision"]) for r in rows)
    html_text = stack_popup_html(rows, focus_id) if stacked else popup_html(first)
    popup = (folium.Popup(html_text, max_width=400, max_height=320) if stacked
             else folium.Popup(html_text, max_width=400))
    classes = f"incident-marker precision-{precision}"
    if stacked:
        classes += f" incident-stack stack-{len(rows)}"
    if focused:
        classes += " focused"
    radius = theme.marker_radius * (1.5 if focused else 1) + (3 if stacked else 0)
    hollow = precision == 3
    marker = folium.CircleMarker(
        [lat, lon], radius=radius + (1 if hollow else 0),
        color=first["_colour"] if hollow and not focused else
        ("#000000" if focused else theme.marker_outline),
        weight=theme.marker_outline_weight + (2 if focused else 0) + (1 if hollow else 0),
        fill=True, fill_color="#ffffff" if hollow else first["_colour"],
        fill_opacity=0.9 if hollow else 0.95,
        popup=popup, tooltip=tooltip_text(rows), class_name=classes,
    )
    marker.add_to(group)
    if stacked:
        count = folium.Marker(
            [lat, lon], icon=folium.DivIcon(
                html=f'<div class="stack-count" style="transform:translate(-50%,-50%);'
                f"width:max-content;font:700 {int(theme.marker_radius + 5)}px/1 system-ui;"
                f'color:#fff;text-shadow:0 0 2px #000,0 0 2px #000;">{len(rows)}</div>',
                icon_size=(0, 0), icon_anchor=(0, 0), class_name="stack-count-icon"))
        count.options["interactive"] = False
        count.options["keyboard"] = False
        count.add_to(group)
    listed = [[str(r["incident_id"]), incident_title(r),
               pd.Timestamp(r["event_date"]).date().isoformat()] for r in rows]
    return marker, listed
