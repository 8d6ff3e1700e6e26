"""Incident popups and tooltips: every value from an article HTML-escaped.

A marker stands for one incident or for several at the same point; a stack
opens one popup that lists them ("4 incidents here"), each expandable to its
full popup, so every incident can be opened by clicks alone.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from geo.io.frame import LIST_SEPARATOR

PRECISION_WORDS = {1: "site/town", 2: "near a site/town", 3: "region/country"}
MAX_QUOTE_CHARS = 600


def _esc(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


def _day(row: pd.Series) -> str:
    return pd.Timestamp(row["event_date"]).date().isoformat()


def incident_title(row: pd.Series) -> str:
    """Return a one-line, unescaped summary: ``"type · day · place"``.

    Parameters
    ----------
    row
        One incident row.

    Returns
    -------
    str
        Plain text (escape before putting it into HTML).
    """
    return f"{row['event_type']} · {_day(row)} · {row['location']}"


def _confidence(row: pd.Series) -> str:
    value: Any = row.get("confidence")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if math.isnan(number):
        return ""
    word = "high" if number >= 0.75 else "medium" if number >= 0.5 else "low"
    return f"<br><b>Confidence:</b> {number:.2f} ({word}, machine estimate)"


def popup_html(row: pd.Series) -> str:
    """Return the escaped HTML of an incident popup.

    Parameters
    ----------
    row
        One incident row.

    Returns
    -------
    str
        Date, type, actors, location with precision, confidence (when the
        store has it), quote and a source link; every value escaped, links only
        for http(s) URLs. The outer element carries ``data-incident`` (the id).
    """
    precision = int(row["geo_precision"])
    actors = _esc(str(row["actors"]).replace(LIST_SEPARATOR, ", ")) or "unknown"
    url = str(row.get("url") or "")
    link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f'{_esc(row.get("source") or url)}</a>' if url.startswith(("http://", "https://"))
            else _esc(row.get("source") or "no link"))
    quote = _esc(row.get("quote") or "")
    if len(quote) > MAX_QUOTE_CHARS:
        quote = quote[:MAX_QUOTE_CHARS] + "…"
    casualties = []
    if pd.notna(row.get("fatalities")):
        casualties.append(f"{int(row['fatalities'])} killed")
    if pd.notna(row.get("injuries")):
        casualties.append(f"{int(row['injuries'])} injured")
    admin1 = _esc(row.get("admin1") or "")
    return (
        f'<div class="incident-popup" data-incident="{_esc(row["incident_id"])}" '
        f'style="font:13px/1.4 system-ui,sans-serif;">'
        f"<b>{_esc(row['event_type'])}</b> · {_day(row)} ({_esc(row['time_precision'])})<br>"
        f"<b>Where:</b> {_esc(row['location'])}{', ' + admin1 if admin1 else ''}"
        f" {_esc(row['country'])} — precision {precision} ({PRECISION_WORDS[precision]}), "
        f"±{float(row['uncertainty_km']):.0f} km<br>"
        f"<b>Actors:</b> {actors}"
        + (f"<br><b>Claimed by:</b> {_esc(row['claimed_by'])}" if row.get("claimed_by") else "")
        + (f"<br><b>Casualties:</b> {', '.join(casualties)}" if casualties else "")
        + _confidence(row)
        + f"<br><i>“{quote}”</i><br><b>Source:</b> {link}</div>"
    )


def stack_popup_html(rows: Sequence[pd.Series], open_id: str | None = None) -> str:
    """Return the popup of several incidents at one point: a list, each expandable.

    Parameters
    ----------
    rows
        The incidents drawn by one marker (at least two).
    open_id
        An incident shown expanded (the focused one).

    Returns
    -------
    str
        ``"N incidents here"`` and one ``<details>`` per incident (its summary
        line; its full popup when opened), newest first.
    """
    ordered = sorted(rows, key=lambda r: (pd.Timestamp(r["event_date"]), str(r["incident_id"])),
                     reverse=True)
    items = "".join(
        f'<details class="stack-item" data-incident="{_esc(r["incident_id"])}"'
        f'{" open" if open_id is not None and r["incident_id"] == open_id else ""}>'
        f'<summary style="cursor:pointer;">{_esc(incident_title(r))}</summary>'
        f"{popup_html(r)}</details>" for r in ordered)
    return (f'<div class="incident-stack-popup" style="font:13px/1.4 system-ui,sans-serif;">'
            f"<b>{len(ordered)} incidents here</b> — open one:{items}</div>")


def tooltip_text(rows: Sequence[pd.Series]) -> str:
    """Return the escaped tooltip of a marker standing for one or more incidents.

    Parameters
    ----------
    rows
        The marker's incidents.

    Returns
    -------
    str
        The summary line, or ``"N incidents here: place"``.
    """
    if len(rows) == 1:
        return html.escape(incident_title(rows[0]))
    return html.escape(f"{len(rows)} incidents here: {rows[0]['location']} (click for the list)")
