"""The review queue and what a reviewer reads to add an incident by hand.

:func:`review_queue` lists the incidents still waiting for a person, lowest confidence
first; :func:`article` returns the stored article behind an incident, and
:func:`sentences` with :func:`incident_from_sentence` turn one of its sentences into
the incident a person adds (stored by :func:`geo.review.changes.add_incident`).
Nothing here writes to the store.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime

import pandas as pd

from geo.core.errors import InputError
from geo.core.records import Article, Incident, incident_id_for
from geo.store.base import BaseStore

#: Statuses still waiting for a person: the review queue.
QUEUE_STATUSES = ("machine", "edited")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def review_queue(store: BaseStore) -> pd.DataFrame:
    """Return the incidents still to review, lowest confidence first.

    Parameters
    ----------
    store
        The store.

    Returns
    -------
    pandas.DataFrame
        ``incident_id``, ``confidence``, ``event_date``, ``event_type``, ``location``,
        ``actors``, ``status``; ordered by confidence, then date and id (stable).
    """
    with store.read() as con:
        rows = con.execute(
            "SELECT incident_id, confidence, event_date, event_type, location, actors, status "
            f"FROM incidents WHERE status IN ({', '.join('?' * len(QUEUE_STATUSES))}) "
            "ORDER BY confidence, event_date, incident_id", QUEUE_STATUSES).fetchall()
    return pd.DataFrame(rows, columns=["incident_id", "confidence", "event_date", "event_type",
                                       "location", "actors", "status"])


def article(store: BaseStore, article_id: str) -> Article | None:
    """Return a stored article, or ``None`` when it is not stored (or was deleted).

    Parameters
    ----------
    store
        The store.
    article_id
        Its id.

    Returns
    -------
    Article or None
        The article as stored.
    """
    with store.read() as con:
        row = con.execute("SELECT article_id, title, text, published, url, source, language, "
                          "notes FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    return Article(article_id=str(row[0]), title=str(row[1] or ""), text=str(row[2]),
                   published=datetime.fromisoformat(str(row[3])), url=str(row[4] or ""),
                   source=str(row[5] or ""), language=str(row[6] or "en"),
                   notes=tuple(json.loads(row[7] or "[]")))


def sentences(text: str) -> list[tuple[int, int]]:
    """Split a text into sentences (for "add an incident from this sentence").

    Parameters
    ----------
    text
        Article text (:attr:`~geo.core.records.Article.full_text`).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets of each non-blank sentence, stripped of spaces.
    """
    out: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        chunk = m.group(0)
        lead = len(chunk) - len(chunk.lstrip())
        start, end = m.start() + lead, m.start() + len(chunk.rstrip())
        if end - start >= 3:
            out.append((start, end))
    return out


def incident_from_sentence(source: Article, start: int, end: int, incidents: list[Incident],
                           event_type: str = "") -> Incident:
    """Make the incident a person adds from one sentence of an article.

    Parameters
    ----------
    source
        The article.
    start, end
        The sentence's offsets in ``source.full_text``.
    incidents
        What the extractor finds in the sentence alone (see
        :func:`geo.extract.incidents.extract_incidents` on an article holding just it);
        the first one is taken.
    event_type
        The event type the person chose; the extractor's when empty.

    Returns
    -------
    Incident
        Attached to ``source``, with the sentence as its quote and offsets into
        the article, confidence 1.0 (a person stated it).

    Raises
    ------
    InputError
        When the extractor found no place in the sentence.
    """
    if not incidents:
        raise InputError("No place or event was found in this sentence; pick a sentence that "
                         "names where it happened, or place an existing incident on the map.")
    found = incidents[0]
    sentence = source.full_text[start:end]
    shift = start
    evidence = tuple(replace(e, start=e.start + shift, end=e.end + shift)
                     for e in found.evidence
                     if 0 <= e.start < e.end <= len(sentence)
                     and sentence[e.start:e.end] == e.text)
    kind = event_type or found.event_type
    return replace(
        found, article_id=source.article_id, source=source.source, url=source.url,
        published=source.published, event_type=kind, quote=sentence, confidence=1.0,
        evidence=evidence, notes=(*found.notes, "added by a reviewer"),
        incident_id=incident_id_for(source.article_id, kind, found.place_id,
                                    found.event_date))
