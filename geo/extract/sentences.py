"""An article's sentences, what each holds, its clauses and its wire dateline.

Each sentence is segmented once with its triggers, the toponyms used in it as
locations, its dates and its actors (:class:`Sentence`); candidate generation
(:mod:`geo.extract.candidates`) and the rules beside it read these. The wire
dateline ("KHARKIV, Ukraine (AP) —") says where a story was filed and where its
body begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from geo.reading.actors import ActorMention
from geo.reading.dates import DAY_BEFORE, ResolvedDate, find_dates
from geo.reading.placeuse import is_location_use
from geo.reading.resolution import ResolvedToponym
from geo.reading.text import clauses, sentences
from geo.reading.triggers import Trigger, find_triggers

_DATELINE = re.compile(r"\s*(?:[A-Z][A-Za-z'’.-]+(?:[ -][A-Z][A-Za-z'’.-]+)*)"
                       r"(?:,\s*[A-Z][\w .'’-]+)?\s*(?:\([^)]{1,40}\)\s*[:—–-]{1,2}|[—–-]{1,2})\s")


@dataclass(slots=True)
class Sentence:
    """What a sentence holds, computed once."""

    index: int
    start: int
    end: int
    paragraph: int
    in_title: bool
    triggers: list[Trigger]
    places: list[ResolvedToponym]
    dates: list[ResolvedDate]
    actors: list[ActorMention]


def split_sentences(text: str, title_end: int, toponyms: list[ResolvedToponym],
                    actors: list[ActorMention], published: date) -> list[Sentence]:
    """Segment the text and attach triggers, places, dates and actors to each sentence.

    Parameters
    ----------
    text
        The article's full text.
    title_end
        Offset where the headline ends (0 when there is none).
    toponyms, actors
        Resolved toponyms and actor mentions of the whole text.
    published
        Publication date.

    Returns
    -------
    list of Sentence
        In text order.
    """
    out = []
    paragraph = 0
    previous_end = 0
    context: date | None = None  # the last calendar day or weekday stated before
    for i, (s, e) in enumerate(sentences(text)):
        if "\n" in text[previous_end:s]:
            paragraph += 1
        previous_end = e
        places = [t for t in toponyms if s <= t.mention.start < e
                  and is_location_use(text, t, actors)]
        dates = [ResolvedDate(_counted_back(text[s:e], d, context), d.precision, d.start + s,
                              d.end + s, d.explicit, d.reported)
                 for d in find_dates(text[s:e], published)]
        stated = [d.value for d in dates if d.explicit and d.precision == "day"]
        if stated and s >= title_end:
            context = stated[-1]
        out.append(Sentence(i, s, e, paragraph, s < title_end, find_triggers(text, s, e),
                            places, dates, [a for a in actors if s <= a.start < e]))
    return out


def _counted_back(sentence: str, d: ResolvedDate, context: date | None) -> date:
    """Return the day of "A day earlier" counted from the day the text last stated.

    "Explosions hit X on January 19. A day earlier, ..." is January 18, not the day
    before publication.
    """
    if context is None or not DAY_BEFORE.fullmatch(sentence, d.start, d.end):
        return d.value
    return context - timedelta(days=1)


def dateline_place(text: str, body_start: int,
                   toponyms: list[ResolvedToponym]) -> ResolvedToponym | None:
    """Return the toponym of a wire dateline ("KHARKIV, Ukraine (AP) —"), if any.

    Parameters
    ----------
    text
        Full text.
    body_start
        Offset where the body begins.
    toponyms
        Resolved toponyms of the text.

    Returns
    -------
    ResolvedToponym or None
        The first toponym inside the dateline.
    """
    m = _DATELINE.match(text, body_start)
    if not m:
        return None
    inside = [t for t in toponyms if body_start <= t.mention.start < m.end()]
    return min(inside, key=lambda t: t.mention.place.precision if t.mention.place else 3,
               default=None)


def dateline_end(text: str, body_start: int) -> int:
    """Return the offset where a wire dateline ends (``body_start`` when there is none).

    Parameters
    ----------
    text
        Full text.
    body_start
        Offset where the body begins.

    Returns
    -------
    int
        End of "KHARKIV, Ukraine (AP) — ", or ``body_start``.
    """
    m = _DATELINE.match(text, body_start)
    return m.end() if m else body_start


@lru_cache(maxsize=1024)
def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(clauses(text, start, end))


def _clause_of(text: str, sent: Sentence, pos: int) -> tuple[int, int]:
    for c in _clauses(text, sent.start, sent.end):
        if c[0] <= pos < c[1]:
            return c
    return sent.start, sent.end
