"""Planted content stays text: no request leaves the page, no link carries a bad scheme.

An article with a tracker image in its title, text and source, a ``javascript:`` link in
its text and a ``javascript:`` URL (as a store written before URLs were checked would hold
it) is shown on the Review, Incidents, Ingest and Map pages; Playwright's request log must
not hold the tracker, and no element in any frame may link to ``javascript:``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.store.sqlite import IncidentStore
from tests.test_browser import CHROMIUM, FLAGS, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                       "(scripts/test.sh installs it)"),
]
TRACKER = "![px](http://127.0.0.1:9/track.png)"
PLANTED = f"""Title: Rockets hit Erbil {TRACKER}
Published: 2023-11-07T09:30:00Z
Source: Wire {TRACKER}

Three rockets struck Erbil Air Base on Monday, a Kurdish security official said {TRACKER}.
See [the statement](javascript:alert(document.domain)) and <img src="http://127.0.0.1:9/i.png">
and <a href="javascript:alert(2)">this</a>.
"""
BAD_LINKS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
    for (const name of ['href', 'src', 'action', 'formaction']) {
      const v = (el.getAttribute(name) || '').trim().toLowerCase();
      if (v.startsWith('javascript:') || v.startsWith('vbscript:')) bad.push(v);
    }
  }
  return bad;
}"""
STATE: dict[str, str] = {}


@pytest.fixture(scope="module")
def planted_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("safety") / "planted.sqlite"
    jobs = pytest.MonkeyPatch()
    jobs.setenv("INCIDENTMAP_JOBS", str(path.parent / "jobs"))  # the app's background jobs
    art = article_from_text(PLANTED, now=datetime(2023, 12, 1, tzinfo=UTC))
    # As an older store may hold it: a javascript: URL the loader would now drop.
    art = replace(art, url="javascript:alert(document.domain)")
    result = extract_all([art])
    assert result.incidents, "the planted article must give an incident"
    incidents = tuple(replace(i, url=art.url, source=art.source) for i in result.incidents)
    IncidentStore(path).add([art], replace(result, incidents=incidents))
    STATE["incident"] = incidents[0].incident_id
    with serve(path) as url:
        yield url
    jobs.undo()


@pytest.fixture()
def watched(planted_app: str) -> Iterator[tuple[object, list[str]]]:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.on("request", lambda r: requests.append(r.url))
        yield context.new_page(), requests
        context.close()
        browser.close()


def _no_leak(page: object, requests: list[str]) -> None:
    leaked = [u for u in requests if "127.0.0.1:9/" in u or "track.png" in u]
    assert leaked == [], f"planted content made the browser call out: {leaked}"
    bad: list[str] = []
    for frame in page.frames:  # type: ignore[attr-defined]
        try:
            bad.extend(frame.evaluate(BAD_LINKS))
        except Exception:
            continue
    assert bad == [], f"links with a script scheme: {bad}"


def test_review_page_shows_planted_content_as_text(planted_app: str,
                                                   watched: tuple[object, list[str]]) -> None:
    page, requests = watched
    page.goto(f"{planted_app}/review?focus={STATE['incident']}")  # type: ignore[attr-defined]
    page.locator(".article-text").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert TRACKER in body  # shown as the characters it is
    assert "javascript:alert(document.domain)" in body  # the URL as text, not a link
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    _no_leak(page, requests)


def test_incidents_page_links_only_http(planted_app: str,
                                        watched: tuple[object, list[str]]) -> None:
    page, requests = watched
    page.goto(f"{planted_app}/incidents")  # type: ignore[attr-defined]
    page.get_by_text("match the filters").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.locator("[data-testid='stDataFrame']").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    _no_leak(page, requests)


def test_ingest_warnings_show_planted_titles_as_text(planted_app: str,
                                                     watched: tuple[object, list[str]]) -> None:
    page, requests = watched
    page.goto(f"{planted_app}/ingest")  # type: ignore[attr-defined]
    box = page.get_by_label("Article text")  # type: ignore[attr-defined]
    box.wait_for(timeout=60_000)
    box.fill(PLANTED.replace("Published: 2023-11-07T09:30:00Z",
                             "URL: javascript:alert(1)\nPublished: 2023-11-07"))
    page.locator("h1").first.click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Extract incidents").click()  # type: ignore[attr-defined]
    page.get_by_text("is not an http(s) link").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert TRACKER in page.inner_text("body")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    _no_leak(page, requests)


def test_map_page_popups_keep_planted_content_as_text(planted_app: str,
                                                      watched: tuple[object, list[str]]) -> None:
    from tests.test_browser import map_frame

    page, requests = watched
    page.goto(planted_app)  # type: ignore[attr-defined]
    frame = map_frame(page)
    frame.locator("path.incident-marker").first.click(force=True)  # type: ignore[attr-defined]
    frame.locator(".leaflet-popup-content").first.wait_for(timeout=15_000)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    _no_leak(page, requests)


def test_paste_over_the_limit_is_refused_with_a_message(
        planted_app: str, watched: tuple[object, list[str]]) -> None:
    page, _ = watched
    page.goto(f"{planted_app}/ingest")  # type: ignore[attr-defined]
    box = page.get_by_label("Article text")  # type: ignore[attr-defined]
    box.wait_for(timeout=60_000)
    big = "Rockets hit Erbil. " * (5 * 1024 * 1024 // 19 + 10)
    box.fill(big)
    page.locator("h1").first.click()  # type: ignore[attr-defined]
    page.get_by_text("bytes is over the limit of 5,242,880 bytes").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]


def test_a_long_text_runs_as_a_job_with_progress_cancel_and_resume(
        planted_app: str, watched: tuple[object, list[str]], tmp_path: Path) -> None:
    page, _ = watched
    page.goto(f"{planted_app}/ingest")  # type: ignore[attr-defined]
    page.get_by_label("Article text").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    para = ("Three rockets struck Ain al-Asad air base in western Iraq on Tuesday, a US "
            "official said.\n\nOfficials met in a hotel to discuss the budget.\n\n")
    long_text = tmp_path / "long-wire.txt"  # about 200,000 characters
    long_text.write_text("Published: 2023-11-08T09:30:00Z\n\n" + para * 1400, "utf-8")
    page.locator("input[type=file]").set_input_files(str(long_text))  # type: ignore[attr-defined]
    page.get_by_text("long-wire.txt").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Extract incidents").click()  # type: ignore[attr-defined]
    page.get_by_text("Extracting in the background").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Cancel").click()  # type: ignore[attr-defined]
    page.get_by_text("The extraction was cancelled").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Resume").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save to the store").wait_for(timeout=240_000)  # type: ignore[attr-defined]
    assert "incident" in page.inner_text("body")  # type: ignore[attr-defined]
