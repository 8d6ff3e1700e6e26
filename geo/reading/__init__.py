"""Reading article text: sentences, dates, actors, toponyms, triggers and cues.

Owns: text, dates, actors, recognition (toponym spans in a text), spanrules (the word
lists and rules that tell a place name from a person, an organisation or a common word),
resolution (document-level toponym resolution; geoparse), newswire (datelines), numbers,
cues, triggers, placeuse (is a toponym the location of something), plaintext (text never
markup).

May import: geo.core, geo.gazetteer.
The layering is checked by ``tests/test_layering.py``.
"""
