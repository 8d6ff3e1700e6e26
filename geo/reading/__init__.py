"""Reading article text: sentences, dates, actors, toponyms, triggers and cues.

Owns: text, dates, actors, toponyms, newswire (datelines), numbers, cues, triggers,
placeuse (is a toponym the location of something), plaintext (text never markup).

May import: geo.core, geo.gazetteer.
The layering is checked by ``tests/test_layering.py``.
"""
