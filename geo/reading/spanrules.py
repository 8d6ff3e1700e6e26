"""Rules that tell a place name in running text from other capitalised words.

A gazetteer match is not yet a toponym: "Jordan Peterson", "Texas Rangers", "West
Nile virus" and a sentence-initial "Hope" all match place names. The word lists here
(titles, organisation suffixes, stopwords, feature words) and the rules built on them
(:func:`_keep`, :func:`_surnames`, :func:`_acronym_filter`) decide which matches
:mod:`geo.reading.recognition` keeps.
"""

from __future__ import annotations

import re

from geo.gazetteer.build import Q_ALIAS, Q_CANONICAL
from geo.gazetteer.index import Candidate, Gazetteer
from geo.gazetteer.names import name_key
from geo.gazetteer.resolve import STRONG_MATCH

#: Lower-case feature words after a name that say what kind of place it is.
FEATURE_SUFFIXES = frozenset({"province", "governorate", "region", "district", "state",
                              "oblast", "base", "airbase", "airport", "garrison", "camp",
                              "field"})
#: Feature words that make "<name> <word>" a facility of its own ("Port Sudan airport").
SITE_SUFFIXES = frozenset({"airport", "airbase", "base"})
#: Feature words that make the name the province, not its seat ("the Kyiv region").
ADMIN_SUFFIXES = frozenset({"province", "governorate", "region", "oblast"})
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ez|es|ed|ul)[-‐]", re.I)
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


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \"'“‘(—-")
    return start == 0 or before == "" or before[-1:] in ".!?\n:"


#: Population from which a town before a capitalised word is read as a modifier.
MODIFIER_CITY_POPULATION = 100_000
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
