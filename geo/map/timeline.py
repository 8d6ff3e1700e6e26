"""Incidents per day, for the timeline chart beside the map."""

from __future__ import annotations

import altair as alt
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


def timeline_chart(counts: pd.DataFrame, palette: dict[str, str],
                   height: int = 160) -> alt.Chart:
    """Return the bar chart of incidents per day, one tick label per day at most.

    Parameters
    ----------
    counts
        From :func:`daily_counts` (``day``, ``category``, ``incidents``).
    palette
        ``category -> colour`` (the map's colours).
    height
        Chart height in pixels.

    Returns
    -------
    altair.Chart
        With a point selection named ``day`` on the x encoding. The axis ticks
        fall on whole days (a week or more apart for long windows) and the time
        domain spans at least three days, so a single selected day is one
        labelled bar, not a row of repeated labels at hourly ticks.
    """
    days = pd.to_datetime(counts["day"]) if len(counts) else pd.Series(dtype="datetime64[ns]")
    first = days.min() if len(days) else pd.Timestamp("2000-01-01")
    last = days.max() if len(days) else first
    span = int((last - first).days) + 1
    step = 1 if span <= 14 else 7 if span <= 120 else 30
    pad = pd.Timedelta(days=1)
    domain = [(first - pad).isoformat(), (last + pad + pd.Timedelta(days=1)).isoformat()]
    pick = alt.selection_point(name="day", encodings=["x"])
    chart: alt.Chart = (alt.Chart(counts).mark_bar()
            .encode(x=alt.X("yearmonthdate(day):T", title="event date",
                            scale=alt.Scale(domain=domain),
                            axis=alt.Axis(format="%d %b", labelOverlap=True,
                                          tickCount={"interval": "day", "step": step})),
                    y=alt.Y("sum(incidents):Q", title="incidents per day",
                            axis=alt.Axis(tickMinStep=1)),
                    color=alt.Color("category:N", title=None, scale=alt.Scale(
                        domain=list(palette), range=list(palette.values()))),
                    tooltip=["yearmonthdate(day):T", "category:N", "sum(incidents):Q"])
            .add_params(pick).properties(height=height))
    return chart
