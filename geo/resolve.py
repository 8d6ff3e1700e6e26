"""Rank gazetteer candidates with context, not population alone.

The score of a candidate combines how well the name matched, a prior by kind
and size, whether the feature type asked for fits ("Air Base" wants a site,
not a town), whether its country was already resolved in the same text, and
administrative containment (its admin-1 unit was named too).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from geo.gazetteer import Candidate

W_MATCH, W_PRIOR, W_COUNTRY, W_ADMIN1, W_TYPE = 0.45, 0.35, 0.30, 0.10, 0.40
#: Bonus for candidates near places resolved elsewhere in the text (spatial minimality).
W_NEAR_100KM, W_NEAR_400KM = 0.25, 0.12
_EARTH_RADIUS_KM = 6371.0

#: Words in a query that ask for a facility rather than a settlement.
SITE_WORDS = re.compile(
    r"\b(air ?base|base|airport|airfield|air field|camp|garrison|outpost|field|oilfield|"
    r"crossing|border crossing|landing zone|zone|embassy|tower)\b",
    re.IGNORECASE,
)
ADMIN_WORDS = re.compile(r"\b(province|governorate|state|region|county|district)\b", re.I)
#: Name quality from which a match counts as a canonical name or curated alias.
STRONG_MATCH = 0.95
SITE_KINDS = frozenset({"site", "landmark", "crossing"})
_KIND_PRIOR = {"country": 1.0, "continent": 0.9, "region": 0.8, "site": 0.75,
               "landmark": 0.75, "crossing": 0.7, "admin1": 0.5}


@dataclass(frozen=True, slots=True)
class ResolutionContext:
    """What the surrounding text already tells about where things are.

    Attributes
    ----------
    countries
        ISO alpha-2 codes resolved elsewhere in the same text.
    admin1
        Admin-1 names resolved elsewhere in the same text.
    points
        ``(lon, lat)`` of towns and sites resolved elsewhere in the same text.
    """

    countries: frozenset[str] = field(default_factory=frozenset)
    admin1: frozenset[str] = field(default_factory=frozenset)
    points: tuple[tuple[float, float], ...] = ()


def _nearest_km(lon: float, lat: float, points: tuple[tuple[float, float], ...]) -> float:
    """Great-circle distance (km, spherical) to the nearest of ``points`` (lon, lat)."""
    best = math.inf
    rlat = math.radians(lat)
    for plon, plat in points:
        dlat = math.radians(plat - lat)
        dlon = math.radians(plon - lon)
        a = math.sin(dlat / 2) ** 2 + math.cos(rlat) * math.cos(math.radians(plat)) * math.sin(
            dlon / 2) ** 2
        best = min(best, 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a))))
    return best


def kind_hint(query: str) -> str | None:
    """Return the feature type a query asks for, if it says.

    Parameters
    ----------
    query
        The name as written, for example ``Ain al-Asad air base``.

    Returns
    -------
    str or None
        ``"site"``, ``"admin1"`` or ``None``.
    """
    if SITE_WORDS.search(query):
        return "site"
    if ADMIN_WORDS.search(query):
        return "admin1"
    return None


def prior(candidate: Candidate) -> float:
    """Return the context-free prior of a candidate in ``[0, 1]``.

    Parameters
    ----------
    candidate
        A gazetteer match.

    Returns
    -------
    float
        Countries highest, then continents, named regions, curated sites,
        towns by log-population, admin-1 units.
    """
    place = candidate.place
    if place.kind == "city":
        return min(1.0, 0.1 * math.log10(place.population + 1))
    return _KIND_PRIOR.get(place.kind, 0.5)


def score(candidate: Candidate, query: str, context: ResolutionContext) -> float:
    """Return the context-aware score of one candidate.

    Parameters
    ----------
    candidate
        A gazetteer match.
    query
        The name as written.
    context
        Countries and admin-1 units resolved elsewhere in the text.

    Returns
    -------
    float
        Higher is better; comparable only among candidates of one query.
    """
    place = candidate.place
    value = W_MATCH * candidate.match + W_PRIOR * prior(candidate)
    if place.country and place.country in context.countries:
        value += W_COUNTRY
    if place.admin1 and place.admin1 in context.admin1 and place.kind != "admin1":
        value += W_ADMIN1
    if context.points and place.kind not in ("country", "continent", "region"):
        near = _nearest_km(place.lon, place.lat, context.points) - place.radius_km
        value += W_NEAR_100KM if near < 100 else W_NEAR_400KM if near < 400 else 0.0
    hint = kind_hint(query)
    if hint == "site":
        value += W_TYPE if place.kind in SITE_KINDS else -W_TYPE
    elif hint == "admin1":
        value += W_TYPE if place.kind in ("admin1", "region") else 0.0
    return value


def rank(
    candidates: Iterable[Candidate], query: str, context: ResolutionContext | None = None
) -> list[tuple[Candidate, float]]:
    """Rank candidates for a query, best first.

    Parameters
    ----------
    candidates
        Gazetteer matches of the query.
    query
        The name as written.
    context
        Context from the same text; none by default.

    Returns
    -------
    list of (Candidate, float)
        Candidates with their scores, best first (ties: larger population).
    """
    ctx = context or ResolutionContext()
    pool = list(candidates)
    if any(c.place.kind in ("country", "continent") and c.match >= STRONG_MATCH for c in pool):
        # A country's own name beats a town that merely lists it as an alternate.
        pool = [c for c in pool if c.match >= STRONG_MATCH]
    scored = [(c, score(c, query, ctx)) for c in pool]
    scored.sort(key=lambda cs: (-cs[1], -cs[0].place.population))
    return scored


def confidence(ranked: list[tuple[Candidate, float]]) -> float:
    """Return a confidence in ``[0, 1]`` from the margin between the top two.

    Parameters
    ----------
    ranked
        Output of :func:`rank`.

    Returns
    -------
    float
        0 for no candidate, near 1 for a clear winner.
    """
    if not ranked:
        return 0.0
    top = ranked[0][1]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    return max(0.0, min(1.0, 0.5 * min(1.0, top) + (top - runner)))
