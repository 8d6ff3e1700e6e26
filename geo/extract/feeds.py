"""Load the entries of RSS and Atom feeds (feedparser; HTML bodies by trafilatura)."""

from __future__ import annotations

from datetime import datetime

from geo.core.errors import InputError
from geo.core.records import Article
from geo.extract.loaders import article_from_text


def load_feed(source: str, name: str = "feed", now: datetime | None = None) -> list[Article]:
    """Load the entries of an RSS/Atom feed (a URL needs the network).

    Parameters
    ----------
    source
        Feed XML, a file path or a URL.
    name
        Name for messages.
    now
        Fallback publication time.

    Returns
    -------
    list of Article
        One per entry with text.

    Raises
    ------
    InputError
        When the feed cannot be read or parsed.
    """
    import feedparser

    parsed = feedparser.parse(source)
    if parsed.get("bozo") and not parsed.get("entries"):
        raise InputError(f"{name}: not a readable RSS/Atom feed "
                         f"({parsed.get('bozo_exception', 'parse error')}).")
    out = []
    for entry in parsed.get("entries", []):
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        if "<" in body:
            import trafilatura

            body = trafilatura.extract(f"<html><body>{body}</body></html>") or body
        try:
            out.append(article_from_text(
                body, title=entry.get("title", ""), published=entry.get("published"),
                url=entry.get("link", ""), source=parsed.get("feed", {}).get("title", ""),
                origin=f"{name}: {entry.get('title', '')}", now=now,
            ))
        except InputError:
            continue
    return out
