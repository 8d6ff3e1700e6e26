"""Toponym recognition and document-level resolution.

Recognition is gazetteer-driven: runs of capitalised tokens (with Arabic
articles such as ``al-`` and connectors such as ``of``) are matched longest
first against the transliteration-aware name index, then filtered with rules
that tell places from people, organisations and sentence-initial words.
A direction word before a country or province ("eastern Syria", "western
Anbar") turns the mention into that part of the region.

Newswire conventions are recognised too: datelines (``TIKRIT, Iraq (AP) —``),
sentence-initial ``In X,``, names used as modifiers (``Baghdad police``,
``Damascus-based``, ``the Iraq-Syria border``) and abbreviated states after a
comma (``Louisville, Ky.``).

Resolution lets the document's own geography dominate, as GeoNorm does:
countries are resolved first, then admin-1 units, then the rest, each stage
with the countries, provinces, dateline and points resolved before it as
context; a final pass re-ranks every mention with all of that evidence.
Population only breaks ties.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from geo.core.geodesy import distance_km
from geo.core.records import Place, PlaceMention
from geo.gazetteer.build import Q_ALIAS, Q_ALTERNATE, Q_CANONICAL, Q_DEMONYM
from geo.gazetteer.index import Candidate, Gazetteer
from geo.gazetteer.names import name_key
from geo.gazetteer.regions import DIRECTION_PATTERN, directional_place, parse_direction
from geo.gazetteer.resolve import (
    LARGE_COUNTRY_KM,
    STRONG_MATCH,
    ResolutionContext,
    confidence,
    rank,
)
from geo.reading.newswire import abbreviation_spans, datelines

MAX_SPAN_TOKENS = 6
#: Lower-case feature words after a name that say what kind of place it is.
FEATURE_SUFFIXES = frozenset({"province", "governorate", "region", "district", "state",
                              "oblast", "base", "airbase", "airport", "garrison", "camp",
                              "field"})
#: Feature words that make "<name> <word>" a facility of its own ("Port Sudan airport").
SITE_SUFFIXES = frozenset({"airport", "airbase", "base"})
#: Feature words that make the name the province, not its seat ("the Kyiv region").
ADMIN_SUFFIXES = frozenset({"province", "governorate", "region", "oblast"})
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’ʿ\-]*[^\W_])?|\d+")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ez|es|ed|ul)[-‐]", re.I)
_POSSESSIVE = re.compile(r"['’]s$")
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "al", "el", "bin", "ibn", "upon",
                        "the", "on", "am", "du", "da", "sur", "and",
                        # Arabic articles written apart: "Dayr az Zawr", "Ras al Ain"
                        "az", "ez", "ash", "ad", "ar", "ed", "ul"})
TITLES = frozenset(
    """mr mrs ms dr president minister gen general sen senator rep king prince princess queen
pope sir lord lady judge justice gov governor mayor col colonel capt captain lt sgt
sheikh imam ayatollah cleric chancellor secretary spokesman spokeswoman commander
officer professor prof st""".split()
)
ORG_SUFFIXES = frozenset(
    """post times airlines airways party journal news herald gazette
tribune street avenue road boulevard lane drive square bridge hotel stadium
church mosque school institute center centre company corp inc ltd fc club united city's
press review telegraph guardian express daily weekly magazine
television tv radio network""".split()
)
#: Words after a name that make it the name of a disease ("West Nile virus", "Ebola").
DISEASE_WORDS = frozenset("virus viruses fever disease flu syndrome strain encephalitis".split())
#: Capitalised words after a place name that keep it a place ("Mosul University",
#: "Baghdad Police", "Anbar Operations Command").
PLACE_MODIFIERS = frozenset(
    """university police airport governorate province council municipality district city
operations command military garrison front border crossing dam refinery camp base
governor region hospital""".split()
)
#: Lower-case words after a hyphen that make the first part a place ("Damascus-based").
HYPHEN_SUFFIXES = frozenset(
    """based born bound backed led controlled held run area region border headquartered
registered made allied aligned linked""".split()
)
LOCATIVES = frozenset(
    """in at near from outside to into around across towards toward between via of inside
throughout within northern southern eastern western central""".split()
)
#: Capitalised words that GeoNames also lists as places but a text rarely means as one.
STOPWORDS = frozenset(
    """the a an and but or if in on at of for to from by with as is it he she they we you i
this that these those there here when while after before during since until monday
tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december police president government army
minister security defense defence news official officials people state states city
university mr mrs ms dr god lord church party group forces force attack attacks war news
world international national union republic democratic islamic resistance revolutionary
guard guards corps coalition north south east west northern southern eastern western
central middle upper lower new old great little san santa saint st mount lake river sea
gulf bay island islands valley man best hope victoria mobile reading split nice bath kit
son bar ban bad ha la van early late reuters afp ap bbc cnn dw twitter facebook
instagram telegram google youtube x follow read more also however meanwhile according
said says chief prime deputy head senior spokesman spokesperson general admiral
commander john james david michael robert william joseph thomas charles daniel paul mark
george donald joe barack vladimir xi emmanuel angela boris kirby muqtada sadr biden
trump putin al hamas hezbollah hizbollah houthi houthis isis daesh taliban some many most
centre center commerce federal alliance region nino nina media airport under over about
against among despite without behind beyond below above near outside unlike like through
toward towards whereas although because unless whether once every each all both either
neither no not only just even then thus yet still now today yesterday tomorrow last next
first second third several drug tank so""".split()
)
_STOP_KEYS = frozenset(name_key(w) for w in STOPWORDS)
#: Abbreviations written with a dot inside a name ("St. Louis", "Ft. Worth").
_DOTTED_PREFIXES = frozenset({"st", "ste", "ft", "mt", "pt"})


@dataclass(frozen=True, slots=True)
class ToponymSpan:
    """A recognised toponym before resolution.

    Attributes
    ----------
    text
        The surface string (including a direction word when there is one).
    start, end
        Character offsets.
    name
        The name part matched against the gazetteer.
    candidates
        Gazetteer matches of ``name``.
    direction
        Compass parts of a preceding direction word (``("e",)`` for "eastern").
    suffix
        A feature word right after the name ("province", "air base"), used as a
        type hint in ranking.
    dateline
        Whether the name is part of a wire dateline.
    """

    text: str
    start: int
    end: int
    name: str
    candidates: tuple[Candidate, ...]
    direction: tuple[str, ...] = ()
    suffix: str = ""
    dateline: bool = False


def _is_capitalised(token: str) -> bool:
    if token[:1].isupper():
        return True
    stripped = _ARTICLE_PREFIX.sub("", token)
    return stripped != token and stripped[:1].isupper()


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        start, end, tok = m.start(), m.end(), m.group()
        poss = _POSSESSIVE.search(tok)
        if poss:
            end -= len(poss.group())
            tok = tok[: -len(poss.group())]
        out.append((start, end, tok))
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \"'“‘(—-")
    return start == 0 or before == "" or before[-1:] in ".!?\n:"


#: Population from which a capitalised word opening a line is a dateline city.
BARE_DATELINE_POP = 200_000
#: Population from which a town before a capitalised word is read as a modifier.
MODIFIER_CITY_POPULATION = 100_000
_COORDINATION = re.compile(r",?\s+(?:and|or)\s+|,\s+")
#: A later member of a list of names after a locative: "troops in Al-Abedia, Bayhan and".
_LISTED_AFTER_LOCATIVE = re.compile(
    r"\b(?:in|at|near|around|across|on|targeting|struck|hit|attacked|shelled|bombed)\s+"
    r"(?:(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"
    r"[A-Z][\w'’]*(?:[- ](?:al|el|ad|as|ash|az)?[- ]?[A-Z][\w'’]*)*\s*,\s*){1,5}"
    r"(?:(?:and|or)\s+)?$")


def _keep(
    text: str, toks: list[tuple[int, int, str]], i: int, j: int, cands: list[Candidate],
    coordinated: bool = False,
) -> bool:
    """Filter a matched span ``toks[i..j]`` with people/organisation rules.

    ``coordinated``: the span follows a recognised place after "and", "or" or
    a comma ("Makhmour and Koya"), which vouches for a small town.
    """
    first = toks[i][2]
    strong = any(c.place.kind in ("country", "continent", "admin1", "region", "site",
                                  "landmark", "crossing", "airport")
                 or c.place.place_id.startswith("cur:")
                 for c in cands)
    biggest_city = max((c.place.population for c in cands if c.place.kind == "city"), default=0)
    prev = toks[i - 1][2] if i > 0 else ""
    nxt = toks[j + 1][2] if j + 1 < len(toks) else ""
    gap_prev = text[toks[i - 1][1]:toks[i][0]] if i > 0 else "."
    gap_next = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else "."
    single = i == j
    if not single and not strong and all(name_key(t[2]) in _STOP_KEYS or len(t[2]) == 1
                                         for t in toks[i:j + 1]):
        return False  # "And I", "So It"
    if single and name_key(first) in _STOP_KEYS and not any(
        c.place.kind in ("country", "continent") and c.match >= Q_CANONICAL for c in cands
    ):
        return False
    strong_area = any(c.place.kind in ("country", "admin1", "continent")
                      and c.match >= Q_ALIAS for c in cands)
    if single and first.isupper() and len(first) <= 3 and not strong_area:
        return False
    if prev.lower().rstrip(".") in TITLES and gap_prev.strip() in ("", "."):
        return False
    if nxt.lower() in DISEASE_WORDS and gap_next.strip(" -") == "":
        return False
    if nxt.lower() in ORG_SUFFIXES and gap_next.strip() == "" and nxt[:1].isupper():
        return False
    adjacent_next = (gap_next.strip() == "" and nxt[:1].isupper()
                     and nxt.lower() not in PLACE_MODIFIERS and nxt.lower() not in FEATURE_SUFFIXES)
    adjacent_prev = (gap_prev.strip() == "" and prev[:1].isupper() and i > 0
                     and name_key(prev) not in _STOP_KEYS)
    if single and strong_area and first.replace(".", "").isupper() and len(first) >= 2:
        adjacent_prev = False  # an acronym ("FrontCounter BC") is no surname
    loose_area = not any(c.place.kind in ("country", "continent") for c in cands)
    # A province or a large city before a capitalised word is a modifier
    # ("Texas Rangers", "Honolulu Star-Advertiser"); before it, part of a name.
    prominent = biggest_city >= MODIFIER_CITY_POPULATION or any(
        c.place.kind == "admin1" and c.match >= Q_CANONICAL for c in cands)
    surface = text[toks[i][0]:toks[j][1]]
    spelled = any(c.place.name == surface for c in cands)
    if prominent and not adjacent_prev and (spelled or not _sentence_initial(text, toks[i][0])):
        adjacent_next = False
    if (not strong or (loose_area and single)) and (adjacent_next or adjacent_prev):
        return False  # "Jordan Peterson", "Hail Trump": part of a longer name
    if single and not strong and _ARTICLE_PREFIX.match(nxt) and gap_next.strip() == "":
        return False  # "Wadi" of an unknown "Wadi al-Naft"
    after_locative = prev.lower() in LOCATIVES or coordinated or bool(
        _ARTICLE_PREFIX.match(first)) or bool(
        _LISTED_AFTER_LOCATIVE.search(text, max(0, toks[i][0] - 100), toks[i][0]))
    if not strong and single:
        if (_sentence_initial(text, toks[i][0]) and biggest_city < 100_000
                and nxt.lower() not in PLACE_MODIFIERS):
            return False
        if biggest_city < 20_000 and not after_locative:
            return False
    return True


def _forced_spans(text: str, gazetteer: Gazetteer) -> list[ToponymSpan]:
    """Spans that newswire conventions make places: datelines and abbreviations."""
    out: list[ToponymSpan] = []
    for part in datelines(text):
        name = part.name.strip(" .")
        cands = gazetteer.candidates(name)
        if part.bare:
            cands = [c for c in cands if c.match >= STRONG_MATCH and (
                c.place.kind in ("country", "admin1") or c.place.population >= BARE_DATELINE_POP)]
        if cands:
            end = part.start + len(name)
            out.append(ToponymSpan(text[part.start:end], part.start, end, name,
                                   tuple(cands), dateline=True))
    for start, end, place_id in abbreviation_spans(text):
        cand = gazetteer.by_id(place_id)
        if cand is not None:
            out.append(ToponymSpan(text[start:end], start, end, text[start:end], (cand,)))
    return out


def _hyphen_parts(
    text: str, tok: tuple[int, int, str], gazetteer: Gazetteer
) -> list[ToponymSpan]:
    """Places inside a hyphenated token: "Damascus-based", "Iraq-Syria"."""
    start, _, word = tok
    pieces = word.split("-")
    if len(pieces) < 2 or any(not p for p in pieces):
        return []
    out: list[ToponymSpan] = []
    offset = start
    for k, piece in enumerate(pieces):
        others = pieces[:k] + pieces[k + 1:]
        if piece[:1].isupper() and name_key(piece) not in _STOP_KEYS and (
                len(piece) > 2 or piece.isupper()):
            cands = gazetteer.candidates(piece) if gazetteer.has_key(name_key(piece)) else []
            suffix_word = all(o.lower() in HYPHEN_SUFFIXES for o in others)
            # "Iranian-backed", "Turkish-led": a demonym before such a suffix is the country.
            least = Q_DEMONYM if suffix_word else STRONG_MATCH
            areas = [c for c in cands if c.place.kind in ("country", "admin1", "region")
                     and c.match >= least]
            city_pop = max((c.place.population for c in cands if c.place.kind == "city"),
                           default=0)
            paired = all(o[:1].isupper() for o in others)
            if areas or (suffix_word and city_pop >= 10_000) or (paired and city_pop >= 100_000):
                out.append(ToponymSpan(piece, offset, offset + len(piece), piece, tuple(cands)))
        offset += len(piece) + 1
    return out


def _acronym_filter(surface: str, cands: list[Candidate]) -> list[Candidate]:
    """Keep an acronym ("EU", "US") to the areas and curated names it abbreviates."""
    letters = surface.replace(".", "")
    if not (letters.isupper() and len(letters) <= 4):
        return cands
    return [c for c in cands if c.place.kind != "city" and c.match >= STRONG_MATCH]


#: Population from which a town's name is not taken for a surname.
SURNAME_CITY_POPULATION = 500_000


def _surnames(
    text: str, toks: list[tuple[int, int, str]], caps: list[bool], gazetteer: Gazetteer
) -> set[str]:
    """Keys of words seen as the last word of a person-like name ("John Allen").

    A later "Allen" alone is then the same person, not a town. Two adjacent
    capitalised words count when the pair is no place name, the first is no
    stopword, title or direction, and the second is not a large city.
    """
    out: set[str] = set()
    for k in range(1, len(toks)):
        first, second = toks[k - 1][2], toks[k][2]
        if not (caps[k - 1] and caps[k]) or text[toks[k - 1][1]:toks[k][0]] != " ":
            continue
        if name_key(first) in _STOP_KEYS or first.lower().rstrip(".") in TITLES:
            continue
        if not first[:1].isupper() or first.isupper() or not second[1:].islower():
            continue
        if k >= 2 and caps[k - 2] and toks[k - 2][2].lower().rstrip(".") not in TITLES \
                and not _sentence_initial(text, toks[k - 1][0]):
            continue  # a longer capitalised run is an organisation, not a person
        if gazetteer.has_key(name_key(f"{first} {second}")):
            continue
        if gazetteer.has_key(name_key(first)):
            continue  # "Baghdad Airport", "Kirkuk Police": the first word is a place
        key = name_key(second)
        if not gazetteer.has_key(key):
            continue
        cands = gazetteer.candidates(second)
        if any(c.place.kind != "city" or c.place.population >= SURNAME_CITY_POPULATION
               for c in cands if c.match >= STRONG_MATCH):
            continue
        out.add(key)
    return out


def _site_of(text: str, toks: list[tuple[int, int, str]], j: int, name: str,
             gazetteer: Gazetteer) -> tuple[list[Candidate], int, str] | None:
    """Return the facility a lower-case site word after a name makes ("Erbil airport").

    Returns the facility's candidates, the new end offset and the name looked up,
    or None when the gazetteer knows no such facility.
    """
    if j + 1 >= len(toks):
        return None
    word = toks[j + 1][2]
    if word.lower() not in SITE_SUFFIXES or not word.islower() or \
            text[toks[j][1]:toks[j + 1][0]].strip() not in ("", "'s", "’s"):
        return None
    query = f"{name} {word}"
    if not gazetteer.has_key(name_key(query)):
        return None
    sites = [c for c in gazetteer.candidates(query)
             if c.place.kind in ("site", "airport", "landmark") and c.match >= Q_ALIAS]
    return (sites, toks[j + 1][1], query) if sites else None


def recognise(text: str, gazetteer: Gazetteer) -> list[ToponymSpan]:
    """Find toponyms in a text.

    Parameters
    ----------
    text
        Plain text (English).
    gazetteer
        The name index.

    Returns
    -------
    list of ToponymSpan
        Non-overlapping spans in text order, each with its candidates.
    """
    toks = _tokens(text)
    forced = _forced_spans(text, gazetteer)
    taken = [(f.start, f.end) for f in forced]
    spans: list[ToponymSpan] = list(forced)
    n = len(toks)
    caps = [_is_capitalised(t[2]) for t in toks]
    # joinable[k]: token k may continue a name begun before it (capitalised or a
    # connector, separated from the previous token by spaces or hyphens only).
    joinable = [k > 0 and (caps[k] or toks[k][2].lower() in CONNECTORS)
                and (not text[toks[k - 1][1]:toks[k][0]].strip(" -")
                     or (text[toks[k - 1][1]:toks[k][0]].strip() == "."
                         and toks[k - 1][2].lower() in _DOTTED_PREFIXES))
                for k in range(n)]
    surnames = _surnames(text, toks, caps, gazetteer)
    arabic = [bool(_ARTICLE_PREFIX.match(t[2])) for t in toks]
    i = 0
    while i < n:
        if not caps[i] or any(a <= toks[i][0] < b for a, b in taken):
            i += 1
            continue
        last = i
        while last + 1 < min(n, i + MAX_SPAN_TOKENS) and joinable[last + 1]:
            last += 1
        match: tuple[int, list[Candidate]] | None = None
        for j in range(last, i - 1, -1):
            if not caps[j]:
                continue
            surface = text[toks[i][0]:toks[j][1]]
            if not gazetteer.has_key(name_key(surface)) and not (
                    arabic[i] and gazetteer.has_loose_key(surface)):
                continue
            cands = _acronym_filter(surface, gazetteer.candidates(surface))
            if cands and i == j and name_key(surface) in surnames and not any(
                    c.place.kind in ("country", "continent") for c in cands):
                cands = []  # "Allen" after "John Allen": a person
            if cands:
                match = (j, cands)
                break
        if match is None:
            if "-" in toks[i][2]:
                spans.extend(_hyphen_parts(text, toks[i], gazetteer))
            i += 1
            continue
        j, cands = match
        coordinated = bool(spans) and bool(_COORDINATION.fullmatch(
            text[spans[-1].end:toks[i][0]]))
        if _keep(text, toks, i, j, cands, coordinated):
            start, end = toks[i][0], toks[j][1]
            direction: tuple[str, ...] = ()
            dm = DIRECTION_PATTERN.search(text[max(0, start - 20):start])
            if dm and any(c.place.kind in ("country", "admin1", "region")
                          and c.match >= Q_ALIAS for c in cands):  # not "Central American"
                direction = parse_direction(dm.group(1))
                if direction:
                    start = start - (len(text[max(0, start - 20):start]) - dm.start(1))
            nxt = toks[j + 1][2].lower() if j + 1 < len(toks) else ""
            suffix = nxt if nxt in FEATURE_SUFFIXES and not text[end:toks[j + 1][0]].strip() \
                else ""
            name = text[toks[i][0]:end]
            site = _site_of(text, toks, j, name, gazetteer)
            if site is not None:  # "Port Sudan airport", "Erbil's airport": the facility
                cands, end, name, suffix = site[0], site[1], site[2], ""
            spans.append(ToponymSpan(text[start:end], start, end, name,
                                     tuple(cands), direction, suffix))
        elif "-" in toks[i][2] and i == j:
            spans.extend(_hyphen_parts(text, toks[i], gazetteer))
        i = j + 1
    spans.sort(key=lambda sp: sp.start)
    return spans


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
_CONTAINED = re.compile(r"(?:\s+(?:village|town|township|district|camp|area))?"
                        r"(?:,\s*|\s+in\s+(?:the\s+)?)")


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
                and place.kind in POINT_KINDS and best.match < STRONG_MATCH and (
                    place.country != container.country
                    or (container.kind == "admin1" and _outside(place, container)
                        and _said_in(text, span, spans, box))):
            # "Zeitoun in the northern Gaza Strip" is no town abroad of that name, and
            # "X village in Sagaing region" no namesake in another province
            continue
        if place.kind in POINT_KINDS and best.match < STRONG_MATCH and text is not None \
                and _stray_conjunct(text, k, spans, chosen, place, evidence):
            continue  # "the areas of Khiam and Houla": no namesake of Houla abroad
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
