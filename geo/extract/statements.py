"""Political statements an article's headline is about: a warning, a call, a threat.

GUIDELINES-style coding: a statement is an incident only when the headline is about it
("Jordan warns Israel after ...", "We will not accept foreign troops: Lebanese president").
A statement reported in passing in the body is not one, and neither is a headline that
attributes an event ("Drone strike kills two: police") or a non-security remark ("grain
exports recover, says ministry").

The statement is placed where it was made: a city the body names for the speaker ("the
French embassy in Beirut condemned ..."), else the capital of the speaker's country. Its day
is the one the body gives for the statement, else the publication day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from geo.core.records import Article, Evidence, Incident, incident_id_for
from geo.gazetteer.index import Gazetteer
from geo.reading.actors import ActorMention, ActorTable
from geo.reading.dates import ResolvedDate, find_dates
from geo.reading.resolution import ResolvedToponym, geoparse
from geo.reading.text import sentences
from geo.reading.triggers import POLITICAL, TRIGGER

#: Verbs that make a headline a statement when a state or official is their subject.
_STATEMENT_VERB = re.compile(
    r"\b(?:warn(?:s|ed)?|threaten(?:s|ed)?|condemn(?:s|ed)?|denounce[sd]?|demand(?:s|ed)?|"
    r"urge[sd]?|vow(?:s|ed)?|call(?:s|ed)?\s+(?:for|on)|blame[sd]?|accuse[sd]?|"
    r"slam(?:s|med)?|reject(?:s|ed)?)\b", re.IGNORECASE)
#: "X blamed for ...", "X accused of ...": a passive headline says nothing of a speaker.
_PASSIVE_AFTER = re.compile(r"^\s+(?:for|of|by)\b", re.IGNORECASE)
#: Who speaks for a state: a word among these makes a phrase an official speaker.
_OFFICIAL = re.compile(
    r"\b(?:president|presidency|prime minister|PM|premier|minister|ministry|government|"
    r"cabinet|parliament|embassy|ambassador|foreign office|state department|white house|"
    r"kremlin|pentagon|army|military|spokes(?:man|woman|person)|official|leader|king|emir|"
    r"UN|NATO|council)\b", re.IGNORECASE)
#: "<quote>: <speaker>" or "<quote>, <speaker> says".
_ATTRIBUTION = re.compile(
    r"^(?P<quote>.{12,}?)\s*(?::|,|\s[-–—])\s*(?P<speaker>[^:,]{2,48}?)(?:\s+says?)?\s*$")
#: What a security statement is about (a quote about grain exports is not one).
_SECURITY = re.compile(
    r"\b(?:forces?|troops?|military|army|war|attacks?|strikes?|ceasefire|truce|sovereignty|"
    r"soil|territory|border|weapons?|missiles?|drones?|occupation|terror\w*|retaliat\w*|"
    r"aggression|invasion|security|militias?|nuclear|sanctions?)\b", re.IGNORECASE)
#: "Prime Minister Mustafa al-Kadhimi": the person an official title names.
_TITLED_PERSON = re.compile(
    r"\b(?:President|Prime Minister|Premier|(?:Foreign |Defen[cs]e )?Minister|Spokes(?:man|woman)|"
    r"Ambassador|King|Emir)\s+(?P<name>[A-Z][\w'’-]+(?:\s+(?:al-|el-|bin\s+)?[A-Z][\w'’-]+){1,2})")
#: A body sentence reporting the statement.
_SAID = re.compile(r"\b(?:said|says|stated|announced|told|statement|" +
                   _STATEMENT_VERB.pattern.removeprefix(r"\b(?:"), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a headline statement: the phrase, its country and its actor."""

    start: int
    end: int
    country: str
    actor: str
    verb_start: int
    verb_end: int
    addressee: str = ""


def _event_words(text: str) -> bool:
    """Return whether ``text`` names a physical event (a statement verb is not one)."""
    return any(not POLITICAL.fullmatch(m.group(0)) and not _STATEMENT_VERB.fullmatch(m.group(0))
               for m in TRIGGER.finditer(text))


def _country_in(title: str, start: int, end: int, places: list[ResolvedToponym]) -> str:
    for t in places:
        place = t.mention.place
        if place is not None and start <= t.mention.start and t.mention.end <= end:
            return place.country
    return ""


def _actor_in(actors: list[ActorMention], start: int, end: int) -> str:
    return next((a.actor for a in actors if start <= a.start and a.end <= end), "")


def headline_speaker(title: str, gazetteer: Gazetteer, table: ActorTable) -> Speaker | None:
    """Return the speaker when a headline is a political statement, else ``None``.

    Parameters
    ----------
    title
        The headline.
    gazetteer
        Resolves the speaker's country ("Iraqi PM", "Jordan").
    table
        The actor table, for a speaker that is a known actor.

    Returns
    -------
    Speaker or None
        Offsets are into ``title``.
    """
    title = title.strip()
    if not title:
        return None
    verbs = list(_STATEMENT_VERB.finditer(title))
    quoted = _ATTRIBUTION.match(title)
    if not verbs and not quoted:
        return None  # not shaped as a statement: no need to geoparse the headline
    places = geoparse(title, gazetteer)
    actors = table.find(title)
    for m in verbs:
        subject = title[:m.start()].rstrip()
        words = subject.split()
        if (not 1 <= len(words) <= 6 or _PASSIVE_AFTER.match(title[m.end():])
                or _event_words(subject)):
            continue
        start = len(subject) - len(subject.lstrip())
        country = _country_in(title, start, m.start(), places)
        actor = _actor_in(actors, start, m.start())
        if country or actor or _OFFICIAL.search(subject):
            if not country and actor and actor in table.actors:
                country = table.actors[actor].country
            if country:
                return Speaker(start, len(subject), country, actor, m.start(), m.end(),
                               _addressee(title, m.end(), places, actors))
    if quoted and _OFFICIAL.search(quoted.group("speaker")):
        quote = quoted.group("quote")
        if _SECURITY.search(quote) and not _event_words(quote):
            s, e = quoted.span("speaker")
            country = _country_in(title, s, e, places) or _actor_country(actors, table, s, e)
            if country:
                return Speaker(s, e, country, _actor_in(actors, s, e), s, e)
    return None


def _addressee(title: str, at: int, places: list[ResolvedToponym],
               actors: list[ActorMention]) -> str:
    """Return who a statement verb is addressed to ("warns Turkey", "urges the Houthis").

    A known actor by its canonical name, a country as the headline writes it; ``""`` when
    the verb's object is neither ("condemns attacks").
    """
    start = at + len(title[at:]) - len(re.sub(r"^\s+(?:the\s+)?", "", title[at:]))
    actor = next((a.actor for a in actors if a.start == start), "")
    if actor:
        return actor
    return next((title[t.mention.start:t.mention.end] for t in places
                 if t.mention.start == start and t.mention.place is not None
                 and t.mention.place.kind == "country"), "")


def _actor_country(actors: list[ActorMention], table: ActorTable, start: int, end: int) -> str:
    name = _actor_in(actors, start, end)
    return table.actors[name].country if name in table.actors else ""


def _statement_sentences(text: str, body_start: int, limit: int = 4) -> list[tuple[int, int]]:
    """Return the first body sentences that report a statement (at most ``limit``)."""
    found = []
    for a, b in sentences(text):
        if a >= body_start and _SAID.search(text, a, b):
            found.append((a, b))
            if len(found) == limit:
                break
    return found


def _city_of_speaker(text: str, spans: list[tuple[int, int]],
                     toponyms: list[ResolvedToponym]) -> ResolvedToponym | None:
    """Return a city an official speaker sits in ("the French embassy in Beirut said")."""
    for start, end in spans:
        for t in toponyms:
            place = t.mention.place
            at = t.mention.start
            if (place is not None and start <= at < end and place.kind in ("city", "site")
                    and text[:at].endswith("in ")
                    and _OFFICIAL.search(text, max(start, at - 40), at)):
                return t
    return None


def _statement_day(text: str, spans: list[tuple[int, int]],
                   published: date) -> tuple[ResolvedDate, int] | None:
    """Return the day a statement sentence gives before any event word, with its offset.

    "Iraq demanded an apology after a drone strike on Friday": Friday dates the strike.
    """
    for start, end in spans:
        sentence = text[start:end]
        event = next((m.start() for m in TRIGGER.finditer(sentence)
                      if _event_words(m.group(0))), len(sentence))
        for d in find_dates(sentence, published):
            if d.precision == "day" and d.value <= published and d.end <= event:
                return d, start
    return None


def headline_statement(article: Article, title_end: int, toponyms: list[ResolvedToponym],
                       gazetteer: Gazetteer, table: ActorTable,
                       published: date) -> Incident | None:
    """Return the political statement the headline is about, or ``None``.

    Parameters
    ----------
    article
        The article (its ``full_text`` starts with the headline).
    title_end
        End of the headline in ``full_text`` (0 when the article has none).
    toponyms
        The article's resolved toponyms (offsets into ``full_text``).
    gazetteer, table
        The gazetteer and the actor table.
    published
        The publication day.

    Returns
    -------
    Incident or None
        A ``political statement`` at the city where it was made, with evidence spans.
    """
    if title_end <= 0:
        return None
    text = article.full_text
    speaker = headline_speaker(text[:title_end], gazetteer, table)
    if speaker is None:
        return None
    spans = _statement_sentences(text, title_end)
    city = _city_of_speaker(text, spans, toponyms)
    place = city.mention.place if city is not None else gazetteer.capital(speaker.country)
    if place is None:
        return None
    dated = _statement_day(text, spans, published)
    when = dated[0] if dated is not None else None
    day = when.value if when is not None else published
    evidence = [Evidence("trigger", speaker.verb_start, speaker.verb_end,
                         text[speaker.verb_start:speaker.verb_end])]
    if city is not None:
        evidence.append(Evidence("place", city.mention.start, city.mention.end,
                                 text[city.mention.start:city.mention.end]))
    else:
        evidence.append(Evidence("place", speaker.start, speaker.end,
                                 text[speaker.start:speaker.end]))
    if dated is not None:
        a, b = dated[1] + dated[0].start, dated[1] + dated[0].end
        evidence.append(Evidence("date", a, b, text[a:b]))
    quote = re.sub(r"\s+", " ", text[:title_end]).strip()
    if spans:
        quote += " … " + re.sub(r"\s+", " ", text[spans[0][0]:spans[0][1]]).strip()
    actor = speaker.actor or _government(table, speaker.country)
    person = next((m.group("name") for a, b in spans
                   for m in _TITLED_PERSON.finditer(text, a, b)), "")
    actors = tuple(dict.fromkeys(n for n in (actor, person, speaker.addressee) if n))
    notes: tuple[str, ...] = (() if when is not None else
                              ("publication date assumed (no date for the statement)",))
    if city is None:
        notes += ("placed at the speaker's capital",)
    return Incident(
        incident_id=incident_id_for(article.article_id, "political statement", place.place_id,
                                    day),
        article_id=article.article_id, source=article.source, url=article.url,
        published=article.published, event_date=day,
        time_precision="day" if when is not None else "week",
        event_type="political statement", actor1=actor, actor2=speaker.addressee,
        actors=actors, claimed_by="", location=place.name,
        admin1=place.admin1, country=place.country, geo_precision=1,
        uncertainty_km=round(place.radius_km, 1), lon=place.lon, lat=place.lat, quote=quote,
        place_id=place.place_id, notes=notes, confidence=0.7 if city is not None else 0.6,
        evidence=tuple(evidence),
    )


def _government(table: ActorTable, country: str) -> str:
    """Return the table's government of a country ("Iraqi government"), else ``""``."""
    return next((a.name for a in table.actors.values()
                 if a.kind == "government" and a.country == country), "")
