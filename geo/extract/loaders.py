"""Articles from plain text: header lines, publication dates, language, ids (the input edge).

Plain text may carry header lines ``Title:``, ``Published:``, ``URL:``,
``Source:`` at the top, or a ``Published:`` line at the very end as many sites
print it. Files and feeds (:mod:`geo.extract.files`, :mod:`geo.extract.feeds`)
come through :func:`article_from_text` too. Non-English text is kept and
flagged; a missing or malformed date is replaced by an assumed one, and the note
says which.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime

import dateparser

from geo.core.errors import InputError
from geo.core.records import Article
from geo.reading.plaintext import safe_url

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MIN_TEXT_CHARS = 20
_HEADER = re.compile(r"^(title|published|date|url|source)\s*:\s*(.*)$", re.IGNORECASE)


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
