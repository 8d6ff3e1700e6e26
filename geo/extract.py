"""From an article to incidents and deployment records (pure functions).

The article is geoparsed once (document context), its actors found once,
then read sentence by sentence and clause by clause:

* a clause reports an incident when it holds an event keyword that is not
  part of a summary ("more than a dozen attacks", "many of the recent
  attacks");
* its place is a toponym used as a location in that clause (after a locative
  preposition, or the target of a near-phrase such as "a few kilometres
  from"), never a toponym inside an actor's name ("Islamic Resistance in
  Iraq"), a possessive ("Iran's Guards"), a modifier ("US forces") or a
  metonymic capital ("Baghdad condemned");
* a clause whose event keyword has no location but a definite reference ("the
  attack", "that attack") adds its claim, casualties or quote to the latest
  incident instead of creating one;
* incidents of one article that are the same event (same family, compatible
  place and date) are merged, keeping the most precise place.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from geo.actors import ActorMention, ActorTable, load_actor_table
from geo.dates import ResolvedDate, find_dates
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geodesy import distance_km
from geo.records import Article, Deployment, GeoPrecision, Incident, Place, TimePrecision
from geo.text import clauses, sentences
from geo.toponyms import ResolvedToponym, geoparse

# --- event vocabulary -------------------------------------------------------------------------

_AGGREGATE = re.compile(
    r"\b(?:more than|over|at least|nearly|almost|dozens of|scores of|hundreds of|a dozen|"
    r"a series of|a spike in|a wave of|a string of|a number of|many(?: of)?(?: the)?|several|"
    r"numerous|multiple|repeated|frequent|\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+(?:recent|previous|past|such|other|similar|separate))*\s+(?:\w+\s+)?"
    r"(?:attacks|strikes|incidents|assaults)\b"
    r"|\b(?:recent|previous|past|earlier|other|similar) (?:attacks|strikes|incidents)\b",
    re.IGNORECASE,
)
_POLITICAL_WORDS = (r"calls? (?:for|on)|called (?:for|on)|a call from|urged|demanded|"
                    r"request(?:s|ed)?|condemn(?:s|ed)?|denounced|vowed|threatened|warned")
_EVENT_KEYWORD = re.compile(
    r"\b(?:attack(?:s|ed|ing)?|landed|fell|impacted|launched|fired|targeted|struck|strikes?|"
    r"air ?strikes?|air raids?|shot (?:it |them )?down|"
    r"shoots? down|shooting down|downed|intercept(?:ed|ion|ing|s)?|bomb(?:ed|ing|ings)?|"
    r"shell(?:ed|ing)|explosions?|blasts?|exploded|detonated|IEDs?|clash(?:es|ed)?|"
    r"firefights?|gunfights?|ambush(?:ed)?|raid(?:s|ed)?|arrest(?:s|ed)?|detained|"
    r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)|sit-ins?|"
    r"deploy(?:s|ed|ment)?|withdr(?:aw|ew|awal|awn)|pull(?:ed|ing)? out|"
    + _POLITICAL_WORDS + r")\b",
    re.IGNORECASE,
)
_POLITICAL = re.compile(r"\b(?:" + _POLITICAL_WORDS + r")\b", re.IGNORECASE)
#: (event type, pattern) in order of precedence: the first that matches a clause wins.
EVENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("drone attack", re.compile(r"\b(?:drones?|UAVs?|unmanned aerial)\b", re.I)),
    ("rocket attack", re.compile(r"\b(?:rockets?|multi-rocket|katyushas?|mortars?)\b", re.I)),
    ("missile attack", re.compile(r"\bmissiles?\b", re.I)),
    ("airstrike", re.compile(r"\b(?:air ?strikes?|air raids?|warplanes?|strikes? on|struck|"
                             r"bombed|bombing|precision strikes?|(?:US|Israeli|Russian|Turkish) "
                             r"strikes?)\b", re.I)),
    ("interception", re.compile(r"\b(?:intercept\w*|shot (?:it |them )?down|shoots? down|"
                                r"downed)\b", re.I)),
    ("explosion/IED", re.compile(r"\b(?:IEDs?|roadside bombs?|car bombs?|explosions?|blasts?|"
                                 r"exploded|detonated|suicide bomb\w*)\b", re.I)),
    ("armed clash", re.compile(r"\b(?:clash\w*|firefights?|gunfights?|exchanged fire|ambush\w*|"
                               r"opened fire|gunmen)\b", re.I)),
    ("arrest/raid", re.compile(r"\b(?:arrest\w*|detained|raid\w*|captured)\b", re.I)),
    ("protest", re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|sit-ins?)\b", re.I)),
    ("deployment change", re.compile(r"\b(?:deploy\w*|withdr\w+|pull\w* out|reinforcements?)\b",
                                     re.I)),
    ("political statement", _POLITICAL),
)
#: Event types that are one family when merging (an intercepted drone is a drone attack).
FAMILY = {"interception": "drone attack"}
_DEFINITE_REFERENCE = re.compile(
    r"\b(?:the|that|this|it|its|both|these|those)\s+(?:\w+[- ])?(?:\w+\s+)?"
    r"(?:attacks?|strikes?|interception|"
    r"incident|drone attack)\b|\bcarried out the\b|\bit down\b", re.IGNORECASE)
_CLAIM = re.compile(r"\b(?:claimed(?: responsibility)?|said it (?:had )?carried out|says it "
                    r"carried out|took responsibility|claims? responsibility)\b", re.IGNORECASE)

# --- places -----------------------------------------------------------------------------------

_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside|across|throughout|around|into|toward|towards|over|off|"
    r"on|targeting|targeted|struck|hit|hitting|attacked|shelled|bombed)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|province|governorate|region|area|district|outskirts|"
    r"countryside|border|north|south|east|west|heart|centre|center|capital)\s+(?:of\s+)?)?"
    r"(?:the\s+)?[\"'“‘]?)$",
    re.IGNORECASE,
)
_NEAR_BEFORE = re.compile(
    r"(?:\b(?P<num>\d+(?:\.\d+)?|a few|several|a couple of)\s*[\"'”’]?\s*"
    r"(?P<unit>km|kms|kilometers?|kilometres?|miles?)\s*[\"'”’]?\s*"
    r"(?:\((?:\d+|a few) (?:km|miles?)\)\s*)?(?:(?:north|south|east|west)\w*\s+)?"
    r"(?:from|of|outside|away from)|\bnear|\bnearby|\bclose to|\boutside|\bon the outskirts of|"
    r"\bin the vicinity of|\bnot far from|\bjust outside|"
    r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?[\"'“‘]?$",
    re.IGNORECASE,
)
_MODIFIER_AFTER = re.compile(r"^(?:['’]s\b|-(?:based|backed|led|manned|linked|allied)\b)")
#: "the US embassy", "the Iraqi parliament": a name between "the" and a common noun.
_NOUN_AFTER = re.compile(r"^\s+(?!(?:and|or|but|in|on|at|to|from|with|near|after|before|during|"
                         r"amid|as|where|when|which|that|who|for|over|since|of|is|was|were|are|"
                         r"has|have|had|area|province|region|governorate|district|city|town|"
                         r"countryside|border|desert|outskirts|airport|base|valley)\b)[a-z]")
_SPEECH_AFTER = re.compile(
    r"^\s*(?:\w+\s+)?(?:said|says|told|confirmed|added|stated|announced|reported|"
    r"claimed|denied|insisted|noted|wrote|tweeted)\b", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b(?:against|on|targeting|targeted|at|toward|towards)\s+"
                            r"(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)

# --- numbers ----------------------------------------------------------------------------------

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_NUMBER_WORDS) + r")"
_KILLED = re.compile(rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,3}}?"
                     r"(?:were\s+|was\s+|have been\s+|had been\s+)?"
                     r"(?:killed|dead|died)\b|\bkill(?:ing|ed)\s+" + _NUM.replace("?P<n>", "?P<k>")
                     + r"\b", re.IGNORECASE)
_INJURED = re.compile(rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,3}}?(?:were\s+|was\s+)?"
                      r"(?:wounded|injured|hurt)\b|\b(?:injur|wound)(?:ing|ed)\s+"
                      + _NUM.replace("?P<n>", "?P<k>") + r"\b", re.IGNORECASE)
_NO_CASUALTIES = re.compile(r"\bno (?:casualties|deaths|fatalities|one was (?:killed|hurt))\b|"
                            r"\bwithout casualties\b", re.IGNORECASE)
_NO_INJURIES = re.compile(r"\bno (?:casualties|injuries|one was (?:hurt|injured))\b|"
                          r"\bwithout casualties\b", re.IGNORECASE)
_QUALIFIER = (r"(?P<q>roughly|about|around|approximately|some|nearly|almost|more than|over|"
              r"fewer than|less than|up to|at least|an estimated)")
_TROOPS = re.compile(
    rf"\b(?:{_QUALIFIER}\s+)?(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?P<force>(?:[A-Z][\w.-]*\s+)?)"
    r"(?:troops|soldiers|service ?members|military personnel|personnel|forces)\s+"
    r"(?:(?:are|were|remain|stationed|deployed|based)\s+){0,2}in\s+(?P<place>[A-Z][\w'’ -]{1,40}?)"
    r"(?=[\s,.;]|$)",
)
_TROOPS_MORE = re.compile(
    rf"^\s*,?\s*and\s+(?:{_QUALIFIER}\s+)?(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+"
    r"(?:(?:troops|soldiers)\s+)?in\s+(?P<place>[A-Z][\w'’ -]{1,40}?)(?=[\s,.;]|$)"
)

DEFAULT_NEAR_KM = 10.0
#: "south of Baghdad" with no distance: the place may be tens of kilometres away.
COMPASS_NEAR_KM = 40.0
MERGE_DISTANCE_KM = 50.0
UNDATED_PRECISION: TimePrecision = "week"


@dataclass(slots=True)
class _Draft:
    """A mutable incident under construction (frozen into :class:`Incident` at the end)."""

    event_type: str
    place: Place
    near: bool
    near_km: float
    place_id: str
    event_date: date
    date_explicit: bool
    precision: TimePrecision
    actors: list[str]
    targets: list[str]
    claimed_by: str
    quotes: list[str]
    from_title: bool = False
    fatalities: int | None = None
    injuries: int | None = None
    notes: list[str] = field(default_factory=list)


def _number(value: str) -> int:
    value = value.lower().replace(",", "")
    return _NUMBER_WORDS[value] if value in _NUMBER_WORDS else int(value)


def _casualties(pattern: re.Pattern[str], text: str) -> int | None:
    best: int | None = None
    for m in pattern.finditer(text):
        raw = m.group("n") or m.group("k")
        if raw:
            best = max(best or 0, _number(raw))
    return best


def _is_location_use(text: str, r: ResolvedToponym, actors: list[ActorMention]) -> bool:
    m = r.mention
    if any(a.start <= m.start and m.end <= a.end for a in actors):
        return False  # "Islamic Resistance in Iraq"
    if r.candidate.place.kind == "country" and r.candidate.match < 0.85:
        return False  # demonym ("American", "Iraqi")
    after = text[m.end:m.end + 12]
    if _MODIFIER_AFTER.match(after):
        return False  # "Iran's", "US-led"
    before = text[max(0, m.start - 80):m.start]
    if r.candidate.place.kind == "country" and _NOUN_AFTER.match(after) and re.search(
            r"\b(?:the|on|against|targeting)\s+$", before, re.IGNORECASE):
        return False  # "the US embassy", "attacks on US bases"
    if _NEAR_BEFORE.search(before) or _LOCATIVE_BEFORE.search(before):
        return True
    # Appositive container: "Al-Assad Air Base, Iraq"
    return bool(re.search(r"[A-Za-z]\s*,\s*$", before)) and r.candidate.place.kind == "country"


def _near_distance(text: str, r: ResolvedToponym) -> float | None:
    before = text[max(0, r.mention.start - 80):r.mention.start]
    m = _NEAR_BEFORE.search(before)
    if not m:
        return None
    if m.group("num") and m.group("num")[0].isdigit():
        km = float(m.group("num"))
        return km * 1.609 if m.group("unit").lower().startswith("mile") else km
    if re.search(r"(?:north|south|east|west)\w*\s+of\s+(?:the\s+)?$", before, re.IGNORECASE):
        return COMPASS_NEAR_KM
    return DEFAULT_NEAR_KM


def _effective_precision(place: Place, near: bool) -> GeoPrecision:
    """ACLED precision of an incident at (or near) a place: near a site/town is 2."""
    return 2 if near and place.precision == 1 else place.precision


def _choose_place(
    text: str, toponyms: list[ResolvedToponym]
) -> tuple[ResolvedToponym, float | None] | None:
    if not toponyms:
        return None
    near: list[tuple[ResolvedToponym, float | None]] = [
        (t, _near_distance(text, t)) for t in toponyms]

    def specificity(item: tuple[ResolvedToponym, float | None]) -> tuple[int, float, int]:
        place = item[0].mention.place
        assert place is not None
        effective = _effective_precision(place, item[1] is not None)
        return (effective, place.radius_km + (item[1] or 0.0), item[0].mention.start)

    return min(near, key=specificity)


def _event_type(clause_text: str) -> str | None:
    cleaned = _AGGREGATE.sub(lambda m: " " * len(m.group()), clause_text)
    if not _EVENT_KEYWORD.search(cleaned):
        return None
    for event_type, pattern in EVENT_RULES:
        if pattern.search(cleaned):
            return event_type
    return "other"


def incident_id_for(article_id: str, event_type: str, place_id: str, day: date) -> str:
    """Return the stable id of an incident.

    Parameters
    ----------
    article_id, event_type, place_id, day
        What identifies an incident within the store.

    Returns
    -------
    str
        16 hex characters of SHA-256.
    """
    basis = f"{article_id}|{event_type}|{place_id}|{day.isoformat()}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _compatible(a: _Draft, b: _Draft) -> bool:
    if FAMILY.get(a.event_type, a.event_type) != FAMILY.get(b.event_type, b.event_type):
        return False
    if a.event_type == "political statement" and not set(a.actors) & set(b.actors):
        return False
    window = 1 if a.date_explicit and b.date_explicit else 3
    if abs((a.event_date - b.event_date).days) > window:
        return False
    pa, pb = a.place, b.place
    if pa.country and pb.country and pa.country != pb.country:
        return False
    if pa.precision == 3 or pb.precision == 3:
        return True  # a region or country containing the other
    reach = max(MERGE_DISTANCE_KM, pa.radius_km + pb.radius_km + a.near_km + b.near_km)
    return distance_km(pa.lon, pa.lat, pb.lon, pb.lat) <= reach


def _specific_first(d: _Draft) -> tuple[bool, int, int, float]:
    """Sort key: body text before the headline, then the most precise place."""
    precision = _effective_precision(d.place, d.near)
    return (d.from_title, precision, 0 if d.near else 1, d.place.radius_km)


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    merged: list[_Draft] = []
    for draft in drafts:
        target = next((m for m in merged if _compatible(m, draft)), None)
        if target is None:
            merged.append(draft)
            continue
        keep, other = sorted((target, draft), key=_specific_first)
        if keep is not target:
            target.place, target.near, target.near_km = keep.place, keep.near, keep.near_km
            target.place_id = keep.place_id
        if FAMILY.get(other.event_type) is None and other.event_type != target.event_type \
                and target.event_type in FAMILY:
            target.notes.append(f"{target.event_type}")
            target.event_type = other.event_type
        if draft.date_explicit and not target.date_explicit:
            target.event_date, target.date_explicit = draft.event_date, True
            target.precision = draft.precision
        for name in draft.actors:
            if name not in target.actors:
                target.actors.append(name)
        for name in draft.targets:
            if name not in target.targets:
                target.targets.append(name)
        target.claimed_by = target.claimed_by or draft.claimed_by
        for q in draft.quotes:
            if q not in target.quotes:
                target.quotes.append(q)
        if target.fatalities is None:
            target.fatalities = draft.fatalities
        if target.injuries is None:
            target.injuries = draft.injuries
        target.notes.extend(n for n in draft.notes if n not in target.notes)
    return merged


def _freeze(article: Article, d: _Draft) -> Incident:
    event_type = d.event_type
    notes = list(d.notes)
    actors = [a for a in d.actors if a]
    claimed = d.claimed_by
    if claimed and claimed not in actors:
        actors.insert(0, claimed)
    initiators = [a for a in actors if a not in d.targets]
    actor1 = claimed or (initiators[0] if initiators else "")
    rest = [a for a in actors if a != actor1]
    actor2 = next((a for a in rest if a in d.targets), rest[0] if rest else "")
    precision = _effective_precision(d.place, d.near)
    uncertainty = d.place.radius_km + (d.near_km if d.near else 0.0)
    location = f"near {d.place.name}" if d.near else d.place.name
    if not d.date_explicit:
        notes.append("no date in the text; publication date assumed")
    return Incident(
        incident_id=incident_id_for(article.article_id, event_type, d.place_id, d.event_date),
        article_id=article.article_id, source=article.source, url=article.url,
        published=article.published, event_date=d.event_date, time_precision=d.precision,
        event_type=event_type, actor1=actor1, actor2=actor2, actors=tuple(actors),
        claimed_by=claimed, location=location, admin1=d.place.admin1, country=d.place.country,
        geo_precision=precision, uncertainty_km=round(uncertainty, 1), lon=d.place.lon,
        lat=d.place.lat, quote=" … ".join(d.quotes), fatalities=d.fatalities,
        injuries=d.injuries, place_id=d.place_id, notes=tuple(notes),
    )


def _speaker(actors: list[ActorMention], clause_text: str, offset: int) -> list[str]:
    trigger = _POLITICAL.search(clause_text)
    if not actors:
        return []
    people = [a for a in actors if a.kind in ("person", "political movement", "party")] or actors
    if trigger is None:
        return [people[0].actor]
    pos = offset + trigger.start()
    return [min(people, key=lambda a: abs(a.start - pos)).actor]


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
        Merged incidents in order of first mention.
    """
    if article.language != "en":
        return []
    gaz = gazetteer or load_gazetteer()
    table = actor_table or load_actor_table()
    text = article.full_text
    toponyms = [t for t in geoparse(text, gaz) if t.mention.place is not None]
    actor_mentions = table.find(text)
    published = article.published.date()
    drafts: list[_Draft] = []
    title_end = len(article.title.strip()) if text.startswith(article.title.strip()) else 0
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        quote = re.sub(r"\s+", " ", sentence).strip()
        s_actors = [a for a in actor_mentions if s_start <= a.start < s_end]
        claim = _CLAIM.search(sentence)
        claimant = ""
        if claim:
            before = [a for a in s_actors if a.start < s_start + claim.start()]
            after = [a for a in s_actors if a.start >= s_start + claim.end()]
            passive = re.match(r"\s+by\b", sentence[claim.end():])
            if passive and after:
                claimant = after[0].actor
            elif before:
                claimant = before[-1].actor
        if drafts and _event_type(sentence) is None:
            _attach_casualties(drafts[-1], quote)
        dates = find_dates(sentence, published)
        fatalities, injuries = _casualty_counts(quote)
        for c_start, c_end in clauses(text, s_start, s_end):
            clause_text = text[c_start:c_end]
            event_type = _event_type(clause_text)
            if event_type is None:
                continue
            c_actors = [a for a in s_actors if c_start <= a.start < c_end]
            places = [t for t in toponyms if c_start <= t.mention.start < c_end
                      and _is_location_use(text, t, actor_mentions)]
            chosen = _choose_place(text, places)
            clause_dates = [d for d in dates if c_start - s_start <= d.start < c_end - s_start]
            if chosen is None:
                _attach_to_latest(drafts, event_type, clause_text, claimant, fatalities,
                                  injuries, quote, c_actors, s_actors)
                continue
            resolved, near_km = chosen
            place = resolved.mention.place
            assert place is not None
            when = _pick_date(clause_dates or dates)
            if event_type == "political statement":
                names = _speaker(c_actors or s_actors, clause_text, c_start)
                targets: list[str] = []
            else:
                kept = [a for a in c_actors
                        if not _SPEECH_AFTER.match(text[a.end:a.end + 30])]
                names = list(dict.fromkeys(a.actor for a in kept))
                targets = _targets(text, kept)
            if event_type == "political statement" and not names:
                continue
            drafts.append(_Draft(
                event_type=event_type, place=place, near=near_km is not None,
                near_km=near_km or 0.0, place_id=place.place_id,
                event_date=when.value if when else published, date_explicit=when is not None,
                precision=when.precision if when else UNDATED_PRECISION, actors=names,
                targets=targets,
                claimed_by=claimant if claim and event_type != "political statement" else "",
                quotes=[quote], from_title=s_start < title_end,
                fatalities=fatalities, injuries=injuries,
            ))
    return [_freeze(article, d) for d in _merge(drafts)]


def _targets(text: str, mentions: list[ActorMention]) -> list[str]:
    """Return the actors that are attacked.

    They follow "against"/"on"/"targeting", or are attached to such an actor by
    "from"/"of" ("forces from the international coalition").
    """
    out: list[str] = []
    previous: ActorMention | None = None
    previous_is_target = False
    for a in mentions:
        is_target = bool(_TARGET_BEFORE.search(text[max(0, a.start - 40):a.start]))
        if previous is not None and previous_is_target and re.fullmatch(
            r"\s*(?:from|of)\s+(?:the\s+)?", text[previous.end:a.start]
        ):
            is_target = True
        if is_target and a.actor not in out:
            out.append(a.actor)
        previous, previous_is_target = a, is_target
    return out


def _casualty_counts(quote: str) -> tuple[int | None, int | None]:
    """Return ``(fatalities, injuries)`` stated in a sentence ("no casualties" = 0)."""
    fatalities = 0 if _NO_CASUALTIES.search(quote) else _casualties(_KILLED, quote)
    injuries = 0 if _NO_INJURIES.search(quote) else _casualties(_INJURED, quote)
    return fatalities, injuries


def _attach_casualties(draft: _Draft, quote: str) -> None:
    """Add casualty figures from a follow-up sentence ("No casualties were reported.")."""
    fatalities, injuries = _casualty_counts(quote)
    if fatalities is None and injuries is None:
        return
    if draft.fatalities is None:
        draft.fatalities = fatalities
    if draft.injuries is None:
        draft.injuries = injuries
    if quote not in draft.quotes:
        draft.quotes.append(quote)


def _pick_date(dates: list[ResolvedDate]) -> ResolvedDate | None:
    explicit = [d for d in dates if d.explicit]
    pool = explicit or dates
    return pool[0] if pool else None


def _attach_to_latest(
    drafts: list[_Draft], event_type: str, clause_text: str, claimant: str,
    fatalities: int | None, injuries: int | None, quote: str,
    c_actors: list[ActorMention], s_actors: list[ActorMention],
) -> None:
    """Add what a place-less clause says to the incident it refers back to."""
    if not drafts:
        return
    if event_type == "political statement":
        speaker = _speaker(c_actors or s_actors, clause_text, 0)
        target = next((d for d in reversed(drafts) if d.event_type == event_type
                       and set(d.actors) & set(speaker)), None)
        if target is not None and quote not in target.quotes:
            target.quotes.append(quote)
        return
    if not _DEFINITE_REFERENCE.search(clause_text):
        return
    family = FAMILY.get(event_type, event_type)
    attacks = [d for d in drafts if d.event_type != "political statement"]
    if not attacks:
        return
    same = [d for d in attacks if FAMILY.get(d.event_type, d.event_type) == family]
    target = (same or attacks)[-1] if event_type != "other" else attacks[-1]
    if claimant and not target.claimed_by:
        target.claimed_by = claimant
    if fatalities is not None and target.fatalities is None:
        target.fatalities = fatalities
    if injuries is not None and target.injuries is None:
        target.injuries = injuries
    if (claimant or fatalities is not None or injuries is not None) and quote not in target.quotes:
        target.quotes.append(quote)


def extract_deployments(
    article: Article,
    gazetteer: Gazetteer | None = None,
    actor_table: ActorTable | None = None,
) -> list[Deployment]:
    """Extract troop figures ("roughly 2,500 American troops in Iraq").

    Parameters
    ----------
    article
        A loaded article.
    gazetteer, actor_table
        Shared defaults when omitted.

    Returns
    -------
    list of Deployment
        One per force and country stated, dated at publication.
    """
    if article.language != "en":
        return []
    gaz = gazetteer or load_gazetteer()
    table = actor_table or load_actor_table()
    text = article.full_text
    out: list[Deployment] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        quote = re.sub(r"\s+", " ", sentence).strip()
        for m in _TROOPS.finditer(sentence):
            force_mentions = table.find(m.group(0))
            force = force_mentions[0].actor if force_mentions else m.group("force").strip()
            items = [(m.group("q"), m.group("n"), m.group("place"))]
            rest = sentence[m.end():]
            while (more := _TROOPS_MORE.match(rest)) is not None:
                items.append((more.group("q"), more.group("n"), more.group("place")))
                rest = rest[more.end():]
            for qualifier, number, place_name in items:
                country = _country_of(gaz, place_name)
                if not country or not force:
                    continue
                out.append(Deployment(
                    force=force, country=country, troops=_number(number),
                    qualifier=(qualifier or "").lower(), as_of=article.published.date(),
                    article_id=article.article_id, source=article.source, quote=quote,
                ))
    return out


def _country_of(gaz: Gazetteer, name: str) -> str:
    words = name.split()
    for n in range(len(words), 0, -1):
        cands = gaz.candidates(" ".join(words[:n]))
        countries = [c for c in cands if c.place.kind == "country"]
        if countries:
            return countries[0].place.country
        if cands:
            return cands[0].place.country
    return ""
