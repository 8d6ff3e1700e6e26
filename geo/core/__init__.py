"""The records every stage shares, and the small helpers under everything.

Owns: records (Article, PlaceMention, Incident, the incident schema), errors (the one exception
hierarchy), paths (where data lives), geodesy, hexbin (H3 cells).

May import: nothing from geo.
The layering is checked by ``tests/test_layering.py``.
"""
