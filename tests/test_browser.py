"""Browser tests: Playwright drives Debian's Chromium against the real app, network blocked."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pyogrio
import pytest

from geo.extract.incidents import extract_incidents
from geo.extract.loaders import article_from_text

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         # No network but loopback: every other host name fails to resolve.
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"]
LOCAL = re.compile(r"^(?:(?:https?|wss?)://(?:127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")
XSS_ARTICLE = """Title: Escaping test
Published: 2023-11-07T09:30:00Z

Rockets landed near Erbil Air Base on Monday <img src=x onerror=alert(1)> and
<script>alert(2)</script> officials said.
"""

STORE_PATH: list[Path] = []  # the running app's store, for tests that prepare data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                       "(scripts/test.sh installs it)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(store: Path) -> Iterator[str]:
    """Run the app on a store; yield its URL."""
    port = _free_port()
    # A named store gets the demo data only when asked (INCIDENTMAP_DEMO).
    env = dict(os.environ, INCIDENTMAP_STORE=str(store), INCIDENTMAP_DEMO="1")
    log = (store.parent / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    STORE_PATH.append(tmp_path_factory.mktemp("app") / "incidents.sqlite")
    with serve(STORE_PATH[-1]) as url:
        yield url


@pytest.fixture()
def browser_page(app_url: str) -> Iterator[tuple[object, list[str], list[str]]]:
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      accept_downloads=True)

        context.on("request", lambda r: None if LOCAL.match(r.url) else external.append(r.url))
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, external, dialogs
        context.close()
        browser.close()


#: Incidents drawn: a marker of several incidents at one point has class ``stack-N``.
_COUNT_INCIDENTS = """() => Array.from(document.querySelectorAll('path.incident-marker'))
    .reduce((n, e) => { const m = /stack-(\\d+)/.exec(e.getAttribute('class') || '');
                        return n + (m ? Number(m[1]) : 1); }, 0)"""


def _marker_count(frame: object, selector: str = "path.incident-marker") -> int:
    """Incidents drawn as markers (default selector), else elements matching ``selector``."""
    from playwright.sync_api import Error

    try:
        if selector == "path.incident-marker":
            return int(frame.evaluate(_COUNT_INCIDENTS))  # type: ignore[attr-defined]
        return int(frame.locator(selector).count())  # type: ignore[attr-defined]
    except Error:  # the component re-rendered and this frame is gone
        return -1


def _settled(page: object, deadline: float) -> None:
    """Wait until what the Map page sends after its first map (the controls) is drawn.

    A session's first run sends the map alone; the rerun its first report starts adds
    the controls above it, which moves the map a little: a click must come after that.
    """
    pending = page.get_by_text("once the map is drawn")  # type: ignore[attr-defined]
    while time.time() < deadline and pending.count() > 0:
        page.wait_for_timeout(250)  # type: ignore[attr-defined]


def map_frame(page: object, min_markers: int = 1) -> object:
    deadline = time.time() + 45
    while time.time() < deadline:
        for frame in page.frames:  # type: ignore[attr-defined]
            if "streamlit_folium" in frame.url and _marker_count(frame) >= min_markers:
                _settled(page, deadline + 30)
                return frame
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-failure.png"))  # type: ignore[attr-defined]
    raise AssertionError("the map did not draw any incident marker; see artifacts/map-failure.png")


def total_in_view(page: object) -> tuple[int, int]:
    text = page.get_by_test_id("stMetricValue").first.inner_text()  # type: ignore[attr-defined]
    shown, total = text.replace(",", "").split(" of ")
    return int(shown), int(total)


def wait_for_markers(frame: object, predicate: object, timeout: float = 30) -> int:
    """Poll the map's marker count (finding the map again if it re-rendered)."""
    page = frame.page  # type: ignore[attr-defined]
    deadline = time.time() + timeout
    n = -1
    while time.time() < deadline:
        counts = [_marker_count(f) for f in page.frames if "streamlit_folium" in f.url]
        n = max(counts, default=-1)
        if n >= 0 and predicate(n):  # type: ignore[operator]
            return int(n)
        page.wait_for_timeout(500)
    raise AssertionError(f"marker count stayed at {n}")


def test_map_renders_markers_offline(app_url: str, browser_page: tuple) -> None:
    page, external, _ = browser_page
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    page.wait_for_timeout(1000)
    shown, total = total_in_view(page)
    assert _marker_count(frame) == shown == total
    assert frame.locator(".incidentmap-legend").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-page.png"), full_page=True)
    assert external == [], f"the page tried to reach the internet: {external[:5]}"


def test_actor_filter_and_time_slider_change_what_is_drawn(app_url: str,
                                                           browser_page: tuple) -> None:
    page, _, _ = browser_page
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    _, total = total_in_view(page)
    wait_for_markers(frame, lambda n: n == total)
    box = page.get_by_test_id("stMultiSelect").filter(has_text="Actors").locator("input")
    box.click()
    box.fill("Kataib Hezbollah")
    box.press("Enter")
    page.keyboard.press("Escape")
    # The metric and the map update in the same rerun; wait until both show it.
    by_actor = wait_for_markers(frame, lambda n: 0 < n < total
                                and n == total_in_view(page)[0])
    assert by_actor == total_in_view(page)[0]
    # Time slider: move the end of the window back by ten days.
    page.get_by_role("slider").nth(1).focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    wait_for_markers(frame, lambda n: n < by_actor)


def test_deployment_overlay_toggles(app_url: str, browser_page: tuple) -> None:
    page, _, _ = browser_page
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    assert frame.locator("path.deployment-base").count() == 0
    page.get_by_text("Troop deployments").click()
    deadline = time.time() + 30
    while frame.locator("path.deployment-base").count() == 0 and time.time() < deadline:
        page.wait_for_timeout(500)
    assert frame.locator("path.deployment-base").count() > 5
    assert frame.locator(".deployment-figure").count() >= 2  # US troops in Iraq and Syria
    # The legend names the overlay's symbols; troop figures stay inside the map.
    legend = frame.locator(".incidentmap-legend")
    deadline = time.time() + 30
    while "base with foreign forces" not in legend.inner_text() and time.time() < deadline:
        page.wait_for_timeout(500)
    assert "base with foreign forces" in legend.inner_text()
    frame.evaluate("() => { window.map.setView([34.5, 41.0], 6); }")
    page.wait_for_timeout(800)
    edge = frame.locator(".leaflet-container").bounding_box()
    for box in [b.bounding_box() for b in frame.locator(".deployment-figure").all()]:
        assert box is not None and edge is not None
        assert edge["x"] <= box["x"] and box["x"] + box["width"] <= edge["x"] + edge["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('iframe[title="streamlit_folium.st_folium"]').screenshot(
        path=str(ARTIFACTS / "deployments-legend.png"))
    page.get_by_text("Troop deployments").click()
    deadline = time.time() + 30
    while frame.locator("path.deployment-base").count() > 0 and time.time() < deadline:
        page.wait_for_timeout(500)
    assert frame.locator("path.deployment-base").count() == 0


def test_export_downloads_a_file_gdal_opens(app_url: str, browser_page: tuple,
                                            tmp_path: Path) -> None:
    page, _, _ = browser_page
    page.goto(f"{app_url}/export", wait_until="networkidle")
    caption = page.get_by_text(re.compile(r"of [\d,]+ incidents\. The files record")).inner_text()
    shown = int(caption.split(" of ")[0].replace(",", ""))
    with page.expect_download() as info:
        page.get_by_role("button", name="GeoJSON snapshot (RFC 7946)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    frame = pyogrio.read_dataframe(target)
    assert len(frame) == shown > 0


def test_popup_shows_markup_as_text_and_runs_nothing(app_url: str, browser_page: tuple) -> None:
    page, _, dialogs = browser_page
    page.goto(f"{app_url}/ingest", wait_until="networkidle")
    area = page.get_by_label("Article text")
    area.fill(XSS_ARTICLE)
    area.press("Control+Enter")
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Extract incidents").click()
    page.get_by_role("button", name="Save to the store").click()
    page.get_by_text("Saved 1 article").wait_for(timeout=30_000)
    [incident] = extract_incidents(article_from_text(XSS_ARTICLE, now=datetime.now(UTC)))
    page.goto(f"{app_url}/?focus={incident.incident_id}", wait_until="networkidle")
    frame = map_frame(page)
    marker = frame.locator("path.incident-marker.focused")
    marker.wait_for(timeout=30_000)
    marker.click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    try:
        popup.wait_for(timeout=10_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "popup-failure.png"))
        raise
    text = popup.inner_text()
    assert "<img src=x onerror=alert(1)>" in text
    assert "<script>alert(2)</script>" in text
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    page.wait_for_timeout(1000)
    assert dialogs == []


def legend_border(page: object, wanted: str, timeout: float = 30) -> str:
    """Poll the legend's border width in the map (the map re-renders when the theme changes)."""
    from playwright.sync_api import Error

    deadline = time.time() + timeout
    width = ""
    while time.time() < deadline:
        for frame in page.frames:  # type: ignore[attr-defined]
            if "streamlit_folium" not in frame.url:
                continue
            try:
                width = frame.locator(".incidentmap-legend").evaluate(
                    "e => getComputedStyle(e).borderTopWidth", timeout=1000)
            except Error:
                continue
            if width == wanted:
                return width
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
    return width


def test_a_copied_link_reproduces_the_view_in_a_fresh_browser(app_url: str,
                                                              browser_page: tuple) -> None:
    page, _, _ = browser_page
    page.goto(app_url, wait_until="networkidle")
    map_frame(page)
    box = page.get_by_test_id("stMultiSelect").filter(has_text="Event types").locator("input")
    box.click()
    box.fill("airstrike")
    box.press("Enter")
    page.keyboard.press("Escape")
    deadline = time.time() + 60  # the filter applies once the page's rerun has finished
    while time.time() < deadline and not 0 < total_in_view(page)[0] < total_in_view(page)[1]:
        page.wait_for_timeout(250)
    shown, total = total_in_view(page)
    assert 0 < shown < total
    page.get_by_text("Share this view").click()
    # The box shows the last finished run's link: wait for the run of the filter change.
    deadline = time.time() + 60
    link = page.get_by_test_id("stCode").inner_text().strip()
    while "type=airstrike" not in link and time.time() < deadline:
        page.wait_for_timeout(250)
        link = page.get_by_test_id("stCode").inner_text().strip()
    assert "type=airstrike" in link
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(link, wait_until="networkidle")
        frame = map_frame(other)
        assert wait_for_markers(frame, lambda n: n == shown) == shown
        assert total_in_view(other) == (shown, total)
    finally:
        fresh.close()


def test_standalone_html_opens_from_disk_offline(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from geo.extract.pipeline import extract_all
    from geo.gazetteer.index import load_gazetteer
    from geo.map.standalone import standalone_map

    frame = extract_all([article_from_text(XSS_ARTICLE, now=datetime.now(UTC))]).incident_frame()
    path = tmp_path / "map.html"
    path.write_text(standalone_map(frame, load_gazetteer(), title="Test <b>view</b>"), "utf-8")
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.on("request", lambda r: requested.append(r.url))
        page.goto(path.as_uri())
        page.locator("path.incident-marker").first.wait_for(timeout=20_000)
        assert page.locator("path.incident-marker").count() == len(frame)
        assert "Test <b>view</b>" in page.locator("body").inner_text()
        browser.close()
    assert [u for u in requested if not u.startswith(("file:", "data:"))] == []


def test_briefing_steps_through_three_slides(app_url: str, browser_page: tuple) -> None:
    from datetime import date

    from geo.map.briefing import add_slide, slide_from
    from geo.query.filters import IncidentFilter
    from geo.store.sqlite import IncidentStore

    page, external, _ = browser_page
    page.goto(app_url, wait_until="networkidle")
    map_frame(page)  # the app has loaded the demo data into its store
    store = IncidentStore(STORE_PATH[-1])
    deck = [("Airstrikes, October–November", IncidentFilter(event_types=("airstrike",))),
            ("Drone attacks", IncidentFilter(event_types=("drone attack",))),
            ("The week of 18 October", IncidentFilter(start=date(2023, 10, 18),
                                                      end=date(2023, 10, 24)))]
    for caption, flt in deck:
        add_slide(store, "Browser briefing", slide_from(flt, caption))
    frame_all = store.incidents()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/briefing", wait_until="networkidle")

    def shows(number: int) -> object:
        caption, flt = deck[number - 1]
        page.get_by_text(caption).first.wait_for(timeout=30_000)
        page.get_by_text(f"Slide {number} of 3").wait_for(timeout=30_000)
        frame = map_frame(page, min_markers=0)
        expected = len(flt.apply(frame_all))
        assert wait_for_markers(frame, lambda n, e=expected: n == e) == expected
        return frame

    frame = shows(1)
    # High contrast is the briefing default: black legend frame, white sea.
    assert legend_border(page, "3px") == "3px"
    sea = frame.locator(".leaflet-container")  # type: ignore[attr-defined]
    assert sea.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "briefing-1920x1080.png"))
    page.get_by_role("button", name="Next ▶").click()
    shows(2)
    page.locator(".briefing-caption").click()  # keyboard focus on the page, not the map
    page.keyboard.press("ArrowRight")
    shows(3)
    page.keyboard.press("ArrowLeft")
    shows(2)
    page.locator("label").filter(has_text="High contrast").click()
    assert legend_border(page, "1px") == "1px"
    page.screenshot(path=str(ARTIFACTS / "briefing-standard-1920x1080.png"))
    assert external == []


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo"])
def test_clicking_a_timeline_bar_narrows_the_window_to_that_day(app_url: str,
                                                                browser_page: tuple,
                                                                zone: str) -> None:
    from geo.store.sqlite import IncidentStore

    # Midnight of an event's day is another day somewhere: the chart must label and select
    # the event's own day in a browser on either side of Greenwich.
    first_page, _, _ = browser_page
    context = first_page.context.browser.new_context(
        viewport={"width": 1400, "height": 1000}, timezone_id=zone)
    page = context.new_page()
    assert page.evaluate("new Date(Date.UTC(2023, 9, 19, 12)).getTimezoneOffset()") != 0
    page.goto(app_url, wait_until="networkidle")
    map_frame(page)
    _, total = total_in_view(page)
    bars = page.locator("[data-testid=stVegaLiteChart] .mark-rect path")
    bars.first.wait_for(timeout=30_000)
    # Each bar's accessible label names its day in the axis format, e.g. "event date: 19 Oct".
    label = str(bars.nth(1).get_attribute("aria-label"))
    frame_all = IncidentStore(STORE_PATH[-1]).incidents()
    named = re.search(r"event date: (\d{1,2} [A-Za-z]{3})", label)
    assert named, label
    year = int(frame_all["event_date"].dt.year.min())
    day = datetime.strptime(f"{named.group(1)} {year}", "%d %b %Y").date()
    expected = int((frame_all["event_date"].dt.date == day).sum())
    assert 0 < expected < total
    bars.nth(1).click()
    try:
        page.wait_for_url(re.compile(f"from={day}&to={day}"), timeout=30_000)
    except Exception as exc:  # say which day the click selected instead
        raise AssertionError(f"clicked {label!r}, the page shows {page.url}") from exc
    deadline = time.time() + 30
    while total_in_view(page) != (expected, total) and time.time() < deadline:
        page.wait_for_timeout(500)
    assert total_in_view(page) == (expected, total)
    assert wait_for_markers(map_frame(page, 0), lambda n: n == expected) == expected
    # One day selected: each day label on the time axis appears once.
    page.wait_for_timeout(1000)
    texts = page.locator("[data-testid=stVegaLiteChart] .role-axis-label text").all_text_contents()
    days = [t for t in texts if re.search(r"[A-Za-z]", t)]
    assert days and len(days) == len(set(days)), days
    page.get_by_test_id("stVegaLiteChart").screenshot(path=str(ARTIFACTS / "timeline-one-day.png"))
    assert str(day.day) in " ".join(days), days  # the axis names the selected day
    context.close()


def test_png_of_a_view_is_rendered_with_chromium() -> None:
    from geo.extract.pipeline import extract_all
    from geo.gazetteer.index import load_gazetteer
    from geo.map.standalone import render_png, standalone_map

    frame = extract_all([article_from_text(XSS_ARTICLE, now=datetime.now(UTC))]).incident_frame()
    png = render_png(standalone_map(frame, load_gazetteer(), title="PNG"), 800, 500)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_a_large_store_is_drawn_as_hexagons_until_zoomed_in(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from geo.extract.pipeline import Extraction
    from geo.store.sqlite import IncidentStore
    from tests.fixtures.incidents import spread_incidents

    store = tmp_path / "large.sqlite"
    IncidentStore(store).add([], Extraction(tuple(spread_incidents(25_000)), (), ()))

    def drawn(page: object, selector: str) -> int:
        counts = [_marker_count(f, selector) for f in page.frames  # type: ignore[attr-defined]
                  if "streamlit_folium" in f.url]
        return max([0, *counts])

    def caption(page: object, pattern: str = r"showing [\d,]+ incidents as",
                timeout_s: float = 60) -> str:
        """The page's caption matching ``pattern`` once one does (else all captions)."""
        deadline = time.time() + timeout_s
        while True:
            texts = page.get_by_test_id(  # type: ignore[attr-defined]
                "stCaptionContainer").all_inner_texts()
            hits = [t for t in texts if re.search(pattern, t)]
            if hits or time.time() > deadline:
                return hits[0] if hits else " | ".join(texts)
            page.wait_for_timeout(250)  # type: ignore[attr-defined]

    with serve(store) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="networkidle")
        deadline = time.time() + 60
        while drawn(page, "path.incident-hexagon") == 0 and time.time() < deadline:
            page.wait_for_timeout(500)
        assert drawn(page, "path.incident-hexagon") > 10
        assert re.search(r"showing 25,000 incidents as [\d,]+ hexagons", caption(page))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-hexagons.png"))
        deadline = time.time() + 90
        while "hexagons" in caption(page) and time.time() < deadline:
            for frame in page.frames:
                if "streamlit_folium" in frame.url:
                    frame.locator(".leaflet-control-zoom-in").click()
                    break
            page.wait_for_timeout(3000)
        assert "in this part of the map" in caption(page), caption(page)
        # The incidents come from a file the page fetches once: wait until they are drawn.
        deadline = time.time() + 60
        while (drawn(page, "path.incident-marker, .marker-cluster") == 0
               or drawn(page, "path.incident-hexagon") > 0) and time.time() < deadline:
            page.wait_for_timeout(500)
        assert drawn(page, "path.incident-marker, .marker-cluster") > 0
        assert drawn(page, "path.incident-hexagon") == 0
        page.screenshot(path=str(ARTIFACTS / "map-zoomed-in.png"))
        browser.close()


def _frame_box(page: object) -> dict[str, float]:
    box = page.locator(  # type: ignore[attr-defined]
        'iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
    assert box is not None
    return dict(box)


def _visible_labels(frame: object) -> list[tuple[str, dict[str, float]]]:
    """Text and box of every place label drawn and visible in the map."""
    out = []
    for label in frame.locator(".map-label").all():  # type: ignore[attr-defined]
        box = label.bounding_box()
        if box and label.is_visible() and label.evaluate(
                "e => getComputedStyle(e).visibility === 'visible' && "
                "Number(getComputedStyle(e).opacity) > 0.5"):
            out.append((label.inner_text(), box))
    return out


def _disjoint(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] + a["width"] <= b["x"] + 0.5 or b["x"] + b["width"] <= a["x"] + 0.5 or
            a["y"] + a["height"] <= b["y"] + 0.5 or b["y"] + b["height"] <= a["y"] + 0.5)


def _set_view(page: object, frame: object, lat: float, lon: float, zoom: int) -> None:
    # The block returns nothing: serialising Leaflet's map object takes minutes.
    frame.evaluate(f"() => {{ window.map.setView([{lat}, {lon}], {zoom}, "  # type: ignore[attr-defined]
                   "{animate: false}); }")
    page.wait_for_timeout(1200)  # type: ignore[attr-defined]
    _settle(page)


def _settle(page: object) -> None:
    """Wait until the rerun that the map's view report starts has finished."""
    running = page.locator('[data-testid="stStatusWidget"]')  # type: ignore[attr-defined]
    running.wait_for(state="detached", timeout=60_000)


def test_labels_are_drawn_and_do_not_collide(app_url: str, browser_page: tuple) -> None:
    page, external, _ = browser_page
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    page.locator('iframe[title="streamlit_folium.st_folium"]').scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    for zoom, lat, lon, wanted in (
            (5, 34.0, 41.0, {"IRAQ", "SYRIA", "Baghdad"}),
            (6, 34.3, 41.5, {"IRAQ", "SYRIA", "Baghdad", "Al Asad Air Base"}),
            (9, 33.8, 42.6, {"Al Asad Air Base", "Hīt"})):
        _set_view(page, frame, lat, lon, zoom)
        labels = _visible_labels(frame)
        names = {text for text, _ in labels}
        assert wanted <= names, (zoom, wanted - names)
        boxes = [box for _, box in labels]
        assert all(_disjoint(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        # Inside the map frame, not cut off at its edge.
        edge = _frame_box(page)
        assert all(edge["x"] <= b["x"] and b["x"] + b["width"] <= edge["x"] + edge["width"]
                   for b in boxes)
        # Drawn: the label's pixels are not all one colour.
        label = frame.locator(".map-label").filter(has_text=sorted(wanted)[0]).first
        shot = label.screenshot()
        assert len(set(shot[100:])) > 20
        page.screenshot(path=str(ARTIFACTS / f"labels-zoom{zoom}-1600x1000.png"))
    assert external == []


def test_legend_follows_the_colouring_and_clears_the_controls(app_url: str,
                                                               browser_page: tuple) -> None:
    page, _, _ = browser_page
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    legend = frame.locator(".incidentmap-legend")
    assert legend.locator(".legend-title").inner_text() == "Event type"
    page.get_by_test_id("stRadio").filter(has_text="Colour by").get_by_text("actor").click()
    deadline = time.time() + 30
    while time.time() < deadline:
        frame = map_frame(page)
        legend = frame.locator(".incidentmap-legend")
        try:
            if legend.locator(".legend-title").inner_text(timeout=1000).startswith("Actor"):
                break
        except Exception:
            pass
        page.wait_for_timeout(500)
    assert legend.locator(".legend-title").inner_text().startswith("Actor")
    entries = legend.locator(".legend-entry").all_inner_texts()
    assert "US forces" in entries or any("Kataib" in e for e in entries), entries
    assert "drone attack" not in entries
    # The legend covers no control: zoom buttons, scale (km first), incident list.
    box = legend.bounding_box()
    for selector in (".leaflet-control-zoom", ".leaflet-control-scale", ".incident-list"):
        other = frame.locator(selector).first.bounding_box()
        assert box and other and _disjoint(box, other), selector
    scale = frame.locator(".leaflet-control-scale-line").all_inner_texts()
    assert scale[0].strip().endswith("km"), scale
    page.locator('iframe[title="streamlit_folium.st_folium"]').screenshot(
        path=str(ARTIFACTS / "legend-by-actor.png"))


_MARKERS = """() => { const out = [];
    window.map.eachLayer(l => { const c = (l.options || {}).className || '';
        if (l instanceof L.CircleMarker && c.includes('incident-marker')) {
            const p = l.getLatLng(); out.push([p.lat, p.lng, c]); } });
    return out; }"""


def test_every_incident_opens_by_clicks(app_url: str, browser_page: tuple) -> None:
    """Each marker clicked at its place, each list popup row expanded; then each list row."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from geo.store.sqlite import IncidentStore

    page, _, _ = browser_page
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    wanted = set(IncidentStore(STORE_PATH[-1]).incidents()["incident_id"])
    assert _marker_count(frame) == len(wanted)
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    iframe.scroll_into_view_if_needed()
    # Areas lie beneath the points and take no clicks.
    for area in frame.locator("path.incident-area, path.incident-uncertainty").all():
        assert area.evaluate("e => getComputedStyle(e).pointerEvents") == "none"
    opened: set[str] = set()
    stacks = 0
    for lat, lon, _ in frame.evaluate(_MARKERS):
        frame = map_frame(page)
        _set_view(page, frame, lat, lon, 9)
        edge = _frame_box(page)
        for attempt in range(3):  # a rerun that lands between view and click redraws the layer
            frame = map_frame(page)
            popup = frame.locator(".leaflet-popup-content")
            iframe.scroll_into_view_if_needed()  # content drawn below the map may scroll it
            edge = _frame_box(page)
            # Where the marker is drawn now, inside the frame (the map may not fill it).
            x, y = frame.evaluate(
                f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]);"
                " const r = window.map.getContainer().getBoundingClientRect();"
                " return [p.x + r.left, p.y + r.top]; }")
            page.mouse.click(edge["x"] + x, edge["y"] + y)
            try:
                popup.wait_for(timeout=10_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    page.screenshot(path=str(ARTIFACTS / "every-incident-miss.png"))
                    raise
                _settle(page)
        items = popup.locator("details.stack-item")
        if items.count():
            stacks += 1
            assert popup.inner_text().split("\n")[0].startswith(f"{items.count()} incidents here")
            for i in range(items.count()):
                items.nth(i).locator("summary").click()
                assert items.nth(i).evaluate("e => e.open")
                opened.add(str(items.nth(i).get_attribute("data-incident")))
            if stacks == 1:
                iframe.screenshot(path=str(ARTIFACTS / "stack-popup.png"))
        else:
            opened.add(str(popup.locator(".incident-popup").get_attribute("data-incident")))
        frame.evaluate("() => { window.map.closePopup(); }")  # tidy up before the next marker
    assert stacks >= 1
    assert opened == wanted, wanted - opened
    # The list of incidents in view: a click on a row opens that incident's popup.
    _set_view(page, frame, 34.0, 41.0, 5)
    rows = frame.locator(".incident-list-row")
    listed = int(rows.count())
    assert listed == len(wanted)
    from_list: set[str] = set()
    for i in range(listed):
        incident = str(rows.nth(i).get_attribute("data-incident"))
        rows.nth(i).click()
        shown = frame.locator(f'.leaflet-popup-content .incident-popup[data-incident="{incident}"]')
        shown.wait_for(timeout=10_000)
        assert shown.is_visible()
        from_list.add(incident)
        if i == 0:
            iframe.screenshot(path=str(ARTIFACTS / "incident-list-popup.png"))
        # Opening a popup may pan the map; go back to the whole view if rows left the view.
        if rows.count() != listed:
            _set_view(page, frame, 34.0, 41.0, 5)
            rows = frame.locator(".incident-list-row")
    assert from_list == wanted


def _fits_screen(page: object) -> None:
    size = page.evaluate(  # type: ignore[attr-defined]
        "() => [document.scrollingElement.scrollHeight, window.innerHeight]")
    inner = page.evaluate(  # type: ignore[attr-defined]
        "() => { const e = document.querySelector('[data-testid=\"stMain\"]') || "
        "document.scrollingElement; return [e.scrollHeight, e.clientHeight]; }")
    frame = _frame_box(page)
    assert size[0] <= size[1] + 1 and inner[0] <= inner[1] + 1, (size, inner)
    assert frame["y"] + frame["height"] <= size[1], frame


def test_briefing_slide_stores_its_view_fits_the_screen_and_can_be_edited(
        app_url: str, browser_page: tuple) -> None:
    from geo.map.briefing import slides
    from geo.store.sqlite import IncidentStore

    page, _, _ = browser_page
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    _set_view(page, frame, 33.8, 42.4, 8)
    # Let the reported view reach the server.
    page.wait_for_timeout(2000)
    page.get_by_text("Save this view to a briefing").click()
    page.get_by_label("Briefing").fill("Edited briefing")
    for number, caption in enumerate(("Al Asad and Anbar", "Second slide"), start=1):
        page.get_by_label("Caption").fill(caption)
        page.get_by_label("Caption").press("Enter")
        page.get_by_role("button", name="Add slide").click()
        page.get_by_text(f"Added as slide {number} of “Edited briefing”").wait_for(
            timeout=30_000)
    store = IncidentStore(STORE_PATH[-1])
    deck = slides(store, "Edited briefing")
    assert [s.caption for s in deck] == ["Al Asad and Anbar", "Second slide"]
    assert deck[0].zoom == 8 and deck[0].center is not None
    assert abs(deck[0].center[0] - 33.8) < 0.05 and abs(deck[0].center[1] - 42.4) < 0.05
    page.goto(f"{app_url}/briefing", wait_until="networkidle")
    select = page.get_by_test_id("stSelectbox")
    if "Edited briefing" not in select.inner_text():
        select.click()
        page.get_by_role("option", name="Edited briefing").click()
    page.locator(".briefing-caption").filter(has_text="Al Asad and Anbar").wait_for(
        timeout=30_000)
    map_frame(page, min_markers=1)
    for width, height in ((1600, 1000), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(1500)
        _fits_screen(page)
        page.screenshot(path=str(ARTIFACTS / f"briefing-slide-{width}x{height}.png"))
    # Edit the caption, move the slide later, then delete it.
    page.get_by_role("button", name="Edit slides").click()
    page.get_by_label("Caption").fill("Al Asad: strikes and claims")
    page.get_by_role("button", name="Save changes").click()
    page.locator(".briefing-caption").filter(has_text="Al Asad: strikes and claims").wait_for(
        timeout=30_000)
    assert slides(store, "Edited briefing")[0].caption == "Al Asad: strikes and claims"
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Edit slides").click()
    page.get_by_role("button", name="Move later").click()
    deadline = time.time() + 30
    while slides(store, "Edited briefing")[0].caption != "Second slide" \
            and time.time() < deadline:
        page.wait_for_timeout(500)
    assert [s.caption for s in slides(store, "Edited briefing")] == [
        "Second slide", "Al Asad: strikes and claims"]
    page.get_by_text("Slide 2 of 2").wait_for(timeout=30_000)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Edit slides").click()
    page.get_by_role("button", name="Delete slide").click()
    deadline = time.time() + 30
    while len(slides(store, "Edited briefing")) != 1 and time.time() < deadline:
        page.wait_for_timeout(500)
    assert [s.caption for s in slides(store, "Edited briefing")] == ["Second slide"]


def test_slide_png_has_a_readable_caption(tmp_path: Path) -> None:
    from datetime import date

    from geo.extract.pipeline import extract_all
    from geo.gazetteer.index import load_gazetteer
    from geo.map.briefing import Slide, slide_subtitle
    from geo.map.standalone import render_png, standalone_map
    from geo.map.theme import HIGH_CONTRAST
    from geo.query.filters import IncidentFilter, to_query

    frame = extract_all([article_from_text(XSS_ARTICLE, now=datetime.now(UTC))]).incident_frame()
    flt = IncidentFilter(start=date(2023, 11, 1), end=date(2023, 11, 10),
                         event_types=("rocket attack",))
    slide = Slide("Rockets near Erbil", to_query(flt), center=(36.2, 44.0), zoom=7)
    subtitle = slide_subtitle(slide, len(frame))
    assert subtitle == "1 Nov 2023 – 10 Nov 2023 · event types: rocket attack · 1 incidents"
    page = standalone_map(frame, load_gazetteer(), title=slide.caption, caption=subtitle,
                          center=slide.center, zoom=slide.zoom, theme=HIGH_CONTRAST,
                          font_px=16)
    assert "{" not in subtitle and "Rockets near Erbil" in page
    png = render_png(page, 1600, 1000)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "slide-1600x1000.png").write_bytes(png)
    assert png.startswith(b"\x89PNG")


def test_a_view_of_hundreds_is_drawn_from_data_sent_once_and_filters_send_a_mask(
        tmp_path: Path) -> None:
    """Markers, stacks, popups and the list from the incident file; a filter sends a mask."""
    from dataclasses import replace

    from playwright.sync_api import sync_playwright

    from geo.extract.pipeline import Extraction
    from geo.store.sqlite import IncidentStore
    from tests.fixtures.incidents import spread_incidents

    store = tmp_path / "medium.sqlite"
    incidents = spread_incidents(900)
    # Two at one point: a stack.
    incidents[1] = replace(incidents[1], lon=incidents[0].lon, lat=incidents[0].lat)
    IncidentStore(store).add([], Extraction(tuple(incidents), (), ()))

    def layer_script(frame: object) -> str:
        return str(frame.evaluate(  # type: ignore[attr-defined]
            "() => (window.__GLOBAL_DATA__ || {}).last_feature_group || ''"))

    with serve(store) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if "/incidents-" in r.url else None)
        page.goto(url, wait_until="networkidle")
        frame = map_frame(page)
        _, total = total_in_view(page)
        assert total >= 900
        wait_for_markers(frame, lambda n: n == total)
        assert frame.locator("path.incident-stack").count() >= 1
        assert frame.locator(".incidentmap-legend").count() == 1
        script = layer_script(frame)
        assert "/incidents-" in script and "Fixture incident" not in script
        # A filter change: the same file, a new mask; the map draws the count the metric shows.
        box = page.get_by_test_id("stMultiSelect").filter(has_text="Actors").locator("input")
        box.click()
        box.fill("Kataib Hezbollah")
        box.press("Enter")
        page.keyboard.press("Escape")
        frame = map_frame(page)
        by_actor = wait_for_markers(frame, lambda n: 0 < n < total
                                    and n == total_in_view(page)[0])
        assert by_actor == total_in_view(page)[0]
        assert len(set(fetched)) == 1, fetched  # fetched once, kept by the page
        assert layer_script(frame) != script and len(layer_script(frame)) < 20_000
        # A popup opens from the list of incidents in view, escaped text and all.
        row = frame.locator(".incident-list-row").first
        incident = str(row.get_attribute("data-incident"))
        row.click()
        shown = frame.locator(f'.leaflet-popup-content [data-incident="{incident}"]')
        shown.first.wait_for(timeout=10_000)
        assert "Fixture incident" in frame.locator(".leaflet-popup-content").inner_text()
        # Density: the heat plugin is loaded by the layer that needs it.
        page.get_by_text("Density (heat)").click()
        frame = map_frame(page)
        frame.locator("canvas.leaflet-heatmap-layer").wait_for(state="attached", timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-data-markers.png"))
        browser.close()
