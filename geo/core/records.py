"""Typed, frozen records shared by the parser, the store, the map and the exports.

The incident schema is ACLED-like; :data:`INCIDENT_COLUMNS` is the one list of
column names that the GeoDataFrame, the store and the GeoJSON properties use.

Geo precision follows ACLED: ``1`` the named site or town itself, ``2`` near a
site or town (or part of a city), ``3`` a region, province or whole country.
Coordinates are ``(lon, lat)`` in EPSG:4326 everywhere in these records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

GeoPrecision = Literal[1, 2, 3]
TimePrecision = Literal["day", "week", "month"]

#: The event-type vocabulary, in the order the legend shows it.
EVENT_TYPES: tuple[str, ...] = (
    "drone attack",
    "rocket attack",
    "missile attack",
    "airstrike",
    "interception",
    "armed clash",
    "explosion/IED",
    "arrest/raid",
    "protest",
    "shelling",
    "political statement",
    "deployment change",
    "other",
)

#: Column order of the incident table (GeoDataFrame, store, exports); plus ``geometry``.
INCIDENT_COLUMNS: tuple[str, ...] = (
    "incident_id",
    "article_id",
    "source",
    "url",
    "published",
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "actor2",
    "actors",
    "claimed_by",
    "location",
    "admin1",
    "country",
    "geo_precision",
    "uncertainty_km",
    "fatalities",
    "injuries",
    "quote",
    "place_id",
    "notes",
    "confidence",
    "evidence",
)

#: Roles of an evidence span: the event trigger, the place mention, the date expression.
EVIDENCE_ROLES: tuple[str, ...] = ("trigger", "place", "date")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as loaded from text, a file or a feed.

    Attributes
    ----------
    article_id
        Stable id: the caller's id or a hash of URL or text.
    title, text
        Headline and body text.
    published
        Publication time, timezone-aware.
    url, source
        Where it came from; empty strings when unknown.
    language
        ISO 639-1 code guessed from the script (``"en"``, ``"ar"`` ...).
    notes
        What the loader assumed or could not do (for example a missing date).
    """

    article_id: str
    title: str
    text: str
    published: datetime
    url: str = ""
    source: str = ""
    language: str = "en"
    notes: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """The text the extractor reads: headline, blank line, body.

        The headline is left out when the body already opens with it. Evidence
        offsets (:class:`Evidence`) index into this string.
        """
        title = self.title.strip()
        if title and not self.text.lstrip().startswith(title[:60]):
            return f"{title}\n\n{self.text}"
        return self.text


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry resolved for a name, with its honest precision.

    Attributes
    ----------
    place_id
        Gazetteer id (``gn:<geonameid>``, ``ne1:<iso_3166_2>``, ``cc:<ISO2>``,
        ``cur:<slug>``).
    name
        Canonical name.
    lon, lat
        Representative point, EPSG:4326.
    kind
        ``country``, ``admin1``, ``region``, ``city``, ``site``, ``landmark``,
        ``crossing`` or ``continent``.
    country
        ISO 3166-1 alpha-2 code, empty for supranational regions.
    admin1
        First-level administrative unit containing it, when known.
    population
        GeoNames population, 0 when not applicable.
    radius_km
        Uncertainty radius of the point itself (0 for a site, larger for a
        region represented by a centroid).
    precision
        ACLED geo precision of the point as the place itself.
    """

    place_id: str
    name: str
    lon: float
    lat: float
    kind: str
    country: str
    admin1: str = ""
    population: int = 0
    radius_km: float = 0.0
    precision: GeoPrecision = 1


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym found in a text, before or after resolution.

    Attributes
    ----------
    text
        The surface string as written.
    start, end
        Character offsets in the text.
    place
        The resolved gazetteer entry, ``None`` when unresolved.
    score
        Resolution confidence in ``[0, 1]``.
    """

    text: str
    start: int
    end: int
    place: Place | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """A character span of the article that supports an incident.

    Attributes
    ----------
    role
        ``trigger`` (the event word: "struck", "drone attack"), ``place`` (the
        place mention) or ``date`` (the date expression: "on Thursday").
    start, end
        Offsets into :attr:`Article.full_text` (``end`` exclusive).
    text
        The span as written, ``full_text[start:end]``.
    """

    role: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident: what happened, where, when, who, and the sentence saying so.

    See :data:`INCIDENT_COLUMNS` for the table form; ``lon``/``lat`` become
    the point geometry. ``confidence`` (0–1) is the extractor's belief that the
    incident is right as stated (a person's verification does not change it);
    ``evidence`` holds the spans of the article that support it. In tables,
    ``evidence`` is a JSON list of ``{"role", "start", "end", "text"}`` objects.
    """

    incident_id: str
    article_id: str
    source: str
    url: str
    published: datetime
    event_date: date
    time_precision: TimePrecision
    event_type: str
    actor1: str
    actor2: str
    actors: tuple[str, ...]
    claimed_by: str
    location: str
    admin1: str
    country: str
    geo_precision: GeoPrecision
    uncertainty_km: float
    lon: float
    lat: float
    quote: str
    fatalities: int | None = None
    injuries: int | None = None
    place_id: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Deployment:
    """A troop figure stated in an article (for the deployment overlay).

    Attributes
    ----------
    force
        Canonical actor name of the force (``US forces``).
    country
        ISO 3166-1 alpha-2 code of the country where the troops are.
    troops
        Number of troops stated.
    qualifier
        Hedge as written (``roughly``, ``about``, ``more than``), or empty.
    as_of
        Date the figure refers to (publication date unless stated).
    article_id, source, quote
        Provenance.
    """

    force: str
    country: str
    troops: int
    qualifier: str
    as_of: date
    article_id: str
    source: str
    quote: str


def evidence_to_json(evidence: Iterable[Evidence]) -> str:
    """Return evidence spans as the JSON text tables and the store hold.

    Parameters
    ----------
    evidence
        Spans of an incident.

    Returns
    -------
    str
        A JSON list of ``{"role", "start", "end", "text"}`` objects (``"[]"`` when none).
    """
    return json.dumps(evidence_to_dicts(evidence), ensure_ascii=False)


def evidence_to_dicts(evidence: Iterable[Evidence]) -> list[dict[str, object]]:
    """Return evidence spans as plain dicts (GeoJSON properties, JSON text).

    Parameters
    ----------
    evidence
        Spans of an incident.

    Returns
    -------
    list of dict
        ``{"role", "start", "end", "text"}`` per span, in order.
    """
    return [{"role": e.role, "start": e.start, "end": e.end, "text": e.text} for e in evidence]


def evidence_from_json(value: object) -> tuple[Evidence, ...]:
    """Parse evidence from its table form (JSON text, a list of dicts, or empty).

    Parameters
    ----------
    value
        JSON text, a list of ``{"role", "start", "end", "text"}`` mappings,
        :class:`Evidence` records, or ``None``/``""`` for none.

    Returns
    -------
    tuple of Evidence
        The spans.

    Raises
    ------
    ValueError
        When the text is not such a JSON list.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ()
    items: object = value
    if isinstance(value, bytes):
        items = value.decode("utf-8")
    if isinstance(items, str):
        if not items.strip():
            return ()
        try:
            items = json.loads(items)
        except json.JSONDecodeError as exc:
            raise ValueError(f"evidence is not JSON: {exc}") from exc
    if not isinstance(items, list | tuple):
        raise ValueError(f"evidence must be a list of spans, found {type(items).__name__}")
    out: list[Evidence] = []
    for item in items:
        if isinstance(item, Evidence):
            out.append(item)
        elif isinstance(item, dict):
            try:
                out.append(Evidence(str(item["role"]), int(item["start"]), int(item["end"]),
                                    str(item.get("text", ""))))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"evidence span {item!r} lacks role/start/end") from exc
        else:
            raise ValueError(f"evidence span {item!r} is not an object")
    return tuple(out)

def incident_id_for(article_id: str, event_type: str, place_id: str, day: date) -> str:
    """Return the stable id of an incident.

    Parameters
    ----------
    article_id, event_type, place_id, day
        What identifies an incident within the store.

    Returns
    -------
    str
        16 hex characters of SHA-256.
    """
    basis = f"{article_id}|{event_type}|{place_id}|{day.isoformat()}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
