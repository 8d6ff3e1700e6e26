from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from geo.core.errors import InputError
from geo.extract.files import load_path, load_paths
from geo.extract.loaders import article_from_text
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)


def test_txt_headers_are_read_and_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title: T\nPublished: 2023-11-07T09:30:00Z\nURL: https://x.test/a\n"
                    "Source: Wire\n\nBody text about Erbil that is long enough.", "utf-8")
    [art] = load_path(path, NOW)
    assert art.title == "T"
    assert art.url == "https://x.test/a" and art.source == "Wire"
    assert art.published == datetime(2023, 11, 7, 9, 30, tzinfo=UTC)
    assert art.text.startswith("Body text")
    assert art.notes == ()


def test_trailing_published_line_is_read() -> None:
    art = article_from_text("Headline\n\nA body long enough to count.\n\nPublished: 28 Oct 2023, "
                            "1:48 PM", now=NOW)
    assert art.published.date().isoformat() == "2023-10-28"
    assert "Published" not in art.text
    assert any("no time zone" in n for n in art.notes)


def test_missing_date_says_which_date_was_assumed() -> None:
    art = article_from_text("A body long enough to be an article about Mosul.", now=NOW)
    assert art.published == NOW
    assert any("assumed 2023-12-01" in n for n in art.notes)


def test_malformed_date_says_which_date_was_assumed() -> None:
    art = article_from_text("Published: not a date at all\n\nA body long enough to count.",
                            now=NOW)
    assert art.published == NOW
    assert any("could not be read" in n and "not a date at all" in n for n in art.notes)


def test_json_and_jsonl(tmp_path: Path) -> None:
    record = {"id": "x1", "title": "T", "text": "Rockets hit Erbil on Monday, officials said.",
              "published": "2023-11-07T09:30:00Z", "url": "u", "source": "s"}
    (tmp_path / "a.json").write_text(json.dumps([record, record | {"id": "x2"}]), "utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(record) + "\n\n" + json.dumps(record) + "\n",
                                      "utf-8")
    assert [a.article_id for a in load_path(tmp_path / "a.json", NOW)] == ["x1", "x2"]
    assert len(load_path(tmp_path / "b.jsonl", NOW)) == 2


def test_html_scripts_are_dropped(tmp_path: Path) -> None:
    body = " ".join(["Rockets struck near Erbil Air Base on Monday, officials said."] * 5)
    html = (f"<html><head><title>Rockets</title><script>alert('x')</script></head><body>"
            f"<script>var a = 1;</script><article><p>{body}</p></article></body></html>")
    (tmp_path / "a.html").write_text(html, "utf-8")
    [art] = load_path(tmp_path / "a.html", NOW)
    assert "alert" not in art.text and "var a" not in art.text
    assert "Erbil Air Base" in art.text


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(articles.NEAR_SITE, "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 in Baghdad was hit by a rocket on Monday.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (20 * 1024 * 1024))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    missing = tmp_path / "missing.txt"
    arts, errors = load_paths([good, empty, binary, latin1, huge, broken, missing], NOW)
    assert len(arts) == 1
    by_file = {Path(e.source).name: e.message for e in errors}
    assert "no article text" in by_file["empty.txt"]
    assert "binary" in by_file["image.txt"]
    assert "not UTF-8" in by_file["latin1.txt"] and "Re-save" in by_file["latin1.txt"]
    assert "20.0 MB" in by_file["huge.txt"] or "21.0 MB" in by_file["huge.txt"]
    assert "invalid JSON" in by_file["broken.json"]
    assert "no such file" in by_file["missing.txt"]
    for name, message in by_file.items():
        assert name in message  # every message names its file


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_text("x", "utf-8")
    with pytest.raises(InputError, match="unsupported file type"):
        load_path(path, NOW)


def test_non_english_is_kept_and_flagged() -> None:
    art = article_from_text(articles.ARABIC, now=NOW)
    assert art.language == "ar"
    assert "عين الأسد" in art.text


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)",
                                 "data:text/html,<script>x</script>", "file:///etc/passwd",
                                 "vbscript:x", "//evil.test/x", "http:/nohost"])
def test_only_http_urls_are_kept_at_load_time(url: str) -> None:
    art = article_from_text(f"URL: {url}\n\nRockets hit Erbil Air Base on Monday, officials said.",
                            now=NOW)
    assert art.url == ""
    assert any("not an http(s) link" in n for n in art.notes)
    record = {"text": "Rockets hit Erbil Air Base on Monday, officials said.", "url": url}
    from geo.extract.files import load_text

    [loaded] = load_text(json.dumps(record), "a.json", ".json", NOW)
    assert loaded.url == ""


def test_http_and_https_urls_are_kept() -> None:
    for url in ("http://x.test/a", "https://x.test/a?b=1"):
        art = article_from_text("Body text about Erbil that is long enough.", url=url, now=NOW)
        assert art.url == url


def test_a_paste_over_the_upload_limit_is_refused_with_a_message() -> None:
    from geo.extract.loaders import MAX_ARTICLE_BYTES, check_paste_size

    check_paste_size("x" * MAX_ARTICLE_BYTES)
    with pytest.raises(InputError, match=r"pasted text: 5,242,881 bytes is over the limit of "
                       r"5,242,880 bytes \(5 MiB\)"):
        check_paste_size("x" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(InputError, match="same as for an uploaded file"):
        check_paste_size("é" * (MAX_ARTICLE_BYTES // 2 + 1))
