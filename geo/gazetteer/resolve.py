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

from geo.gazetteer.index import Candidate

W_MATCH, W_PRIOR, W_COUNTRY, W_ADMIN1, W_TYPE = 0.45, 0.35, 0.45, 0.25, 0.40
#: Country weight for a country larger than :data:`LARGE_COUNTRY_KM` (equal-area radius).
W_COUNTRY_LARGE = 0.2
LARGE_COUNTRY_KM = 800.0
#: Extra weight for the country that dominates the text (dateline, most mentions).
W_MAIN_COUNTRY = 0.15
#: "Town, State" or "Town, Country": the name right after the comma contains it.
W_CONTAINER = 0.6
#: Bonus for candidates near places resolved elsewhere in the text (spatial minimality).
W_NEAR_50KM, W_NEAR_200KM, W_NEAR_500KM = 0.30, 0.20, 0.10
#: Penalty for a loose or alternate-name match outside every country of the text.
W_FOREIGN_WEAK = 0.20
#: Population is a tie-breaker: at most this much between a hamlet and a megacity.
W_POPULATION = 0.10
#: Bonus for a row of the curated tables over a bulk source with the same name.
W_CURATED = 0.05
#: Only this many candidates (best by context-free score) get the context terms.
CONTEXT_POOL = 40
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
SITE_KINDS = frozenset({"site", "landmark", "crossing", "airport"})
AREA_KINDS = frozenset({"country", "continent", "region", "admin1"})
_KIND_PRIOR = {"country": 2.0, "continent": 1.6, "region": 0.9, "site": 0.75,
               "landmark": 0.75, "crossing": 0.7, "airport": 0.7, "admin1": 0.75}
#: Penalty for a small town that shares its name with a country or admin-1 unit.
W_SHADOWED = 0.15
#: Bonus for the seat of a namesake province ("Baghdad" the city in Baghdad Governorate).
W_NAMESAKE = 0.3
NAMESAKE_MATCH = 0.85
#: A seat known by an alternate name ("New York" for New York City) must be this large.
NAMESAKE_ALT_POP = 1_000_000
SHADOW_POPULATION = 100_000


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
    main_country
        The country the text is mainly about (its dateline, or the most
        mentioned), empty when none stands out.
    container
        Place id of the area named right after this mention ("Erbil, Iraq"),
        with its country and admin-1 name: ``(place_id, country, admin1)``.
    contains
        ``(country, admin1)`` of the places the mention right before this one
        may be ("Atlanta, Georgia": the towns called Atlanta), so the area that
        contains one of them is preferred.
    large_countries
        Those of ``countries`` too large for being in them to say much (the
        United States, Russia): they count :data:`W_COUNTRY_LARGE`.
    """

    countries: frozenset[str] = field(default_factory=frozenset)
    admin1: frozenset[str] = field(default_factory=frozenset)
    points: tuple[tuple[float, float], ...] = ()
    main_country: str = ""
    container: tuple[str, str, str] | None = None
    large_countries: frozenset[str] = field(default_factory=frozenset)
    contains: frozenset[tuple[str, str]] = field(default_factory=frozenset)


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
        Countries highest, then continents, named regions, curated sites and
        admin-1 units, then towns; population adds only a small tie-breaker
        (capitals count as a city ten times their size).
    """
    place = candidate.place
    if place.kind == "city":
        pop = place.population * (10 if candidate.capital else 1)
        base = 0.5 if place.place_id.startswith("cur:") else 0.35
        return base + W_POPULATION * math.log10(pop + 1)
    return _KIND_PRIOR.get(place.kind, 0.5)


def base_score(candidate: Candidate, query: str) -> float:
    """Return the context-free score: name match, prior and feature type.

    Parameters
    ----------
    candidate
        A gazetteer match.
    query
        The name as written.

    Returns
    -------
    float
        Higher is better; comparable only among candidates of one query.
    """
    place = candidate.place
    value = W_MATCH * candidate.match + W_PRIOR * prior(candidate)
    if place.place_id.startswith("cur:"):
        value += W_CURATED
    hint = kind_hint(query)
    if hint == "site":
        value += W_TYPE if place.kind in SITE_KINDS else -W_TYPE
    elif hint == "admin1":
        value += W_TYPE if place.kind in ("admin1", "region") else 0.0
    return value


def context_score(candidate: Candidate, context: ResolutionContext) -> float:
    """Return what the document's own geography adds to a candidate.

    Parameters
    ----------
    candidate
        A gazetteer match.
    context
        Countries, admin-1 units, points and container from the same text.

    Returns
    -------
    float
        The sum of the country, main-country, admin-1, container and
        proximity terms, less a penalty for a weak match abroad.
    """
    place = candidate.place
    value = 0.0
    in_country = bool(place.country) and place.country in context.countries
    if in_country:
        value += W_COUNTRY_LARGE if place.country in context.large_countries else W_COUNTRY
    if place.country and place.country == context.main_country:
        value += W_MAIN_COUNTRY
    if place.admin1 and place.admin1 in context.admin1 and place.kind != "admin1":
        value += W_ADMIN1
    if context.container is not None:
        cid, ccountry, cadmin1 = context.container
        if place.place_id != cid and ccountry == place.country and (
                not cadmin1 or cadmin1 == place.admin1):
            value += W_CONTAINER
    if context.contains and (
            (place.kind == "country" and (place.country, "") in context.contains)
            or (place.kind == "admin1" and (place.country, place.name) in context.contains)):
        value += W_CONTAINER
    if context.points and place.kind not in ("country", "continent", "region"):
        near = _nearest_km(place.lon, place.lat, context.points) - place.radius_km
        value += (W_NEAR_50KM if near < 50 else W_NEAR_200KM if near < 200
                  else W_NEAR_500KM if near < 500 else 0.0)
    if context.countries and not in_country and candidate.match < 0.9 and place.country:
        value -= W_FOREIGN_WEAK
    return value


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
    return base_score(candidate, query) + context_score(candidate, context)


def _container_only(candidate: Candidate, context: ResolutionContext) -> float:
    """Return the "Town, State" term alone (for towns named after a country)."""
    if context.container is None:
        return 0.0
    cid, ccountry, cadmin1 = context.container
    place = candidate.place
    same = ccountry == place.country and (not cadmin1 or cadmin1 == place.admin1)
    return W_CONTAINER + W_COUNTRY if same and place.place_id != cid else 0.0


def _namesake(
    candidate: Candidate, areas: set[tuple[str, str]], context: ResolutionContext
) -> float:
    """Adjust a town that shares its name with a country or admin-1 unit.

    The seat of its namesake province ("Baghdad", "Aleppo") is what a text
    means by the name; a small town elsewhere ("Lebanon, Tennessee") is not,
    unless the context says so. The seat's bonus holds only where the text
    names no country or names the seat's.
    """
    place = candidate.place
    if not areas or place.kind != "city":
        return 0.0
    at_home = not context.countries or place.country in context.countries
    if at_home and (place.country, place.admin1) in areas and (
            candidate.match >= STRONG_MATCH
            or (candidate.match >= NAMESAKE_MATCH and place.population >= NAMESAKE_ALT_POP)):
        return W_NAMESAKE
    return -W_SHADOWED if place.population < SHADOW_POPULATION else 0.0


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
    areas = {(c.place.country, c.place.name) for c in pool
             if c.place.kind in ("country", "admin1") and c.match >= STRONG_MATCH}
    scored = [(c, base_score(c, query) + _namesake(c, areas, ctx)) for c in pool]
    scored.sort(key=lambda cs: (-cs[1], -cs[0].place.population))
    # A country, continent or named region keeps its name against towns called
    # after it ("China, Texas"), unless the text says "Town, State".
    # An admin-1 unit does too, against towns other than its seat and capitals.
    named_area = any(c.place.kind in ("country", "continent", "region") and
                     c.match >= STRONG_MATCH for c in pool)
    named_admin1 = any(c.place.kind == "admin1" and c.match >= 1.0 for c in pool)

    def guarded(c: Candidate) -> bool:
        if c.place.kind != "city":
            return False
        if named_area:
            return True
        return (named_admin1 and not c.capital and c.place.population < SHADOW_POPULATION
                and (c.place.country, c.place.admin1) not in areas)

    head = [(c, v + (_container_only(c, ctx) if guarded(c) else context_score(c, ctx)))
            for c, v in scored[:CONTEXT_POOL]]
    head.sort(key=lambda cs: (-cs[1], -cs[0].place.population))
    return head + scored[CONTEXT_POOL:]


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
