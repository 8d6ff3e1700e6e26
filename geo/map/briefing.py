"""Briefings: named sequences of saved map views, stored and exchanged as small JSON files."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from geo.core.errors import InputError
from geo.query.filters import IncidentFilter, from_query, to_query
from geo.store.base import BaseStore

FORMAT = "incidentmap-briefing/1"
MAX_CAPTION_CHARS = 500


@dataclass(frozen=True, slots=True)
class Slide:
    """One saved view: filters, time window, map centre and zoom, and a caption.

    Attributes
    ----------
    caption
        Text shown with the slide.
    filters
        URL-style filter parameters (see :func:`geo.query.filters.to_query`).
    colour_by
        ``"event_type"`` or ``"actor"``.
    center
        ``(lat, lon)`` of the map, or ``None`` to fit the incidents.
    zoom
        Zoom level, or ``None`` to fit.
    """

    caption: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    colour_by: str = "event_type"
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def incident_filter(self) -> IncidentFilter:
        """Return the slide's filter.

        Returns
        -------
        IncidentFilter
            Rebuilt from the stored parameters.
        """
        return from_query(self.filters)


def slide_from(flt: IncidentFilter, caption: str, colour_by: str = "event_type",
               center: tuple[float, float] | None = None, zoom: int | None = None) -> Slide:
    """Return a slide for the current view.

    Parameters
    ----------
    flt
        The filter in force.
    caption
        Caption for the slide.
    colour_by
        Colouring in force.
    center, zoom
        Map view, when known.

    Returns
    -------
    Slide
        The validated slide.

    Raises
    ------
    InputError
        For an empty or over-long caption or an unknown colouring.
    """
    caption = caption.strip()
    if not caption:
        raise InputError("Give the slide a caption: it is what the room reads.")
    if len(caption) > MAX_CAPTION_CHARS:
        raise InputError(f"A caption is at most {MAX_CAPTION_CHARS} characters.")
    if colour_by not in ("event_type", "actor"):
        raise InputError(f"Unknown colouring {colour_by!r}.")
    return Slide(caption, to_query(flt), colour_by, center, zoom)


def add_slide(store: BaseStore, briefing: str, slide: Slide) -> int:
    """Append a slide to a briefing (created on first use).

    Parameters
    ----------
    store
        The store.
    briefing
        Briefing name.
    slide
        The slide.

    Returns
    -------
    int
        Its position (0-based).
    """
    name = briefing.strip()
    if not name:
        raise InputError("Name the briefing the view is added to.")
    with store.write() as con:
        position = int(con.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM slides WHERE "
                                   "briefing = ?", (name,)).fetchone()[0])
        lat, lon = slide.center if slide.center else (None, None)
        con.execute("INSERT INTO slides VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (name, position, slide.caption, json.dumps(slide.filters), slide.colour_by,
                     lat, lon, slide.zoom))
    return position


def _rewrite(store: BaseStore, briefing: str, deck: list[Slide]) -> None:
    """Replace a briefing's slides by ``deck`` in one transaction."""
    with store.write() as con:
        con.execute("DELETE FROM slides WHERE briefing = ?", (briefing,))
        for position, slide in enumerate(deck):
            lat, lon = slide.center if slide.center else (None, None)
            con.execute("INSERT INTO slides VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (briefing, position, slide.caption, json.dumps(slide.filters),
                         slide.colour_by, lat, lon, slide.zoom))


def _checked_position(deck: list[Slide], position: int) -> None:
    if not 0 <= position < len(deck):
        raise InputError(f"There is no slide {position + 1}; the briefing has {len(deck)}.")


def update_slide(store: BaseStore, briefing: str, position: int, *,
                 caption: str | None = None, center: tuple[float, float] | None = None,
                 zoom: int | None = None) -> Slide:
    """Change a slide's caption and/or map view.

    Parameters
    ----------
    store
        The store.
    briefing
        Briefing name.
    position
        The slide (0-based).
    caption
        New caption (validated as in :func:`slide_from`); unchanged when ``None``.
    center, zoom
        New map view; unchanged when ``None``.

    Returns
    -------
    Slide
        The slide as stored.

    Raises
    ------
    InputError
        For an unknown slide or an invalid caption.
    """
    deck = slides(store, briefing)
    _checked_position(deck, position)
    old = deck[position]
    new = slide_from(from_query(old.filters), old.caption if caption is None else caption,
                     old.colour_by, center if center is not None else old.center,
                     zoom if zoom is not None else old.zoom)
    new = replace(new, filters=old.filters)
    deck[position] = new
    _rewrite(store, briefing, deck)
    return new


def move_slide(store: BaseStore, briefing: str, position: int, offset: int) -> int:
    """Move a slide earlier (negative offset) or later in its briefing.

    Parameters
    ----------
    store
        The store.
    briefing
        Briefing name.
    position
        The slide (0-based).
    offset
        Places to move; clipped to the ends of the briefing.

    Returns
    -------
    int
        The slide's new position.
    """
    deck = slides(store, briefing)
    _checked_position(deck, position)
    target = max(0, min(len(deck) - 1, position + offset))
    deck.insert(target, deck.pop(position))
    _rewrite(store, briefing, deck)
    return target


def delete_slide(store: BaseStore, briefing: str, position: int) -> int:
    """Delete a slide (the briefing disappears with its last slide).

    Parameters
    ----------
    store
        The store.
    briefing
        Briefing name.
    position
        The slide (0-based).

    Returns
    -------
    int
        Slides left.
    """
    deck = slides(store, briefing)
    _checked_position(deck, position)
    del deck[position]
    _rewrite(store, briefing, deck)
    return len(deck)


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def describe_filter(flt: IncidentFilter) -> str:
    """Say in words what a filter shows (for captions and slide images).

    Parameters
    ----------
    flt
        The filter.

    Returns
    -------
    str
        E.g. ``"18 Oct 2023 – 24 Oct 2023 · event types: drone attack, airstrike ·
        actors: US forces"``; ``"all incidents"`` when nothing is restricted.
    """
    parts = []
    if flt.start and flt.end and flt.start == flt.end:
        parts.append(_day(flt.start))
    elif flt.start or flt.end:
        parts.append(f"{_day(flt.start) if flt.start else 'first'} – "
                     f"{_day(flt.end) if flt.end else 'latest'}")
    else:
        parts.append("all dates")
    for label, values in (("event types", flt.event_types), ("actors", flt.actors),
                          ("countries", flt.countries), ("admin-1", flt.admin1)):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if flt.precisions:
        parts.append("precision " + ", ".join(str(p) for p in flt.precisions))
    return " · ".join(parts)


def slide_subtitle(slide: Slide, incidents: int) -> str:
    """Return the date-and-filter line shown under a slide's caption.

    Parameters
    ----------
    slide
        The slide.
    incidents
        How many incidents it shows.

    Returns
    -------
    str
        The filter in words and the count, e.g. ``"all dates · event types:
        airstrike · 12 incidents"``.
    """
    return f"{describe_filter(slide.incident_filter())} · {incidents:,} incidents"


def briefings(store: BaseStore) -> list[str]:
    """Return the names of the stored briefings.

    Parameters
    ----------
    store
        The store.

    Returns
    -------
    list of str
        Sorted names.
    """
    with store.read() as con:
        return [r[0] for r in con.execute("SELECT DISTINCT briefing FROM slides ORDER BY 1")]


def slides(store: BaseStore, briefing: str) -> list[Slide]:
    """Return a briefing's slides in order.

    Parameters
    ----------
    store
        The store.
    briefing
        Its name.

    Returns
    -------
    list of Slide
        Empty for an unknown briefing.
    """
    with store.read() as con:
        rows = con.execute("SELECT caption, filters, colour_by, center_lat, center_lon, zoom "
                           "FROM slides WHERE briefing = ? ORDER BY position",
                           (briefing,)).fetchall()
    return [Slide(r[0], json.loads(r[1]), r[2], (r[3], r[4]) if r[3] is not None else None,
                  r[5]) for r in rows]


def export_briefing(store: BaseStore, briefing: str) -> dict[str, Any]:
    """Return a briefing as a small JSON-ready document.

    Parameters
    ----------
    store
        The store.
    briefing
        Its name.

    Returns
    -------
    dict
        ``format``, ``name`` and ``slides``.
    """
    return {"format": FORMAT, "name": briefing,
            "slides": [asdict(s) for s in slides(store, briefing)]}


def import_briefing(store: BaseStore, document: Any) -> str:
    """Store a briefing from a document written by :func:`export_briefing`.

    Parameters
    ----------
    store
        The store.
    document
        Parsed JSON.

    Returns
    -------
    str
        The briefing's name (slides are appended when it exists).

    Raises
    ------
    InputError
        When the document is not a briefing file.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"Not a briefing file: expected \"format\": \"{FORMAT}\".")
    name = str(document.get("name") or "").strip()
    items = document.get("slides")
    if not name or not isinstance(items, list):
        raise InputError("A briefing file needs a name and a list of slides.")
    for item in items:
        if not isinstance(item, dict):
            raise InputError("Each slide must be an object.")
        flt = from_query({k: [str(v) for v in vs] for k, vs in
                          (item.get("filters") or {}).items() if isinstance(vs, list)})
        center = item.get("center")
        slide = slide_from(flt, str(item.get("caption") or ""),
                           str(item.get("colour_by") or "event_type"),
                           (float(center[0]), float(center[1])) if center else None,
                           int(item["zoom"]) if item.get("zoom") is not None else None)
        add_slide(store, name, slide)
    return name
