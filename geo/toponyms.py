"""Toponym recognition and document-level resolution.

Recognition is gazetteer-driven: runs of capitalised tokens (with Arabic
articles such as ``al-`` and connectors such as ``of``) are matched longest
first against the transliteration-aware name index, then filtered with rules
that tell places from people, organisations and sentence-initial words.
A direction word before a country or province ("eastern Syria", "western
Anbar") turns the mention into that part of the region.

Resolution runs twice over a document: a first pass without context finds
the countries the text is about; the second pass ranks every mention with
those countries and admin-1 units as context.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from geo.build import Q_CANONICAL
from geo.gazetteer import Candidate, Gazetteer
from geo.names import name_key
from geo.records import Place, PlaceMention
from geo.regions import DIRECTION_PATTERN, directional_place, parse_direction
from geo.resolve import ResolutionContext, confidence, rank

MAX_SPAN_TOKENS = 6
#: Lower-case feature words after a name that say what kind of place it is.
FEATURE_SUFFIXES = frozenset({"province", "governorate", "region", "district", "state",
                              "base", "airbase", "airport", "garrison", "camp", "field"})
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’ʿ\-]*[^\W_])?|\d+")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ez|es|ed|ul)[-‐]", re.I)
_POSSESSIVE = re.compile(r"['’]s$")
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "al", "el", "bin", "ibn", "upon",
                        "the", "on", "am", "du", "da", "sur", "and"})
TITLES = frozenset(
    """mr mrs ms dr president minister gen general sen senator rep king prince princess queen
pope sir lord lady judge justice gov governor mayor col colonel capt captain lt sgt
sheikh imam ayatollah cleric chancellor secretary spokesman spokeswoman commander
officer professor prof st""".split()
)
ORG_SUFFIXES = frozenset(
    """post times university college airlines airways council party journal news herald gazette
tribune street avenue road boulevard lane drive square bridge hotel hospital stadium
church mosque school institute center centre company corp inc ltd fc club united city's
police department ministry press review telegraph guardian express daily weekly magazine
television tv radio network""".split()
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
trump putin al hamas hezbollah hizbollah houthi houthis isis daesh taliban""".split()
)
_STOP_KEYS = frozenset(name_key(w) for w in STOPWORDS)


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
    """

    text: str
    start: int
    end: int
    name: str
    candidates: tuple[Candidate, ...]
    direction: tuple[str, ...] = ()
    suffix: str = ""


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


def _keep(
    text: str, toks: list[tuple[int, int, str]], i: int, j: int, cands: list[Candidate]
) -> bool:
    """Filter a matched span ``toks[i..j]`` with people/organisation rules."""
    first = toks[i][2]
    best = max(cands, key=lambda c: (c.match, c.place.population))
    strong = any(c.place.kind in ("country", "continent", "admin1", "region", "site",
                                  "landmark", "crossing") for c in cands)
    biggest_city = max((c.place.population for c in cands if c.place.kind == "city"), default=0)
    prev = toks[i - 1][2] if i > 0 else ""
    nxt = toks[j + 1][2] if j + 1 < len(toks) else ""
    gap_prev = text[toks[i - 1][1]:toks[i][0]] if i > 0 else "."
    gap_next = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else "."
    single = i == j
    if single and name_key(first) in _STOP_KEYS and not any(
        c.place.kind in ("country", "continent") and c.match >= Q_CANONICAL for c in cands
    ):
        return False
    if single and first.isupper() and len(first) <= 3 and best.place.kind == "city":
        return False
    if prev.lower().rstrip(".") in TITLES and gap_prev.strip() in ("", "."):
        return False
    if nxt.lower() in ORG_SUFFIXES and gap_next.strip() == "":
        return False
    adjacent_next = gap_next.strip() == "" and nxt[:1].isupper()
    adjacent_prev = gap_prev.strip() == "" and prev[:1].isupper() and i > 0
    if not strong and (adjacent_next or adjacent_prev):
        return False  # "Jordan Peterson", "Thomas Jefferson": part of a longer name
    if not strong and single:
        if _sentence_initial(text, toks[i][0]) and biggest_city < 100_000:
            return False
        if biggest_city < 20_000 and prev.lower() not in LOCATIVES:
            return False
    return True


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
    spans: list[ToponymSpan] = []
    i, n = 0, len(toks)
    while i < n:
        if not _is_capitalised(toks[i][2]):
            i += 1
            continue
        match: tuple[int, list[Candidate]] | None = None
        for j in range(min(n, i + MAX_SPAN_TOKENS) - 1, i - 1, -1):
            if not _is_capitalised(toks[j][2]):
                continue
            inner = toks[i:j + 1]
            if any(not _is_capitalised(t[2]) and t[2].lower() not in CONNECTORS
                   for t in inner):
                continue
            if any(text[a[1]:b[0]].strip(" -") for a, b in itertools.pairwise(inner)):
                continue
            surface = text[toks[i][0]:toks[j][1]]
            if not gazetteer.has_key(name_key(surface)):
                continue
            cands = gazetteer.candidates(surface)
            if cands:
                match = (j, cands)
                break
        if match is None:
            i += 1
            continue
        j, cands = match
        if _keep(text, toks, i, j, cands):
            start, end = toks[i][0], toks[j][1]
            direction: tuple[str, ...] = ()
            dm = DIRECTION_PATTERN.search(text[max(0, start - 20):start])
            if dm and any(c.place.kind in ("country", "admin1", "region") for c in cands):
                direction = parse_direction(dm.group(1))
                if direction:
                    start = start - (len(text[max(0, start - 20):start]) - dm.start(1))
            nxt = toks[j + 1][2].lower() if j + 1 < len(toks) else ""
            suffix = nxt if nxt in FEATURE_SUFFIXES and not text[end:toks[j + 1][0]].strip() \
                else ""
            spans.append(ToponymSpan(text[start:end], start, end, text[toks[i][0]:end],
                                     tuple(cands), direction, suffix))
        i = j + 1
    return spans


@dataclass(frozen=True, slots=True)
class ResolvedToponym:
    """A toponym with its chosen place (and the region polygon, if any).

    Attributes
    ----------
    mention
        The mention with its resolved :class:`~geo.records.Place`.
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


def _evidence(
    first: list[tuple[ToponymSpan, list[tuple[Candidate, float]]]],
) -> list[_Evidence]:
    """Return ``(name key, place)`` of every confidently resolved span."""
    out = []
    for span, ranked in first:
        if not ranked:
            continue
        top = ranked[0][0]
        if confidence(ranked) >= 0.5 or top.place.kind in ("country", "site", "region"):
            out.append((name_key(span.name), top.place))
    return out


def _context_without(evidence: list[_Evidence], key: str) -> ResolutionContext:
    """Context from every other name, so a name never votes for itself."""
    others = [p for k, p in evidence if k != key]
    countries = frozenset(p.country for p in others if p.country)
    admin1 = frozenset(p.name for p in others if p.kind == "admin1")
    points = tuple(dict.fromkeys((p.lon, p.lat) for p in others
                                 if p.kind in ("city", "site", "landmark", "crossing")))
    return ResolutionContext(countries, admin1, points)


def _query(span: ToponymSpan) -> str:
    return f"{span.name} {span.suffix}" if span.suffix else span.name


def resolve_spans(spans: list[ToponymSpan], gazetteer: Gazetteer) -> list[ResolvedToponym]:
    """Resolve recognised spans with document context (two passes).

    Parameters
    ----------
    spans
        Output of :func:`recognise`.
    gazetteer
        Needed for region polygons of directional mentions.

    Returns
    -------
    list of ResolvedToponym
        One per span, in text order.
    """
    evidence = _evidence([(s, rank(s.candidates, _query(s))) for s in spans])
    out: list[ResolvedToponym] = []
    for span in spans:
        ctx = _context_without(evidence, name_key(span.name))
        ranked = rank(span.candidates, _query(span), ctx)
        if span.direction:
            ranked = [cs for cs in ranked if cs[0].place.kind in ("country", "admin1", "region")]
        if not ranked:
            continue
        best = ranked[0][0]
        place: Place = best.place
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
    return resolve_spans(recognise(text, gazetteer), gazetteer)
