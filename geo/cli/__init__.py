"""The ``incidentmap`` command line.

Owns: main (sub-commands), extract (``incidentmap extract``), setup (assets and data).

May import: any package of geo.
The layering is checked by ``tests/test_layering.py``.
"""
