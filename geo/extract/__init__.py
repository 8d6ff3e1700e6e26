"""From articles to incidents: loading, candidate generation, scoring, batches.

Owns: loaders (the input edge: plain text to articles), files (file formats), feeds
(RSS/Atom), sentences (an article's sentences, clauses and dateline), pairing (which
trigger and date govern a place), sites (site, facility and back-reference rules),
candidates (candidate incidents with features), scoring, roles (who acted and who was
targeted), folding (one incident per place and day: merging and folding), statements
(headline political statements), deployments, places (refining geoparsed places: towns,
district seats, demonyms), incidents (one article to incidents), pipeline (many articles
to one table).

May import: geo.core, geo.gazetteer, geo.reading, geo.io.
The layering is checked by ``tests/test_layering.py``.
"""
