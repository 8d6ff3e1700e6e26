"""Incidents per day, for the timeline chart beside the map."""

from __future__ import annotations

import pandas as pd

from geo.mapping import category_of


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
