"""Keeping apart or folding together the incidents of one article.

A group is the kept candidates that are one incident. A region or country incident
is folded into a more precise incident of the same day inside it (a named site beats
the region around it), and a town incident into a site incident near it.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import Point

from geo.core.geodesy import distance_km
from geo.extract.candidates import Candidate

#: Days before publication after which a dated event is history, not news.
STALE_DAYS = 2
SAME_SITE_KM = 3.0
#: Slack around a directional part of a region, as a share of its radius (a coastal town
#: just off a simplified outline).
PART_SLACK = 0.1


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


def same_place(a: Candidate, b: Candidate) -> bool:
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
    if distance_km(r.lon, r.lat, s.lon, s.lat) <= max(reach, 10.0):
        return True
    part = region.toponym.polygon if region.toponym is not None else None
    if part is None:
        return False
    # "the western X province": a town at the far end of the part is still in its outline
    slack = PART_SLACK * r.radius_km / 111.0  # degrees
    return bool(part.buffer(slack).covers(Point(s.lon, s.lat)))


def _inside_any(region: Candidate, site: Group) -> bool:
    """Whether a mention of the site group's place, on any of its days, lies in the region."""
    home = site.best.place.place_id
    said = [m for m in site.members if m.place.place_id == home]
    body = [m for m in said if not m.sentence.in_title] or said  # a headline's day is assumed
    return any(_inside(region, m) for m in body)


def _said_of(region: Group) -> list[Candidate]:
    """Return the members of a region group that name its place, on any day told.

    "Strikes in X killed ten, officials said on Friday ... the strike near Y in X on
    Wednesday": the region's mention of Wednesday lies inside Y's day, whatever its
    best-scored day.
    """
    home = region.best.place.place_id
    return [m for m in region.members if m.place.place_id == home] or [region.best]


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
    if a == "other" and all(m.features.get("implicit") for m in region.members):
        return True  # "X said it carried out the attack": no event of its own
    if (a == "interception") != (b == "interception"):
        return False
    return not ({a, b} & set(_AIR_KINDS) and {a, b} & set(_GROUND_KINDS))


def _told_apart(region: Group, site: Group) -> bool:
    """Whether a region's events are told in paragraphs of their own, after the lead.

    "Troops fought in X over the past day. [...] In the central part of the province,
    jets struck a depot": a later paragraph that names the region and not the town
    reports an event there, not the town's. The headline and the lead sum the story up,
    so a region named there is where the town lies, and a sentence that names no place
    (given the story's country) tells nothing apart.
    """
    pars = {n.sentence.paragraph for n in site.members}
    return all(not m.sentence.in_title and not m.features.get("lead")
               and not m.features.get("implicit")
               and m.sentence.paragraph not in pars for m in region.members)


def _rank(c: Candidate) -> int:
    """How specific a place is: 0 country, 1 region, 2 admin-1 or smaller area, 3 town."""
    if c.precision < 3:
        return 3
    return {"country": 0, "continent": 0, "region": 1}.get(c.place.kind, 2)


def fold_regions(groups: list[Group]) -> list[Group]:
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
                  and (any(_inside_any(m, h) for m in _said_of(g)) or _locates(g, h))
                  and _same_kind(g, h) and not _told_apart(g, h)]
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


#: Types that name no weapon of their own: blasts heard in a town, or nothing typed.
_UNTYPED = ("other", "explosion/IED")
#: Projectiles that first reports often take one for another ("initially said rockets had
#: landed ... the attack was carried out using drones").
_PROJECTILES = ("drone attack", "rocket attack", "missile attack")


def _same_type(town: str, site: str) -> bool:
    """Whether a town's incident may be a site's: the same type, or the town's untyped.

    "Rockets fell inside the Green Zone ... blasts were heard in Baghdad" is one event;
    "rockets hit the base ... jets bombed the outskirts of the city" are two.
    """
    if town in _PROJECTILES and site in _PROJECTILES:
        return True
    return town == site or (town in _UNTYPED and site != "interception")


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
                    and _same_type(g.event_type, h.event_type)
                    and distance_km(b.place.lon, b.place.lat, h.best.place.lon,
                                    h.best.place.lat) <= _reach(g, h)]
            if near:
                near[0].members.extend(g.members)
                continue
        out.append(g)
    return out
