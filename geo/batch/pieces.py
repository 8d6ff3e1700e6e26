"""Cutting extraction into pieces and parts, and putting the results back together.

Extraction time is kept linear in text length here, in the job layer: an
article longer than :data:`MAX_PIECE_CHARS` is extracted in pieces cut at
paragraph (else sentence, else word) boundaries, and the pieces' incidents are
put back together with their evidence offsets shifted into the whole article.
The extractor itself grows faster than linearly on one long text (see
``benchmarks/jobs.py``). Pieces are grouped into parts (:func:`plan_parts`); a
background job (:mod:`geo.batch.jobs`) saves each part's result as one file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from geo.core.records import Article, Deployment, Incident
from geo.extract.pipeline import Extraction

#: An article longer than this is extracted in pieces (characters of its full text).
MAX_PIECE_CHARS = 20_000
#: A part (one saved result) holds at most this many articles or characters.
PART_ARTICLES = 25
PART_CHARS = 100_000
#: Inputs larger than this (characters in all) go to a background job.
BACKGROUND_CHARS = 40_000
BACKGROUND_ARTICLES = 20
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of work: a span of one article's full text.

    Attributes
    ----------
    article
        Index of the article in the job's input.
    start, end
        The span of :attr:`~geo.core.records.Article.full_text`; ``(0, len)`` for a
        whole article.
    whole
        True when the span is the whole article (it is extracted as it is).
    """

    article: int
    start: int
    end: int
    whole: bool


def needs_background(articles: Sequence[Article]) -> bool:
    """Whether extracting these articles should run as a background job.

    Parameters
    ----------
    articles
        The loaded articles.

    Returns
    -------
    bool
        True above :data:`BACKGROUND_CHARS` characters or
        :data:`BACKGROUND_ARTICLES` articles.
    """
    return (len(articles) > BACKGROUND_ARTICLES
            or sum(len(a.full_text) for a in articles) > BACKGROUND_CHARS)


def split_spans(text: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """Cut text into spans of at most ``limit`` characters at natural breaks.

    A span ends at the last paragraph break before the limit, else the last
    sentence end, else the last white space, else at the limit itself.

    Parameters
    ----------
    text
        The text.
    limit
        Largest span.

    Returns
    -------
    list of tuple
        ``(start, end)`` spans covering the text in order.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start:start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 4]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        spans.append((start, start + cut))
        start += cut
    spans.append((start, n))
    return spans


def plan_units(articles: Sequence[Article], limit: int = MAX_PIECE_CHARS) -> list[Unit]:
    """Return the units of work: whole articles, and pieces of long ones.

    Parameters
    ----------
    articles
        The input.
    limit
        Longest text extracted at once.

    Returns
    -------
    list of Unit
        In input order.
    """
    units: list[Unit] = []
    for index, article in enumerate(articles):
        text = article.full_text
        if len(text) <= limit:
            units.append(Unit(index, 0, len(text), True))
            continue
        units.extend(Unit(index, a, b, False) for a, b in split_spans(text, limit))
    return units


def plan_parts(units: Sequence[Unit], max_articles: int = PART_ARTICLES,
               max_chars: int = PART_CHARS) -> list[list[Unit]]:
    """Group units into parts, each saved as one result.

    Parameters
    ----------
    units
        From :func:`plan_units`.
    max_articles, max_chars
        Limits of one part.

    Returns
    -------
    list of list of Unit
        Consecutive groups.
    """
    parts: list[list[Unit]] = []
    current: list[Unit] = []
    chars = 0
    for unit in units:
        size = unit.end - unit.start
        if current and (len(current) >= max_articles or chars + size > max_chars):
            parts.append(current)
            current, chars = [], 0
        current.append(unit)
        chars += size
    if current:
        parts.append(current)
    return parts


def _shift(incident: Incident, offset: int, text: str) -> Incident:
    evidence = tuple(replace(e, start=e.start + offset, end=e.end + offset)
                     for e in incident.evidence)
    evidence = tuple(e for e in evidence if text[e.start:e.end] == e.text)
    return replace(incident, evidence=evidence)


def extract_units(articles: Sequence[Article], units: Sequence[Unit]) -> Extraction:
    """Extract incidents and deployments from units of articles.

    A piece of a long article is extracted as an article of its own (same id,
    date and provenance, no headline) and its evidence offsets are shifted into
    the whole article's full text.

    Parameters
    ----------
    articles
        The job's input.
    units
        Which spans to extract.

    Returns
    -------
    Extraction
        As :func:`geo.extract.pipeline.extract_all` gives it; notes once per article.
    """
    from geo.extract.incidents import extract_deployments, extract_incidents
    from geo.gazetteer.index import load_gazetteer
    from geo.reading.actors import load_actor_table

    gaz = load_gazetteer()
    table = load_actor_table()
    incidents: list[Incident] = []
    deployments: list[Deployment] = []
    notes: list[tuple[str, str]] = []
    for unit in units:
        article = articles[unit.article]
        if unit.whole or unit.start == 0:
            notes.extend((article.article_id, n) for n in article.notes)
        if unit.whole:
            incidents.extend(extract_incidents(article, gaz, table))
            deployments.extend(extract_deployments(article, gaz, table))
            continue
        full = article.full_text
        piece = replace(article, title="", text=full[unit.start:unit.end], notes=())
        incidents.extend(_shift(i, unit.start, full)
                         for i in extract_incidents(piece, gaz, table))
        deployments.extend(extract_deployments(piece, gaz, table))
    return Extraction(tuple(incidents), tuple(deployments), tuple(notes))


def merge_extractions(parts: Sequence[Extraction]) -> Extraction:
    """Put part results together; an incident found in two pieces is kept once.

    Parameters
    ----------
    parts
        Results in order.

    Returns
    -------
    Extraction
        First occurrence of each incident id and each deployment record.
    """
    incidents: dict[str, Incident] = {}
    for part in parts:
        for incident in part.incidents:
            incidents.setdefault(incident.incident_id, incident)
    deployments = dict.fromkeys(d for p in parts for d in p.deployments)
    notes = dict.fromkeys(n for p in parts for n in p.notes)
    return Extraction(tuple(incidents.values()), tuple(deployments), tuple(notes))



def extract_in_parts(articles: Sequence[Article]) -> Extraction:
    """Extract in this process with the job layer's pieces (linear in text length).

    Parameters
    ----------
    articles
        The input.

    Returns
    -------
    Extraction
        The merged result.
    """
    units = plan_units(articles)
    return merge_extractions([extract_units(articles, p) for p in plan_parts(units)])
