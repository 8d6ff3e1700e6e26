"""From articles to incidents: loading, candidate generation, scoring, batches.

Owns: loaders (the input edge: plain text to articles), files (file formats), feeds
(RSS/Atom), candidates, scoring, deployments, incidents (one article to incidents),
pipeline (many articles to one table).

May import: geo.core, geo.gazetteer, geo.reading, geo.io.
The layering is checked by ``tests/test_layering.py``.
"""
