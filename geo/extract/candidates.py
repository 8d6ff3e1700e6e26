"""Candidate incidents: every (trigger, place, date) a sentence supports, with features.

For each sentence with an event trigger, every toponym used as a location
becomes a candidate, paired with the nearest trigger (same clause preferred)
and the date expression that governs it (same clause, same sentence, the
paragraph's running date, the lead's date, else the publication date). The
candidate carries the features :mod:`geo.extract.scoring` weighs; nothing is decided
here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from geo.core.geodesy import distance_km
from geo.core.records import Place
from geo.reading import cues
from geo.reading.actors import ActorMention
from geo.reading.dates import ResolvedDate, find_dates
from geo.reading.placeuse import (
    effective_precision,
    is_front_summary,
    is_location_use,
    is_office_place,
    near_distance,
    preposition,
)
from geo.reading.resolution import ResolvedToponym
from geo.reading.text import clauses, sentences
from geo.reading.triggers import TRIGGER, Trigger, event_type, find_triggers

_DATELINE = re.compile(r"\s*(?:[A-Z][A-Za-z'’.-]+(?:[ -][A-Z][A-Za-z'’.-]+)*)"
                       r"(?:,\s*[A-Z][\w .'’-]+)?\s*(?:\([^)]{1,40}\)\s*[:—–-]{1,2}|[—–-]{1,2})\s")


#: "the war in Gaza", "the conflict in Sudan": a topic, not where something happened.
_TOPIC_BEFORE = re.compile(r"\b(?:war|conflict|crisis|genocide|situation|peace|ceasefire|"
                           r"truce|tensions?|policy|presence|troops "
                           r"stationed)\s+(?:in|on|with|over|to)\s+(?:the\s+)?$", re.I)


@dataclass(slots=True)
class Sentence:
    """What a sentence holds, computed once."""

    index: int
    start: int
    end: int
    paragraph: int
    in_title: bool
    triggers: list[Trigger]
    places: list[ResolvedToponym]
    dates: list[ResolvedDate]
    actors: list[ActorMention]


@dataclass(slots=True)
class Candidate:
    """One (trigger, place, date) reading of a sentence, with its features."""

    sentence: Sentence
    trigger: Trigger
    toponym: ResolvedToponym
    place: Place
    near_km: float | None
    when: ResolvedDate | None
    event_date: date
    date_source: str
    event_type: str
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0

    @property
    def precision(self) -> int:
        """ACLED precision of the candidate's place."""
        return effective_precision(self.place, self.near_km is not None)


def split_sentences(text: str, title_end: int, toponyms: list[ResolvedToponym],
                    actors: list[ActorMention], published: date) -> list[Sentence]:
    """Segment the text and attach triggers, places, dates and actors to each sentence.

    Parameters
    ----------
    text
        The article's full text.
    title_end
        Offset where the headline ends (0 when there is none).
    toponyms, actors
        Resolved toponyms and actor mentions of the whole text.
    published
        Publication date.

    Returns
    -------
    list of Sentence
        In text order.
    """
    out = []
    paragraph = 0
    previous_end = 0
    for i, (s, e) in enumerate(sentences(text)):
        if "\n" in text[previous_end:s]:
            paragraph += 1
        previous_end = e
        places = [t for t in toponyms if s <= t.mention.start < e
                  and is_location_use(text, t, actors)]
        dates = [ResolvedDate(d.value, d.precision, d.start + s, d.end + s, d.explicit,
                              d.reported)
                 for d in find_dates(text[s:e], published)]
        out.append(Sentence(i, s, e, paragraph, s < title_end, find_triggers(text, s, e),
                            places, dates, [a for a in actors if s <= a.start < e]))
    return out


def dateline_place(text: str, body_start: int,
                   toponyms: list[ResolvedToponym]) -> ResolvedToponym | None:
    """Return the toponym of a wire dateline ("KHARKIV, Ukraine (AP) —"), if any.

    Parameters
    ----------
    text
        Full text.
    body_start
        Offset where the body begins.
    toponyms
        Resolved toponyms of the text.

    Returns
    -------
    ResolvedToponym or None
        The first toponym inside the dateline.
    """
    m = _DATELINE.match(text, body_start)
    if not m:
        return None
    inside = [t for t in toponyms if body_start <= t.mention.start < m.end()]
    return min(inside, key=lambda t: t.mention.place.precision if t.mention.place else 3,
               default=None)


@lru_cache(maxsize=1024)
def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(clauses(text, start, end))


def _clause_of(text: str, sent: Sentence, pos: int) -> tuple[int, int]:
    for c in _clauses(text, sent.start, sent.end):
        if c[0] <= pos < c[1]:
            return c
    return sent.start, sent.end


def _pick_trigger(text: str, sent: Sentence, t: ResolvedToponym) -> tuple[Trigger, int, bool]:
    """Nearest trigger to a place, same clause first; (trigger, distance, same clause)."""
    c0, c1 = _clause_of(text, sent, t.mention.start)

    def cost(tr: Trigger) -> tuple[int, int]:
        same = c0 <= tr.start < c1
        dist = t.mention.start - tr.end if tr.end <= t.mention.start else \
            (tr.start - t.mention.end) * 2
        return (0 if same else 1, abs(dist) - int(tr.strength * 20))

    best = min(sent.triggers, key=cost)
    dist = abs(best.start - t.mention.start)
    return best, dist, c0 <= best.start < c1


#: A date that names another event: "the August 15 attacks", "Wednesday's attack".
_ATTRIBUTIVE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|"
    r"assaults?|shelling|incidents?|killings?|explosions?|blasts?|ambush)\b", re.IGNORECASE)
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their)\s+$", re.IGNORECASE)


def is_attributive(text: str, d: ResolvedDate) -> bool:
    """Whether a date modifies an event noun ("the August 15 attacks", "Friday's strike").

    Parameters
    ----------
    text
        Full text.
    d
        A date found in it.

    Returns
    -------
    bool
        True when the date names the day of the event noun that follows it, which
        governs only the places named after that noun.
    """
    after = _ATTRIBUTIVE_AFTER.match(text, d.end)
    if after is None:
        return False
    possessive = text[d.end:d.end + 2] in ("'s", "’s")
    return possessive or bool(_ATTRIBUTIVE_BEFORE.search(text[max(0, d.start - 8):d.start]))


def _pick_date(text: str, sent: Sentence, pos: int) -> ResolvedDate | None:
    events = [d for d in sent.dates if not d.reported]
    if not events:
        return None
    # "strikes in X in response to the August 15 attacks": that date is another event's
    own = [d for d in events if not (d.start > pos and is_attributive(text, d))]
    events = own or events
    c0, c1 = _clause_of(text, sent, pos)
    same = [d for d in events if c0 <= d.start < c1]
    pool = same or events
    # a calendar date or weekday, or a day said relatively ("yesterday", "last night")
    explicit = [d for d in pool if d.explicit or d.precision == "day"] or pool
    return min(explicit, key=lambda d: abs(d.start - pos))


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
#: Between a site and the place that contains it: "Victory Base at Baghdad airport".
_SITE_IN = re.compile(r"(?:\s+(?:air ?base|base|airport|airfield|camp|garrison|outpost))?"
                      r",?\s+(?:at|in|inside|near|outside|by)\s+(?:the\s+)?(?:city of\s+)?",
                      re.IGNORECASE)


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
        "Harir air base near Erbil": the site is the location, not a second one.
    """
    before = [p for p in places if p.mention.end <= t.mention.start]
    if not before:
        return False
    prev = before[-1]
    if prev.mention.place is None or t.mention.place is None or \
            prev.mention.place.kind not in _SITE_KINDS:
        return False
    if t.mention.place.kind in ("country", "continent"):
        return False
    return bool(_SITE_IN.fullmatch(text, prev.mention.end, t.mention.start))


#: A facility described, not named, before a near-phrase: "a base housing US troops north of".
_FACILITY_BEFORE = re.compile(r"\b(?:a|an|the)\s+(?:military\s+|air\s+|army\s+|joint\s+)?"
                              r"(?:base|airbase|air base|camp|airfield|garrison|outpost)\b"
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


def dateline_end(text: str, body_start: int) -> int:
    """Return the offset where a wire dateline ends (``body_start`` when there is none).

    Parameters
    ----------
    text
        Full text.
    body_start
        Offset where the body begins.

    Returns
    -------
    int
        End of "KHARKIV, Ukraine (AP) — ", or ``body_start``.
    """
    m = _DATELINE.match(text, body_start)
    return m.end() if m else body_start


def generate(text: str, sents: list[Sentence], published: date,
             dateline: ResolvedToponym | None, filed: tuple[int, int] = (0, 0),
             countries: dict[str, int] | None = None,
             home: ResolvedToponym | None = None) -> list[Candidate]:
    """Build every candidate the sentences support.

    Parameters
    ----------
    text
        Full text.
    sents
        Output of :func:`split_sentences`.
    published
        Publication date.
    dateline
        The dateline's toponym, used for lead sentences that name no place.
    filed
        Span of the dateline: a place there is where the story was filed, not where
        the event happened, when the sentence names another place.
    countries
        How many place mentions of the article lie in each country (for coherence).
    home
        A mention of the story's country, for lead sentences that name no place.

    Returns
    -------
    list of Candidate
        Unscored candidates in text order.
    """
    out: list[Candidate] = []
    running: ResolvedDate | None = None
    running_par = -1
    lead_date: ResolvedDate | None = None
    body = [s for s in sents if not s.in_title]
    for s in sents:
        explicit = [d for d in s.dates if d.explicit and d.precision == "day"]
        if not s.triggers:
            if explicit and not s.in_title:
                running, running_par = explicit[0], s.paragraph
            continue
        places = [t for t in s.places if not filed[0] <= t.mention.start < filed[1]]
        places = [t for t in places if not _site_container(text, t, s.places)]
        offices = [t for t in places if is_office_place(text, t)]
        if any(t not in offices and t.mention.place is not None
               and t.mention.place.precision < 3 for t in places):
            places = [t for t in places if t not in offices]  # the office's seat is not it
        from_dateline = implicit = False
        if not places and dateline is not None and body and s.index <= body[0].index + 1:
            places, from_dateline = [dateline], True
        elif not places and home is not None and body and not s.in_title \
                and s.index <= body[0].index + 2 \
                and any(tr.strength >= 0.9 and not tr.political for tr in s.triggers):
            places, implicit = [home], True  # the lead names no place: the story's country
        elif not places and not s.in_title and explicit:
            referent = _anaphor(text, s, sents)  # "into the city": the town named just before
            if referent is not None:
                places, implicit = [referent], True
        for t in places:
            place = t.mention.place
            if place is None:
                continue
            trig, dist, same_clause = _pick_trigger(text, s, t)
            when = _pick_date(text, s, t.mention.start)
            source = "sentence"
            if when is None and running is not None and running_par == s.paragraph:
                when, source = running, "paragraph"
            elif when is None and lead_date is not None:
                when, source = lead_date, "lead"
            said = [d for d in s.dates if d.reported]
            if said and (when is None or (source in ("paragraph", "lead")
                                          and said[0].value < when.value)):
                when, source = said[0], "statement"  # the day it was said: no later than that
            if when is None:
                source = "published"
            lo = max(s.start, min(trig.start, t.mention.start) - cues_window(s))
            hi = min(s.end, max(trig.end, t.mention.end) + cues_window(s))
            k0, k1 = _clause_of(text, s, t.mention.start)
            t0, t1 = _clause_of(text, s, trig.start)
            kind = event_type(text[min(k0, t0):max(k1, t1)])  # the clause says it first
            if kind == "other":
                kind = event_type(text[lo:hi])
            near = near_distance(text, t)
            site = _unnamed_site(text, s, t, sents) if near is not None else None
            if site is None and place.precision == 3 and place.kind != "country":
                site = _facility_town(text, s, t, sents)  # "a refinery in Rostov region"
            if site is not None:  # "a base north of Baghdad ... at Camp Taji": that base
                place, near = site, None
            c = Candidate(s, trig, t, place, near, when,
                          when.value if when else published, source, kind)
            if trig.political and c.event_type == "other":
                c.event_type = "political statement"
            c.features.update(_features(text, s, c, dist, same_clause, published, sents))
            c.features["dateline"] = float(from_dateline)
            c.features["implicit"] = float(implicit)
            if implicit:  # its mention lies elsewhere: no preposition or distance to weigh
                c.features.update(prep_none=0.0, country_loose=0.0, prep_from=0.0,
                                  speech_place=0.0, topic=0.0, distance=0.0, same_clause=1.0)
            c.features["foreign"] = float(_foreign(place, countries or {}))
            out.append(c)
        if explicit and not s.in_title:
            running, running_par = explicit[0], s.paragraph
            if lead_date is None and body and s.index <= body[0].index + 1:
                lead_date = explicit[0]
    return out


_LOCATIVE_PREPS = frozenset((
    "in", "at", "on", "near", "targeting", "targeted", "target", "targets", "struck", "hit",
    "hitting", "attacked", "shelled", "bombed", "pounded", "strike", "strikes", "onto",
    "outside", "inside", "around", "across", "into", "over", "off", "throughout", "of", ",",
    "subject", "against"))


def _foreign(place: Place, countries: dict[str, int]) -> bool:
    """Whether a town or site lies in a country no other mention of the article supports."""
    if place.precision == 3 or not countries:
        return False
    home = max(countries.values())
    return countries.get(place.country, 0) <= 1 < home


def cues_window(s: Sentence) -> int:
    """Characters either side of the trigger and place read for the event type."""
    return 60 if s.end - s.start > 200 else 200


#: Where something was said, not where it happened: "told reporters in Baghdad",
#: "officials in Kyiv"; not "said the strikes on Tyre" (a trigger comes between).
_SPEECH_PLACE = re.compile(
    r"\b(?:said|says|told \w+|announced|spoke|speaking|briefing|conference|statement|"
    r"visit\w*|meeting|met|talks|summit|interview)\b[^.]{0,25}$|"
    r"\b(?:officials?|sources?|authorities|spokes\w+|diplomats?|analysts?)\s+(?:in|from)\s+"
    r"(?:the\s+)?$", re.IGNORECASE)
#: The speaker's place is the event's too: "officials in X said a drone killed a man there".
_THERE = re.compile(r"\b(?:there|in the (?:region|city|town|province|area))\b(?=[\s,.;]*$|"
                    r"\s*[,.;])", re.IGNORECASE)
#: Reported speech shifts tense back: "said it had fired" is news, not history.
_BACKSHIFT = re.compile(r"\b(?:said|says|claimed|added|announced|confirmed|reported)\b"
                        r"[^.;]{0,80}?\s+$", re.IGNORECASE)


#: Cues that join a concurrent event ("came as jets pounded X", "amid strikes on X"):
#: what follows them is news of its own, not the reason for it.
_CONCURRENT = re.compile(r"^(?:comes? as|came as|amid)$", re.IGNORECASE)


#: Reported speech closing the sentence: "..., they added." (the tense is shifted back).
_SPEECH_TAIL = re.compile(r",\s*(?:\w+\s+){0,3}(?:said|says|added|reported|told \w+|"
                          r"confirmed)\b[^,]{0,40}$", re.IGNORECASE)
#: The subject refers back to the events being reported: "One of the strikes had targeted".
_ANAPHORIC_EVENT = re.compile(r"^\s*(?:(?:one|two|three|some|each|all|both|most)\s+of\s+)?"
                              r"the\s+(?:\w+\s+)?(?:strikes?|attacks?|raids?|drones?|rockets?|"
                              r"missiles?|bombs?|shells?)\s+$", re.IGNORECASE)


#: A reason cue right before a dated event noun: "in response to yesterday's".
_REASON_BEFORE = re.compile(r"\b(?:in (?:retaliation|response|revenge) (?:for|to)|response to|"
                            r"retaliat\w+ for|following|after)\s+(?:the\s+)?$", re.IGNORECASE)


def _recent_reason(text: str, c: Candidate, gap: int) -> bool:
    """Whether the candidate's own date names a recent event given as a reason.

    "in response to yesterday's rocket attacks against X": the attack on X, a day old,
    is reported in its own right (as the guidelines count events within two days).
    """
    d = c.when
    if d is None or c.date_source != "sentence" or not 0 <= gap <= 2 or d.precision != "day":
        return False
    if not (is_attributive(text, d) and d.end <= c.toponym.mention.start):
        return False
    return bool(_REASON_BEFORE.search(text, max(c.sentence.start, d.start - 40), d.start))


def _background(sentence: str, place_at: int) -> float:
    """Return 1 for a background cue in the sentence, 2 when the place follows the cue."""
    found = [m for m in cues.BACKGROUND.finditer(sentence)
             if not (m.group().lower().startswith("had ") and (
                 _BACKSHIFT.search(sentence, 0, m.start())
                 or _SPEECH_TAIL.search(sentence, m.end())
                 or _ANAPHORIC_EVENT.search(sentence, 0, m.start())))]
    if not found:
        return 0.0
    governing = [m.start() for m in found if not _CONCURRENT.match(m.group())]
    return 2.0 if governing and min(governing) < place_at else 1.0


#: "a Houthi-controlled area of Yemen", "parts of Syria": a location inside the country.
_PART_OF = re.compile(r"\b(?:area|areas|part|parts|territory|territories|region|regions|"
                      r"province|provinces|corner)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _features(text: str, s: Sentence, c: Candidate, dist: int, same_clause: bool,
              published: date, sents: list[Sentence]) -> dict[str, float]:
    sentence = text[s.start:s.end]
    prep = preposition(text, c.toponym)
    if prep == "of" and _PART_OF.search(text, max(s.start, c.toponym.mention.start - 40),
                                        c.toponym.mention.start):
        prep = "in"  # "an area of Yemen" is in Yemen
    gap = (published - c.event_date).days
    agg = [m.span() for m in cues.AGGREGATE.finditer(sentence)]
    rel = c.trigger.start - s.start
    window = text[max(s.start, c.toponym.mention.start - 60):c.toponym.mention.start]
    speech = _SPEECH_PLACE.search(window)
    # "said Kherson was attacked": the place is what the statement is about
    speech_before = speech is not None and not TRIGGER.search(window, speech.start() + 4) \
        and not _THERE.search(text, s.start, s.end) and prep != "subject"
    last_par = max(x.paragraph for x in sents)
    topic = _TOPIC_BEFORE.search(text, max(s.start, c.toponym.mention.start - 40),
                                 c.toponym.mention.start)
    background = _background(sentence, c.toponym.mention.start - s.start)
    if background and _recent_reason(text, c, gap):
        background = 0.0  # "in response to yesterday's attacks on X": X's attack is news too
    return {
        "strength": c.trigger.strength,
        "same_clause": float(same_clause),
        "distance": min(dist, 200) / 100.0,
        "prep_locative": float(prep in _LOCATIVE_PREPS),
        "country_loose": float(c.place.kind == "country" and prep not in (
            "in", "across", "throughout", "inside", "into", "over", "on", "near", "subject")),
        "prep_from": float(prep == "from"),
        "prep_none": float(prep == ""),
        "precision3": float(c.precision == 3),
        "country": float(c.place.kind == "country"),
        "aggregate": float(any(a <= rel < b + 15 for a, b in agg)),
        "tally": float(bool(cues.TALLY.search(text, *_clause_of(text, s, c.trigger.start)))),
        "background": background,
        "old_year": float(cues.old_year(sentence, published)),
        "caption": float(cues.is_caption(sentence)),
        "irrealis": float(bool(cues.IRREALIS.search(sentence))),
        "speech_place": float(bool(speech_before)),
        "political": float(c.trigger.political),
        "gap_days": float(gap if c.when is None or c.when.precision == "day" else gap - 4),
        "future": float(gap < -1),
        "title": float(s.in_title),
        "lead": float(s.paragraph <= 2 and not s.in_title),
        "last_paragraph": float(s.paragraph == last_par and last_par >= 4),
        "date_stated": float(c.date_source == "sentence"),
        "topic": float(topic is not None),
        "front": float(is_front_summary(text, c.toponym)),
        "habitual": float(bool(cues.HABITUAL.search(text, *_clause_of(text, s, c.trigger.start)))),
    }
