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
from geo.reading.text import clauses, sentences
from geo.reading.toponyms import ResolvedToponym
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


def _pick_date(text: str, sent: Sentence, pos: int) -> ResolvedDate | None:
    events = [d for d in sent.dates if not d.reported]
    if not events:
        return None
    c0, c1 = _clause_of(text, sent, pos)
    same = [d for d in events if c0 <= d.start < c1]
    pool = same or events
    explicit = [d for d in pool if d.explicit] or pool
    return min(explicit, key=lambda d: abs(d.start - pos))


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
            if when is None and said:
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
            c = Candidate(s, trig, t, place, near_distance(text, t), when,
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
    "subject"))


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


def _background(sentence: str, place_at: int) -> float:
    """Return 1 for a background cue in the sentence, 2 when the place follows the cue."""
    found = [m.start() for m in cues.BACKGROUND.finditer(sentence)
             if not (m.group().lower().startswith("had ")
                     and _BACKSHIFT.search(sentence, 0, m.start()))]
    if not found:
        return 0.0
    return 2.0 if min(found) < place_at else 1.0


def _features(text: str, s: Sentence, c: Candidate, dist: int, same_clause: bool,
              published: date, sents: list[Sentence]) -> dict[str, float]:
    sentence = text[s.start:s.end]
    prep = preposition(text, c.toponym)
    gap = (published - c.event_date).days
    agg = [m.span() for m in cues.AGGREGATE.finditer(sentence)]
    rel = c.trigger.start - s.start
    window = text[max(s.start, c.toponym.mention.start - 60):c.toponym.mention.start]
    speech = _SPEECH_PLACE.search(window)
    speech_before = speech is not None and not TRIGGER.search(window, speech.start() + 4) \
        and not _THERE.search(text, s.start, s.end)
    last_par = max(x.paragraph for x in sents)
    topic = _TOPIC_BEFORE.search(text, max(s.start, c.toponym.mention.start - 40),
                                 c.toponym.mention.start)
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
        "background": _background(sentence, c.toponym.mention.start - s.start),
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
