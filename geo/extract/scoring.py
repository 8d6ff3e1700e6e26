"""Scoring candidates, and keeping, merging and typing them into incidents.

The scorer is a logistic model with hand-set weights over the features of
:mod:`geo.extract.candidates` (no weights are learned from the development sets). A
candidate is kept when its score reaches :data:`THRESHOLD`. Kept candidates at
one place within a day are one incident; a region or country incident is
dropped when a more precise incident of the same day lies inside it (a named
site beats the region around it); headline-only incidents are dropped when
the body reports any.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.core.geodesy import distance_km
from geo.extract.candidates import Candidate

#: Feature weights of the logistic scorer (log-odds per unit of the feature).
WEIGHTS: dict[str, float] = {
    "strength": 1.6,
    "same_clause": 0.9,
    "distance": -0.6,
    "prep_locative": 1.1,
    "prep_from": -1.6,
    "prep_none": -1.5,
    "precision3": -0.4,
    "country": -0.6,
    "aggregate": -2.2,
    "background": -1.7,
    "old_year": -1.8,
    "caption": -2.5,
    "irrealis": -1.5,
    "speech_place": -4.0,
    "political": -1.5,
    "future": -2.5,
    "title": -0.3,
    "lead": 0.6,
    "last_paragraph": -0.6,
    "date_stated": 0.3,
    "dateline": -0.4,
    "in_title": 0.7,
    "topic": -3.5,
    "country_loose": -2.0,
    "foreign": -2.5,
    "habitual": -3.0,
    "front": -2.5,
    "tally": -3.0,
    "implicit": -0.5,
}
BIAS = -0.9
THRESHOLD = 0.5
#: Days before publication after which a dated event is history, not news.
STALE_DAYS = 2
#: Log-odds against a sentence that names an earlier year or month but takes its day from
#: its paragraph, the lead or the publication date.
OLD_BORROWED = -1.5
#: Places wider than this (km) are continents and macro-regions ("the Middle East").
VAST_KM = 1500.0
VAST = -3.0
#: Further log-odds against an event dated more than a week before publication (a weekday
#: named in the text stays within the week).
STALE_STEP = 2.0
#: Further log-odds against such an event told neither in the headline nor in the lead.
STALE_ASIDE = -1.0
WEEK = 7
SAME_SITE_KM = 3.0


def score(c: Candidate, title_places: set[str], title_political: bool) -> float:
    """Return the probability (0–1) that a candidate is an incident as stated.

    Parameters
    ----------
    c
        A candidate with its features.
    title_places
        Place ids the headline names (agreement with the headline).
    title_political
        Whether the headline reports a statement (a call, a threat).

    Returns
    -------
    float
        The logistic score.
    """
    f = dict(c.features)
    f["in_title"] = float(c.place.place_id in title_places and not f.get("title"))
    if f.get("prep_none") and _referred_to(c):
        f["prep_none"], f["prep_locative"] = 0.0, 1.0  # "X governor said troops shelled the region"
    z = BIAS + sum(WEIGHTS[k] * v for k, v in f.items() if k in WEIGHTS)
    gap = f.get("gap_days", 0.0)
    if gap > STALE_DAYS:  # history, unless the text describes it in its own right
        z -= 2.0 + min(gap, 60.0) / 10.0 + (STALE_STEP if gap > WEEK else 0.0)
        if not (f.get("lead") or f.get("in_title") or f.get("title")):
            z += STALE_ASIDE  # told in passing, not the story the article is about
    if c.event_type == "political statement":
        z += 1.2 if title_political else -2.0
        if title_political:
            z -= WEIGHTS["background"] * f.get("background", 0.0)
    if c.event_type == "other":
        z -= 0.8
    if f.get("old_year") and c.date_source != "sentence":
        z += OLD_BORROWED  # "Also in April, ...": the day borrowed from context is not its day
    if c.place.radius_km > VAST_KM:
        z += VAST  # "operations in the Middle East": a macro-region is a topic, not a place
    return 1.0 / (1.0 + math.exp(-z))


#: Which kinds of place a definite object ("the region", "the city") can point back to.
_REFERS_TO = {"region": ("admin1", "admin2", "region"), "province": ("admin1", "admin2"),
              "oblast": ("admin1",), "governorate": ("admin1",), "district": ("admin2", "region"),
              "city": ("city",), "town": ("city",), "village": ("city",)}


def _referred_to(c: Candidate) -> bool:
    """Whether the trigger's object ("shelled the region") is the last such place before it."""
    kinds = _REFERS_TO.get(c.trigger.refers)
    if not kinds or c.toponym is None or c.place.kind not in kinds:
        return False
    at = c.toponym.mention.start
    if at >= c.trigger.start:
        return False
    return not any(at < t.mention.start < c.trigger.start and t.mention.place is not None
                   and t.mention.place.kind in kinds for t in c.sentence.places)


@dataclass(slots=True)
class Group:
    """Kept candidates that are one incident."""

    members: list[Candidate]

    @property
    def best(self) -> Candidate:
        """The most precise (a region before its country), then highest-scoring, member."""
        return min(self.members, key=lambda c: (c.sentence.in_title, c.precision, -_rank(c),
                                                c.place.kind not in _SITE_KINDS, -c.score))

    @property
    def confidence(self) -> float:
        """The highest member score, raised a little by each supporting member."""
        top = max(c.score for c in self.members)
        return min(1.0, top + 0.05 * (len(self.members) - 1))

    @property
    def event_type(self) -> str:
        """The type voted by the members' scores (``other`` only when nothing else)."""
        votes: dict[str, float] = {}
        home = self.best.place.place_id
        for c in self.members:
            # said of the place itself, or of no place of its own ("the story's country")
            weight = 1.5 if c.place.place_id == home or c.features.get("implicit") else 1.0
            votes[c.event_type] = votes.get(c.event_type, 0.0) + c.score * weight \
                + (0.0 if c.sentence.in_title else 0.2)
        typed = {k: v for k, v in votes.items() if k != "other"} or votes
        return max(typed.items(), key=lambda kv: kv[1])[0]


#: Date sources that state an event's own day (the sentence, or its paragraph's running date).
_STATED = ("sentence", "paragraph")


def _stated(c: Candidate) -> bool:
    """Whether the text states the candidate's day (not a lead's, a statement's or assumed)."""
    return c.date_source in _STATED and c.when is not None and c.when.precision == "day"


def _same_place(a: Candidate, b: Candidate) -> bool:
    """One place and one day ("X on Monday ... X on Tuesday" are two), unless a day is vague."""
    days = abs((a.event_date - b.event_date).days)
    if days > (0 if _stated(a) and _stated(b) else STALE_DAYS):
        return False
    if a.place.place_id == b.place.place_id:
        return True
    if a.precision == 3 or b.precision == 3:
        return False
    return distance_km(a.place.lon, a.place.lat, b.place.lon, b.place.lat) <= SAME_SITE_KM


def _inside(region: Candidate, site: Candidate) -> bool:
    """Whether a more precise candidate lies in a region or country candidate."""
    r, s = region.place, site.place
    if abs((region.event_date - site.event_date).days) > 1:
        return False
    if r.country and s.country and r.country != s.country:
        return False
    if r.kind == "country":
        return r.country == s.country
    if r.kind == "admin1" and s.admin1:
        # a town whose province is known lies in this province or in another one,
        # however near ("Nikopol" is across the river from Zaporizhzhia Oblast)
        return s.admin1 in (r.name, r.admin1)
    if r.admin1 and s.admin1 and r.admin1 != s.admin1:
        return False  # a part of one province does not hold a town of another
    reach = r.radius_km * 1.3 if r.radius_km > 0 else 60.0  # a known extent, else 60 km
    return distance_km(r.lon, r.lat, s.lon, s.lat) <= max(reach, 10.0)


def _inside_any(region: Candidate, site: Group) -> bool:
    """Whether a mention of the site group's place, on any of its days, lies in the region."""
    home = site.best.place.place_id
    said = [m for m in site.members if m.place.place_id == home]
    body = [m for m in said if not m.sentence.in_title] or said  # a headline's day is assumed
    return any(_inside(region, m) for m in body)


def _locates(region: Group, site: Group) -> bool:
    """Whether a region says, in the site's own sentence, where the site lies.

    "Attacks on the city of X in the eastern Y province": the region is where X is, in
    the same province (or country, for a part of a country), not a second incident.
    """
    r = region.best.place
    own = {n.sentence.index for n in site.members}
    if any(m.sentence.index not in own and not m.sentence.in_title for m in region.members):
        return False  # the region is reported in sentences of its own: an incident there
    for m in region.members:
        for n in site.members:
            if m.sentence.index != n.sentence.index:
                continue
            s = n.place
            if r.admin1 and s.admin1 == r.admin1:
                return True
            if not r.admin1 and r.kind != "country" and r.country and r.country == s.country:
                return True
    return False


#: Event types of fire from the air, and of fighting on the ground.
_AIR_KINDS = ("airstrike", "drone attack", "missile attack", "rocket attack", "interception")
_GROUND_KINDS = ("armed clash", "arrest/raid")


def _same_kind(region: Group, site: Group) -> bool:
    """Whether a region's incident may be a town's (not air strikes beside ground fighting)."""
    a, b = region.event_type, site.event_type
    if (a == "interception") != (b == "interception"):
        return False
    return not ({a, b} & set(_AIR_KINDS) and {a, b} & set(_GROUND_KINDS))


def _rank(c: Candidate) -> int:
    """How specific a place is: 0 country, 1 region, 2 admin-1 or smaller area, 3 town."""
    if c.precision < 3:
        return 3
    return {"country": 0, "continent": 0, "region": 1}.get(c.place.kind, 2)


def _fold_regions(groups: list[Group]) -> list[Group]:
    """Merge a region or country incident into a more specific one of the same day inside it.

    "Strikes in Syria ... in Deir ez-Zor province ... near al-Qaim" is one incident at
    its most specific place; an interception is not merged into an attack.
    """
    ranked = sorted(groups, key=lambda g: _rank(g.best))
    gone: set[int] = set()
    for i, g in enumerate(ranked):
        b = g.best
        rank = _rank(b)
        if rank == 3:
            break
        inside = [h for h in ranked[i + 1:] if id(h) not in gone and _rank(h.best) > rank
                  and not all(m.sentence.in_title for m in h.members)
                  and (_inside_any(b, h) or _locates(g, h))
                  and _same_kind(g, h)]
        if inside:
            target = max(inside, key=lambda h: (_rank(h.best), h.confidence))
            target.members.extend(g.members)
            gone.add(id(g))
    kept = [g for g in groups if id(g) not in gone]
    return _fold_cities(kept)


#: Kinds of place that are a point inside a town (a base, a camp, a landmark).
_SITE_KINDS = ("site", "landmark", "crossing", "airport")
CITY_SITE_KM = 20.0
#: Farthest a town named "near" in a site's sentence may lie from the site.
NEAR_SITE_KM = 40.0


def _reach(town: Group, site: Group) -> float:
    """How far (km) a town may lie from a site: farther when named "near" in its sentence."""
    said = {m.sentence.index for m in site.members}
    if any(m.near_km is not None and m.sentence.index in said for m in town.members):
        return NEAR_SITE_KM
    return CITY_SITE_KM


def _fold_cities(groups: list[Group]) -> list[Group]:
    """Merge a town incident into a site incident of the same day within the town's reach.

    "Rockets fell inside the Green Zone ... blasts were heard in Baghdad" is one event
    at the Green Zone.
    """
    sites = [g for g in groups if g.best.place.kind in _SITE_KINDS]
    out = []
    for g in groups:
        b = g.best
        if b.place.kind == "city" and b.precision <= 2:
            near = [h for h in sites if abs((h.best.event_date - b.event_date).days) <= 1
                    and (h.event_type == "interception") == (g.event_type == "interception")
                    and distance_km(b.place.lon, b.place.lat, h.best.place.lon,
                                    h.best.place.lat) <= _reach(g, h)]
            if near:
                near[0].members.extend(g.members)
                continue
        out.append(g)
    return out


def _date_from_mentions(groups: list[Group], candidates: list[Candidate]) -> None:
    """Date an undated incident by a later mention of its place that states the day.

    "An air strike on Tyre killed seven ... The strikes on Tyre on Friday night also
    wounded 46": the second sentence, too weak to be an incident by itself, dates it.
    """
    used = {id(m) for g in groups for m in g.members}
    for g in groups:
        if any(m.date_source == "sentence" for m in g.members):
            continue
        b = g.best
        pool = [c for c in candidates if c.place.place_id == b.place.place_id
                and c.date_source == "sentence" and id(c) not in used
                and 0 <= (b.event_date - c.event_date).days <= STALE_DAYS
                and not c.features.get("background") and not c.features.get("aggregate")
                and not c.features.get("tally")
                and not c.features.get("caption") and c.score >= 0.1]
        if pool:
            g.members.append(max(pool, key=lambda c: c.score))


#: Places listed one after another ("Kharkiv, Donetsk, Luhansk and Kherson oblasts") at
#: least this many times in one sentence are a summary of a day, not incidents each.
ENUMERATION = 4
#: Largest gap, in characters, between two listed places (", ", " and ", ", and ").
LIST_GAP = 6
ENUMERATION_WEIGHT = -2.0


def _enumerated(candidates: list[Candidate]) -> set[int]:
    """Return ids of candidates whose place is one of a long list of places.

    Parameters
    ----------
    candidates
        Candidates of one article.

    Returns
    -------
    set of int
        ``id()`` of each candidate in a run of :data:`ENUMERATION` or more places
        separated by :data:`LIST_GAP` characters or fewer.
    """
    out: set[int] = set()
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.toponym is not None:
            by_sentence.setdefault(c.sentence.index, []).append(c)
    for members in by_sentence.values():
        spans = sorted({(c.toponym.mention.start, c.toponym.mention.end) for c in members})
        run = [spans[0]] if spans else []
        runs = []
        for a, b in spans[1:]:
            if a - run[-1][1] <= LIST_GAP:
                run.append((a, b))
            else:
                runs.append(run)
                run = [(a, b)]
        runs.append(run)
        listed = {start for r in runs if len(r) >= ENUMERATION for start, _ in r}
        out |= {id(c) for c in members if c.toponym.mention.start in listed}
    return out


def _lower(p: float, by: float) -> float:
    """Add ``by`` to the log-odds of a probability."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1 - p)) + by)))


def select(candidates: list[Candidate]) -> list[Group]:
    """Keep, merge and order scored candidates into incidents.

    Parameters
    ----------
    candidates
        Scored candidates of one article.

    Returns
    -------
    list of Group
        One group per incident, in order of first mention.
    """
    listed = _enumerated(candidates)
    for c in candidates:
        if id(c) in listed:
            c.score = _lower(c.score, ENUMERATION_WEIGHT)
    kept = [c for c in candidates if c.score >= THRESHOLD]
    groups: list[Group] = []
    for c in sorted(kept, key=lambda c: -c.score):
        home = next((g for g in groups if any(_same_place(c, m) for m in g.members)), None)
        if home is None:
            groups.append(Group([c]))
        else:
            home.members.append(c)
    out = _fold_regions(groups)
    body = [g for g in out if not all(c.sentence.in_title for c in g.members)]
    if body:
        out = body
    _date_from_mentions(out, candidates)
    return sorted(out, key=lambda g: min(c.trigger.start for c in g.members))
