"""Incidents per day, for the timeline chart beside the map."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from geo.map.legend import category_of


def daily_counts(frame: pd.DataFrame, colour_by: str = "event_type") -> pd.DataFrame:
    """Count incidents per day and category.

    Parameters
    ----------
    frame
        Incident table.
    colour_by
        ``"event_type"`` or ``"actor"`` (the primary actor), as on the map.

    Returns
    -------
    pandas.DataFrame
        ``day`` (datetime at midnight), ``category`` and ``incidents``, sorted by day.
    """
    if not len(frame):
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"),
                             "category": pd.Series(dtype=str),
                             "incidents": pd.Series(dtype="int64")})
    table = pd.DataFrame({"day": frame["event_date"].dt.normalize(),
                          "category": category_of(frame, colour_by).to_numpy()})
    counts = table.groupby(["day", "category"]).size().rename("incidents").reset_index()
    return counts.sort_values(["day", "category"], ignore_index=True)


def timeline_spec(palette: dict[str, str], first: date, last: date,
                  height: int = 160) -> dict[str, Any]:
    """Return the Vega-Lite spec of the bar chart of incidents per day (data apart).

    The spec depends on the colours and the time window only, not on the
    counts, so a filter change that keeps the window (an actor, a type) sends
    new data to the same chart, which the browser updates in place instead
    of building the chart again.

    Parameters
    ----------
    palette
        ``category -> colour`` (the map's colours).
    first, last
        The time window shown (the filter's, or the data's first and last
        day when the filter has none), inclusive.
    height
        Chart height in pixels.

    Returns
    -------
    dict
        Vega-Lite spec for rows of :func:`timeline_rows` (``day``, ``category``,
        ``incidents``, ``label``), with a point selection named ``day`` on the
        x encoding (its value: midnight UTC of the day, in milliseconds).
        The axis ticks fall on whole days (a week or a month apart for long
        windows) and the time domain spans at least three days, so a single
        selected day is one labelled bar, not a row of repeated labels at
        hourly ticks.
    """
    lo, hi = pd.Timestamp(first), pd.Timestamp(max(first, last))
    span = int((hi - lo).days) + 1
    step = 1 if span <= 14 else 7 if span <= 120 else 30
    pad = pd.Timedelta(days=1)
    domain = [_utc_date(lo - pad), _utc_date(hi + 2 * pad)]
    return {
        "mark": {"type": "bar"},
        "height": height,
        "params": [{"name": "day", "select": {"type": "point", "encodings": ["x"]}}],
        "encoding": {
            # Event dates are calendar days, not instants: read and drawn in UTC, so a
            # browser west of Greenwich neither labels nor selects the day before.
            "x": {"field": "day", "timeUnit": "utcyearmonthdate", "type": "temporal",
                  "title": "event date", "scale": {"type": "utc", "domain": domain},
                  "axis": {"format": "%d %b", "labelOverlap": True,
                           "tickCount": {"interval": "day", "step": step}}},
            # One row per day and category already: stacked as they are, no aggregate.
            "y": {"field": "incidents", "type": "quantitative", "title": "incidents per day",
                  "axis": {"tickMinStep": 1}},
            "color": {"field": "category", "type": "nominal", "title": None,
                      "scale": {"domain": list(palette), "range": list(palette.values())}},
            # Each bar's tooltip and screen-reader label are written once on the server: the
            # browser's Vega evaluates them per bar with a (slow) expression interpreter.
            "tooltip": {"field": "label", "type": "nominal"},
            "description": {"field": "label", "type": "nominal"},
        },
    }


def _utc_date(day: pd.Timestamp) -> dict[str, int | bool]:
    """Return midnight UTC of a day as a Vega-Lite DateTime."""
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def timeline_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`daily_counts` rows as :func:`timeline_spec` draws them.

    Parameters
    ----------
    counts
        ``day``, ``category``, ``incidents`` (one row per day and category).

    Returns
    -------
    pandas.DataFrame
        The same rows, ``day`` as midnight UTC (time-zone aware), with
        ``label``, the bar's tooltip and accessible name ("event date: 19 Oct
        2023; airstrike: 2 incidents").
    """
    # Midnight UTC as an instant: the browser would read a naive timestamp as local time.
    days = pd.to_datetime(counts["day"]).dt.tz_localize("UTC")
    noun = counts["incidents"].map(lambda n: "incident" if n == 1 else "incidents")
    label = ("event date: " + days.dt.strftime("%d %b %Y") + "; " +
             counts["category"].astype(str) + ": " + counts["incidents"].astype(str) + " " + noun)
    return counts.assign(day=days, label=label)
