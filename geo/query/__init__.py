"""Asking the incident table questions: filters and the in-memory point index.

Owns: filters (vectorised filtering), points (the map's point index).

May import: geo.core, geo.io.
The layering is checked by ``tests/test_layering.py``.
"""
