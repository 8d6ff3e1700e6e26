"""Load articles from pasted text, files and feeds (the input edge of the pipeline).

Formats: plain text (optional header lines ``Title:``, ``Published:``,
``URL:``, ``Source:`` at the top, or a ``Published:`` line at the very end as
many sites print it), ``.html`` (main text by trafilatura), ``.json`` (one
object or a list) and ``.jsonl`` with fields ``id``, ``title``, ``text``,
``published`` (ISO-8601), ``url``, ``source``, and RSS/Atom feeds (feedparser).

Bad input never stops a batch: :func:`load_paths` returns the articles it
could read and one :class:`LoadError` per problem, naming the file and saying
what to do. Non-English text is kept and flagged; a missing or malformed date
is replaced by an assumed one, and the note says which.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dateparser

from geo.core.errors import InputError
from geo.core.records import Article
from geo.reading.plaintext import safe_url

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_BATCH_BYTES = 200 * 1024 * 1024
MIN_TEXT_CHARS = 20
_HEADER = re.compile(r"^(title|published|date|url|source)\s*:\s*(.*)$", re.IGNORECASE)


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


def article_id_for(url: str, text: str) -> str:
    """Return a stable article id from its URL, else from its text.

    Parameters
    ----------
    url
        Canonical URL, may be empty.
    text
        Body text.

    Returns
    -------
    str
        16 hex characters of SHA-256.
    """
    basis = url.strip() or re.sub(r"\s+", " ", text.strip())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def detect_language(text: str) -> str:
    """Guess the language family from the script of the letters.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        ``en`` for mostly Latin script, ``ar`` for Arabic script, ``ru`` for
        Cyrillic, ``he`` for Hebrew, ``fa``-like scripts fall under ``ar``,
        ``und`` otherwise.
    """
    counts: dict[str, int] = {}
    for ch in text[:20000]:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = name.split(" ")[0] if name else ""
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "und"
    script = max(counts, key=lambda k: counts[k])
    return {"LATIN": "en", "ARABIC": "ar", "CYRILLIC": "ru", "HEBREW": "he"}.get(script, "und")


def parse_published(value: str | None, fallback: datetime) -> tuple[datetime, str | None]:
    """Parse a publication date; fall back and say so when it cannot.

    Parameters
    ----------
    value
        ISO-8601 or a human date such as ``28 Oct 2023, 1:48 PM``.
    fallback
        Date assumed when ``value`` is missing or malformed.

    Returns
    -------
    tuple
        A timezone-aware datetime (UTC when the text has no zone) and a note,
        or ``None`` when nothing was assumed.
    """
    if not value or not value.strip():
        return fallback, f"no publication date given; assumed {fallback:%Y-%m-%d}"
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False,
                                                  "PREFER_DAY_OF_MONTH": "first"},
                                  languages=["en"])
    if parsed is None:
        return fallback, (f"publication date {text!r} could not be read; "
                          f"assumed {fallback:%Y-%m-%d}")
    note = None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
        note = f"publication date {text!r} has no time zone; assumed UTC"
    return parsed, note


def stated_published(text: str) -> str | None:
    """Return the publication date a pasted text states in a header line, if any.

    Parameters
    ----------
    text
        Pasted text with optional ``Published:``/``Date:`` lines at the top or
        a ``Published:`` line at the end (see :func:`article_from_text`).

    Returns
    -------
    str or None
        The header's value as written, ``None`` when the text states none.
    """
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    top = 0
    while top < len(lines) and (m := _HEADER.match(lines[top])):
        if m.group(1).lower() in ("published", "date") and m.group(2).strip():
            return m.group(2).strip()
        top += 1
    tail = [ln for ln in lines[top:] if ln]
    if tail and (m := _HEADER.match(tail[-1])) and m.group(1).lower() in ("published", "date"):
        return m.group(2).strip() or None
    return None


def check_paste_size(text: str, origin: str = "pasted text") -> None:
    """Refuse pasted text over the upload limit (:data:`MAX_ARTICLE_BYTES`).

    Parameters
    ----------
    text
        The pasted text.
    origin
        Name used in the message.

    Raises
    ------
    InputError
        When the UTF-8 text is larger than a single uploaded article may be.
    """
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{origin}: {size:,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes "
            f"({MAX_ARTICLE_BYTES / 2**20:.0f} MiB) for one article, the same as for an "
            "uploaded file. Paste one article at a time, or upload a .jsonl file with one "
            "article per line.")


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text. Give .txt, .html, "
                         ".json or .jsonl articles.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start}). "
                         "Re-save the file as UTF-8 and load it again.") from exc


def article_from_text(
    text: str,
    *,
    title: str = "",
    published: str | None = None,
    url: str = "",
    source: str = "",
    article_id: str = "",
    origin: str = "pasted text",
    now: datetime | None = None,
) -> Article:
    """Build an :class:`~geo.core.records.Article` from plain text with optional headers.

    Parameters
    ----------
    text
        Body; header lines (``Title:``, ``Published:``, ``URL:``, ``Source:``)
        at the top, or a ``Published:`` line at the end, are read and removed.
    title, published, url, source, article_id
        Values that win over headers when given.
    origin
        Name used in error messages.
    now
        Fallback publication time (the current time by default).

    Returns
    -------
    Article
        With ``notes`` saying what was assumed.

    Raises
    ------
    InputError
        When the text is empty or too short to hold an article.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    headers: dict[str, str] = {}
    while lines and (m := _HEADER.match(lines[0].strip())):
        headers.setdefault(m.group(1).lower(), m.group(2).strip())
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and (m := _HEADER.match(lines[-1].strip())) and m.group(1).lower() in (
        "published", "date",
    ):
        headers.setdefault(m.group(1).lower(), m.group(2).strip())
        lines.pop()
    body = "\n".join(lines).strip()
    if len(body) < MIN_TEXT_CHARS:
        raise InputError(f"{origin}: no article text (empty or under {MIN_TEXT_CHARS} "
                         "characters). Paste the full article.")
    if not title:
        title = headers.get("title") or next((ln.strip() for ln in lines if ln.strip()), "")
    notes: list[str] = []
    fallback = now or datetime.now(UTC)
    when, note = parse_published(published or headers.get("published") or headers.get("date"),
                                 fallback)
    if note:
        notes.append(note)
    language = detect_language(body)
    if language != "en":
        notes.append(f"text is not English (script: {language}); kept but not parsed")
    given_url = (url or headers.get("url", "")).strip()
    url = safe_url(given_url)
    if given_url and not url:
        notes.append(f"URL {given_url[:80]!r} is not an http(s) link; it was dropped")
    return Article(
        article_id=article_id or article_id_for(url, body), title=title[:500], text=body,
        published=when, url=url, source=source or headers.get("source", ""),
        language=language, notes=tuple(notes),
    )


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
