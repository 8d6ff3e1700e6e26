"""Scoring candidates, and keeping, merging and typing them into incidents.

The scorer is a logistic model with hand-set weights over the features of
:mod:`geo.extract.candidates` (no weights are learned from the development sets). A
candidate is kept when its score reaches :data:`THRESHOLD`. Kept candidates at
one place within a day are one incident, folded as :mod:`geo.extract.folding`
says; headline-only incidents are dropped when the body reports any.
"""

from __future__ import annotations

import math

from geo.extract.candidates import Candidate
from geo.extract.folding import STALE_DAYS, fold_regions, same_place
from geo.extract.folding import Group as Group  # re-exported: callers take groups from here

#: Feature weights of the logistic scorer (log-odds per unit of the feature).
WEIGHTS: dict[str, float] = {
    "strength": 1.6,
    "same_clause": 0.9,
    "distance": -0.6,
    "prep_locative": 1.1,
    "prep_from": -1.6,
    "prep_none": -1.5,
    "precision3": -0.4,
    "country": -0.6,
    "aggregate": -2.2,
    "background": -1.7,
    "old_year": -1.8,
    "caption": -2.5,
    "irrealis": -1.5,
    "speech_place": -4.0,
    "political": -1.5,
    "future": -2.5,
    "title": -0.3,
    "lead": 0.6,
    "last_paragraph": -0.6,
    "date_stated": 0.3,
    "dateline": -0.4,
    "in_title": 0.7,
    "topic": -3.5,
    "country_loose": -2.0,
    "foreign": -2.5,
    "habitual": -3.0,
    "front": -2.5,
    "tally": -3.0,
    "implicit": -0.5,
}
BIAS = -0.9
THRESHOLD = 0.5
#: Log-odds against a sentence that names an earlier year or month but takes its day from
#: its paragraph, the lead or the publication date.
OLD_BORROWED = -1.5
#: Places wider than this (km) are continents and macro-regions ("the Middle East").
VAST_KM = 1500.0
VAST = -3.0
#: Further log-odds against an event dated more than a week before publication (a weekday
#: named in the text stays within the week).
STALE_STEP = 2.0
#: Further log-odds against such an event told neither in the headline nor in the lead.
STALE_ASIDE = -1.0
WEEK = 7


def score(c: Candidate, title_places: set[str], title_political: bool) -> float:
    """Return the probability (0–1) that a candidate is an incident as stated.

    Parameters
    ----------
    c
        A candidate with its features.
    title_places
        Place ids the headline names (agreement with the headline).
    title_political
        Whether the headline reports a statement (a call, a threat).

    Returns
    -------
    float
        The logistic score.
    """
    f = dict(c.features)
    f["in_title"] = float(c.place.place_id in title_places and not f.get("title"))
    if f.get("prep_none") and _referred_to(c):
        f["prep_none"], f["prep_locative"] = 0.0, 1.0  # "X governor said troops shelled the region"
    z = BIAS + sum(WEIGHTS[k] * v for k, v in f.items() if k in WEIGHTS)
    gap = f.get("gap_days", 0.0)
    if gap > STALE_DAYS:  # history, unless the text describes it in its own right
        z -= 2.0 + min(gap, 60.0) / 10.0 + (STALE_STEP if gap > WEEK else 0.0)
        if not (f.get("lead") or f.get("in_title") or f.get("title")):
            z += STALE_ASIDE  # told in passing, not the story the article is about
    if c.event_type == "political statement":
        z += 1.2 if title_political else -2.0
        if title_political:
            z -= WEIGHTS["background"] * f.get("background", 0.0)
    if c.event_type == "other":
        z -= 0.8
    if f.get("old_year") and c.date_source != "sentence":
        z += OLD_BORROWED  # "Also in April, ...": the day borrowed from context is not its day
    if c.place.radius_km > VAST_KM:
        z += VAST  # "operations in the Middle East": a macro-region is a topic, not a place
    return 1.0 / (1.0 + math.exp(-z))


#: Which kinds of place a definite object ("the region", "the city") can point back to.
_REFERS_TO = {"region": ("admin1", "admin2", "region"), "province": ("admin1", "admin2"),
              "oblast": ("admin1",), "governorate": ("admin1",), "district": ("admin2", "region"),
              "city": ("city",), "town": ("city",), "village": ("city",)}


def rescore_stale(candidates: list[Candidate], title_places: set[str],
                  title_political: bool) -> None:
    """Score again an old event at a headline place whose headline is about a recent one.

    The headline "Four killed in a strike on X", with a strike on X two days ago and one
    told in a later paragraph "on Sunday", five days ago, is about the recent strike: the old
    one is told in passing, not as the story, so the headline's place lends it nothing.

    Parameters
    ----------
    candidates
        All candidates of the article, already scored.
    title_places, title_political
        As for :func:`score`.
    """
    fresh = {c.place.place_id for c in candidates
             if c.score >= THRESHOLD and c.features.get("gap_days", 0.0) <= STALE_DAYS}
    for c in candidates:
        place = c.place.place_id
        if (c.features.get("gap_days", 0.0) > STALE_DAYS and place in title_places
                and place in fresh and not (c.features.get("lead") or c.features.get("title"))):
            c.score = score(c, title_places - {place}, title_political)


def _referred_to(c: Candidate) -> bool:
    """Whether the trigger's object ("shelled the region") is the last such place before it."""
    kinds = _REFERS_TO.get(c.trigger.refers)
    if not kinds or c.toponym is None or c.place.kind not in kinds:
        return False
    at = c.toponym.mention.start
    if at >= c.trigger.start:
        return False
    return not any(at < t.mention.start < c.trigger.start and t.mention.place is not None
                   and t.mention.place.kind in kinds for t in c.sentence.places)


def _date_from_mentions(groups: list[Group], candidates: list[Candidate]) -> None:
    """Date an undated incident by a later mention of its place that states the day.

    "An air strike on Tyre killed seven ... The strikes on Tyre on Friday night also
    wounded 46": the second sentence, too weak to be an incident by itself, dates it.
    """
    used = {id(m) for g in groups for m in g.members}
    for g in groups:
        if any(m.date_source == "sentence" for m in g.members):
            continue
        b = g.best
        pool = [c for c in candidates if c.place.place_id == b.place.place_id
                and c.date_source == "sentence" and id(c) not in used
                and 0 <= (b.event_date - c.event_date).days <= STALE_DAYS
                and not c.features.get("background") and not c.features.get("aggregate")
                and not c.features.get("tally")
                and not c.features.get("caption") and c.score >= 0.1]
        if pool:
            g.members.append(max(pool, key=lambda c: c.score))


#: Places listed one after another ("Kharkiv, Donetsk, Luhansk and Kherson oblasts") at
#: least this many times in one sentence are a summary of a day, not incidents each.
ENUMERATION = 4
#: Largest gap, in characters, between two listed places (", ", " and ", ", and ").
LIST_GAP = 6
ENUMERATION_WEIGHT = -2.0


def _enumerated(candidates: list[Candidate]) -> set[int]:
    """Return ids of candidates whose place is one of a long list of places.

    Parameters
    ----------
    candidates
        Candidates of one article.

    Returns
    -------
    set of int
        ``id()`` of each candidate in a run of :data:`ENUMERATION` or more places
        separated by :data:`LIST_GAP` characters or fewer.
    """
    out: set[int] = set()
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.toponym is not None:
            by_sentence.setdefault(c.sentence.index, []).append(c)
    for members in by_sentence.values():
        spans = sorted({(c.toponym.mention.start, c.toponym.mention.end) for c in members})
        run = [spans[0]] if spans else []
        runs = []
        for a, b in spans[1:]:
            if a - run[-1][1] <= LIST_GAP:
                run.append((a, b))
            else:
                runs.append(run)
                run = [(a, b)]
        runs.append(run)
        listed = {start for r in runs if len(r) >= ENUMERATION for start, _ in r}
        out |= {id(c) for c in members if c.toponym.mention.start in listed}
    return out


def _lower(p: float, by: float) -> float:
    """Add ``by`` to the log-odds of a probability."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1 - p)) + by)))


def select(candidates: list[Candidate]) -> list[Group]:
    """Keep, merge and order scored candidates into incidents.

    Parameters
    ----------
    candidates
        Scored candidates of one article.

    Returns
    -------
    list of Group
        One group per incident, in order of first mention.
    """
    listed = _enumerated(candidates)
    for c in candidates:
        if id(c) in listed:
            c.score = _lower(c.score, ENUMERATION_WEIGHT)
    kept = [c for c in candidates if c.score >= THRESHOLD]
    groups: list[Group] = []
    for c in sorted(kept, key=lambda c: -c.score):
        home = next((g for g in groups if any(same_place(c, m) for m in g.members)), None)
        if home is None:
            groups.append(Group([c]))
        else:
            home.members.append(c)
    out = fold_regions(groups)
    body = [g for g in out if not all(c.sentence.in_title for c in g.members)]
    if body:
        out = body
    _date_from_mentions(out, candidates)
    return sorted(out, key=lambda g: min(c.trigger.start for c in g.members))
