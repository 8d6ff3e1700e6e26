"""Incidents as tables and files: the GeoDataFrame and the RFC 7946 export.

Owns: frame (the incident GeoDataFrame with the documented schema), export (GeoJSON).

May import: geo.core.
The layering is checked by ``tests/test_layering.py``.
"""
