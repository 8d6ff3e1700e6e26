"""Whether a toponym is used as the location of something, and how near.

"in Kirkuk", "near Erbil Air Base", "5 km from Al Asad", "targeting Camp Taji"
are location uses; a toponym inside an actor's name ("Islamic Resistance in
Iraq"), a possessive ("Iran's"), a modifier ("US forces", "US-led") or a noun
phrase ("the US embassy") is not.
"""

from __future__ import annotations

import re

from geo.core.records import GeoPrecision, Place
from geo.reading.actors import ActorMention
from geo.reading.resolution import ResolvedToponym

LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?P<prep>in|at|near|outside|inside|across|throughout|around|into|toward|towards|against|"
    r"over|off|on|onto|target|targets|targeting|targeted|struck|strike|strikes|hit|hitting|attacked|shelled|"
    r"bombed|pounded|from|of)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|province|governorate|region|area|district|outskirts|suburbs?|"
    r"countryside|border|north|south|east|west|heart|centre|center|capital|port|"
    r"(?:[a-z]+ )?(?:of\s+)?)?(?:of\s+|surrounding\s+|around\s+)?)?"
    r"(?:the\s+)?(?:(?:embattled|besieged|beleaguered|occupied|front-?line|contested|"
    r"devastated|strategic|key)\s+)?"
    r"(?:[A-Z][\w-]*['’]s\s+(?:(?:north|south|east|west)\w*\s+)?)?[\"'“‘]?)$",
    re.IGNORECASE,
)
NEAR_BEFORE = re.compile(
    r"(?:\b(?P<num>\d+(?:\.\d+)?|a few|several|a couple of|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\s*[\"'”’]?\s*"
    r"(?P<unit>km|kms|kilometers?|kilometres?|miles?|nautical miles|nm)\s*[\"'”’]?\s*"
    r"(?:\((?:\d+|a few) (?:km|miles?)\)\s*)?(?:(?:to the\s+)?(?P<dir>(?:north|south|east|west)"
    r"(?:-?(?:east|west))?)(?:ward|ern)?\s+)?"
    r"(?:from|of|outside|away from|off)|\bnear|\bnearby|\bclose to|\boutside|\bon the outskirts of|"
    r"\bin the vicinity of|\bnot far from|\bjust outside|\bon the edge of|\boff|"
    r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]*['’]s\s+|[A-Z][a-z]+\s+)?(?:(?:port|city|town|village|capital)\s+of\s+)?"
    r"[\"'“‘]?$",
    re.IGNORECASE,
)
_MODIFIER_AFTER = re.compile(r"^(?:['’]s?\b|-(?:based|backed|led|manned|linked|allied|"
                             r"affiliated|aligned|bound)\b|\s+time\b|\s+Operations\b|"
                             r"\s+(?:town|city|village|province|district|port city)\s+of\b|"
                             r"\s+(?:also\s+)?(?:reported|reports|quoted|cited|aired|broadcast)\b|"
                             r"\s+(?:TV|television|newspaper|channel)\b|"
                             r"\s+(?:officials?|spokes\w+|press "
                             r"secretary|sources?|correspondent)\b|\s+(?:has\s+|have\s+|had\s+)?(?:said|says|condemn\w*|"
                             r"denounced|warned|accused|called|urged|announced|rejected|"
                             r"welcomed|responded|blamed|insisted|denied|vowed)\b)")
_NOUN_AFTER = re.compile(r"^\s+(?!(?:and|or|but|in|on|at|to|from|with|near|after|before|during|"
                         r"amid|as|where|when|which|that|who|for|over|since|of|is|was|were|are|"
                         r"has|have|had|area|province|region|governorate|district|city|town|"
                         r"countryside|border|desert|outskirts|airport|base|valley)\b)[a-z]")
#: "Kherson was shelled", "Port Sudan, the seat of the government, was attacked".
_PASSIVE_AFTER = re.compile(r"(?:,[^,;.“”\"]{3,120},)?"
                            r"\s+(?:city\s+|region\s+|province\s+|oblast\s+)?(?:was|were|has been|"
                            r"had been|is being|came|come)\s+(?:\w+\s+)?(?:attacked|shelled|hit|"
                            r"pounded|bombarded|raided|stormed|rocked|"
                            r"struck|targeted|bombed|under)\b", re.IGNORECASE)
#: "Beirut's southern suburbs", "Gaza's Shati camp": a part of the place is the location.
_PART_AFTER = re.compile(r"['’]s?\s+(?:(?:north|south|east|west)(?:ern|-eastern|-western)?\s+|"
                         r"(?:old|historic|central)\s+)?(?:suburbs?|outskirts|centre|center|"
                         r"port|airport|outskirts|districts?|neighbou?rhoods?|countryside|"
                         r"old city|downtown|border area|refinery|harbou?r)\b", re.IGNORECASE)
#: Earlier conjuncts of a list of places before this one: "Sinjar, Zakho and ".
_LISTED_BEFORE = re.compile(r"(?:(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}|al-\w+)\s*"
                            r"(?:,|,?\s+and|,?\s+or)\s+){1,6}$")
#: A conjunct after "and the": "... and the Chernihiv region".
_AND_THE_BEFORE = re.compile(r"\s(?:and|or)\s+the\s+$")
#: The last locative before a capitalised name in the same clause.
_LOCATIVE_THEN_NAME = re.compile(r"\b(?P<prep>in|at|near|on|across|around|against|targeting|"
                                 r"struck|hit|shelled|attacked)\s+(?:the\s+)?[A-Z][^,;:]*$")
#: An office held over a place: "the head of the Black Sea region of Odesa".
_OFFICE_BEFORE = re.compile(
    r"\b(?:head|governor|mayor|chief|commander|administrator|minister|ministry|council|"
    r"administration|authorities|police chief|prosecutor)s?\s+of\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
#: A news outlet named after a place: "the news channel Al Mayadeen", "told Al Arabiya".
_OUTLET_BEFORE = re.compile(r"\b(?:channel|broadcaster|outlet|newspaper|daily|station|website|"
                            r"news agency|told|quoted by|cited by|according to)\s+(?:the\s+)?$",
                            re.IGNORECASE)
#: An organisation named after a place: "the Islamic Resistance in Bahrain", "the Popular
#: Front for Sudan" (a capitalised name whose head noun is a kind of organisation).
_ORGANISATION_BEFORE = re.compile(
    r"\b[A-Z][\w'’-]+\s+(?:Resistance|Front|Movement|Brigades?|Battalions?|Council|Party|"
    r"Committees?|Organi[sz]ation|Alliance|Coalition|Mission|Command|Corps|Jihad|State|"
    r"Authority|Network|Liberation)\s+(?:in|of|for)\s+(?:the\s+)?$")
DEFAULT_NEAR_KM = 10.0
COMPASS_NEAR_KM = 40.0


def _before(text: str, start: int) -> str:
    """Up to 80 characters before ``start``, cut at a line break or sentence end."""
    before = text[max(0, start - 80):start]
    cut = max(before.rfind("\n"), before.rfind(". "))
    return before[cut + 1:] if cut >= 0 else before


def preposition(text: str, r: ResolvedToponym) -> str:
    """Return the locative word before a toponym ("in", "near", "from" ...) or ``""``.

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.

    Returns
    -------
    str
        Lower-case word, ``near`` for every near-phrase, ``,`` for an appositive.
    """
    before = _before(text, r.mention.start)
    if NEAR_BEFORE.search(before):
        return "near"
    part = _PART_AFTER.match(text, r.mention.end)
    if part and _PASSIVE_AFTER.match(text, part.end()):
        return "subject"  # "Beirut's southern suburbs were pounded"
    m = LOCATIVE_BEFORE.search(before)
    if m:
        return m.group("prep").lower()
    listed = _LISTED_BEFORE.search(before)
    if listed:
        # "in Kunar and Paktika": a later conjunct takes the preposition of the list
        head = _before(text, r.mention.start - len(listed.group()))
        m = LOCATIVE_BEFORE.search(head)
        return m.group("prep").lower() if m else ","  # the list's own preposition
    if _AND_THE_BEFORE.search(before):
        # "in the Donetsk region in the east and the Chernihiv region": the list's preposition
        m = _LOCATIVE_THEN_NAME.search(before)
        if m:
            return m.group("prep").lower()
    if re.search(r"[A-Za-z]\s*,\s*$", before):
        return ","
    if _PASSIVE_AFTER.match(text, r.mention.end):
        return "subject"  # "Kherson was shelled"
    return ""


def is_location_use(text: str, r: ResolvedToponym, actors: list[ActorMention]) -> bool:
    """Whether a toponym can be the place of an event (not a name, modifier or possessive).

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.
    actors
        Actor mentions of the text.

    Returns
    -------
    bool
        True when nothing rules the use out.
    """
    m = r.mention
    if any(a.start <= m.start and m.end <= a.end for a in actors):
        return False
    kind = r.candidate.place.kind
    if kind == "country" and r.candidate.match < 0.85:
        return False  # demonym ("American", "Iraqi")
    after = text[m.end:m.end + 12]
    if _MODIFIER_AFTER.match(after) and not _PART_AFTER.match(text, m.end):
        return False
    if kind == "city" and re.match(r"\s+[Rr]iver\b", after):
        return False  # "the Dnipro River": the river, not the city
    before = text[max(0, m.start - 80):m.start]
    if _ORGANISATION_BEFORE.search(before):
        return False  # "the Islamic Resistance in Bahrain": part of a group's name
    if kind == "city" and _OUTLET_BEFORE.search(before):
        return False  # "the news channel Al Mayadeen", "according to Al Arabiya"
    return not (kind == "country" and _NOUN_AFTER.match(after) and re.search(
        r"\b(?:the|on|against|targeting|near|at|outside)\s+$", before, re.IGNORECASE))


#: A list of places closed by a generic noun: "on the Kupiansk, Bakhmut and Marinka axes",
#: "Kharkiv, Donetsk, Luhansk and Kherson oblasts", "in the Melitopol direction".
_FRONT_AFTER = re.compile(r"^(?:(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)[A-Z][\w'’-]+"
                          r"(?:\s+[A-Z][\w'’-]+)?)*\s+(?:axes|axis|directions?|sectors?|"
                          r"front(?:-line)? areas|fronts)\b")
_FRONT_BEFORE = re.compile(r"\bfront[- ]line (?:areas|towns|settlements|sectors) of\s+"
                           r"(?:the\s+)?(?:[A-Z][\w'’-]+(?:,\s*|\s+and\s+|\s+or\s+))*$"
                           # "on the eastern front of the X region": the front as a whole
                           r"|\b(?i:(?:north|south|east|west)\w*\s+front\s+(?:of|in)\s+"
                           r"(?:the\s+)?)$")
_REGIONS_AFTER = re.compile(r"^(?:(?:,\s*(?:and\s+)?|\s+and\s+)[A-Z][\w'’-]+){2,}\s+"
                            r"(?:oblasts|provinces|regions|governorates)\b")


_FRONT_WORD = re.compile(r"ax[ei]s|direction|sector|front|oblasts|provinces|regions|"
                         r"governorates", re.IGNORECASE)


def is_front_summary(text: str, r: ResolvedToponym) -> bool:
    """Whether a toponym is one of a list of front sectors or regions summed up together.

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.

    Returns
    -------
    bool
        True for "the Kupiansk, Bakhmut and Marinka axes", "front-line areas of Liman
        and Kupyansk", "Kharkiv, Donetsk and Luhansk oblasts came under attack".
    """
    after = text[r.mention.end:r.mention.end + 120]
    before = text[max(0, r.mention.start - 120):r.mention.start]
    if not _FRONT_WORD.search(before + after):
        return False
    if _FRONT_AFTER.match(after) or _FRONT_BEFORE.search(before):
        return True
    # a list of three or more regions: look from the list's first member
    head = _LISTED_BEFORE.search(_before(text, r.mention.start))
    start = r.mention.start - (len(head.group()) if head else 0)
    first = re.match(r"[A-Z][\w'’-]+", text[start:])
    probe = text[start + (first.end() if first else 0):r.mention.end + 120]
    return bool(_REGIONS_AFTER.match(probe))


def is_office_place(text: str, r: ResolvedToponym) -> bool:
    """Whether a toponym names the seat of an office ("the governor of the Kursk region").

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.

    Returns
    -------
    bool
        True after "head of", "governor of", "mayor of" ...: the place the speaker
        governs, the event's place only when the sentence names no other.
    """
    return bool(_OFFICE_BEFORE.search(text[max(0, r.mention.start - 80):r.mention.start]))


_NUMBER_WORDS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORDS.update(fifteen=15.0, twenty=20.0, thirty=30.0, forty=40.0, fifty=50.0)


def _number(word: str | None) -> float | None:
    """Return the value of a distance's number ("12", "12.5", "ten"), None for "a few"."""
    if not word:
        return None
    if word[0].isdigit():
        return float(word)
    return _NUMBER_WORDS.get(word.lower())


def near_phrase(text: str, r: ResolvedToponym) -> bool:
    """Whether a near-phrase ("near", "5 km from", "north of") comes before a toponym.

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.

    Returns
    -------
    bool
        True when the text places something near the toponym.
    """
    return bool(NEAR_BEFORE.search(_before(text, r.mention.start)))


def near_distance(text: str, r: ResolvedToponym) -> float | None:
    """Return the stated distance (km) of a near-phrase before a toponym, or None.

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.

    Returns
    -------
    float or None
        Kilometres ("5 km from"), a default for "near"/"north of", None when not near.
    """
    before = _before(text, r.mention.start)
    m = NEAR_BEFORE.search(before)
    if not m:
        return DEFAULT_NEAR_KM if _PART_AFTER.match(text, r.mention.end) else None
    number = _number(m.group("num"))
    if number is not None:
        km = number
        unit = m.group("unit").lower()
        if unit.startswith("mile"):
            return km * 1.609
        return km * 1.852 if unit in ("nm", "nautical miles") else km
    if re.search(r"(?:north|south|east|west)\w*\s+of\s+(?:the\s+)?$", before, re.IGNORECASE):
        return COMPASS_NEAR_KM
    return DEFAULT_NEAR_KM


_BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
             "southwest": 225.0, "west": 270.0, "northwest": 315.0}


def near_offset(text: str, r: ResolvedToponym) -> tuple[float, float] | None:
    """Return (km, bearing in degrees) of "35 nautical miles south of X", or None.

    Parameters
    ----------
    text
        The full text.
    r
        The toponym.

    Returns
    -------
    tuple or None
        Distance and compass bearing from the place when the text states both.
    """
    m = NEAR_BEFORE.search(_before(text, r.mention.start))
    if not m or not m.group("dir") or _number(m.group("num")) is None:
        return None
    km = near_distance(text, r)
    bearing = _BEARINGS.get(m.group("dir").lower().replace("-", ""))
    return (km, bearing) if km is not None and bearing is not None else None


def effective_precision(place: Place, near: bool) -> GeoPrecision:
    """ACLED precision of an incident at (or near) a place: near a site/town is 2.

    Parameters
    ----------
    place
        The resolved place.
    near
        Whether the text puts the event near it.

    Returns
    -------
    int
        1, 2 or 3.
    """
    return 2 if near and place.precision == 1 else place.precision
