"""Geocoding behind geopy's interface.

:class:`OfflineGazetteer` is a :class:`geopy.geocoders.base.Geocoder` over the
offline gazetteer; it returns :class:`geopy.location.Location` objects whose
``raw`` is the gazetteer row plus ``precision``, ``uncertainty_km`` and
``score``. :class:`GeocoderChain` tries geocoders in order, so an online
geocoder (Nominatim through geopy's ``RateLimiter`` with a cache) can back the
offline one when a user configures it. Offline is the default.

(lat, lon) order is used only here, at geopy's boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.core.errors import GeocodingError, InputError
from geo.gazetteer.index import Gazetteer, load_gazetteer
from geo.gazetteer.resolve import ResolutionContext, confidence, rank


def _check_query(query: object) -> str:
    if not isinstance(query, str) or not query.strip():
        raise InputError(
            f"Empty place name {query!r}: give a place name such as 'Ain al-Asad' or 'Baghdad'."
        )
    return query.strip()


class OfflineGazetteer(Geocoder):
    """Offline geopy geocoder over GeoNames, Natural Earth and curated places.

    Parameters
    ----------
    gazetteer
        The gazetteer; the shared one built by ``incidentmap setup`` by default.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(user_agent="incidentmap-offline")
        self.gazetteer = gazetteer or load_gazetteer()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Sequence[str] | None = None,
        limit: int = 5,
    ) -> Location | list[Location] | None:
        """Resolve a place name.

        Parameters
        ----------
        query
            Place name in any common transliteration.
        exactly_one
            Return the best :class:`~geopy.location.Location` only (geopy's
            convention) instead of a list.
        country_codes
            ISO alpha-2 codes already known from context; candidates there rank higher.
        limit
            Maximum number of locations when ``exactly_one`` is false.

        Returns
        -------
        Location, list of Location, or None
            ``None`` when nothing matches, as geopy geocoders do.

        Raises
        ------
        InputError
            When the query is empty.
        """
        name = _check_query(query)
        context = ResolutionContext(frozenset(c.upper() for c in country_codes or ()))
        ranked = rank(self.gazetteer.candidates(name, fuzzy=True), name, context)
        if not ranked:
            return None
        conf = confidence(ranked)
        locations = []
        for candidate, value in ranked[: max(1, limit)]:
            place = candidate.place
            raw: dict[str, Any] = asdict(place)
            raw.update(score=round(value, 3), confidence=round(conf, 3),
                       uncertainty_km=place.radius_km, forces=candidate.forces,
                       match=round(candidate.match, 3))
            address = ", ".join(p for p in (place.name, place.admin1, place.country) if p)
            locations.append(Location(address, (place.lat, place.lon), raw))
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        """Reverse geocoding is not offered offline.

        Raises
        ------
        GeocodingError
            Always: use an online geocoder for reverse look-ups.
        """
        raise GeocodingError("The offline gazetteer does not reverse-geocode coordinates.")


class GeocoderChain(Geocoder):
    """Try several geopy geocoders in order; the first answer wins.

    Parameters
    ----------
    geocoders
        Geocoders, offline first by convention.
    """

    def __init__(self, geocoders: Sequence[Geocoder]) -> None:
        super().__init__(user_agent="incidentmap-chain")
        if not geocoders:
            raise InputError("A geocoder chain needs at least one geocoder.")
        self.geocoders = list(geocoders)
        self._cache: dict[tuple[str, bool], Any] = {}

    def geocode(
        self, query: str, *, exactly_one: bool = True, **kwargs: Any
    ) -> Location | list[Location] | None:
        """Resolve a name with the first geocoder that finds it.

        Parameters
        ----------
        query
            Place name.
        exactly_one
            As in geopy.
        **kwargs
            Passed to the offline gazetteer only (for example ``country_codes``).

        Returns
        -------
        Location, list of Location, or None
            The first non-empty answer, cached per query.

        Raises
        ------
        InputError
            When the query is empty.
        GeocodingError
            When every geocoder failed with an error (network down, quota).
        """
        name = _check_query(query)
        cache_key = (name.casefold(), exactly_one)
        if cache_key in self._cache:
            return self._cache[cache_key]
        errors: list[str] = []
        for geocoder in self.geocoders:
            try:
                if isinstance(geocoder, OfflineGazetteer):
                    answer = geocoder.geocode(name, exactly_one=exactly_one, **kwargs)
                else:
                    answer = geocoder.geocode(name, exactly_one=exactly_one)
            except GeopyError as exc:
                errors.append(f"{type(geocoder).__name__}: {exc}")
                continue
            if answer:
                self._cache[cache_key] = answer
                return answer
        if errors and len(errors) == len(self.geocoders):
            raise GeocodingError(f"Every geocoder failed for {name!r}: " + "; ".join(errors))
        return None


def rate_limited(geocoder: Geocoder, min_delay_seconds: float = 1.0) -> Callable[..., Any]:
    """Wrap an online geocoder's ``geocode`` with geopy's ``RateLimiter``.

    Parameters
    ----------
    geocoder
        For example ``geopy.geocoders.Nominatim(user_agent=...)``.
    min_delay_seconds
        Nominatim's usage policy asks for at most one request per second.

    Returns
    -------
    callable
        The rate-limited ``geocode``.
    """
    limited: Callable[..., Any] = RateLimiter(
        geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
        swallow_exceptions=False,
    )
    return limited


class _RateLimitedGeocoder(Geocoder):
    """A geopy geocoder whose calls go through :func:`rate_limited`."""

    def __init__(self, inner: Geocoder, min_delay_seconds: float) -> None:
        super().__init__(user_agent="incidentmap-ratelimited")
        self.inner = inner
        self._call = rate_limited(inner, min_delay_seconds)

    def geocode(self, query: str, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        return self._call(query, exactly_one=exactly_one, **kwargs)


def build_geocoder(online_user_agent: str | None = None) -> Geocoder:
    """Return the configured geocoder: offline, or offline then Nominatim.

    Parameters
    ----------
    online_user_agent
        When given, Nominatim (rate-limited to 1 request/s, cached) is tried
        after the offline gazetteer; Nominatim requires a descriptive user agent.

    Returns
    -------
    geopy.geocoders.base.Geocoder
        The offline gazetteer alone by default.
    """
    offline = OfflineGazetteer()
    if not online_user_agent:
        return offline
    from geopy.geocoders import Nominatim

    online = _RateLimitedGeocoder(Nominatim(user_agent=online_user_agent, timeout=5), 1.0)
    return GeocoderChain([offline, online])
