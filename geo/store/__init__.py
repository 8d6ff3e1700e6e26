"""The persistent incident store: schema, SQLite and PostgreSQL backends, validation.

Owns: schema (columns, migrations), sql (shared SQL and rows), base (the common
store), sqlite (the SQLite store), postgres (PostGIS), open (open_store), validation.

May import: geo.core, geo.io, geo.query, geo.extract.
The layering is checked by ``tests/test_layering.py``.
"""
