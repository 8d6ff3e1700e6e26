"""Toponym recognition: the spans of a text that name places, with their candidates.

Recognition is gazetteer-driven: runs of capitalised tokens (with Arabic
articles such as ``al-`` and connectors such as ``of``) are matched longest
first against the transliteration-aware name index, then filtered with the
rules of :mod:`geo.reading.spanrules` that tell places from people,
organisations and sentence-initial words. A direction word before a country or
province ("eastern Syria", "western Anbar") turns the mention into that part of
the region.

Newswire conventions are recognised too: datelines (``TIKRIT, Iraq (AP) —``),
sentence-initial ``In X,``, names used as modifiers (``Baghdad police``,
``Damascus-based``, ``the Iraq-Syria border``) and abbreviated states after a
comma (``Louisville, Ky.``). Resolution is :mod:`geo.reading.resolution`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.gazetteer.build import Q_ALIAS, Q_DEMONYM
from geo.gazetteer.index import Candidate, Gazetteer
from geo.gazetteer.names import name_key
from geo.gazetteer.regions import DIRECTION_PATTERN, parse_direction
from geo.gazetteer.resolve import STRONG_MATCH
from geo.reading.newswire import abbreviation_spans, datelines
from geo.reading.spanrules import (
    _ARTICLE_PREFIX,
    _DOTTED_PREFIXES,
    _STOP_KEYS,
    CONNECTORS,
    FEATURE_SUFFIXES,
    HYPHEN_SUFFIXES,
    SITE_SUFFIXES,
    _acronym_filter,
    _keep,
    _surnames,
)

MAX_SPAN_TOKENS = 6
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’ʿ\-]*[^\W_])?|\d+")
_POSSESSIVE = re.compile(r"['’]s$")


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


#: Population from which a capitalised word opening a line is a dateline city.
BARE_DATELINE_POP = 200_000
_COORDINATION = re.compile(r",?\s+(?:and|or)\s+|,\s+")
#: An Arabic article assimilated to a sun letter and written joined: "Ezzor" is "ez-Zor".
_ASSIMILATED = re.compile(r"\b([AaEe])([dnrstz])\2(?=[a-z]{2,}\b)")


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


#: "X countryside", "X's southern countryside": the rural province around the town X.
_COUNTRYSIDE = re.compile(r"(?:'s|’s)?\s+(?:(?:north|south)?(?:east|west)?(?:ern)?\s+)?"
                          r"countryside\b", re.IGNORECASE)
#: The last word of a named airport that leaves out "International".
_INTERNATIONAL = re.compile(r"(?<=\w) Airport$")


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
        lookup = ""
        for j in range(last, i - 1, -1):
            if not caps[j]:
                continue
            surface = lookup = text[toks[i][0]:toks[j][1]]
            if not gazetteer.has_key(name_key(surface)) and not (
                    arabic[i] and gazetteer.has_loose_key(surface)):
                lookup = _ASSIMILATED.sub(r"\1\2-\2", surface)  # "Deir Ezzor": "Deir Ez-zor"
                if lookup == surface and surface.endswith(" Airport"):
                    lookup = _INTERNATIONAL.sub(" International Airport", surface)  # its full name
                if lookup == surface or not gazetteer.has_key(name_key(lookup)):
                    continue
            cands = _acronym_filter(surface, gazetteer.candidates(lookup))
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
            if not suffix and _COUNTRYSIDE.match(text, end):
                suffix = "countryside"  # "Idlib's southern countryside": the province
            name = text[toks[i][0]:end]
            if lookup != name and end == toks[j][1]:
                name = lookup
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
