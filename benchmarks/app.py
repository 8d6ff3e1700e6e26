"""Map scale: build time, size sent to the browser, and time until markers appear.

Usage: ``python benchmarks/app.py [--sizes 1000 10000 100000]``

For each size, a store of synthetic incidents is written, the real app is
started on it (``streamlit run app.py``), and Debian's Chromium (Playwright)
loads the Map page: the figure is the time from navigation until the first
marker, cluster or grid cell is drawn. The script side is measured in-process:
time to build the folium map and its incident layer, and the size of the
HTML/JS that streamlit-folium sends (map document plus the layer script).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from streamlit_folium import _get_feature_group_string

from benchmarks.synthetic import synthetic_incidents
from geo.frame import incidents_to_frame
from geo.gazetteer import load_gazetteer
from geo.mapping import base_map, incident_layer, legend_for
from geo.pipeline import Extraction
from geo.store import IncidentStore

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
DRAWN = "path.incident-marker, .marker-cluster, path.leaflet-interactive"


def script_side(n: int) -> tuple[float, int, str]:
    gaz = load_gazetteer()
    frame = incidents_to_frame(synthetic_incidents(n))
    t0 = time.perf_counter()
    fmap = base_map(gaz, legend=legend_for(frame, "event_type"))
    layer, how = incident_layer(frame, gaz)
    html = fmap.get_root().render()
    script = _get_feature_group_string(layer, map=fmap)
    elapsed = time.perf_counter() - t0
    return elapsed, len(html.encode()) + len(script.encode()), how


def browser_side(n: int) -> float:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "bench.sqlite"
        IncidentStore(store_path).add([], Extraction(tuple(synthetic_incidents(n)), (), ()))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(os.environ, INCIDENTMAP_STORE=str(store_path))
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                                 "--server.port", str(port), "--server.headless", "true"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                # Warm-up visit: the first session also loads the store into the cache.
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url)
                _wait_drawn(page, 300)
                page.close()
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(url)
                _wait_drawn(page, 120)
                elapsed = time.perf_counter() - t0
                browser.close()
            return elapsed
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _wait_drawn(page: object, timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        for frame in page.frames:  # type: ignore[attr-defined]
            if "streamlit_folium" in frame.url and frame.locator(DRAWN).count() > 0:
                return
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
    raise TimeoutError("nothing was drawn")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    from geo.assets import STATIC_DIR
    from geo.mapping import BASEMAP_FILE

    basemap = (STATIC_DIR / BASEMAP_FILE).stat().st_size
    print(f"basemap file fetched once and cached by the browser: {basemap / 1e6:.2f} MB")
    print(f"{'incidents':>10}  {'build map':>10}  {'sent':>9}  {'to markers':>11}  drawn as")
    for n in args.sizes:
        build_s, size, how = script_side(n)
        shown = "-" if args.no_browser else f"{browser_side(n):.2f} s"
        print(f"{n:>10,}  {build_s:>8.2f} s  {size / 1e6:>6.2f} MB  {shown:>11}  {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
