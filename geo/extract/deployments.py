"""Troop figures stated in articles ("roughly 2,500 American troops in Iraq")."""

from __future__ import annotations

import re

from geo.core.records import Article, Deployment
from geo.gazetteer.index import Gazetteer, load_gazetteer
from geo.reading.actors import ActorTable, load_actor_table
from geo.reading.numbers import number as to_int
from geo.reading.text import sentences

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
                    force=force, country=country, troops=to_int(number),
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
