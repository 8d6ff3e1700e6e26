"""Actor recognition through the curated actor table (``data/actors.csv``).

Each row has a canonical name, a kind (state force, militia, person ...), an
affiliation, aliases (``|``-separated) and an optional regular expression for
phrasings aliases cannot list ("American and other forces"). Aliases written
in capitals (``IS``, ``KH``) match case-sensitively; others ignore case.
Unknown organisations ("a group calling itself X", "the X Brigades") are
reported as actors of kind ``unknown``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.core.paths import data_dir
from geo.gazetteer.build import read_table

#: A mention followed by one of these is the source of a statement, not an actor.
_SOURCE_AFTER = re.compile(
    r"^[\s\"'”’]*(?:defen[cs]e\s+)?(?:officials?|spokes(?:man|woman|person)|statement|"
    r"press secretary|sources?|correspondent|news agency|readout|briefing)\b",
    re.IGNORECASE,
)
#: A mention after one of these names the enemy in another actor's name.
_DESCRIPTOR_BEFORE = re.compile(
    r"(?:coalition|fight|war|campaign|operations?)\s+against\s+(?:the\s+)?"
    r"[\"“”'‘’\s]*(?:so[- ]called)?[\"“”'‘’\s]*$",
    re.IGNORECASE,
)
#: Groups described by their sponsor ("Iran-backed militias"): named as written.
_DESCRIBED = re.compile(
    r"\b(?:[A-Z][A-Za-z]+|IRGC)-(?:backed|aligned|affiliated|linked|allied|supported|sponsored)"
    r"\s+(?:(?:Shi['’]?ite|Shia|Sunni|Islamist|armed|jihadist)\s+)?"
    r"(?:militias?|groups?|militants|fighters|proxies|factions|militiamen|rebels)\b")
#: The same, sponsor last: "groups affiliated with Iran's Revolutionary Guards (IRGC)".
_DESCRIBED_AFTER = re.compile(
    r"\b((?i:militias?|groups?|militants|fighters|proxies|factions|militiamen|rebels))\s+"
    r"(backed|aligned|affiliated|linked|allied|supported|sponsored)\s+(?:by|with|to)\s+"
    r"(?:the\s+)?((?:[A-Z][\w-]*(?:['’]s)?\s+){0,4}(?:IRGC|[A-Z][\w-]*)(?:\s+\(IRGC\))?)")
#: Groups named as a state's proxies: "Iran's proxy militias", "Iranian forces and their
#: proxy militias", "Russian proxy forces" are the state-backed groups ("Iran-backed militias").
_PROXIES = re.compile(
    r"\b(Iran|Iranian|Russia|Russian|Turkey|Turkish|Syria|Syrian|Israel|Israeli|UAE|Emirati)"
    r"(?:['’]s|(?:\s+(?:forces|troops|military|government|regime))?\s+and\s+(?:its|their))?"
    r"\s+proxy\s+(militias?|groups?|forces|fighters|militiamen|factions)\b")
#: "supporters of (the cleric) X": the crowd is named after X ("Sadr supporters").
_SUPPORTERS_BEFORE = re.compile(r"\b(?:supporters|followers|loyalists|partisans)\s+of\s+"
                                r"(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
#: "an RSF-held area": the group holding a place is named by the compound.
_HELD = r"(?:held|controlled|run|occupied)"
#: Kinds whose rows may name a unit of another row ("Israeli Air Force" of "IDF").
_UNIT_KINDS = ("state force", "coalition")
_UNKNOWN_ORG = re.compile(
    r"\b(?:a group calling itself|a group called|a group known as|an? (?:armed|militant) "
    r"group called)\s+(?:the\s+)?((?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|of|in|al-\w+|for))*)"
    r"|\b(?:the\s+)?((?:[A-Z][\w'’-]+\s+){1,4}(?:Brigades?|Battalions?|Front|Movement|Militia|"
    r"Resistance|Army|Corps|Martyrs))\b"
)


@dataclass(frozen=True, slots=True)
class Actor:
    """One row of the actor table.

    Attributes
    ----------
    name
        Canonical name used in incidents and filters.
    kind
        ``state force``, ``militia``, ``person``, ``government`` ...
    affiliation
        Parent alliance or state, free text.
    country
        ISO alpha-2 code of the actor's home country, when it has one.
    aliases
        Other names, merged into ``name`` by filters.
    """

    name: str
    kind: str
    affiliation: str
    country: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a text.

    Attributes
    ----------
    actor
        Canonical name (or the surface name for unknown organisations).
    kind
        Kind from the table, ``unknown`` for organisations not in it.
    start, end
        Character offsets of the mention.
    """

    actor: str
    kind: str
    start: int
    end: int


class ActorTable:
    """Compiled matcher over the curated actor table.

    Parameters
    ----------
    path
        CSV file; ``data/actors.csv`` by default.
    """

    def __init__(self, path: Path | None = None) -> None:
        rows = read_table(path or data_dir() / "actors.csv")
        self.actors: dict[str, Actor] = {}
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        for row in rows:
            aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
            actor = Actor(row["actor"], row["kind"], row["affiliation"], row["country"], aliases)
            self.actors[actor.name] = actor
            # the placeholder name of unidentified actors ("unknown") is not matched itself
            names = set(aliases) if actor.kind == "unidentified" else {actor.name, *aliases}
            for name in names:
                if name.isupper() or len(name) <= 4:
                    self._exact.setdefault(_key(name, False), actor.name)
                else:
                    self._folded.setdefault(_key(name, True), actor.name)
            if row["pattern"]:
                self._patterns.append((re.compile(row["pattern"]), actor.name))
        # One alternation per case rule, longest names first (the longest match at a place).
        self._alternations = [
            (re.compile(_alternation(self._exact)), False),
            (re.compile(_alternation(self._folded), re.IGNORECASE), True),
        ]

    def canonical(self, name: str) -> str:
        """Return the canonical actor name for a name or alias (itself if unknown).

        Parameters
        ----------
        name
            Canonical name or alias, any case.

        Returns
        -------
        str
            The canonical name.
        """
        folded = name.casefold()
        for actor in self.actors.values():
            if folded == actor.name.casefold() or folded in (a.casefold() for a in actor.aliases):
                return actor.name
        return name

    def parents(self, name: str) -> list[str]:
        """Return the forces a unit belongs to, nearest first ("US Central Command" -> "US forces").

        Parameters
        ----------
        name
            Canonical actor name.

        Returns
        -------
        list of str
            The chain of affiliations that are themselves state forces or coalitions in
            the table (empty for other actors).
        """
        out: list[str] = []
        actor = self.actors.get(name)
        while actor is not None and actor.kind in _UNIT_KINDS and len(out) < 3:
            parent = self.actors.get(actor.affiliation)
            if parent is None or parent.kind not in _UNIT_KINDS or parent.name in out:
                break
            out.append(parent.name)
            actor = parent
        return out

    def find(self, text: str) -> list[ActorMention]:
        """Find actor mentions in a text, longest match first, no overlaps.

        Parameters
        ----------
        text
            Sentence or article text.

        Returns
        -------
        list of ActorMention
            In text order. Mentions that are the source of a statement ("a US
            defense official") or name another actor's enemy ("the coalition
            against IS") are left out.
        """
        found: list[ActorMention] = []
        taken: list[tuple[int, int]] = []
        hits = []
        for alternation, folded in self._alternations:
            table = self._folded if folded else self._exact
            for m in alternation.finditer(text):
                name = table.get(_key(m.group(), folded))
                if name:
                    hits.append((m.start(), m.end(), name))
        for pattern, name in self._patterns:
            for m in pattern.finditer(text):
                hits.append((m.start(), m.end(), name))
        for m in _DESCRIBED.finditer(text):
            hits.append((m.start(), m.end(), _collective(m.group())))
        for m in _DESCRIBED_AFTER.finditer(text):
            described = _sponsored(m.group(1), m.group(2), m.group(3))
            if described:
                hits.append((m.start(), m.end(), described))
        for m in _PROXIES.finditer(text):
            start = m.start(2) if " and " in m.group() else m.start()
            hits.append((start, m.end(), _collective(f"{m.group(1)}-backed {m.group(2)}")))
        for m in _UNKNOWN_ORG.finditer(text):
            group = 1 if m.group(1) else 2
            surface = m.group(group).strip()
            hits.append((m.start(group), m.start(group) + len(surface), ""))
        # Table matches first (longest first), then unknown organisations.
        hits.sort(key=lambda h: (h[2] == "", -(h[1] - h[0]), h[0]))
        skipped_ends: list[int] = []
        for start, end, name in hits:
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            if (_SOURCE_AFTER.match(text[end:end + 40])
                    or _DESCRIPTOR_BEFORE.search(text[max(0, start - 60):start])
                    or any(re.fullmatch(r"\s*\(\s*", text[e:start]) for e in skipped_ends)):
                skipped_ends.append(end)
                continue
            if name in self.actors:
                found.append(ActorMention(name, self.actors[name].kind, start, end))
            elif name:
                found.append(ActorMention(name, "unknown", start, end))
            else:
                surface = " ".join(text[start:end].split())
                canonical = self.canonical(surface)
                kind = self.actors[canonical].kind if canonical in self.actors else "unknown"
                found.append(ActorMention(canonical, kind, start, end))
        for a in list(found):
            if a.kind == "person" and _SUPPORTERS_BEFORE.search(text, max(0, a.start - 60),
                                                                 a.start):
                surname = re.sub(r"^(?:al|el|ad|ar|as|ash|an)-", "", a.actor.split()[-1])
                found.append(ActorMention(f"{surname[:1].upper()}{surname[1:]} supporters",
                                          "supporters", a.start, a.end))
        return sorted(found, key=lambda a: a.start)


#: Sponsors named by their country, as in "Iran-backed" for "Iranian-backed".
_SPONSORS = {"Iranian": "Iran", "Russian": "Russia", "Turkish": "Turkey", "American": "US",
             "Emirati": "UAE", "Syrian": "Syria", "Israeli": "Israel"}


def _collective(phrase: str) -> str:
    """Name a described group in the plural ("Iran-backed militiamen" -> "Iran-backed militias")."""
    words = " ".join(phrase.split()).split(" ")
    sponsor, _, link = words[0].partition("-")
    words[0] = f"{_SPONSORS.get(sponsor, sponsor)}-{link}" if link else words[0]
    head = words[-1]
    head = {"militiamen": "militias", "militia": "militias", "group": "groups",
            "fighter": "fighters", "proxy": "proxies", "faction": "factions",
            "forces": "groups"}.get(head, head)
    return " ".join([*words[:-1], head])


def _sponsored(head: str, link: str, sponsor: str) -> str:
    """Name a group described sponsor last ("militias backed by Iran" -> "Iran-backed militias").

    Parameters
    ----------
    head
        The group noun ("militias", "groups").
    link
        The participle ("backed", "affiliated").
    sponsor
        The sponsor as written ("Iran", "Iran's Islamic Revolutionary Guards Corps").

    Returns
    -------
    str
        The group named the way :func:`_collective` names "Iran-backed militias"; empty
        when the sponsor is not one state or the IRGC ("the Syrian Democratic Forces").
    """
    if "IRGC" in sponsor or "Revolutionary Guard" in sponsor:
        who = "IRGC"
    elif len(sponsor.split()) == 1:
        who = re.sub(r"['’]s$", "", sponsor)
    else:
        return ""
    return _collective(f"{who}-{link} {head.lower()}")


def _key(name: str, folded: bool) -> str:
    """Lookup key of a name: whitespace collapsed, curly apostrophes straightened."""
    key = " ".join(name.split()).replace("’", "'")
    return key.casefold() if folded else key


def _atom(char: str) -> str:
    """Return the regex of one character of a name (any run of spaces, either apostrophe)."""
    return r"\s+" if char == " " else "['’]" if char == "'" else re.escape(char)


def _trie_pattern(node: dict[str, Any]) -> str:
    """Return the regex of a character trie: shared prefixes once, longer names first."""
    branches = [_atom(char) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A name may end here: the greedy optional tries the longer names first.
    return f"(?:{body})?" if "" in node else body


def _alternation(names: dict[str, str]) -> str:
    """One regex matching any of the names as whole words, the longest at a place.

    The names are merged into a character trie, so the regex tests each
    character of the text against the few names that share the prefix so far
    instead of against every name (an article scan about 10 times faster).
    """
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return r"(?<![\w-])(?:" + _trie_pattern(trie) + r")(?!\w|-(?!" + _HELD + r"\b))"


@lru_cache(maxsize=2)
def load_actor_table(path: Path | None = None) -> ActorTable:
    """Return the actor table, compiled once per process.

    Parameters
    ----------
    path
        CSV file; ``data/actors.csv`` by default.

    Returns
    -------
    ActorTable
        The shared matcher.
    """
    return ActorTable(path)
