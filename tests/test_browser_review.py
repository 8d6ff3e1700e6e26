"""Browser tests of the reviewer's workbench: Playwright drives Debian's Chromium, network
blocked. The app runs on a store written by the test (tests/fixtures/review.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from geo.store.sqlite import IncidentStore
from tests.fixtures.review import review_store
from tests.test_browser import CHROMIUM, FLAGS, LOCAL, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                       "(scripts/test.sh installs it)"),
]
STATE: dict[str, object] = {}


@pytest.fixture(scope="module")
def review_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("review") / "review.sqlite"
    STATE["store"] = path
    STATE["made"] = review_store(path)
    with serve(path) as url:
        yield url


@pytest.fixture()
def page(review_app: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        context.on("request", lambda r: None if LOCAL.match(r.url) else external.append(r.url))
        pg = context.new_page()
        yield pg
        context.close()
        browser.close()
    assert external == [], f"the page tried to reach the internet: {external[:5]}"


def store() -> IncidentStore:
    path = STATE["store"]
    assert isinstance(path, Path)
    return IncidentStore(path)


def made(name: str) -> str:
    incidents = STATE["made"]
    assert isinstance(incidents, dict)
    return str(incidents[name].incident_id)


def open_review(page: object, url: str, focus: str | None = None) -> None:
    page.goto(f"{url}/review" + (f"?focus={focus}" if focus else ""),  # type: ignore[attr-defined]
              wait_until="networkidle")
    page.get_by_text("left to review").wait_for(timeout=90_000)  # type: ignore[attr-defined]
    name = page.get_by_label("Your name (recorded with every change)")  # type: ignore[attr-defined]
    name.fill("Rana")
    name.press("Enter")
    # The server has the name once the page says so (a condition, not a pause).
    page.get_by_text("Changes are recorded as Rana").wait_for(timeout=30_000)  # type: ignore[attr-defined]


def selected(page: object) -> str:
    box = page.get_by_role("combobox", name="Incident", exact=True)  # type: ignore[attr-defined]
    return str(box.input_value())


def wait_until(predicate: object, timeout: float = 45.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


def test_queue_is_lowest_confidence_first_and_n_goes_to_the_next(review_app: str,
                                                                page: object) -> None:
    open_review(page, review_app)
    assert "3 incidents left to review" in page.inner_text("body")  # type: ignore[attr-defined]
    assert "confidence 0.20" in selected(page)
    page.locator("h1").first.click()  # type: ignore[attr-defined]  # focus the page
    page.keyboard.press("n")  # type: ignore[attr-defined]
    wait_until(lambda: "confidence 0.35" in selected(page))
    page.locator("h1").first.click()  # type: ignore[attr-defined]
    page.keyboard.press("n")  # type: ignore[attr-defined]
    wait_until(lambda: "confidence 0.90" in selected(page))
    # the article text with its evidence follows the selection once the rerun has drawn it
    wait_until(lambda: "Ain al-Asad" in page.inner_text("body"))  # type: ignore[attr-defined]


def test_a_wrong_place_is_fixed_by_choosing_an_alternative(review_app: str,
                                                          page: object) -> None:
    open_review(page, review_app, made("wrong"))
    marks = page.locator("mark.ev-place")  # type: ignore[attr-defined]
    assert marks.first.inner_text() == "Tripoli"
    assert page.locator("mark.ev-trigger").first.inner_text() == "clashed"  # type: ignore[attr-defined]
    assert page.locator("mark.ev-date").first.inner_text() == "on Wednesday"  # type: ignore[attr-defined]
    button = page.get_by_role("button", name="Tripoli (North, LB)")  # type: ignore[attr-defined]
    clicks = 0
    start = time.time()
    button.click()
    clicks += 1
    page.get_by_text("Moved to Tripoli: saved.").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    elapsed = time.time() - start
    assert clicks <= 3, f"{clicks} clicks"  # the time is printed, not asserted (busy machines)
    fixed = store().incident(made("wrong"))
    assert fixed.country == "LB" and 35 < fixed.lon < 36.5
    print(f"alternative chosen in {clicks} click(s), {elapsed:.2f} s")


def test_placing_by_a_map_click_with_region_precision(review_app: str, page: object) -> None:
    open_review(page, review_app, made("high"))
    page.get_by_text("region (±50 km)").click()  # type: ignore[attr-defined]
    region = page.get_by_role("radio", name="region (±50 km)")  # type: ignore[attr-defined]
    wait_until(region.is_checked, timeout=30)
    deadline = time.time() + 60
    frame = None
    while frame is None and time.time() < deadline:
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert frame is not None
    container = frame.locator(".leaflet-container").first
    container.wait_for(timeout=30_000)
    box = container.bounding_box()
    container.click(position={"x": box["width"] / 2 + 60, "y": box["height"] / 2 - 40})
    page.get_by_text("Clicked: lat").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    before = store().incident(made("high"))
    page.get_by_role("button", name="Place it here").click()  # type: ignore[attr-defined]
    page.get_by_text("Placed on the map: saved.").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    after = store().incident(made("high"))
    assert (after.lon, after.lat) != (before.lon, before.lat)
    assert after.lon > before.lon and after.lat > before.lat  # right of and above the centre
    assert after.geo_precision == 3 and after.uncertainty_km == 50.0


def test_delete_then_undo(review_app: str, page: object) -> None:
    iid = made("low")
    open_review(page, review_app, iid)
    page.get_by_text("Delete", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Delete this incident").click()  # type: ignore[attr-defined]
    page.get_by_text("Deleted the incident: saved.").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert iid not in set(store().incidents(include_hidden=True)["incident_id"])
    page.get_by_role("button", name="↶ Undo my last change").click()  # type: ignore[attr-defined]
    page.get_by_text("Undid the deletion of 1 incident.").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert store().incident(iid).location.endswith("Erbil Air Base")


def test_the_date_field_sets_what_on_friday_means(review_app: str, page: object) -> None:
    page.goto(f"{review_app}/ingest", wait_until="networkidle")  # type: ignore[attr-defined]
    text = page.get_by_label("Article text")  # type: ignore[attr-defined]
    text.fill("Gunmen clashed with soldiers in Tripoli, Lebanon on Friday, a security "
              "source said.")
    page.get_by_text("Publication date").first.click()  # type: ignore[attr-defined]  # blur
    page.get_by_text("The text has no publication date").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    for part, value in (("year", "2023"), ("month", "11"), ("day", "20")):
        segment = page.get_by_role("spinbutton", name=f"{part}, Publication date")  # type: ignore[attr-defined]
        segment.click()
        page.keyboard.type(value)  # type: ignore[attr-defined]
    page.locator("h1").first.click()  # type: ignore[attr-defined]  # the field commits on blur
    page.get_by_text("The text has no publication date").wait_for(state="detached",  # type: ignore[attr-defined]
                                                                  timeout=30_000)
    page.get_by_role("button", name="Extract incidents").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save to the store").click()  # type: ignore[attr-defined]
    page.get_by_text("Saved 1 article and 1 incident.").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    frame = store().incidents()
    saved = frame[frame["quote"].str.contains("Gunmen clashed with soldiers")]
    assert [d.date() for d in saved["event_date"]] == [date(2023, 11, 17)]
