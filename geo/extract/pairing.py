"""Which trigger and which date govern a place named in a sentence.

The nearest trigger wins, one in the same clause first. The date is the
sentence's event date (not the day something was said) closest to the place, one
in the same clause first and a calendar day before a vaguer one; a date that names
another event ("in response to the August 15 attacks") governs only the places
named after its noun.
"""

from __future__ import annotations

import re

from geo.extract.sentences import Sentence, _clause_of
from geo.reading.dates import ResolvedDate
from geo.reading.resolution import ResolvedToponym
from geo.reading.triggers import Trigger


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


#: A date that names another event: "the August 15 attacks", "Wednesday's attack".
_ATTRIBUTIVE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|"
    r"assaults?|shelling|incidents?|killings?|explosions?|blasts?|ambush)\b", re.IGNORECASE)
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their)\s+$", re.IGNORECASE)


def is_attributive(text: str, d: ResolvedDate) -> bool:
    """Whether a date modifies an event noun ("the August 15 attacks", "Friday's strike").

    Parameters
    ----------
    text
        Full text.
    d
        A date found in it.

    Returns
    -------
    bool
        True when the date names the day of the event noun that follows it, which
        governs only the places named after that noun.
    """
    after = _ATTRIBUTIVE_AFTER.match(text, d.end)
    if after is None:
        return False
    possessive = text[d.end:d.end + 2] in ("'s", "’s")
    return possessive or bool(_ATTRIBUTIVE_BEFORE.search(text[max(0, d.start - 8):d.start]))


def _pick_date(text: str, sent: Sentence, pos: int) -> ResolvedDate | None:
    events = [d for d in sent.dates if not d.reported]
    if not events:
        return None
    # "strikes in X in response to the August 15 attacks": that date is another event's
    own = [d for d in events if not (d.start > pos and is_attributive(text, d))]
    events = own or events
    c0, c1 = _clause_of(text, sent, pos)
    same = [d for d in events if c0 <= d.start < c1]
    pool = same or events
    # a calendar date or weekday, or a day said relatively ("yesterday", "last night")
    explicit = [d for d in pool if d.explicit or d.precision == "day"] or pool
    return min(explicit, key=lambda d: abs(d.start - pos))
