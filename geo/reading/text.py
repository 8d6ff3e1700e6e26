"""Sentence and clause segmentation with character offsets (pure, regex-based)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n\s*\n|\n")
#: A line at least this long that does not end a sentence is hard-wrapped prose.
WRAPPED_LINE_CHARS = 60
_LINE_END_PUNCT = ".!?:;\"”’')]"
#: Boundaries between clauses that usually report different events or context.
CLAUSE_BOUNDARY = re.compile(
    r"\s[—–]\s|\s--\s|;|,?\s\bwhich\b|\bwho\b|\bfollowed\b|\bfollowing\b|\bafter\b|"
    r"\bcomes as\b|\bcame as\b|\bamid\b|\bwhile\b|\bas part of\b|\bsince\b|\bbecause\b|"
    r"\bdue to\b|\bbut\b|\bwhereas\b|"
    r"\band\b(?=\s+(?:also\s+|then\s+|later\s+)?(?:shot|hit|struck|fired|launched|killed|"
    r"attacked|shelled|bombed|intercepted|downed|destroyed|targeted|carried)\b)"
)
_ABBREVIATIONS = re.compile(r"\b(?:U\.S|U\.K|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|St|No|Jan|Feb|Aug|"
                            r"Sept|Oct|Nov|Dec|a\.m|p\.m)\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Split a text into sentence spans.

    Parameters
    ----------
    text
        Article text; line breaks end sentences (headlines, captions).

    Returns
    -------
    list of (start, end)
        Character offsets of non-empty sentences, in order.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group() and _ABBREVIATIONS.search(text[max(0, m.start() - 6):m.start()]):
            continue
        if m.group() == "\n" and _soft_newline(text, m.start()):
            continue
        if text[start:m.start()].strip():
            spans.append(_trim(text, start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _soft_newline(text: str, pos: int) -> bool:
    """Whether the single newline at ``pos`` only wraps a long line of prose."""
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos].rstrip()
    nxt = text[pos + 1:pos + 2]
    return len(line) >= WRAPPED_LINE_CHARS and line[-1:] not in _LINE_END_PUNCT and nxt != ""


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one sentence span into clause spans at :data:`CLAUSE_BOUNDARY`.

    Parameters
    ----------
    text
        The full text.
    start, end
        The sentence span.

    Returns
    -------
    list of (start, end)
        Clause spans covering the sentence (boundary words start the next clause).
    """
    out: list[tuple[int, int]] = []
    cursor = start
    for m in CLAUSE_BOUNDARY.finditer(text, start, end):
        if text[cursor:m.start()].strip():
            out.append((cursor, m.start()))
        cursor = m.start()
    if text[cursor:end].strip():
        out.append((cursor, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
