"""What the Review, Ingest and Incidents pages show: evidence, alternatives, tidy tables.

Pure functions (no Streamlit): the article text with its evidence spans marked
(HTML-escaped: article text is untrusted), the other places the resolver
considered for an incident's place mention, the other dates the text states,
and tables whose first columns are date, type, location and actors.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.core.geodesy import distance_km
from geo.core.records import Article, Evidence, Incident, Place
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.resolve import ResolutionContext, rank
from geo.reading.dates import ResolvedDate, find_dates
from geo.reading.plaintext import link_html, safe_url

#: Colours of the evidence roles (background), readable with black text.
ROLE_COLOURS = {"trigger": "#ffd166", "place": "#9ad1ff", "date": "#b8e6a0"}
ROLE_WORDS = {"trigger": "event", "place": "place", "date": "date"}
#: Columns the tables show first, in this order; ids and internals go last.
FIRST_COLUMNS = ("event_date", "event_type", "location", "actors")
LAST_COLUMNS = ("evidence", "notes", "place_id", "article_id", "incident_id")
#: Precision choices of "place it here": word -> (ACLED precision, radius km).
PIN_PRECISIONS: dict[str, tuple[int, float]] = {"site": (1, 1.0), "near": (2, 10.0),
                                                "region": (3, 50.0)}
#: Article ids of the built-in demo data start with this.
DEMO_PREFIX = "demo-"


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return ``"1 article"`` / ``"2 articles"`` (thousands separated).

    Parameters
    ----------
    count
        How many.
    word
        The singular.
    many
        The plural when it is not ``word + "s"``.

    Returns
    -------
    str
        Count and noun.
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def highlight_html(text: str, evidence: Iterable[Evidence]) -> str:
    """Return the text as escaped HTML with the evidence spans marked.

    Parameters
    ----------
    text
        The article's :attr:`~geo.core.records.Article.full_text` (untrusted).
    evidence
        Spans to mark; spans outside the text or overlapping an earlier one are
        left out.

    Returns
    -------
    str
        ``<div>`` with ``<mark class="ev-ROLE">`` around each span, every
        character of the text escaped, line breaks as ``<br>``.
    """
    spans: list[Evidence] = []
    for span in sorted(evidence, key=lambda e: (e.start, e.end)):
        if not 0 <= span.start < span.end <= len(text):
            continue
        if spans and span.start < spans[-1].end:
            continue
        spans.append(span)
    parts: list[str] = []
    at = 0

    def plain(chunk: str) -> str:
        return html.escape(chunk).replace("\n", "<br>")

    for span in spans:
        parts.append(plain(text[at:span.start]))
        colour = ROLE_COLOURS.get(span.role, "#dddddd")
        word = ROLE_WORDS.get(span.role, span.role)
        parts.append(f'<mark class="ev-{html.escape(span.role)}" title="{html.escape(word)}" '
                     f'style="background:{colour};color:#000;padding:0 2px">'
                     f"{plain(text[span.start:span.end])}</mark>")
        at = span.end
    parts.append(plain(text[at:]))
    return ('<div class="article-text" style="line-height:1.6;white-space:normal">'
            + "".join(parts) + "</div>")


def legend_html() -> str:
    """Return a one-line legend of the evidence colours.

    Returns
    -------
    str
        HTML.
    """
    return " ".join(f'<mark style="background:{c};color:#000;padding:0 4px">'
                    f"{ROLE_WORDS[r]}</mark>" for r, c in ROLE_COLOURS.items())


def header_html(source: Article | None, incident: Incident) -> str:
    """Return the article's headline, source, date and link as an escaped HTML header.

    Parameters
    ----------
    source
        The stored article, ``None`` when it is gone.
    incident
        The incident (its source and URL when the article is gone).

    Returns
    -------
    str
        HTML: a heading and one line of provenance.
    """
    title = source.title if source else ""
    name = (source.source if source else incident.source) or "unknown source"
    url = (source.url if source else incident.url) or ""
    published = (source.published if source else incident.published).date().isoformat()
    link = f" · {link_html(url)}" if url else ""
    demo = " · <strong>DEMO DATA</strong>" if is_demo(incident.article_id) else ""
    return (f'<div class="article-header"><h3 style="margin:0">'
            f"{html.escape(title or '(no headline)')}</h3>"
            f'<div style="color:#555">{html.escape(name)} · published {published}{link}{demo}'
            "</div></div>")


def summary_html(incident: Incident) -> str:
    """Return one escaped line: type, date, place with precision, actors.

    Parameters
    ----------
    incident
        The incident.

    Returns
    -------
    str
        HTML.
    """
    return (f'<div class="incident-summary"><strong>{html.escape(incident.event_type)}</strong>'
            f" · {incident.event_date:%Y-%m-%d} ({html.escape(incident.time_precision)}) · "
            f"{html.escape(incident.location)} ({html.escape(incident.country or 'no country')}"
            f", precision {incident.geo_precision}, ±{incident.uncertainty_km:.0f} km) · "
            f"actors: {html.escape(', '.join(incident.actors) or 'none')}</div>")


def is_demo(article_id: str) -> bool:
    """Whether an article (and so its incidents) is the built-in demo data.

    Parameters
    ----------
    article_id
        The article's id.

    Returns
    -------
    bool
        True for the demo articles.
    """
    return article_id.startswith(DEMO_PREFIX)


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another place the incident's place mention may mean.

    Attributes
    ----------
    place
        The gazetteer entry.
    distance_km
        Great-circle distance from the incident's current point.
    score
        The resolver's score (higher is likelier; comparable within one list).
    """

    place: Place
    distance_km: float
    score: float

    @property
    def label(self) -> str:
        """One line: name, admin-1, country, kind, distance."""
        where = ", ".join(p for p in (self.place.admin1, self.place.country) if p)
        return (f"{self.place.name} ({where or 'no country'}) · {self.place.kind} · "
                f"{self.distance_km:,.0f} km away")


def place_mention(incident: Incident) -> str:
    """Return the place name as the text wrote it (the evidence span), else the location.

    Parameters
    ----------
    incident
        The incident.

    Returns
    -------
    str
        The mention.
    """
    for span in incident.evidence:
        if span.role == "place" and span.text.strip():
            return span.text.strip()
    location = incident.location
    return location[5:] if location.startswith("near ") else location


def alternatives(gazetteer: Gazetteer, incident: Incident, limit: int = 5,
                 query: str | None = None) -> list[Alternative]:
    """Return the other candidate places for the incident's place mention, best first.

    Uses the gazetteer's candidate look-up and the resolver's ranking, with the
    incident's country as context.

    Parameters
    ----------
    gazetteer
        The gazetteer.
    incident
        The incident.
    limit
        At most this many.
    query
        The name to look up; the incident's place mention by default.

    Returns
    -------
    list of Alternative
        Without the place the incident has now.
    """
    name = (query or place_mention(incident)).strip()
    if not name:
        return []
    context = ResolutionContext(
        countries=frozenset({incident.country}) if incident.country else frozenset(),
        main_country=incident.country)
    ranked = rank(gazetteer.candidates(name, fuzzy=True), name, context)
    out: list[Alternative] = []
    for candidate, value in ranked:
        place = candidate.place
        if place.place_id == incident.place_id:
            continue
        out.append(Alternative(place, distance_km(incident.lon, incident.lat, place.lon,
                                                  place.lat), float(value)))
        if len(out) >= limit:
            break
    return out


def pinned_place(lon: float, lat: float, precision: str, country: str = "",
                 admin1: str = "") -> tuple[Place, float | None]:
    """Return the place for a point clicked on the map, and the "near" distance.

    Parameters
    ----------
    lon, lat
        The clicked point.
    precision
        ``site``, ``near`` or ``region`` (:data:`PIN_PRECISIONS`).
    country, admin1
        Kept from the incident (a click does not say them).

    Returns
    -------
    tuple
        The :class:`~geo.core.records.Place` and the ``near_km`` for
        :func:`geo.review.edits.relocate` (``None`` unless ``near``).
    """
    if precision not in PIN_PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PIN_PRECISIONS)}")
    level, radius = PIN_PRECISIONS[precision]
    place = Place(f"point:{lon:.5f},{lat:.5f}", f"{lat:.4f}, {lon:.4f}", round(lon, 6),
                  round(lat, 6), "point", country, admin1, 0,
                  0.0 if precision == "near" else radius, 3 if level == 3 else 1)
    return place, (radius if precision == "near" else None)


@dataclass(frozen=True, slots=True)
class DateChoice:
    """A date the article's text states, as a choice for the incident's date.

    Attributes
    ----------
    value, precision
        The resolved date and its precision.
    text
        The expression as written.
    start, end
        Offsets in the article's full text.
    """

    value: date
    precision: str
    text: str
    start: int
    end: int


def date_choices(source: Article, current: date | None = None) -> list[DateChoice]:
    """Return the other dates the article states (one per day), in text order.

    Parameters
    ----------
    source
        The article (its publication date resolves "on Friday").
    current
        The incident's date, left out of the list.

    Returns
    -------
    list of DateChoice
        One per distinct date.
    """
    text = source.full_text
    found: list[ResolvedDate] = find_dates(text, source.published.date())
    seen: set[date] = set()
    out: list[DateChoice] = []
    for item in found:
        if item.value == current or item.value in seen:
            continue
        seen.add(item.value)
        out.append(DateChoice(item.value, item.precision, text[item.start:item.end],
                              item.start, item.end))
    return out


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Return an incident table for people: date, type, location, actors first.

    Parameters
    ----------
    frame
        Schema columns (a GeoDataFrame's ``geometry`` is dropped).

    Returns
    -------
    pandas.DataFrame
        ``event_date`` as a date (no time), ``published`` as a date, a ``demo``
        flag when any row is demo data, then the other columns, ids last. A
        ``url`` that is not ``http``/``https`` is blanked (it must never become
        a link).
    """
    table = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).copy()
    if "url" in table:
        table["url"] = table["url"].map(lambda u: safe_url(u) if isinstance(u, str) else "")
    for col in ("event_date", "published"):
        if col in table:
            table[col] = pd.to_datetime(table[col], utc=col == "published").dt.date
    if "article_id" in table and table["article_id"].astype(str).map(is_demo).any():
        table["demo"] = table["article_id"].astype(str).map(is_demo)
    first = [c for c in FIRST_COLUMNS if c in table]
    last = [c for c in LAST_COLUMNS if c in table]
    middle = [c for c in table.columns if c not in first and c not in last]
    return table.loc[:, [*first, *middle, *last]]
