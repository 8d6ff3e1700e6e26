"""The persistent incident store: schema, SQLite and PostgreSQL backends, validation.

Owns: sqlite (schema, migrations and the SQLite store), postgres (PostGIS), validation.

May import: geo.core, geo.io, geo.query, geo.extract.
The layering is checked by ``tests/test_layering.py``.
"""
