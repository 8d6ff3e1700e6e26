"""From an article to incidents: candidate generation, scoring, then incidents.

The article is geoparsed once (its places refined by :mod:`geo.extract.places`)
and its actors found once. Every (trigger, place, date) combination a sentence
supports becomes a candidate with features (:mod:`geo.extract.candidates`); a
scorer keeps, merges and types them (:mod:`geo.extract.scoring`); each kept group
becomes one :class:`Incident` with its confidence, its evidence spans (trigger,
place, date), its actors (actor1 who acted, actor2 the target), casualties and
quote. Troop figures are in :mod:`geo.extract.deployments` (re-exported here).
"""

from __future__ import annotations

import math
import re

from geo.core.records import Article, Evidence, Incident, incident_id_for
from geo.extract.candidates import Candidate, generate
from geo.extract.deployments import extract_deployments
from geo.extract.places import _district_seat, _town_named, _unknown_districts, _without_demonyms
from geo.extract.roles import article_roles, incident_actors
from geo.extract.scoring import Group, rescore_stale, score, select
from geo.extract.sentences import Sentence, dateline_end, dateline_place, split_sentences
from geo.extract.statements import headline_statement
from geo.gazetteer.index import Gazetteer, load_gazetteer
from geo.reading.actors import ActorMention, ActorTable, load_actor_table
from geo.reading.numbers import casualty_counts
from geo.reading.placeuse import near_offset
from geo.reading.resolution import geoparse
from geo.reading.triggers import POLITICAL

__all__ = ["extract_deployments", "extract_incidents"]

def destination(lon: float, lat: float, km: float, bearing: float) -> tuple[float, float]:
    """Return the point ``km`` from (lon, lat) on a compass bearing (spherical Earth).

    Parameters
    ----------
    lon, lat
        Start point, degrees.
    km
        Distance.
    bearing
        Degrees clockwise from north.

    Returns
    -------
    tuple
        (lon, lat) of the destination.
    """
    d = km / 6371.0
    b, p1, l1 = math.radians(bearing), math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1),
                         math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(l2), 5), round(math.degrees(p2), 5)




def _casualties(text: str, g: Group, sents: list[Sentence]) -> tuple[int | None, int | None]:
    """Casualties stated for the incident, read from the most direct sentences first.

    Order: the body sentences at the incident's own place (and members with no place of
    their own), then the sentences that follow them until another place or event is named
    ("... hit the base. No one was hurt."); then the same for the other members (a region
    folded into the town); the headline last, since it often sums several incidents.
    """
    home = g.best.place.place_id
    order = sorted(g.members, key=lambda m: -m.score)
    body = [m for m in order if not m.sentence.in_title]
    own = [m for m in body if m.place.place_id == home or m.features.get("implicit")]
    found: list[int | None] = [None, None]

    def take(counts: tuple[int | None, int | None]) -> None:
        for k, value in enumerate(counts):
            if found[k] is None:
                found[k] = value

    for part in (own, [m for m in body if m not in own]):
        for c in part:
            take(casualty_counts(text[c.sentence.start:c.sentence.end]))
        for c in part:
            for nxt in sents[c.sentence.index + 1:c.sentence.index + 1 + _FOLLOW]:
                if any(q.mention.place is not None and q.mention.place.place_id != home
                       for q in nxt.places) or (nxt.triggers and not nxt.places
                                                and _OTHER_EVENT.search(text, nxt.start,
                                                                        nxt.end)):
                    break
                take(casualty_counts(text[nxt.start:nxt.end]))
    for c in (m for m in order if m.sentence.in_title):
        take(casualty_counts(text[c.sentence.start:c.sentence.end]))
    return found[0], found[1]


#: Sentences read after an incident's own for its casualties.
_FOLLOW = 3
#: A sentence that turns to another event ("In another attack", "Separately").
_OTHER_EVENT = re.compile(r"\b(?:another|separate(?:ly)?|earlier|previous|last (?:week|month|"
                          r"year)|in 20\d\d)\b", re.IGNORECASE)


#: The munition each attack type is told by.
_MUNITIONS = {"missile attack": r"missiles?", "drone attack": r"drones?|UAVs?",
              "rocket attack": r"rockets?|projectiles?"}
#: "intercepted a missile", "the drones were shot down" ({} is the munition).
_INTERCEPTED = (r"\b(?:intercept(?:ed|s|ing)?|shot\s+down|shoots?\s+down|downed)\s+"
                r"(?:[\w-]+\s+){{0,6}}?(?:{0})\b|\b(?:{0})(?:\s+[\w-]+){{0,3}}?\s+(?:was|were|been)\s+"
                r"(?:\w+\s+)?(?:intercepted|shot\s+down|downed)\b")
#: The attack reached its place: a hit, an impact, damage or a casualty.
_REACHED = re.compile(r"\b(?:hit|hits|struck|strikes|landed|impacted|fell|exploded|killed|"
                      r"wounded|injured|damaged|destroyed|casualties)\b", re.IGNORECASE)


#: Artillery named: "shelling" then means guns, mortars or tanks.
_ARTILLERY = re.compile(r"\b(?:artillery|mortars?|howitzers?|tanks?|cannons?|MLRS|"
                        r"(?:artillery |tank |mortar )?(?:shells|rounds)\s+(?:fell|landed|hit|"
                        r"struck|exploded))\b", re.IGNORECASE)


def _named_munition(text: str, sents: list[Sentence]) -> str:
    """Return the attack type of the munition the headline and lead name most (ties: first).

    "Shelling" told of an attack whose article names no gun, and whose headline and lead
    name missiles or drones (not shot down), is the loose word for that attack ("missiles
    and suicide drones ... the shelling on its base").
    """
    lead = [s for s in sents if s.in_title]
    lead += [s for s in sents if not s.in_title][:1]
    spans = [(s.start, s.end) for s in lead
             if not re.search(r"\b(?:intercept\w*|shot\s+down|shoots?\s+down|downs|downed)\b",
                              text[s.start:s.end], re.IGNORECASE)]
    named = []
    for kind, words in _MUNITIONS.items():
        at = [a + m.start() for a, b in spans
              for m in re.finditer(rf"\b(?:{words})\b", text[a:b], re.IGNORECASE)]
        if at:
            named.append((-len(at), min(at), kind))
    return min(named)[2] if named else ""


def _intercepted(text: str, g: Group, sents: list[Sentence], event_type: str) -> bool:
    """Return whether an attack told only as aimed at its place was intercepted.

    "A missile fired at the airport ... the army said it intercepted a missile": the
    article's interception of the same munition is the incident, as long as none of the
    incident's own sentences says the attack reached its place.
    """
    munition = _MUNITIONS.get(event_type)
    if munition is None or any(_REACHED.search(text, m.sentence.start, m.sentence.end)
                               for m in g.members):
        return False
    stopped = re.compile(_INTERCEPTED.format(munition), re.IGNORECASE)
    return any(stopped.search(text, s.start, s.end) for s in sents)


def _evidence(text: str, c: Candidate) -> tuple[Evidence, ...]:
    spans = [("trigger", c.trigger.start, c.trigger.end),
             ("place", c.toponym.mention.start, c.toponym.mention.end)]
    if c.when is not None:
        spans.append(("date", c.when.start, c.when.end))
    return tuple(Evidence(role, a, b, text[a:b]) for role, a, b in spans)


#: How directly a date source states the day: the sentence, its paragraph, the lead ...
_DATE_RANK = {"sentence": 0, "paragraph": 1, "lead": 2, "statement": 3, "published": 4}
def _incident(article: Article, text: str, g: Group, sents: list[Sentence],
              fallback: tuple[list[str], list[str]], groups: list[Group],
              table: ActorTable,
              offsets: dict[str, list[tuple[float, float]]] | None = None) -> Incident:
    best = g.best
    # the member whose date the text states most directly dates the incident
    rank = min(_DATE_RANK.get(m.date_source, 9) for m in g.members)
    when = best if _DATE_RANK.get(best.date_source, 9) == rank else min(
        (m for m in g.members if _DATE_RANK.get(m.date_source, 9) == rank),
        key=lambda m: (m.sentence.in_title, -m.score))
    event_type = g.event_type
    if event_type == "other":  # no weapon named: the article's usual type, else a clash
        # (damage or a death is no interception; a tie goes to the type told first)
        typed = [o.event_type for o in groups if o.event_type not in ("other", "interception",
                                                                       "political statement")]
        event_type = max(dict.fromkeys(typed), key=typed.count) if typed else "armed clash"
    if event_type == "shelling" and not _ARTILLERY.search(text):
        event_type = _named_munition(text, sents) or event_type
    if _intercepted(text, g, sents, event_type):
        event_type = "interception"
    actor1, actor2, actors, claimed = incident_actors(text, g, sents, fallback, groups, table,
                                                      event_type)
    fatalities, injuries = _casualties(text, g, sents)
    near = best.near_km is not None
    notes = []
    if when.date_source == "published":
        notes.append("no date in the text; publication date assumed")
    elif when.date_source != "sentence":
        notes.append(f"date taken from the {when.date_source}")
    quotes = []
    for m in sorted(g.members, key=lambda m: m.sentence.start):
        q = re.sub(r"\s+", " ", text[m.sentence.start:m.sentence.end]).strip()
        if q not in quotes:
            quotes.append(q)
    place = best.place
    lon, lat = place.lon, place.lat
    offset = near_offset(text, best.toponym)
    if offset is None and best.near_km is not None:
        # "65 nautical miles off X" ... "65NM West of X": the same point, with its bearing
        offset = next((o for o in (offsets or {}).get(place.place_id, ())
                       if abs(o[0] - best.near_km) <= 0.1 * best.near_km), None)
    if offset is not None:  # "35 nautical miles south of X": the point the text gives
        lon, lat = destination(lon, lat, *offset)
    precision = when.when.precision if when.when is not None else "week"
    return Incident(
        incident_id=incident_id_for(article.article_id, event_type, place.place_id,
                                    when.event_date),
        article_id=article.article_id, source=article.source, url=article.url,
        published=article.published, event_date=when.event_date, time_precision=precision,
        event_type=event_type, actor1=actor1, actor2=actor2, actors=tuple(actors),
        claimed_by=claimed, location=f"near {place.name}" if near else place.name,
        admin1=place.admin1, country=place.country, geo_precision=best.precision,  # type: ignore[arg-type]
        uncertainty_km=round(place.radius_km + (best.near_km or 0.0), 1),
        lon=lon, lat=lat, quote=" … ".join(quotes[:3]), fatalities=fatalities,
        injuries=injuries, place_id=place.place_id, notes=tuple(notes),
        confidence=round(g.confidence, 3),
        evidence=_evidence(text, best) + tuple(
            e for e in _evidence(text, when) if e.role == "date" and when is not best),
    )


def _is_heading(text: str, s: Sentence) -> bool:
    """Return whether a sentence is a heading (a short line without end punctuation)."""
    line = text[s.start:s.end]
    return (len(line) < 90 and line[-1:] not in ".!?:\"”'’"
            and text[max(0, s.start - 1):s.start] in ("", "\n")
            and text[s.end:s.end + 1] in ("", "\n"))


def extract_incidents(
    article: Article,
    gazetteer: Gazetteer | None = None,
    actor_table: ActorTable | None = None,
) -> list[Incident]:
    """Extract the incidents an article reports.

    Parameters
    ----------
    article
        A loaded article (non-English articles give no incidents; their notes say so).
    gazetteer
        The gazetteer; the shared offline one by default.
    actor_table
        The actor table; ``data/actors.csv`` by default.

    Returns
    -------
    list of Incident
        One incident per place and day, in order of first mention, each with its
        confidence and evidence spans.
    """
    if article.language != "en":
        return []
    gaz = gazetteer or load_gazetteer()
    table = actor_table or load_actor_table()
    text = article.full_text
    parsed = [_town_named(text, t) for t in geoparse(text, gaz) if t.mention.place is not None]
    toponyms = [d for d in (_district_seat(text, t, parsed, gaz) for t in parsed) if d is not None]
    toponyms = _without_demonyms(toponyms)
    extra = _unknown_districts(text, toponyms, gaz)
    if extra:
        toponyms = sorted(toponyms + extra, key=lambda t: t.mention.start)
    actors: list[ActorMention] = table.find(text)
    published = article.published.date()
    title = article.title.strip()
    # The headline is only a headline when a body follows it: a pasted one-liner whose
    # title the loader took from its first line is body text.
    after_title = text[len(title):] if title and text.startswith(title) else ""
    title_end = len(title) if after_title.startswith("\n") and after_title.strip() else 0
    sents = split_sentences(text, title_end, toponyms, actors, published)
    body_start = next((s.start for s in sents if not s.in_title), 0)
    countries: dict[str, int] = {}
    for t in (t for s in sents for t in s.places):  # places used as locations
        if t.mention.place is not None and t.mention.place.country:
            countries[t.mention.place.country] = countries.get(t.mention.place.country, 0) + 1
    main = max(countries, key=lambda k: countries[k]) if countries else ""
    # the story's country: a mention of it used as a location ("in Sudan") before a demonym
    # or possessive ("Sudanese officials", "Sudan's army")
    located = [t for s in sents for t in s.places]
    home = next((t for pool in (located, toponyms) for t in pool if t.mention.place is not None
                 and t.mention.place.kind == "country" and t.mention.place.country == main), None)
    candidates = generate(text, sents, published, dateline_place(text, body_start, toponyms),
                          (body_start, dateline_end(text, body_start)), countries, home)
    title_places = {t.mention.place.place_id for s in sents if s.in_title
                    for t in s.places if t.mention.place}
    title_political = any(POLITICAL.search(text, s.start, s.end) for s in sents
                          if s.in_title or _is_heading(text, s))
    for c in candidates:
        c.score = score(c, title_places, title_political)
    rescore_stale(candidates, title_places, title_political)
    fallback = article_roles(text, sents)
    groups = select(candidates)
    offsets: dict[str, list[tuple[float, float]]] = {}
    for t in toponyms:  # every "<distance> <bearing> of X" the text states
        o = near_offset(text, t)
        if o is not None and t.mention.place is not None:
            offsets.setdefault(t.mention.place.place_id, []).append(o)
    incidents = [_incident(article, text, g, sents, fallback, groups, table, offsets)
                 for g in groups]
    if not any(i.event_type == "political statement" for i in incidents):
        statement = headline_statement(article, title_end, toponyms, gaz, table, published)
        if statement is not None:
            incidents.append(statement)
    return incidents
