"""Which place a sentence means when it names a site, a facility or none.

A place that only says where a site lies ("Victory Base at Baghdad airport") is
no location of its own; a facility described, not named ("a base north of X"),
is the site named in the next sentences; "a refinery in Rostov region" is the
town named with such a refinery; "into the city" refers back to the town named
just before.
"""

from __future__ import annotations

import re

from geo.core.geodesy import distance_km
from geo.core.records import Place
from geo.extract.sentences import Sentence
from geo.gazetteer.resolve import STRONG_MATCH
from geo.reading.placeuse import preposition
from geo.reading.resolution import ResolvedToponym

_SITE_KINDS = frozenset({"site", "airport", "landmark", "crossing"})
#: A place referred back to: "into the city", "in the town", "at the camp".
_ANAPHOR = re.compile(r"\b(?:in|into|on|at|near|across|around|inside|outside|stormed|raided|"
                      r"entered)\s+the\s+(?P<noun>city|town|village|camp)\b(?!\s+of\b)",
                      re.IGNORECASE)
#: Sentences looked back for the place an anaphor refers to.
ANAPHOR_LOOKBACK = 3


def _anaphor(text: str, s: Sentence, sents: list[Sentence]) -> ResolvedToponym | None:
    """Return the town that "the city" (town, village, camp) of a sentence refers back to.

    Parameters
    ----------
    text
        Full text.
    s
        A sentence with a trigger and a stated day that names no place.
    sents
        All sentences.

    Returns
    -------
    ResolvedToponym or None
        The last town (or, for a camp, a site or town) named in the sentences just
        before, when the sentence refers to one with a strong trigger.
    """
    m = _ANAPHOR.search(text, s.start, s.end)
    if m is None or not any(tr.strength >= 0.8 and not tr.political for tr in s.triggers):
        return None
    kinds = {"city"} | (_SITE_KINDS if m.group("noun").lower() == "camp" else set())
    for prev in reversed(sents[max(0, s.index - ANAPHOR_LOOKBACK):s.index]):
        if prev.in_title:
            break
        towns = [t for t in prev.places
                 if t.mention.place is not None and t.mention.place.kind in kinds]
        if towns:
            return towns[-1]
    return None
#: A subject that refers back to what the sentence before named: "Most were intercepted".
_BACK_SUBJECT = re.compile(r"[“\"‘']?\s*(?:most|some|all|both|several|many|the rest|they|"
                           r"(?:one|two|three|four|five|most|some|all|several) of them)\b"
                           r"(?!\s+(?:of\s+)?(?:the|these|those|this|its|their)\b)",
                           re.IGNORECASE)
#: Prepositions that put what the sentence before describes at a place.
_CARRIED_PREPS = frozenset(("in", "at", "near", "around", "into", "over", "on", "onto",
                            "inside", "outside", "toward", "towards", "targeting", "against"))


def _carried(text: str, s: Sentence, sents: list[Sentence]) -> list[ResolvedToponym]:
    """Return the places the sentence before names when a pronoun subject refers to them.

    "About 20 projectiles were identified crossing into Israeli territory around Safed.
    Most were intercepted": the interception is around Safed. The sentence before must
    report no event of its own (no trigger) and put its subject at a town or region.

    Parameters
    ----------
    text
        Full text.
    s
        A sentence with a trigger that names no place.
    sents
        All sentences.

    Returns
    -------
    list of ResolvedToponym
        Places of the sentence before, after a locative preposition, below country level.
    """
    if s.index == 0 or not _BACK_SUBJECT.match(text, s.start):
        return []
    prev = sents[s.index - 1]
    if prev.in_title or prev.triggers or prev.paragraph < s.paragraph - 1:
        return []
    return [t for t in prev.places if t.mention.place is not None
            and t.mention.place.kind != "country"
            and preposition(text, t) in _CARRIED_PREPS]


#: A place named again by its kind: "shelled the region", "in the city" (not "the city of").
_KIND_AGAIN = re.compile(r"\b(?:in|into|on|at|across|around|throughout|inside|struck|hit|"
                         r"shelled|attacked|targeted|pounded|bombed|mined)\s+the\s+"
                         r"(?P<noun>region|oblast|province|governorate|city|town)\b(?!\s+of\b)",
                         re.IGNORECASE)
_KIND_NOUNS = {"region": ("admin1", "region"), "oblast": ("admin1",), "province": ("admin1",),
               "governorate": ("admin1",), "city": ("city",), "town": ("city",)}


def _named_again(text: str, s: Sentence, t: ResolvedToponym) -> bool:
    """Whether the sentence names a place again by its kind after naming it.

    "Sumy Oblast's governor said troops shelled the region 110 times": the region is
    Sumy Oblast, the event's place even though its name stands in the speaker's title.

    Parameters
    ----------
    text
        Full text.
    s
        The sentence.
    t
        One of its places.

    Returns
    -------
    bool
        True when "the region" (oblast, province, city, town) follows the place in the
        sentence after a locative or a verb of attack, the place is of that kind and no
        other place of that kind lies between.
    """
    place = t.mention.place
    if place is None:
        return False
    for m in _KIND_AGAIN.finditer(text, t.mention.end, s.end):
        kinds = _KIND_NOUNS[m.group("noun").lower()]
        between = [p for p in s.places if t.mention.end <= p.mention.start < m.start()
                   and p.mention.place is not None and p.mention.place.kind in kinds]
        return place.kind in kinds and not between
    return False


#: Between a site and the place that contains it: "Victory Base at Baghdad airport".
_SITE_IN = re.compile(r"(?:\s+(?:air ?base|base|airport|airfield|camp|garrison|outpost))?"
                      r",?\s+(?:at|in|inside|near|outside|by)\s+(?:the\s+)?(?:city of\s+)?",
                      re.IGNORECASE)


#: Between an area and the larger area it lies in: "Al Luhayyah district in Al Hudaydah".
_AREA_IN = re.compile(r"\s+(?:district|governorate|sub-?district|township|county|village|town)"
                      r",?\s+(?:in|of)\s+(?:the\s+)?", re.IGNORECASE)
#: How far an area may lie from the larger area said to contain it.
AREA_REACH_KM = 150.0


def _site_container(text: str, t: ResolvedToponym, places: list[ResolvedToponym]) -> bool:
    """Whether a place only says where the site named just before it lies.

    Parameters
    ----------
    text
        Full text.
    t
        A place used as a location.
    places
        The sentence's places.

    Returns
    -------
    bool
        True for "Baghdad airport" in "Victory Base at Baghdad airport" and "Erbil" in
        "Harir air base near Erbil": the site is the location, not a second one; and for
        "Y" in "X district in Y" when X lies in Y's reach.
    """
    before = [p for p in places if p.mention.end <= t.mention.start]
    if not before:
        return False
    prev = before[-1]
    if prev.mention.place is None or t.mention.place is None:
        return False
    if t.mention.place.kind in ("country", "continent"):
        return False
    if _AREA_IN.fullmatch(text, prev.mention.end, t.mention.start):
        # "Al Luhayyah district in Al Hudaydah": the district is the location
        a, b = prev.mention.place, t.mention.place
        return distance_km(a.lon, a.lat, b.lon, b.lat) <= max(b.radius_km * 1.5, AREA_REACH_KM)
    if prev.mention.place.kind not in _SITE_KINDS:
        return False
    return bool(_SITE_IN.fullmatch(text, prev.mention.end, t.mention.start))


#: Between a place and the reference point that locates it: ", west of", ", 20 km south of".
_BEARING = r"(?:to the\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of"
_BEARING_OF = re.compile(
    r"(?:\s+(?:area|village|town|district|camp))?"
    r",?\s+(?:(?:about|some|around|roughly|nearly|approximately|just|only)\s+)?"
    r"(?:(?P<num>\d+(?:\.\d+)?)\s*(?:km|kms|kilometers?|kilometres?|miles?)\s*"
    r"(?:\([^)]{1,20}\)\s*)?(?:" + _BEARING + r"|from|outside|away from)|" + _BEARING + r")"
    r"\s+(?:the\s+)?(?:(?:city|town|capital|province|governorate|region) of\s+)?(?:the\s+)?",
    re.IGNORECASE)
#: How far a reference point may lie from the place it locates, beyond the stated distance.
REFERENCE_REACH_KM = 120.0
#: A town abroad this small, far from the reference point after it, is a namesake.
SMALL_TOWN = 20000


def _reference_point(text: str, t: ResolvedToponym, places: list[ResolvedToponym]) -> bool:
    """Whether a place only locates the place named just before it ("X, west of Y").

    Parameters
    ----------
    text
        Full text.
    t
        A place used as a location.
    places
        The sentence's places.

    Returns
    -------
    bool
        True for "Baghdad" in "near Abu Ghraib, west of Baghdad" or "in Jurf al-Sakhar,
        40 km south of Baghdad": the bearing phrase is an appositive that says where the
        first place lies, so the reference point is no second incident. The first place
        must lie within the stated distance (or :data:`REFERENCE_REACH_KM`) of it, which
        also confirms that both were resolved in the same area.
    """
    before = [p for p in places if p.mention.end <= t.mention.start]
    if not before:
        return False
    prev, ref = before[-1].mention.place, t.mention.place
    if prev is None or ref is None or ref.kind in ("country", "continent"):
        return False
    m = _BEARING_OF.fullmatch(text, before[-1].mention.end, t.mention.start)
    if m is None:
        return False
    stated = float(m.group("num")) * (1.609 if "mile" in m.group().lower() else 1.0) \
        if m.group("num") else 0.0
    reach = stated * 1.5 + REFERENCE_REACH_KM + ref.radius_km
    return distance_km(prev.lon, prev.lat, ref.lon, ref.lat) <= reach


def _located_far(text: str, t: ResolvedToponym, places: list[ResolvedToponym]) -> bool:
    """Whether a loose match lies far from the reference point the text locates it by.

    "near al-Rawad area to the west of Deir Ezzor": a village the gazetteer lacks, not a
    namesake hundreds of kilometres away; the reference point after it stands for it.

    Parameters
    ----------
    text
        Full text.
    t
        A place used as a location.
    places
        The sentence's places.

    Returns
    -------
    bool
        True when the bearing phrase after ``t`` names a place that ``t`` lies beyond
        reach of, and ``t`` matched only loosely or is a small town in another country.
    """
    after = [p for p in places if p.mention.start >= t.mention.end]
    if not after or t.mention.place is None or after[0].mention.place is None:
        return False
    place, ref = t.mention.place, after[0].mention.place
    if ref.kind in ("country", "continent") or (t.candidate.match >= STRONG_MATCH and (
            place.country == ref.country or place.population >= SMALL_TOWN)):
        return False
    m = _BEARING_OF.fullmatch(text, t.mention.end, after[0].mention.start)
    if m is None:
        return False
    stated = float(m.group("num")) * (1.609 if "mile" in m.group().lower() else 1.0) \
        if m.group("num") else 0.0
    reach = stated * 1.5 + REFERENCE_REACH_KM + ref.radius_km
    return distance_km(place.lon, place.lat, ref.lon, ref.lat) > reach


#: A facility described, not named, before a near-phrase: "a base housing US troops north of".
_FACILITY_BEFORE = re.compile(r"\b(?:a|an|the|two|three|several|\d+)\s+"
                              r"(?:military\s+|air\s+|army\s+|joint\s+)?"
                              r"(?:base|airbase|air base|camp|airfield|garrison|outpost)s?\b"
                              r"[^;]{0,60}$", re.IGNORECASE)
#: How far from the near-phrase's town the named site may lie.
SITE_REACH_KM = 60.0


def _unnamed_site(text: str, s: Sentence, t: ResolvedToponym,
                  sents: list[Sentence]) -> Place | None:
    """Return the named site that "a base north of X" is, named in the next sentences.

    Parameters
    ----------
    text
        Full text.
    s
        The sentence.
    t
        The town after the near-phrase.
    sents
        All sentences.

    Returns
    -------
    Place or None
        The first site (base, airport, camp) named in this or the next two sentences
        within :data:`SITE_REACH_KM` of the town, when the near-phrase describes a
        facility without naming it.
    """
    anchor = t.mention.place
    if anchor is None or not _FACILITY_BEFORE.search(
            text, max(s.start, t.mention.start - 120), t.mention.start):
        return None
    for nxt in sents[s.index:s.index + 3]:
        for p in nxt.places:
            site = p.mention.place
            if p is not t and site is not None and site.kind in _SITE_KINDS and distance_km(
                    anchor.lon, anchor.lat, site.lon, site.lat) <= SITE_REACH_KM:
                return site
    return None


_FACILITY = (r"(?:oil\s+|fuel\s+|gas\s+|power\s+)?(?P<noun>refinery|port|airport|air\s?base|"
             r"base|plant|power station|depot|terminal|field)")
#: A facility described by its kind before a region: "hit a major oil refinery in".
_FACILITY_IN = re.compile(r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?" + _FACILITY +
                          r"\b[^.;]{0,40}$", re.IGNORECASE)
#: A town named with a facility of that kind: "the Novoshakhtinsk oil refinery".
_FACILITY_AFTER = re.compile(r"\s+" + _FACILITY + r"\b", re.IGNORECASE)


def _facility_town(text: str, s: Sentence, t: ResolvedToponym,
                   sents: list[Sentence]) -> Place | None:
    """Return the town whose facility "a refinery in Rostov region" turns out to be.

    Parameters
    ----------
    text
        Full text.
    s
        The sentence.
    t
        A region or province after a facility described by its kind.
    sents
        All sentences.

    Returns
    -------
    Place or None
        A town named with a facility of the same kind ("the Novoshakhtinsk oil
        refinery") in this or the next two sentences, inside the region.
    """
    region = t.mention.place
    described = _FACILITY_IN.search(text, max(s.start, t.mention.start - 100), t.mention.start)
    if region is None or described is None:
        return None
    noun = described.group("noun").lower().replace(" ", "")
    reach = max(region.radius_km * 1.3, 60.0)
    for nxt in sents[s.index:s.index + 3]:
        for p in nxt.places:
            town = p.mention.place
            named = _FACILITY_AFTER.match(text, p.mention.end)
            if town is None or named is None or town.kind != "city" or \
                    named.group("noun").lower().replace(" ", "") != noun:
                continue
            inside = (region.kind == "admin1" and town.admin1 == region.name) or \
                distance_km(region.lon, region.lat, town.lon, town.lat) <= reach
            if inside and town.country == region.country:
                return town
    return None
