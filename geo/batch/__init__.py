"""Large and long extraction: background jobs, Dask, partitioned GeoParquet.

Owns: jobs (a job in its own process: progress, cancel, resume), distributed, partitions.

May import: geo.core, geo.gazetteer, geo.reading, geo.io, geo.query, geo.extract, geo.store.
The layering is checked by ``tests/test_layering.py``.
"""
