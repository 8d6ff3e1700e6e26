"""Article content is text, never markup: escaping for Markdown and HTML, safe links.

Titles, quotes, sources, file names and article text come from outside the
newsroom. Wherever they are shown they must read as the characters they are:
no Markdown image (a planted ``![px](http://host/track.png)`` would make a
reviewer's browser call out), no link, no HTML. Only ``http`` and ``https``
URLs become links; ``javascript:``, ``data:`` and every other scheme are kept
as text at most.
"""

from __future__ import annotations

import html
import re
import string
from urllib.parse import urlsplit

#: Schemes that may become a link.
LINK_SCHEMES = ("http", "https")
_PUNCTUATION = frozenset(string.punctuation)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def escape_markdown(text: str) -> str:
    """Return text that Markdown (Streamlit's flavour included) shows as it is.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows
    that for each of them), so no image, link, emphasis, HTML tag, heading,
    table, LaTeX ``$``, ``:colour[...]`` directive or autolinked URL can form.
    Line breaks are kept as hard breaks.

    Parameters
    ----------
    text
        Untrusted text.

    Returns
    -------
    str
        Markdown source that renders as ``text``.
    """
    out = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "  \n")


def escape_html(text: str) -> str:
    """Return text escaped for HTML content and attribute values.

    Parameters
    ----------
    text
        Untrusted text.

    Returns
    -------
    str
        ``&``, ``<``, ``>``, ``"`` and ``'`` escaped.
    """
    return html.escape(text, quote=True)


def safe_url(url: str | None) -> str:
    """Return the URL when it may be a link (``http``/``https`` with a host), else ``""``.

    Parameters
    ----------
    url
        Untrusted URL (leading/trailing white space is ignored).

    Returns
    -------
    str
        The stripped URL, or an empty string for ``javascript:``, ``data:``,
        ``file:``, relative or malformed URLs and URLs with control characters.
    """
    if not url:
        return ""
    value = url.strip()
    if _CONTROL.search(value) or " " in value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return ""
    return value


def link_html(url: str | None, text: str | None = None) -> str:
    """Return an escaped ``<a>`` for an http(s) URL, else the escaped text alone.

    Parameters
    ----------
    url
        Untrusted URL.
    text
        What the link says; the URL itself by default.

    Returns
    -------
    str
        HTML.
    """
    label = escape_html(text if text is not None else (url or ""))
    good = safe_url(url)
    if not good:
        return label
    return (f'<a href="{escape_html(good)}" target="_blank" rel="noopener noreferrer '
            f'nofollow">{label}</a>')
