"""Document-level toponym resolution, and :func:`geoparse` (recognition, then resolution).

Resolution lets the document's own geography dominate, as GeoNorm does:
countries are resolved first, then admin-1 units, then the rest, each stage
with the countries, provinces, dateline and points resolved before it as
context; a final pass re-ranks every mention with all of that evidence.
Population only breaks ties. The spans come from :mod:`geo.reading.recognition`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from geo.core.geodesy import distance_km
from geo.core.records import Place, PlaceMention
from geo.gazetteer.build import Q_ALTERNATE
from geo.gazetteer.index import LOOSE_MATCH_FACTOR, Candidate, Gazetteer
from geo.gazetteer.names import name_key
from geo.gazetteer.regions import directional_place
from geo.gazetteer.resolve import (
    LARGE_COUNTRY_KM,
    STRONG_MATCH,
    ResolutionContext,
    confidence,
    rank,
)
from geo.reading.recognition import _COORDINATION, ToponymSpan, recognise
from geo.reading.spanrules import ADMIN_SUFFIXES


@dataclass(frozen=True, slots=True)
class ResolvedToponym:
    """A toponym with its chosen place (and the region polygon, if any).

    Attributes
    ----------
    mention
        The mention with its resolved :class:`~geo.core.records.Place`.
    candidate
        The winning gazetteer candidate (the parent for directional regions).
    alternatives
        Other candidates, best first, for a reviewer to pick from.
    polygon
        Region polygon for directional regions; ``None`` otherwise.
    """

    mention: PlaceMention
    candidate: Candidate
    alternatives: tuple[Candidate, ...]
    polygon: BaseGeometry | None = None


_Evidence = tuple[str, Place]
#: Stages of resolution: countries and continents, then admin-1 units, then the rest.
_STAGES = (frozenset({"country", "continent"}), frozenset({"admin1", "region"}))
POINT_KINDS = frozenset({"city", "site", "landmark", "crossing", "airport"})


def _stage(span: ToponymSpan) -> int:
    """0 for a name whose best match is a country, 1 for an admin-1 unit, else 2."""
    strong = [c for c in span.candidates if c.match >= STRONG_MATCH] or list(span.candidates)
    kinds = {c.place.kind for c in strong}
    for k, stage_kinds in enumerate(_STAGES):
        if kinds & stage_kinds:
            return k
    return 2


def _confident(ranked: list[tuple[Candidate, float]]) -> bool:
    top = ranked[0][0]
    return confidence(ranked) >= 0.5 or top.place.kind in ("country", "site", "region")


def _context(
    evidence: list[_Evidence], key: str, dateline_country: str, container: Place | None,
    large_countries: frozenset[str], contains: frozenset[tuple[str, str]] = frozenset(),
) -> ResolutionContext:
    """Context from every other name, so a name never votes for itself."""
    others = [p for k, p in evidence if k != key]
    counts = Counter(p.country for p in others if p.country)
    countries = frozenset(counts)
    main = dateline_country
    if not main and counts:
        (top, n_top), *rest = counts.most_common(2)
        main = top if not rest or n_top > rest[0][1] else ""
    admin1 = frozenset(p.name for p in others if p.kind == "admin1")
    points = tuple(dict.fromkeys((p.lon, p.lat) for p in others if p.kind in POINT_KINDS))
    large = frozenset(c for c in countries if c in large_countries)
    box = None if container is None else (container.place_id, container.country,
                                          container.admin1 if container.kind == "admin1" else "")
    return ResolutionContext(countries, admin1, points, main, box, large, contains)


def _query(span: ToponymSpan) -> str:
    return f"{span.name} {span.suffix}" if span.suffix else span.name


#: Between a place and the area that contains it: "Erbil, Iraq", "Sinjar in Nineveh".
_CONTAINED = re.compile(r"(?:\s+(?:village|town|township|district|sub-?district|camp|area|"
                        r"(?:oil|gas)\s?fields?|oilfields?|power (?:plant|station)s?|"
                        r"refinery|port|dam|base|airbase|air base|airport))?"
                        r"(?:,\s*|\s+in\s+(?:the\s+)?)")
_VILLAGE_AFTER = re.compile(r"\s+(?:village|hamlet)\b", re.IGNORECASE)
#: Between a part of a town and the town: "the Al-Abbas area of Al-Bokamal".
_PART_OF_TOWN = re.compile(r"\s+(?:area|district|sub-?district|neighbou?rhood|quarter)\s+of\s+"
                           r"(?:the\s+)?(?:city\s+of\s+)?")
#: How far a named part of a town may lie from the town.
PART_REACH_KM = 30.0
#: A town this small, abroad from the area the text puts it in, is a namesake even when its
#: name matches exactly ("the Al-Omar oilfield in northeast Syria" is no hamlet in the US).
NAMESAKE_POPULATION = 20000


def _containers(spans: list[ToponymSpan], text: str | None) -> list[int | None]:
    """Index of the span right after ", " or " in " that may contain each span."""
    out: list[int | None] = [None] * len(spans)
    if text is None:
        return out
    for k in range(len(spans) - 1):
        a, b = spans[k], spans[k + 1]
        if _CONTAINED.fullmatch(text[a.end:b.start]) and _stage(b) < 2:
            out[k] = k + 1
    return out


def _outside(place: Place, area: Place) -> bool:
    """Whether a point lies clearly beyond a province's extent (its radius, with slack)."""
    reach = max(area.radius_km, 25.0) * 1.5
    return distance_km(place.lon, place.lat, area.lon, area.lat) > reach


def _stray_conjunct(text: str, k: int, spans: list[ToponymSpan], chosen: dict[int, Place],
                    place: Place, evidence: list[_Evidence]) -> bool:
    """Whether a weak match lies abroad while the places listed with it do not.

    "in the areas of Khiam and Houla": when Khiam is in Lebanon and the only Houla
    the gazetteer knows (by an alternate name) is in a country the text names nowhere
    else, the text means a place the gazetteer lacks.
    """
    if any(p.country == place.country for key, p in evidence if key != name_key(spans[k].name)):
        return False
    for j in (k - 1, k + 1):
        if not 0 <= j < len(spans) or j not in chosen:
            continue
        a, b = (spans[j], spans[k]) if j < k else (spans[k], spans[j])
        if _COORDINATION.fullmatch(text[a.end:b.start]) and chosen[j].kind in POINT_KINDS \
                and chosen[j].country and chosen[j].country != place.country:
            return True
    return False


def _said_in(text: str | None, span: ToponymSpan, spans: list[ToponymSpan],
             box: int | None) -> bool:
    """Whether the text puts a span "in" the next one ("X village in Y region")."""
    if text is None or box is None:
        return False
    return " in " in text[span.end:spans[box].start]


def _part_elsewhere(text: str | None, k: int, spans: list[ToponymSpan],
                    chosen: dict[int, Place], place: Place, exact: bool) -> bool:
    """Whether "the X area of Y" resolved X far from the town Y it is a part of.

    A quarter or district of a town the gazetteer lacks is no namesake elsewhere: the
    town that follows says where it is. An exact name in the same country stays (the
    town may be the misread one).
    """
    if text is None or k + 1 >= len(spans) or k + 1 not in chosen:
        return False
    town = chosen[k + 1]
    if exact and place.country == town.country:
        return False
    if town.kind not in POINT_KINDS or not _PART_OF_TOWN.fullmatch(
            text, spans[k].end, spans[k + 1].start):
        return False
    reach = max(town.radius_km, PART_REACH_KM)
    return distance_km(place.lon, place.lat, town.lon, town.lat) > reach


def _namesake_abroad(text: str | None, span: ToponymSpan, spans: list[ToponymSpan],
                     box: int | None, place: Place, container: Place,
                     evidence: list[_Evidence]) -> bool:
    """Whether a small town lies abroad from the area the text puts it "in".

    "the Al-Omar oilfield in northeast Syria" is no hamlet called Omar elsewhere, even
    though the name matches exactly, when the text names the container's country more
    than once (so the container itself is no misreading). A place the text calls a
    village ("Kani village in the Sagaing region") is no city abroad, however large.
    """
    village = text is not None and bool(_VILLAGE_AFTER.match(text, span.end))
    if (place.population >= NAMESAKE_POPULATION and not village) or \
            place.country == container.country or not _said_in(text, span, spans, box):
        return False
    return sum(p.country == container.country for _, p in evidence) >= 2


def resolve_spans(
    spans: list[ToponymSpan], gazetteer: Gazetteer, text: str | None = None
) -> list[ResolvedToponym]:
    """Resolve recognised spans with document context.

    Countries are resolved first, then admin-1 units, then the rest, each
    stage with the evidence of the stages before it (GeoNorm's order); a
    last pass re-ranks every span with all confident evidence.

    Parameters
    ----------
    spans
        Output of :func:`recognise`.
    gazetteer
        Needed for region polygons of directional mentions.
    text
        The text the spans point into, for "Town, Country" containment.

    Returns
    -------
    list of ResolvedToponym
        One per span, in text order.
    """
    containers = _containers(spans, text)
    large = gazetteer.large_countries(LARGE_COUNTRY_KM)
    inside: list[frozenset[tuple[str, str]]] = [frozenset()] * len(spans)
    for k, box in enumerate(containers):
        if box is not None:
            inside[box] = frozenset(
                pair for c in spans[k].candidates if c.match >= STRONG_MATCH
                and c.place.kind in POINT_KINDS
                for pair in ((c.place.country, c.place.admin1), (c.place.country, "")))
    evidence: list[_Evidence] = []
    dateline_country = ""
    chosen: dict[int, Place] = {}
    # A span's ranking depends only on its name, candidates, container and the evidence so
    # far (which only grows), so repeated names are ranked once per state: without this, a
    # long text costs time quadratic in its number of names.
    memo: dict[tuple[object, ...], list[tuple[Candidate, float]]] = {}

    def ranker(k: int, container: Place | None) -> list[tuple[Candidate, float]]:
        span = spans[k]
        key = name_key(span.name)
        memo_key = (len(evidence), dateline_country, key, _query(span), container, inside[k],
                    tuple(id(c) for c in span.candidates))
        if memo_key not in memo:
            ctx = _context(evidence, key, dateline_country, container, large, inside[k])
            ranked = rank(span.candidates, _query(span), ctx)
            if span.suffix in ADMIN_SUFFIXES:  # "the Kyiv region": the province, not its seat
                areas = [cs for cs in ranked if cs[0].place.kind in ("admin1", "region")
                         and cs[0].match >= Q_ALTERNATE]
                ranked = areas + [cs for cs in ranked if cs not in areas]
            elif span.suffix == "countryside" and ranked:  # the province of that name
                areas = [cs for cs in ranked if cs[0].place.kind == "admin1"
                         and cs[0].match >= ranked[0][0].match]
                ranked = areas + [cs for cs in ranked if cs not in areas]
            memo[memo_key] = ranked
        return memo[memo_key]

    for stage in range(3):
        for k, span in enumerate(spans):
            if _stage(span) != stage:
                continue
            box = containers[k]
            ranked = ranker(k, chosen.get(box) if box is not None else None)
            if not ranked:
                continue
            chosen[k] = ranked[0][0].place
            if _confident(ranked) or span.dateline:
                evidence.append((name_key(span.name), ranked[0][0].place))
            if span.dateline and ranked[0][0].place.country and not dateline_country:
                dateline_country = ranked[0][0].place.country
    out: list[ResolvedToponym] = []
    for k, span in enumerate(spans):
        box = containers[k]
        ranked = ranker(k, chosen.get(box) if box is not None else None)
        if span.direction:
            ranked = [cs for cs in ranked if cs[0].place.kind in ("country", "admin1", "region")]
        if not ranked:
            continue
        best = ranked[0][0]
        place: Place = best.place
        container = chosen.get(box) if box is not None else None
        if container is not None and container.country and place.country \
                and place.kind in POINT_KINDS and (
                    (best.match < STRONG_MATCH and (
                        place.country != container.country
                        or (container.kind == "admin1" and _outside(place, container)
                            and _said_in(text, span, spans, box))))
                    or _namesake_abroad(text, span, spans, box, place, container, evidence)):
            # "Zeitoun in the northern Gaza Strip" is no town abroad of that name, and
            # "X village in Sagaing region" no namesake in another province
            continue
        if place.kind in POINT_KINDS and _part_elsewhere(text, k, spans, chosen, place,
                                                         best.match >= STRONG_MATCH):
            continue  # "the Al-Abbas area of Al-Bokamal": no namesake of Al-Abbas elsewhere
        if place.kind in POINT_KINDS and best.match < STRONG_MATCH and text is not None \
                and _stray_conjunct(text, k, spans, chosen, place, evidence):
            continue  # "the areas of Khiam and Houla": no namesake of Houla abroad
        if place.kind in POINT_KINDS and best.match <= LOOSE_MATCH_FACTOR and evidence \
                and place.country not in {p.country for _, p in evidence}:
            continue  # a loose spelling match in a country the text never names
        polygon = None
        if span.direction:
            place, polygon = directional_place(gazetteer, best, span.direction, span.text)
        mention = PlaceMention(span.text, span.start, span.end, place, confidence(ranked))
        out.append(ResolvedToponym(mention, best, tuple(c for c, _ in ranked[1:6]), polygon))
    return out


def geoparse(text: str, gazetteer: Gazetteer) -> list[ResolvedToponym]:
    """Recognise and resolve every toponym in a text.

    Parameters
    ----------
    text
        Plain English text.
    gazetteer
        The name index.

    Returns
    -------
    list of ResolvedToponym
        Resolved toponyms in text order.
    """
    return resolve_spans(recognise(text, gazetteer), gazetteer, text)
