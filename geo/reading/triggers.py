"""Event triggers and event types: the words that say something happened, and what.

A trigger is a span ("struck", "air strikes", "shot down", "clashes") that may
report an event. Its event type is read from the trigger and the words around
it (the weapon named, who acted), as votes rather than a precedence list:
every cue found in the window adds its weight to a type and the heaviest type
wins. An interception ("shot down", "intercepted") outweighs the weapon it
stopped; a strike by a state's air force or a drone strike on militants is an
airstrike; shelling and artillery are shelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Event-trigger vocabulary: (pattern, strength). Strength is how surely the word reports
#: an event by itself ("airstrike" surely, "hit" only with a place after it).
_TRIGGERS: tuple[tuple[str, float], ...] = (
    (r"air ?strikes?|air raids?|airstrikes?|air attacks?|bombing raids?|drone strikes?|"
     r"missile strikes?|rocket strikes?|strikes?|struck|striking|bombard(?:ed|ment|ments)?", 1.0),
    (r"attack(?:s|ed|ing)?|assault(?:s|ed)?|stormed|overran|overrun(?:s|ning)?", 0.9),
    (r"shell(?:ed|ing)|artillery fire|mortar fire|barrages?|pounded|pounding", 1.0),
    (r"bomb(?:ed|ing|ings)?|bombs? (?:fell|hit)|dropped (?:\w+ )?bombs?", 0.9),
    (r"intercept(?:ed|ion|ions|ing|s)?|shot (?:it |them |\w+ )?down|shoots? down|downed|"
     r"destroyed (?:\w+ ){0,3}(?:drones?|missiles?|UAVs?)", 1.0),
    (r"explosions?|blasts?|exploded|detonated|IEDs?|roadside bombs?|car bombs?|"
     r"suicide (?:bomb(?:ing|er|ers)?|attacks?)", 1.0),
    (r"clash(?:es|ed)?|firefights?|gunfights?|gun battles?|fighting|ambush(?:ed)?|"
     r"opened fire|exchanged fire|exchanges? of fire|gunmen|incursion|offensive", 0.9),
    (r"raid(?:s|ed)?|arrest(?:s|ed)?|detained|captured", 0.8),
    # an army's or a gunman's kill told by its verb ("eliminated five militants"), and an
    # assault told by its failure ("repelled 25 attacks")
    (r"eliminat(?:ed|ing)|neutrali[sz](?:ed|ing)|murder(?:ed|ing)?|repel(?:led|ling|s)?|"
     r"repuls(?:ed|ing)", 0.8),
    (r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|sit-ins?", 0.8),
    (r"hit|hits|hitting|landed|fell|impacted|targeted|targeting|fired|launched|killed|"
     r"(?:came |come |was |were )?under (?:\w+ )?(?:fire|attack|shelling)", 0.6),
    (r"injured|wounded|damaged|destroyed", 0.4),
    (r"took place|occurred|happened", 0.5),
    (r"calls? (?:for|on)|called (?:for|on)|a call from|urged|demand(?:s|ed)|"
     r"request(?:s|ed)?|condemn(?:s|ed)?|denounc(?:e|es|ed)|vowed|threatened|warned", 0.5),
)
TRIGGER = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in _TRIGGERS) + r")\b", re.I)
_STRENGTH = [(re.compile(rf"^(?:{p})$", re.I), s) for p, s in _TRIGGERS]

#: A munition named just before: "a drone crashed", "rockets crossed into".
_MUNITION = r"(?:drones?|UAVs?|unmanned aerial vehicles?|Shaheds?|missiles?|rockets?|" \
            r"projectiles?|shells?|mortar rounds?)"
#: Words that report an event only in a context (group, pattern, strength, context before
#: the word within its sentence, context the word must not follow).
_CONDITIONAL: tuple[tuple[str, str, float, str, str], ...] = (
    # a munition that comes down somewhere exploded or was aimed there: an attack
    ("fall", r"crash(?:ed|es|ing)?|fallen|falls|came down|went down|crashed down",
     0.9, rf"\b{_MUNITION}\b[^.;]{{0,60}}$", r"$^"),
    # "projectiles crossing from Lebanon into Israeli territory"
    ("cross", r"cross(?:ed|es|ing)(?= (?:\w+ ){0,4}?into\b)", 0.9,
     rf"\b{_MUNITION}\b[^.;]{{0,60}}$", r"$^"),
    # "continues operations in X", "launched a ground operation in X": an army's action
    ("operation", r"operations?(?= (?:\w+ ){0,3}?(?:in|near|around|on|against|of)\b)|"
                  r"operat(?:e|es|ed|ing)(?= (?:\w+ ){0,2}?(?:in|near|around)\b)|"
                  r"operational activity",
     0.7, r"(?:\b(?:continu\w*|expand\w*|conduct\w*|launch\w*|carr\w+ out|began|begun|"
          r"start\w*|resum\w*|intensif\w*|initiat\w*|widen\w*)\b(?:\s+[\w-]+){0,4}\s+"
          r"|\b(?:ground|military|security|counter-?terror\w*|clearance|clearing|search|sweep|"
          r"intelligence-based|raid|cordon)\s+)$",
     r"\b(?:special military|humanitarian|rescue|relief|aid|peacekeeping|port|flight|"
     r"business|commercial|drilling|production|mining)\s+(?:\w+\s+)?$"),
)
_COND = [(re.compile(rf"\b(?:{p})\b", re.I), w, re.compile(ctx, re.I), re.compile(no, re.I))
         for _, p, w, ctx, no in _CONDITIONAL]
POLITICAL = re.compile(r"\b(?:calls? (?:for|on)|called (?:for|on)|a call from|urged|"
                       r"demand(?:s|ed)|request(?:s|ed)?|"
                       r"condemn(?:s|ed)?|denounc(?:e|es|ed)|vowed|threatened|warned)\b", re.I)

#: (event type, cue, weight): cues near a trigger vote for a type.
_TYPE_CUES: tuple[tuple[str, str, float], ...] = (
    ("interception", r"intercept\w*|shot (?:it |them |\w+ )?down|shoots? down|downed|"
                     r"air defen[cs]es?|destroyed (?:\w+ ){0,3}(?:drones?|missiles?|UAVs?)"
                     r"(?! (?:systems?|launchers?|sites?|depots?|storage|facilit))", 3.0),
    ("drone attack", r"drones?|UAVs?|unmanned aerial|uncrewed aerial|Shaheds?|kamikaze|"
                     r"loitering munitions?|quadcopters?", 1.6),
    ("missile attack", r"(?<!anti-tank )(?<!anti-tank guided )(?:missiles?|ballistic|cruise|"
                       r"Iskanders?|Kinzhals?)", 1.5),
    ("rocket attack", r"rockets?|Katyushas?|Grads?|multi-rocket|projectiles", 1.4),
    ("shelling", r"shell(?:s|ed|ing)|artillery|mortars?|howitzers?|tank fire", 2.2),
    ("airstrike", r"air ?strikes?|airstrikes?|warplanes?|"
                  r"(?:fighter )?jets?|aircraft|air force|IAF|(?<!suicide )bombers|"
                  r"(?:strategic|heavy|long-range|stealth|B-\d+\w*|Tu-\d+\w*) bomber|"
                  r"glide bombs?|"
                  r"dropped (?:\w+ )?bombs?|helicopters?|gunships?|air operations?", 2.4),
    # "air attack", "air raid" and "bombardment" also name drone, missile and artillery fire
    ("airstrike", r"strikes?|struck|bombed|bombing|air raids?|air attacks?|bombard\w*", 0.9),
    ("shelling", r"bombard\w*", 0.9),
    ("explosion/IED", r"IEDs?|improvised explosive|roadside bomb\w*|car bomb\w*|"
                      r"suicide (?:bomb\w*|attack\w*|vest)|landmines?|mines?|"
                      r"explosive-laden (?:car|vehicle|truck)s?", 2.2),
    ("explosion/IED", r"explosions?|blasts?|exploded|detonated", 1.0),
    # an explosive boat rammed into a ship ("struck by a small vessel")
    ("explosion/IED", r"(?:small|unmanned|uncrewed|explosive-laden|remote-controlled) "
                      r"(?:surface )?(?:vessel|boat|craft)s?|USVs?", 2.2),
    ("armed clash", r"repel\w*|repuls\w*|clash\w*|firefights?|gunfights?|gun battles?|"
                    r"fighting|ambush\w*|"
                    r"opened fire|exchanged fire|gunmen|gunfire|fighters? stormed|stormed|"
                    r"overr[au]n\w*|assault\w*|offensive|militants attacked|attacked|attacking|"
                    r"exchanges? of fire|(?:eliminat|neutrali[sz])\w+ (?:\w+ ){0,3}"
                    r"(?:terrorists|militants|fighters|gunmen|cells?|members|insurgents)|"
                    r"murder\w*|"
                    r"encounters?|close-quarters? combat|anti-tank|ATGMs?|RPGs?|"
                    r"small[- ]arms fire", 1.2),
    ("arrest/raid", r"arrest\w*|detained|raid(?:s|ed)?|captured|incursion", 1.5),
    # an army's "operations in X", nothing else named: ground fighting
    ("armed clash", r"(?:ground|military|security|counter-?terror\w*|clearance|clearing|search|"
                    r"sweep|intelligence-based) operations?|operational activity|"
                    r"continu\w* (?:\w+ ){0,2}?operat\w+", 0.5),
    ("protest", r"protest\w*|demonstrat\w*|rall(?:y|ies|ied)|sit-ins?|marched", 2.0),
    ("political statement", POLITICAL.pattern.removeprefix(r"\b(?:").removesuffix(r")\b"), 1.0),
)
_CUES = [(t, re.compile(rf"\b(?:{c})\b", re.I), w) for t, c, w in _TYPE_CUES]
#: Air forces that strike with armed drones (missiles from a UCAV): their "drone strike" is
#: an airstrike; elsewhere a drone that hits its target is a drone attack (one-way drones).
_STATE_STRIKE = re.compile(
    r"(?:\b(?:US|American|Israeli|British|UK|Jordanian|Saudi|coalition|IDF|(?:US)?CENTCOM)\b"
    r"|\bU\.S\.)"
    r"(?:[\w\s()-]{0,40})\b(?:drone |air |precision )?(?:strikes?|struck|bombed|raids?|"
    r"destroyed)\b", re.I)
_PROJECTILE_ON_TARGET = re.compile(r"\b(?:drone|missile|rocket)s?\b[\w\s,-]{0,40}\b"
                                   r"(?:hit|struck|targeted|attacked|landed)\b", re.I)
#: An attack on settlements or homes with no weapon or fighting named.
_ON_SETTLEMENTS = re.compile(
    r"\b(?:attack\w*|struck|hit|under (?:\w+ )?fire|fired on|targeted)\s+(?:\w+\s+){0,3}?"
    r"(?:communities|community|settlements?|villages?|residential|homes|houses|"
    r"civilian infrastructure|hromadas?|districts?)\b|\b(?:communities|settlements?|villages?|"
    r"civilian infrastructure)\b[^.]{0,40}\bunder (?:\w+ )?fire\b", re.I)
_AIR = re.compile(rf"\b(?:{_TYPE_CUES[5][1]})\b", re.I)
_CLOSE_COMBAT = re.compile(r"\b(?:clash\w*|fighting|gunmen|gunfire|ambush\w*|stormed|"
                           r"assault\w*|repel\w*|repuls\w*|infantry|ground)\b", re.I)
WINDOW = 90


@dataclass(frozen=True, slots=True)
class Trigger:
    """An event word in the text.

    Attributes
    ----------
    start, end
        Offsets in the full text.
    text
        The word(s) as written.
    strength
        How surely the word reports an event by itself (0–1).
    political
        Whether it is a statement verb ("called for", "warned").
    refers
        The noun of a definite object that points back to a place named before ("shelled
        the region": ``region``), ``""`` when there is none.
    """

    start: int
    end: int
    text: str
    strength: float
    political: bool
    refers: str = ""


#: A definite object that refers back to a place: "shelled (and mined) the region".
#: A damage word reports an attack when a weapon is named in its sentence or the one before
#: ("Drones targeted the region. Houses were damaged there").
_DAMAGE = re.compile(r"damaged|destroyed", re.I)
_WEAPON = re.compile(rf"\b(?:{_MUNITION}|debris|shrapnel|shelling|air ?strikes?|strikes?|"
                     r"attacks?|bombardment)\b", re.I)
#: How far back (characters) the sentence before is read for a weapon.
_DAMAGE_BACK = 200
DAMAGE_STRENGTH = 0.8
_BACK_OBJECT = re.compile(r"(?:\s+and\s+\w+)?\s+(?:the|that|this)\s+(region|province|oblast|"
                          r"governorate|district|city|town|village)\b", re.I)


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Find event triggers within ``text[start:end]``.

    Parameters
    ----------
    text
        The full text.
    start, end
        The span to search (a sentence).

    Returns
    -------
    list of Trigger
        In text order.
    """
    out = []
    for m in TRIGGER.finditer(text, start, end):
        word = m.group()
        strength = next((s for p, s in _STRENGTH if p.match(word)), 0.5)
        if _DAMAGE.fullmatch(word) and _WEAPON.search(text, max(0, start - _DAMAGE_BACK), end):
            strength = DAMAGE_STRENGTH
        back = _BACK_OBJECT.match(text, m.end(), end)
        out.append(Trigger(m.start(), m.end(), word, strength, bool(POLITICAL.match(word)),
                           back.group(1).lower() if back else ""))
    taken = {(t.start, t.end) for t in out}
    for pattern, strength, context, excluded in _COND:
        for m in pattern.finditer(text, start, end):
            if (m.start(), m.end()) in taken:
                continue
            before = text[max(start, m.start() - 80):m.start()]
            if context.search(before) and not excluded.search(before):
                out.append(Trigger(m.start(), m.end(), m.group(), strength, False))
    out.sort(key=lambda t: t.start)
    return out


@lru_cache(maxsize=4096)
def event_type(sentence: str) -> str:
    """Return the event type a sentence (or a window around a trigger) reports.

    Parameters
    ----------
    sentence
        The words around the trigger.

    Returns
    -------
    str
        One of :data:`geo.core.records.EVENT_TYPES` (``other`` when no cue is found).
    """
    votes: dict[str, float] = {}
    for kind, pattern, weight in _CUES:
        hits = len(pattern.findall(sentence))
        if hits:
            votes[kind] = votes.get(kind, 0.0) + weight * min(hits, 2) ** 0.5
    if not votes:
        return "other"
    if "interception" in votes and not re.search(r"\bintercept\w*|shot|shoots|downed|destroyed",
                                                 sentence, re.I):
        votes["interception"] *= 0.3  # "air defences" alone: the attack got through
    projectile = max(votes.get(k, 0.0) for k in ("drone attack", "missile attack", "rocket attack"))
    if projectile and _STATE_STRIKE.search(sentence) and not _PROJECTILE_ON_TARGET.search(sentence):
        # "a US drone strike on militants", "CENTCOM struck a missile ready to launch"
        votes["airstrike"] = votes.get("airstrike", 0.0) + projectile + 0.5
    statement = votes.pop("political statement", 0.0)
    if not votes:
        return "political statement" if statement else "other"
    best = max(votes.items(), key=lambda kv: kv[1])[0]
    generic_strike = best == "airstrike" and not _AIR.search(sentence)
    if (best == "armed clash" or generic_strike) and _ON_SETTLEMENTS.search(sentence) \
            and not _CLOSE_COMBAT.search(sentence) \
            and not (generic_strike and _STATE_STRIKE.search(sentence)):  # "an Israeli strike"
        return "shelling"  # "attacked the communities of ...": fire from afar, no fighting
    return best
