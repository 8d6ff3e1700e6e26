"""The project's single exception hierarchy.

Every error the library raises on purpose derives from :class:`IncidentMapError`,
so the app and the CLI can catch one type and show its message instead of a
traceback. Messages name the input and say what to do.
"""


class IncidentMapError(Exception):
    """Base class of every error raised by the incident map on purpose."""


class InputError(IncidentMapError):
    """An article, file or field the user gave cannot be used as it is."""


class GeocodingError(IncidentMapError):
    """A place name could not be resolved, or a geocoder failed."""


class DataNotBuiltError(IncidentMapError):
    """The reference data (boundaries, gazetteer) has not been built yet."""
