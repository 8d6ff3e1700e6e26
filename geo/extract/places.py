"""Refining the places geoparsing found, before an article's candidates are built.

A province named like its seat is the town where the text means a town ("the city
of X", "X city", "near X", "the X-Y road"); a district named by an adjective of its
seat ("the Nikopolskyi district") is that seat, found even when the gazetteer lacks
the district, or is dropped; a demonym of a place the text names ("the Gazan side")
is no town elsewhere. :func:`geo.extract.incidents.extract_incidents` applies these.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.core.records import PlaceMention
from geo.gazetteer.index import Candidate as GazCandidate
from geo.gazetteer.index import Gazetteer
from geo.reading.placeuse import near_phrase
from geo.reading.resolution import ResolvedToponym

_TOWN_BEFORE = re.compile(r"\b(?:city|town|village)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: "the province of X", "the northern governorate of X": X names the province.
_AREA_BEFORE = re.compile(r"\bthe\s+(?:(?:north|south|east|west|central)\w*\s+)?"
                          r"(?:province|governorate|oblast|region)\s+of\s+$", re.IGNORECASE)
#: "near the Sumy Oblast border": the name says the province itself.
_AREA_AFTER = re.compile(r"\s+(?:oblasts?|provinces?|governorates?|regions?)\b", re.IGNORECASE)
_TOWN_AFTER = re.compile(r"\s+(?:city|town)\b")
#: "the Nabatieh-Kfarjouz road": a road runs between towns.
_ROAD_AFTER = re.compile(r"[-–]\s?[A-Z][\w'’-]*\s+(?:road|highway|motorway)\b")


def _town_named(text: str, t: ResolvedToponym) -> ResolvedToponym:
    """Take the town or the province of a shared name, whichever the text means.

    "the city of X", "X city", "near X" (a distance is measured from a town) and
    "the X-Y road" name the town; "the province of X" names the province.
    """
    m, place = t.mention, t.mention.place
    if place is None:
        return t
    if place.kind == "city" and _AREA_BEFORE.search(text, max(0, m.start - 40), m.start):
        want = "admin1"  # "the northern province of Hajjah": the province, not its seat
    elif place.kind == "admin1" and not _AREA_AFTER.match(text, m.end) and (
            _TOWN_BEFORE.search(text, max(0, m.start - 30), m.start)
            or _TOWN_AFTER.match(text, m.end)
            or _ROAD_AFTER.match(text, m.end)
            or near_phrase(text, t)):
        want = "city"
    else:
        return t
    other = next((a for a in t.alternatives
                  if a.place.kind == want and a.place.country == place.country
                  and want == "admin1" and a.place.name == place.admin1), None) or next(
        (a for a in t.alternatives
         if a.place.kind == want and a.place.country == place.country
         and a.place.admin1 == place.name), None) or next(
        (a for a in t.alternatives
         if a.place.kind == want and a.place.country == place.country), None)
    if other is None:
        return t
    return replace(t, mention=replace(m, place=other.place), candidate=other)


#: A district named by an adjective of its seat: "the Nikopolskyi district", "Kupianskyi raion".
_DISTRICT_ADJ = re.compile(r"(?P<stem>[A-Z][\w'’-]+?)(?:skyi|skyy|skiy|sky|ska|ckyi|zkyi)$")
_DISTRICT_AFTER = re.compile(r"\s+(?:districts?|raions?|hromadas?|communit(?:y|ies))\b",
                             re.IGNORECASE)


def _district_seat(text: str, t: ResolvedToponym, toponyms: list[ResolvedToponym],
                   gaz: Gazetteer) -> ResolvedToponym | None:
    """Resolve a district named by an adjective of its seat to the seat, or drop it.

    "the Nikopolskyi district in Dnipropetrovsk Oblast" is the district of Nikopol: the
    town of that stem whose province the text names. A district adjective whose seat the
    text does not support ("the Kyivskyi district" of Kharkiv, a city district) is no
    village of the same name: it is dropped (the city it belongs to is named elsewhere).
    """
    m = t.mention
    adj = _DISTRICT_ADJ.fullmatch(m.text)
    if adj is None or not _DISTRICT_AFTER.match(text, m.end):
        return t
    seat = _seat(adj.group("stem"), t, toponyms, gaz)
    if seat is None:
        return None
    return replace(t, mention=replace(m, place=seat.place), candidate=seat)


def _seat(stem: str, t: ResolvedToponym | None, toponyms: list[ResolvedToponym],
          gaz: Gazetteer) -> GazCandidate | None:
    """Return the town a district adjective's stem names, in a province the text names."""
    areas = {p.mention.place.admin1 or p.mention.place.name for p in toponyms
             if p is not t and p.mention.place is not None
             and p.mention.place.kind in ("admin1", "city")}
    for name in (stem, f"{stem}sk", f"{stem}s'k", f"{stem}a"):
        for c in gaz.candidates(name):
            if c.place.kind == "city" and c.place.admin1 in areas and c.match >= 0.85:
                return c
    return None


_DISTRICT_NAME = re.compile(r"\b[A-Z][\w'’-]+?(?:skyi|skyy|skiy|sky|ska|ckyi|zkyi)\b")


def _unknown_districts(text: str, toponyms: list[ResolvedToponym],
                       gaz: Gazetteer) -> list[ResolvedToponym]:
    """Districts named by an adjective the gazetteer lacks, resolved to their seats.

    "the Nikopolskyi district in Dnipropetrovsk Oblast" becomes a mention of Nikopol
    when the text names Nikopol's province.
    """
    out: list[ResolvedToponym] = []
    taken = [(t.mention.start, t.mention.end) for t in toponyms]
    for m in _DISTRICT_NAME.finditer(text):
        if not _DISTRICT_AFTER.match(text, m.end()) or any(
                a < m.end() and m.start() < b for a, b in taken):
            continue
        adj = _DISTRICT_ADJ.fullmatch(m.group())
        seat = _seat(adj.group("stem"), None, toponyms, gaz) if adj else None
        if seat is not None:
            mention = PlaceMention(m.group(), m.start(), m.end(), seat.place, 0.5)
            out.append(ResolvedToponym(mention, seat, ()))
    return out


def _without_demonyms(toponyms: list[ResolvedToponym]) -> list[ResolvedToponym]:
    """Drop a demonym of a place the text names that resolved to another place.

    "the Gazan side of the crossing" in a text about Gaza is no town called Gazan
    elsewhere (Jizan): a name that is another mention plus "n", "an", "i" or "ian",
    resolved elsewhere than that mention, is an adjective.
    """
    named = {t.mention.text: t.mention.place for t in toponyms if t.mention.place is not None}
    out = []
    for t in toponyms:
        word, place = t.mention.text, t.mention.place
        stems = [word[:-k] for k, end in ((1, "n"), (2, "an"), (1, "i"), (3, "ian"))
                 if word.endswith(end) and len(word) > k + 2]
        base = next((p for x in stems for name, p in named.items()
                     if name == x or name.startswith(x + " ")), None)  # "Gaza Strip"
        if base is not None and place is not None and base.place_id != place.place_id \
                and place.kind == "city":
            continue
        out.append(t)
    return out
