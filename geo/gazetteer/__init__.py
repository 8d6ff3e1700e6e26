"""The offline gazetteer: building it, looking names up, ranking candidates.

Owns: sources (reading the registry packages), build (assembling and writing the tables),
names (transliteration keys), index (the Gazetteer), resolve (context ranking), regions
(admin-1 unions, "eastern Syria"), geocoders (the geopy Geocoder over the gazetteer).

May import: geo.core.
The layering is checked by ``tests/test_layering.py``.
"""
