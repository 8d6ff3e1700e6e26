"""The reviewer's workbench: edits with history, the queue, and what pages show.

Owns: edits (correct, verify, reject, merge), queue (the review queue, sentences to add
by hand), changes (delete, add by hand, undo), view (evidence and alternatives as pure
data for the pages).

May import: geo.core, geo.gazetteer, geo.reading, geo.io, geo.query, geo.extract, geo.store.
The layering is checked by ``tests/test_layering.py``.
"""
