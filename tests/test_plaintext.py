from __future__ import annotations

import pytest

from geo.reading.plaintext import escape_markdown, link_html, safe_url

TRACKER = "![px](http://127.0.0.1:9/track.png)"


def _unescaped_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation not preceded by a backslash (CommonMark: escaped ones are literal)."""
    import string

    out, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if markdown[i] in string.punctuation:
            out.append(markdown[i])
        i += 1
    return out


@pytest.mark.parametrize("text", [TRACKER, "[click](javascript:alert(1))", "<img src=x>",
                                  "**bold** _it_ `code` # head", ":red[x] $x^2$",
                                  "<http://127.0.0.1:9/a>", "a | b\n--|--\n1 | 2"])
def test_escaped_markdown_renders_as_the_text_itself(text: str) -> None:
    # With every punctuation character escaped no Markdown construct can start (the
    # browser test checks Streamlit's renderer itself: tests/test_browser_safety.py).
    assert _unescaped_punctuation(escape_markdown(text)) == []


def test_escape_keeps_letters_and_line_breaks() -> None:
    assert escape_markdown("Erbil, 3 km") == "Erbil\\, 3 km"
    assert escape_markdown("a\nb") == "a  \nb"


@pytest.mark.parametrize("url,ok", [("https://x.test/a", True), ("http://x.test", True),
                                    ("HTTPS://X.TEST/", True), ("javascript:alert(1)", False),
                                    ("jAvAsCrIpT:alert(1)", False), ("data:text/html,x", False),
                                    ("//x.test/a", False), ("/relative", False),
                                    ("http://x.test/\nx", False), ("", False), (None, False),
                                    ("ftp://x.test/a", False), ("https:///nohost", False)])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert bool(safe_url(url)) is ok


def test_link_html_only_links_http() -> None:
    assert link_html("javascript:alert(1)") == "javascript:alert(1)"
    assert link_html("https://x.test/?a=1&b=\"") .startswith('<a href="https://x.test/?a=1&amp;b=&quot;"')
