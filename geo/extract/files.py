"""Load articles from files: plain text, HTML, JSON and JSON Lines, feeds by extension.

Formats: plain text (header lines as :func:`geo.extract.loaders.article_from_text`
reads them), ``.html`` (main text by trafilatura), ``.json`` (one object or a
list) and ``.jsonl`` with fields ``id``, ``title``, ``text``, ``published``
(ISO-8601), ``url``, ``source``, and RSS/Atom feeds (:mod:`geo.extract.feeds`).

Bad input never stops a batch: :func:`load_paths` returns the articles it
could read and one :class:`LoadError` per problem, naming the file and saying
what to do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from geo.core.errors import InputError
from geo.core.records import Article
from geo.extract.feeds import load_feed
from geo.extract.loaders import MAX_ARTICLE_BYTES, article_from_text

MAX_BATCH_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadError:
    """A problem with one input, reported instead of raised in batches.

    Attributes
    ----------
    source
        File name, URL or ``pasted text``.
    message
        What is wrong and what to do.
    """

    source: str
    message: str


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text. Give .txt, .html, "
                         ".json or .jsonl articles.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start}). "
                         "Re-save the file as UTF-8 and load it again.") from exc


def _from_record(record: Any, origin: str, now: datetime | None) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{origin}: expected a JSON object with a 'text' field, "
                         f"got {type(record).__name__}.")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{origin}: the 'text' field is missing or not a string.")
    return article_from_text(
        text, title=str(record.get("title") or ""),
        published=str(record["published"]) if record.get("published") else None,
        url=str(record.get("url") or ""), source=str(record.get("source") or ""),
        article_id=str(record.get("id") or ""), origin=origin, now=now,
    )


def _html_article(raw: str, origin: str, now: datetime | None) -> Article:
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(raw)
    title = (meta.title if meta and meta.title else "") or ""
    published = meta.date if meta and meta.date else None
    url = (meta.url if meta and meta.url else "") or ""
    source = (meta.sitename if meta and meta.sitename else "") or ""
    return article_from_text(text, title=title, published=published, url=url, source=source,
                             origin=origin, now=now)


def load_path(path: Path, now: datetime | None = None) -> list[Article]:
    """Load every article in one file.

    Parameters
    ----------
    path
        ``.txt``, ``.html``/``.htm``, ``.json``, ``.jsonl``, or ``.xml``/``.rss``/``.atom`` feed.
    now
        Fallback publication time.

    Returns
    -------
    list of Article
        One or more articles.

    Raises
    ------
    InputError
        For unreadable, oversized, binary, non-UTF-8 or malformed files.
    """
    name = path.name
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    size = path.stat().st_size
    suffix = path.suffix.lower()
    limit = MAX_BATCH_BYTES if suffix in (".json", ".jsonl") else MAX_ARTICLE_BYTES
    if size > limit:
        raise InputError(f"{name}: {size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit "
                         f"for a {suffix or 'text'} file; split it or use .jsonl.")
    raw = _decode(path.read_bytes(), name)
    return load_text(raw, name, suffix, now)


def load_text(raw: str, name: str, suffix: str, now: datetime | None = None) -> list[Article]:
    """Load articles from already-decoded file content (uploads use this).

    Parameters
    ----------
    raw
        File content.
    name
        File name for messages.
    suffix
        Lower-case extension with the dot (``.txt``).
    now
        Fallback publication time.

    Returns
    -------
    list of Article
        The articles in the content.

    Raises
    ------
    InputError
        For malformed content or an unsupported extension.
    """
    if suffix in (".txt", ".text", ".md", ""):
        return [article_from_text(raw, origin=name, now=now)]
    if suffix in (".html", ".htm"):
        return [_html_article(raw, name, now)]
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: invalid JSON at line {exc.lineno}: {exc.msg}.") from exc
        records = data if isinstance(data, list) else [data]
        return [_from_record(r, f"{name}[{i}]", now) for i, r in enumerate(records)]
    if suffix == ".jsonl":
        out = []
        for lineno, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{name}: invalid JSON on line {lineno}: {exc.msg}.") from exc
            out.append(_from_record(record, f"{name}:{lineno}", now))
        return out
    if suffix in (".xml", ".rss", ".atom"):
        return load_feed(raw, name, now)
    raise InputError(f"{name}: unsupported file type {suffix!r}. Use .txt, .html, .json, "
                     ".jsonl or an RSS/Atom feed.")


def load_paths(
    paths: Iterable[Path], now: datetime | None = None
) -> tuple[list[Article], list[LoadError]]:
    """Load many files; problems are collected, the rest still loads.

    Parameters
    ----------
    paths
        Files to read.
    now
        Fallback publication time.

    Returns
    -------
    tuple
        ``(articles, errors)``.
    """
    articles: list[Article] = []
    errors: list[LoadError] = []
    for path in paths:
        try:
            articles.extend(load_path(Path(path), now))
        except InputError as exc:
            errors.append(LoadError(str(path), str(exc)))
        except OSError as exc:
            errors.append(LoadError(str(path), f"{path}: cannot be read ({exc.strerror})."))
    return articles, errors
