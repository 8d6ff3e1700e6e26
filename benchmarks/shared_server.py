"""Other users' pages while one user extracts a 5 MB paste (two browser contexts).

Usage: .venv/bin/python benchmarks/shared_server.py [REPEATS]

Starts the app on the demo data (network blocked, Debian's Chromium), measures how long
the Map page takes to draw its markers in context B when the server is idle, then pastes
5,000,000 characters into the Ingest page in context A and presses Extract (a background
job), and measures the Map page in context B again while the job runs. Prints both
medians and their ratio (the target: at most 2x), and the job's progress at the end.
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SENTENCES = ("Three rockets struck Ain al-Asad air base in western Iraq on Tuesday, a US "
             "official said. Officials met in a hotel in Baghdad to discuss the budget. "
             "A drone was shot down near Erbil Air Base on Monday, a security official said. ")
COUNT = """() => Array.from(document.querySelectorAll('path.incident-marker')).length"""


def map_draw_s(context: object, url: str) -> float:
    page = context.new_page()  # type: ignore[attr-defined]
    start = time.perf_counter()
    page.goto(url)
    deadline = start + 300
    while time.perf_counter() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate(COUNT) > 0:
                        elapsed = time.perf_counter() - start
                        page.close()
                        return elapsed
                except Exception:
                    continue
        page.wait_for_timeout(50)
    page.close()
    raise TimeoutError("the map drew no marker in 300 s")


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    from playwright.sync_api import sync_playwright

    helpers = importlib.import_module("tests.test_browser")  # the tests' server and flags
    chromium, flags, serve = helpers.CHROMIUM, helpers.FLAGS, helpers.serve

    folder = Path(tempfile.mkdtemp(prefix="shared-bench-"))
    os.environ["INCIDENTMAP_JOBS"] = str(folder / "jobs")
    paste = (SENTENCES * (5_000_000 // len(SENTENCES) + 1))[:5_000_000]
    with serve(folder / "incidents.sqlite") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=flags)
        viewer = browser.new_context(viewport={"width": 1400, "height": 1000})
        editor = browser.new_context(viewport={"width": 1400, "height": 1000})
        map_draw_s(viewer, url)  # warm-up: gazetteer, point index, labels
        idle = [map_draw_s(viewer, url) for _ in range(repeats)]
        print(f"idle: Map page draws in {statistics.median(idle):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in idle)})", flush=True)
        page = editor.new_page()
        page.goto(f"{url}/ingest")
        box = page.get_by_label("Article text")
        box.wait_for(timeout=60_000)
        start = time.perf_counter()
        box.fill(paste)
        print(f"paste typed in {time.perf_counter() - start:.1f} s", flush=True)
        page.locator("h1").first.click()
        page.get_by_role("button", name="Extract incidents").click()
        page.get_by_text("Extracting in the background").wait_for(timeout=300_000)
        print(f"5,000,000-character paste sent and its job started in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
        busy = [map_draw_s(viewer, url) for _ in range(repeats)]
        print(f"busy: Map page draws in {statistics.median(busy):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in busy)})")
        print(f"ratio busy/idle: {statistics.median(busy) / statistics.median(idle):.2f} "
              "(target <= 2)")
        progress = page.get_by_text("Extracting in the background").inner_text()
        print(f"job still running at the end: {progress[:120]}")
        page.get_by_role("button", name="Cancel").click()
        page.get_by_text("The extraction was cancelled").wait_for(timeout=300_000)
        print("job cancelled from the page")
        browser.close()


if __name__ == "__main__":
    main()
