"""Incident map library: parse news articles into geolocated, dated incidents.

The package is pure and typed: no Streamlit import, files and network only in
the loaders, the store and the geocoders.
"""

from geo.core.errors import (
    DataNotBuiltError,
    GeocodingError,
    IncidentMapError,
    InputError,
)

__all__ = ["DataNotBuiltError", "GeocodingError", "IncidentMapError", "InputError"]
