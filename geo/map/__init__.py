"""Drawing: folium maps from incident data, offline assets, briefings and links.

Owns: render (the incident layer, the view), markers (precision areas, stacked markers, the
list in view), pointdata and markerdata (the incidents of a store version sent once, then
masks), basemap, layers, legend, popups, labels, theme, timeline, assets (local
Leaflet), standalone (one HTML file), mapcache, links, briefing.

May import: geo.core, geo.gazetteer, geo.io, geo.query, geo.store.
The layering is checked by ``tests/test_layering.py``.
"""
