"""Large and long extraction: background jobs, Dask, partitioned GeoParquet.

Owns: pieces (long texts cut into pieces and parts, results merged), jobs (a job folder:
progress, cancel, resume), worker (the job's own process), distributed, partitions.

May import: geo.core, geo.gazetteer, geo.reading, geo.io, geo.query, geo.extract, geo.store.
The layering is checked by ``tests/test_layering.py``.
"""
