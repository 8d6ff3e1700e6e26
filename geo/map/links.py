"""Shared links that say what they dropped.

A link to a view carries its filters as URL query parameters (see
:func:`geo.query.filters.to_query`). :func:`parse_link` reads them against what the
store holds and returns the filter it can apply *and* one warning per value it
ignored or changed, naming the parameter and saying why, so a page can show
"this link asked for ``actor=Nobody``; no incident has that actor" instead of
quietly showing everything.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from geo.query.filters import QUERY_KEYS, IncidentFilter

#: Parameters that belong to pages, not to the filter (never reported as unknown).
PAGE_PARAMS = frozenset({"focus", "slide", "briefing", "embed", "embed_options"})
PRECISION_VALUES = ("1", "2", "3")


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """What a link's values are checked against (the store's filter options).

    Attributes
    ----------
    first_day, last_day
        Event-date range of the stored incidents; ``None`` when there are none.
    actors, event_types, countries, admin1
        Values present in the store.
    """

    first_day: date | None
    last_day: date | None
    actors: Collection[str]
    event_types: Collection[str]
    countries: Collection[str]
    admin1: Collection[str]

    @classmethod
    def from_facets(cls, facets: object) -> LinkOptions:
        """Build the options from :class:`geo.query.points.Facets`.

        Parameters
        ----------
        facets
            An object with ``first_day``, ``last_day``, ``actors``,
            ``event_types``, ``countries`` and ``admin1`` (pairs of country and
            admin-1 name).

        Returns
        -------
        LinkOptions
            Sets of the values.
        """
        admin1 = {pair[1] if isinstance(pair, tuple) else str(pair)
                  for pair in getattr(facets, "admin1", ())}
        return cls(first_day=getattr(facets, "first_day", None),
                   last_day=getattr(facets, "last_day", None),
                   actors=frozenset(getattr(facets, "actors", ())),
                   event_types=frozenset(getattr(facets, "event_types", ())),
                   countries=frozenset(getattr(facets, "countries", ())),
                   admin1=frozenset(admin1))


def _shown(key: str, value: str) -> str:
    short = value if len(value) <= 60 else value[:57] + "..."
    return f"{key}={short}"


def _read_day(key: str, values: Sequence[str], warnings: list[str]) -> date | None:
    if not values:
        return None
    for extra in values[1:]:
        warnings.append(f"{_shown(key, extra)}: only the first '{key}' is used; ignored.")
    text = values[0].strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        warnings.append(f"{_shown(key, text)}: not a calendar date (use YYYY-MM-DD); ignored.")
        return None


def _keep_known(key: str, values: Sequence[str], pool: Collection[str], what: str,
                warnings: list[str], normalise: bool = False) -> tuple[str, ...]:
    kept: list[str] = []
    for raw in values:
        value = raw.strip().upper() if normalise else raw.strip()
        if not value:
            continue
        if value in pool:
            if value not in kept:
                kept.append(value)
        else:
            warnings.append(f"{_shown(key, raw)}: no stored incident has this {what}; "
                            "ignored.")
    return tuple(kept)


def parse_link(params: Mapping[str, Sequence[str]], options: LinkOptions,
               page_params: Iterable[str] = PAGE_PARAMS) -> tuple[IncidentFilter, list[str]]:
    """Read a link's query parameters into a filter, with a warning per dropped value.

    Parameters
    ----------
    params
        Parameter name -> values (repeated parameters give several values).
    options
        What the store holds: the date range and the values of each facet.
    page_params
        Parameters a page reads itself (``focus`` ...): neither used nor reported.

    Returns
    -------
    tuple
        ``(filter, warnings)``: the filter restricted to what can be applied,
        and one sentence per ignored or changed parameter value, in the order
        of the parameters.
    """
    warnings: list[str] = []
    known = set(QUERY_KEYS.values()) | set(page_params)
    for key, values in params.items():
        if key not in known:
            shown = ", ".join(_shown(key, v) for v in values) or key
            warnings.append(f"{shown}: not a filter this app knows; ignored.")
    start = _read_day("from", list(params.get("from") or []), warnings)
    end = _read_day("to", list(params.get("to") or []), warnings)
    first, last = options.first_day, options.last_day
    if start and end and start > end:
        warnings.append(f"from={start} is after to={end}: the window is empty; both ignored.")
        start = end = None
    if first is None or last is None:
        for key, day in (("from", start), ("to", end)):
            if day is not None:
                warnings.append(f"{key}={day}: the store has no incidents yet; ignored.")
        start = end = None
    else:
        if (start and start > last) or (end and end < first):
            warnings.append(
                f"the window {start or '...'} to {end or '...'} lies outside the stored "
                f"incidents ({first} to {last}): it would show nothing; ignored.")
            start = end = None
        if start and start < first:
            warnings.append(f"from={start} is before the first incident: the window starts "
                            f"at {first}.")
            start = first
        if end and end > last:
            warnings.append(f"to={end} is after the last incident: the window ends at {last}.")
            end = last
    raw_precisions = [v.strip() for v in params.get("precision") or [] if v.strip()]
    precisions: list[int] = []
    for value in raw_precisions:
        if value in PRECISION_VALUES:
            if int(value) not in precisions:
                precisions.append(int(value))
        else:
            warnings.append(f"{_shown('precision', value)}: precision is 1, 2 or 3; ignored.")
    flt = IncidentFilter(
        start=start, end=end,
        actors=_keep_known("actor", list(params.get("actor") or []), options.actors,
                           "actor", warnings),
        event_types=_keep_known("type", list(params.get("type") or []), options.event_types,
                                "event type", warnings),
        countries=_keep_known("country", list(params.get("country") or []),
                              options.countries, "country code", warnings, normalise=True),
        admin1=_keep_known("admin1", list(params.get("admin1") or []), options.admin1,
                           "admin-1 unit", warnings),
        precisions=tuple(precisions),
    )
    return flt, warnings
