"""Who acted and who was targeted in an incident: actor1, actor2 and the actors named.

The actors of an incident's sentences are told apart by where they stand and the words
around them: before the event word or after "by" an actor acted; after it, or the subject
of a passive harm verb ("three soldiers were killed"), it was the target. A speaker is
neither, unless it reports its own action ("the IDF said it struck"), and neither is a
force told as acting in earlier events ("has carried out such strikes in the past"). A
claim of responsibility names the attacker; sentences naming no one take the headline's
and lead's actors; a protest naming no one takes the crowd a sentence about it names; an
attack naming no one is by "unknown" (as analysts code it). A state's forces are the one
unit of them the article names ("the IRGC"), and every unit is followed by its forces.
"""

from __future__ import annotations

import re
from datetime import date

from geo.extract.candidates import Candidate
from geo.extract.scoring import Group
from geo.extract.sentences import Sentence
from geo.reading.actors import ActorTable

__all__ = ["article_roles", "incident_actors"]

_CLAIM = re.compile(r"\b(?:claimed(?: responsibility)?|said it (?:had )?carried out|says it "
                    r"carried out|took responsibility|claims? responsibility)\b", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b(?:against|on|targeting|targeted|at|toward|towards|hit|hitting|"
                            r"struck|attacked|killing|killed)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
                            re.IGNORECASE)
_SPEECH_AFTER = re.compile(
    r"^\s*(?:\w+\s+)?(?:said|says|told|confirmed|added|stated|announced|reported|"
    r"denied|insisted|noted|wrote|tweeted)\b", re.IGNORECASE)
#: "the IDF said it struck": the speaker reports its own action.
_SELF_REPORT = re.compile(r"^\s*(?:\w+\s+)?(?:said|says|announced|confirmed|claimed)\s+"
                          r"(?:that\s+)?(?:it|its|they|their)\b", re.IGNORECASE)
_AGENT_AFTER = re.compile(r"\bby\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
#: "three X personnel were killed", "X suffered casualties": the harmed side is the target.
_VICTIM_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:(?:were|was|have been|has been|had been|are|is)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|targeted|hit|struck|attacked|abducted|kidnapped)|"
    r"(?:suffered|sustained|reported|lost)\s+(?:[\w\"“”'-]+\s+){0,3}?(?:casualties|losses|"
    r"deaths|dead|wounded|fatalities))\b",
    re.IGNORECASE)
#: Between an actor and the attack it names: "an Israeli (drone) raid", "a Turkish strike".
_ATTACK_OF = re.compile(r"\s*(?:[\w-]+\s+)?")
#: "were killed in an X strike", "during a X raid": the harm came from the attack named.
_IN_ATTACK = re.compile(r"\b(?:in|during|by|from|after)\s+(?:an?|the|two|several)\s+$",
                        re.IGNORECASE)
#: "X has carried out such strikes in the past": X acted in earlier events, not in this one.
_PAST_ACTOR_AFTER = re.compile(
    r"^[\s,]*(?:[\w-]+\s+){0,3}?(?:has|have|had)\s+[^.;:]{0,40}?\b(?:such\s+(?:[\w-]+\s+)?"
    r"(?:attacks?|strikes?|raids?|operations?|bombings?|assaults?)|in the past(?=\s*[.,;)]|$)|"
    r"on previous occasions)", re.IGNORECASE)


def _claimant(text: str, s: Sentence) -> str:
    claim = _CLAIM.search(text, s.start, s.end)
    if not claim:
        return ""
    after = [a for a in s.actors if a.start >= claim.end()]
    before = [a for a in s.actors if a.start < claim.start()]
    if re.match(r"\s+by\b", text[claim.end():claim.end() + 5]) and after:
        return after[0].actor
    return before[-1].actor if before else ""


def _roles(text: str, c: Candidate) -> tuple[list[str], list[str]]:
    """Return (agents, targets) among the actors of a candidate's sentence."""
    agents: list[str] = []
    targets: list[str] = []
    for a in c.sentence.actors:
        after = text[a.end:a.end + 40]
        if (_SPEECH_AFTER.match(after) and not _SELF_REPORT.match(after)) or (
                _PAST_ACTOR_AFTER.match(text[a.end:a.end + 80])):
            continue
        window = text[max(c.sentence.start, a.start - 40):a.start]
        if _VICTIM_AFTER.match(text[a.end:a.end + 60]):
            bucket = targets
        elif _IN_ATTACK.search(window) and any(
                a.start <= t.start and _ATTACK_OF.fullmatch(text, a.end, max(a.end, t.start))
                for t in c.sentence.triggers if not t.political):
            bucket = agents  # "killed in an Israeli drone raid": the actor names the attack
        elif _AGENT_AFTER.search(window) or (a.start < c.trigger.start
                                             and not _TARGET_BEFORE.search(window)):
            bucket = agents
        elif _TARGET_BEFORE.search(window) or a.start > c.trigger.end:
            bucket = targets
        else:
            bucket = agents
        if a.actor not in bucket:
            bucket.append(a.actor)
    return agents, [t for t in targets if t not in agents]


_DEFINITE = re.compile(r"\b(?:the|that|this|both|these|those)\s+(?:[\w-]+\s+){0,2}"
                       r"(?:attacks?|strikes?|interception|incident|bombing|raid)\b",
                       re.IGNORECASE)


def _later_claim(text: str, g: Group, sents: list[Sentence], groups: list[Group]) -> str:
    """Return the claimant of a later sentence that refers back ("carried out the attack")."""
    first = max(c.sentence.index for c in g.members)
    starts = sorted(min(c.sentence.index for c in o.members) for o in groups)
    nxt = next((i for i in starts if i > first), len(sents))
    used = {c.sentence.index for o in groups for c in o.members}
    for s in sents[first + 1:nxt]:
        if s.index not in used and _DEFINITE.search(text, s.start, s.end):
            who = _claimant(text, s)
            if who:
                return who
    return ""


def _fill_actors(text: str, g: Group, sents: list[Sentence],
                 fallback: tuple[list[str], list[str]],
                 groups: list[Group]) -> tuple[str, str, list[str], str]:
    agents: list[str] = []
    targets: list[str] = []
    claimed = ""
    for c in sorted(g.members, key=lambda m: -m.score):
        a, t = _roles(text, c)
        agents += [x for x in a if x not in agents]
        targets += [x for x in t if x not in targets]
        nxt = sents[c.sentence.index + 1] if c.sentence.index + 1 < len(sents) else None
        claimed = claimed or _claimant(text, c.sentence) or (
            _claimant(text, nxt) if nxt is not None and not nxt.places else "")
    claimed = claimed or _later_claim(text, g, sents, groups)
    if not agents and g.event_type not in ("protest", "political statement"):
        agents = [x for x in fallback[0] if x not in targets]
    if not agents and g.event_type == "protest":
        agents = _crowd(text, sents)
    if not targets:
        targets = [x for x in fallback[1] if x not in agents]
    actor1 = claimed or (agents[0] if agents else "")
    actor2 = next((t for t in targets if t != actor1), "")
    everyone = list(dict.fromkeys([x for x in [claimed, *agents, *targets] if x]))
    return actor1, actor2, everyone, claimed


#: Who a crowd is: "supporters of X" and political movements.
_CROWDS = ("supporters", "political movement")
_PROTEST_WORD = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|sit-ins?|"
                           r"march(?:ed|es|ers)?)\b", re.IGNORECASE)


def _crowd(text: str, sents: list[Sentence]) -> list[str]:
    """Return the crowd a sentence about the protest names ("supporters of X called a protest")."""
    for s in sents:
        crowd = [a.actor for a in s.actors if a.kind in _CROWDS]
        if crowd and _PROTEST_WORD.search(text, s.start, s.end):
            return crowd[:1]
    return []


#: Event types whose initiator is "unknown" when the text names none.
_ATTACKS = ("drone attack", "rocket attack", "missile attack", "airstrike", "shelling",
            "explosion/IED", "armed clash")


def _with_parents(actors: list[str], table: ActorTable) -> list[str]:
    """Each actor followed by the forces it belongs to ("IAF", then "IDF", "Israeli forces")."""
    out: list[str] = []
    for a in actors:
        for name in (a, *table.parents(a)):
            if name not in out:
                out.append(name)
    return out


def _named_unit(force: str, sents: list[Sentence], table: ActorTable) -> str:
    """Return the one unit of a state's forces the article names in a sentence about an attack.

    A force told by its state ("Iran struck ...", "Turkish drones") is the unit the article
    names ("the IRGC said its missiles ..."); two units named leave the force as it is.
    """
    if force not in table.actors or table.actors[force].kind != "state force":
        return ""
    units = {a.actor for s in sents if s.triggers for a in s.actors
             if force in table.parents(a.actor)}
    return units.pop() if len(units) == 1 else ""


def incident_actors(text: str, g: Group, sents: list[Sentence],
                    fallback: tuple[list[str], list[str]], groups: list[Group],
                    table: ActorTable, event_type: str) -> tuple[str, str, list[str], str]:
    """Return an incident's (actor1, actor2, actors, claimed_by).

    Parameters
    ----------
    text
        The article's full text.
    g, groups
        The incident's group and all the article's groups.
    sents
        The article's sentences.
    fallback
        Agents and targets of the headline and lead (:func:`article_roles`).
    table
        The actor table (units and their forces).
    event_type
        The incident's event type.

    Returns
    -------
    tuple
        Who acted, who was targeted, every actor named (units followed by their forces)
        and who claimed the attack.
    """
    actor1, actor2, actors, claimed = _fill_actors(text, g, sents, fallback, groups)
    if not actor1 and event_type in _ATTACKS:
        actor1 = "unknown"  # the attacker is not named (as analysts code it)
        actors = ["unknown", *actors]
    unit = _named_unit(actor1, sents, table)
    if unit:  # "Iran struck ... The IRGC said its missiles ...": the unit is the attacker
        actors = [unit if a == actor1 else a for a in actors]
        actor1 = unit
    return actor1, actor2, _with_parents(actors, table), claimed


def article_roles(text: str, sents: list[Sentence]) -> tuple[list[str], list[str]]:
    """Return the agents and targets of the headline and lead (for sentences naming none)."""
    agents: list[str] = []
    targets: list[str] = []
    for s in sents[:4]:
        if not s.triggers:
            continue
        probe = Candidate(s, s.triggers[0], None, None, None, None, date.min, "",  # type: ignore[arg-type]
                          "")
        a, t = _roles(text, probe)
        agents += [x for x in a if x not in agents]
        targets += [x for x in t if x not in targets]
    return agents[:1], targets[:1]
