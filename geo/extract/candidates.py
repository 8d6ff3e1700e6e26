"""Candidate incidents: every (trigger, place, date) a sentence supports, with features.

For each sentence with an event trigger (:mod:`geo.extract.sentences`), every
toponym used as a location becomes a candidate, paired with the nearest trigger
(same clause preferred) and the date expression that governs it (same clause, same
sentence, the paragraph's running date, the lead's date, else the publication date;
:mod:`geo.extract.pairing`), with the site and reference rules of
:mod:`geo.extract.sites`. The candidate carries the features :mod:`geo.extract.scoring`
weighs; nothing is decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from geo.core.records import Place
from geo.extract.pairing import _pick_date, _pick_trigger, is_attributive
from geo.extract.sentences import Sentence, _clause_of
from geo.extract.sites import (
    _anaphor,
    _carried,
    _facility_town,
    _located_far,
    _named_again,
    _reference_point,
    _site_container,
    _unnamed_site,
)
from geo.reading import cues
from geo.reading.dates import ResolvedDate
from geo.reading.placeuse import (
    effective_precision,
    is_front_summary,
    is_office_place,
    near_distance,
    preposition,
)
from geo.reading.resolution import ResolvedToponym
from geo.reading.triggers import TRIGGER, Trigger, event_type

#: "the war in Gaza", "the conflict in Sudan": a topic, not where something happened.
_TOPIC_BEFORE = re.compile(r"\b(?:war|conflict|crisis|genocide|situation|peace|ceasefire|"
                           r"truce|tensions?|policy|presence|troops "
                           r"stationed)\s+(?:in|on|with|over|to)\s+(?:the\s+)?$", re.I)


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
    support = _support(sents)
    for s in sents:
        explicit = [d for d in s.dates if d.explicit and d.precision == "day"]
        if not s.triggers:
            if explicit and not s.in_title:
                running, running_par = explicit[0], s.paragraph
            continue
        places = [t for t in s.places if not filed[0] <= t.mention.start < filed[1]]
        places = [t for t in places if not _site_container(text, t, s.places)
                  and not _reference_point(text, t, s.places)
                  and not _located_far(text, t, s.places)]
        offices = [t for t in places if is_office_place(text, t)]
        if any(t not in offices and t.mention.place is not None
               and t.mention.place.precision < 3 for t in places):
            places = [t for t in places if t not in offices]  # the office's seat is not it
        from_dateline = implicit = False
        carried = _carried(text, s, sents) if not places and not s.in_title else []
        referent = _anaphor(text, s, sents) if not places and not s.in_title else None
        if carried:
            places, implicit = carried, True  # "... around X. Most were intercepted"
        elif referent is not None:  # "in the city centre": the town named just before
            places, implicit = [referent], True
        elif not places and (owner := _possessor(text, s, sents)) is not None:
            places, implicit = [owner], True  # "in X's market": the town just named
        elif not places and home is not None and body and not s.in_title \
                and s.index <= body[0].index + 2 \
                and any(tr.strength >= 0.9 and not tr.political for tr in s.triggers):
            places, implicit = [home], True  # the lead names no place: the story's country
        elif not places and dateline is not None and body and s.index <= body[0].index + 1:
            places, from_dateline = [dateline], True
        for t in places:
            place = t.mention.place
            if place is None:
                continue
            trig, dist, same_clause = _pick_trigger(text, s, t)
            when = _pick_date(text, s, t.mention.start)
            source = "sentence"
            back = _refers_back(text, s, sents)
            if when is None and back is not None:  # "The strikes also hit ...": that day
                when = next((d for d in reversed(back.dates) if d.precision == "day"), None)
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
            again = not implicit and _named_again(text, s, t)  # "shelled the region"
            c.features["implicit"] = float(implicit)
            if implicit or again:  # its mention lies elsewhere: no preposition or distance to weigh
                c.features.update(prep_none=0.0, country_loose=0.0, prep_from=0.0,
                                  speech_place=0.0, topic=0.0, distance=0.0, same_clause=1.0)
            c.features["foreign"] = float(_foreign(place, countries or {}, support))
            if back is not None and not s.dates and not c.features["background"]:
                prior = text[back.start:back.end]  # the events it refers to are background
                c.features["background"] = _background(prior, len(prior))
                c.features["old_year"] = max(c.features["old_year"],
                                             float(cues.old_year(prior, published)))
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
    "subject", "against", "toward", "towards"))


#: A sentence whose subject refers back to the events just reported: "The strikes also ...".
_REFERS_BACK = re.compile(r"\s*(?:[\"“]\s*)?(?:the\s+(?:\w+\s+)?(?:strikes?|attacks?|raids?|"
                          r"bombings?|shelling|assault|barrage|explosions?|blasts?)\b|"
                          r"(?:on\s+)?(?:the\s+same|that)\s+(?:day|night|evening|morning)\b)",
                          re.IGNORECASE)


def _refers_back(text: str, s: Sentence, sents: list[Sentence]) -> Sentence | None:
    """Return the sentence before one that opens by referring back to its events, if any."""
    if s.in_title or s.index == 0 or not _REFERS_BACK.match(text, s.start, s.end):
        return None
    prev = sents[s.index - 1]
    return None if prev.in_title or not prev.triggers else prev


def _possessor(text: str, s: Sentence, sents: list[Sentence]) -> ResolvedToponym | None:
    """Return the town named just before that a possessive in the sentence names.

    A possessive is no location use, but "One rocket landed in X's market", after a
    sentence that put events at X, is at X (not at the dateline or the whole country).
    """
    if s.in_title:
        return None
    for prev in reversed(sents[max(0, s.index - 3):s.index]):
        for t in reversed(prev.places):
            p = t.mention.place
            if p is not None and p.kind not in ("country", "continent") and re.search(
                    rf"\b{re.escape(t.mention.text)}['’]s\b", text[s.start:s.end]):
                return t
    return None


def _support(sents: list[Sentence]) -> dict[str, set[str]]:
    """Return the distinct places (ids) that location mentions name, per country."""
    out: dict[str, set[str]] = {}
    for t in (t for s in sents for t in s.places):
        p = t.mention.place
        if p is not None and p.country:
            out.setdefault(p.country, set()).add(p.place_id)
    return out


def _foreign(place: Place, countries: dict[str, int],
             support: dict[str, set[str]] | None = None) -> bool:
    """Whether a town or site lies in a country no other mention of the article supports.

    A name repeated ("the Al-X plant ... the Al-X plant") supports nothing but itself: a
    namesake abroad named three times is still the only place of its country.
    """
    if place.precision == 3 or not countries:
        return False
    home = max(countries.values())
    if countries.get(place.country, 0) <= 1 < home:
        return True
    others = (support or {}).get(place.country, set()) - {place.place_id}
    return not others and home > countries.get(place.country, 0)


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


#: A backdrop clause closing the sentence: ", amid a conflict that has raged since 2023".
_BACKDROP = re.compile(r",?\s+amid\s+(?:a|an|the|growing|rising|ongoing|continued|escalating)\b",
                       re.IGNORECASE)


def _foreground(sentence: str, place_at: int, trigger_at: int) -> str:
    """Return the sentence without a backdrop clause after its place and trigger.

    "X was attacked on Tuesday, amid a conflict that has ravaged the country since April
    2023": the year and the "since" describe the backdrop, not the attack on X.
    """
    m = _BACKDROP.search(sentence, max(place_at, trigger_at))
    return sentence[:m.start()] if m else sentence


#: A reason cue: what follows it is why the event happened, not the event.
_REASON = re.compile(r"(?:in (?:retaliation|response|revenge) (?:for|to)|retaliat\w+ for|"
                     r"response to)$", re.IGNORECASE)


def _background(sentence: str, place_at: int, trigger_at: int = -1) -> float:
    """Return 1 for a background cue in the sentence, 2 when the place follows the cue.

    A reason given after the event and its place ("X fired missiles at Y in retaliation
    for Z") makes Z background, not the event itself.
    """
    found = [m for m in cues.BACKGROUND.finditer(sentence)
             if not (_REASON.match(m.group()) and 0 <= trigger_at < m.start()
                     and place_at < m.start())
             and not (m.group().lower().startswith("had ") and (
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
    core = _foreground(sentence, c.toponym.mention.start - s.start, rel)
    background = _background(core, c.toponym.mention.start - s.start, rel)
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
        "old_year": float(cues.old_year(core, published)),
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
