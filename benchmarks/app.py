"""Map scale: time to first map, size sent to the browser, filter-to-redraw latency.

Usage: ``python -m benchmarks.app [--sizes 10000 100000 1000000] [--stores DIR]
[--checkout DIR]``

For each size a store of synthetic incidents is written (or reused from
``--stores DIR/<size>.sqlite``), the real app is started on it (``streamlit
run app.py``) and Debian's Chromium (Playwright, network blocked) loads the
Map page in a fresh session with cold caches:

* *first map*: on a freshly started server (gazetteer and store not yet loaded),
  from navigation until the first marker, cluster or hexagon is drawn;
* *new session*: the same for a second browser session on the running server;
* *first filter*: an actor is picked in the sidebar as soon as it is offered
  after the first map; from the key press until the metric shows the new count
  and the map has replaced its layer (the layer script it holds has changed and
  something is drawn);
* *filter to redraw*: the same, median of four more changes (each adding an
  actor) made once the page is fully drawn;
* *sent*: the bytes of the map document and incident layer the page sends for
  the view (built in-process with the page's own calls); in cluster mode the
  incidents go to the browser once per store version as a file (*file once*)
  and a view sends only its mask.

The floor (:mod:`benchmarks.floor_page`: one ``st_folium`` map, 16
CircleMarkers, the same local Leaflet assets) is measured in the same run, first
load after its start and median of the next loads, and every browser figure is
also printed as a ratio to it: absolute times vary with the machine's load.
``--checkout DIR`` serves the app of another checkout (an older commit, say) to
the same measurement, for a before/after comparison in one session.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from streamlit_folium import _get_feature_group_string

from benchmarks.pageload import (
    floor_script,
    launch_browser,
    start_server,
    stop_server,
    time_load,
)
from benchmarks.synthetic import ACTORS, synthetic_incidents
from geo.core.hexbin import hexagon_frame, resolution_for_zoom
from geo.extract.pipeline import Extraction
from geo.gazetteer.index import load_gazetteer
from geo.map.basemap import base_map
from geo.map.layers import hexagon_caption, hexagon_layer
from geo.map.legend import OTHER_COLOUR, legend_of, palette_for
from geo.map.markerdata import MIN_DATA_MARKERS, marker_script
from geo.map.pointdata import MAX_STATIC, cluster_script, incident_labels, point_payload
from geo.map.render import MAX_CLUSTERED, MAX_MARKERS, incident_layer, view_of_extent
from geo.query.filters import IncidentFilter
from geo.query.points import PointIndex
from geo.store.sqlite import IncidentStore

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
DRAWN = "path.incident-marker, .marker-cluster, path.incident-hexagon"
BATCH = 10_000


def build_store(path: Path, n: int) -> None:
    if path.exists():
        return
    store = IncidentStore(path)
    records = synthetic_incidents(n)
    for start in range(0, n, BATCH):
        store.add([], Extraction(tuple(records[start:start + BATCH]), (), ()))


def script_side(store: IncidentStore) -> tuple[float, int, int, str]:
    """The page's own calls for the unfiltered view: seconds, bytes per view, file, how drawn.

    Views of more than ``MIN_DATA_MARKERS`` and up to ``MAX_CLUSTERED`` incidents
    (stores up to ``MAX_STATIC``) are drawn from a file the browser fetches once
    per store version; a view then sends its mask only (*sent*), and *file* is
    that file's size. Other views send their layer script.
    """
    gaz = load_gazetteer()
    t0 = time.perf_counter()
    index = PointIndex.from_arrow(store.point_table())
    fac = index.facets()
    flt = IncidentFilter(start=fac.first_day, end=fac.last_day)
    palette = palette_for(fac.event_types, fac.primary_actors, "event_type")
    keep = index.mask(flt)
    n = int(keep.sum())
    fmap = base_map(gaz, legend=legend_of(palette, "event_type"), plugins=False)
    html = fmap.get_root().render()
    file_size = 0
    if MIN_DATA_MARKERS < n <= MAX_CLUSTERED and len(index) <= MAX_STATIC:
        labels = incident_labels(store, index.rowid, index.day, index.event_type,
                                 index.event_type_names)
        if n > MAX_MARKERS:
            file_size = len(point_payload(index.lat, index.lon, labels, index.event_type,
                                          index.event_type_names, index.primary,
                                          index.primary_names))
            script = cluster_script("/f.json", keep, "event_type", palette, OTHER_COLOUR)
            how = f"showing {n:,} incidents in clusters"
        else:
            script = marker_script("/f.json", keep, "event_type", palette, OTHER_COLOUR)
            how = f"showing {n:,} incidents as markers"
    elif n > MAX_CLUSTERED:
        resolution = resolution_for_zoom(view_of_extent(fac.extent)[1])
        hexes = hexagon_frame(index.hexagon_counts(keep, resolution))
        layer, how = hexagon_layer(hexes, palette), hexagon_caption(n, len(hexes), resolution)
        script = _get_feature_group_string(layer, map=fmap)
    else:
        view = store.incidents_by_rowid(index.rowid[keep])
        layer, how = incident_layer(view, gaz, colours=palette)
        script = _get_feature_group_string(layer, map=fmap)
    elapsed = time.perf_counter() - t0
    return elapsed, len(html.encode()) + len(script.encode()), file_size, how


def _start_app(store_path: Path, checkout: Path = ROOT) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, INCIDENTMAP_STORE=str(store_path), PYTHONPATH=str(checkout))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                             "--server.port", str(port), "--server.headless", "true"],
                            cwd=checkout, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    return proc, url


#: Filter changes after the first: each adds one actor (a new view each time).
MORE_ACTORS = 4


def browser_side(store_path: Path, actor: str, checkout: Path = ROOT) -> dict[str, float]:
    """Seconds to the first map, a new session's map, the first and later redraws.

    ``first filter`` is picked as soon as the sidebar offers it after the first
    map (the page may still be sending what comes after the map); ``redraw`` is
    the median of :data:`MORE_ACTORS` further changes once the page is fully
    drawn, each adding one actor.
    """
    from playwright.sync_api import sync_playwright

    proc, url = _start_app(store_path, checkout)
    others = [a for a in ACTORS if a != actor][:MORE_ACTORS]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url)
            _wait(page, lambda: _drawn(page) > 0, 300)
            out = {"first map": time.perf_counter() - t0}
            times: list[float] = []
            for name in [actor, *others]:
                if times:  # the page fully drawn, as a journalist sees it before a change
                    _wait(page, lambda: _settled(page), 120)
                times.append(_pick_actor(page, name))
            out["first filter"] = times[0]
            out["redraw"] = statistics.median(times[1:])
            page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url)
            _wait(page, lambda: _drawn(page) > 0, 300)
            out["new session"] = time.perf_counter() - t0
            browser.close()
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _pick_actor(page: object, actor: str) -> float:
    """Add an actor in the sidebar; seconds from the key press to the redrawn map."""
    before = _metric(page)
    layer_before = _layer_signature(page)
    box = page.get_by_test_id("stMultiSelect").filter(  # type: ignore[attr-defined]
        has_text="Actors").locator("input")
    box.click()
    box.fill(actor)
    t0 = time.perf_counter()
    box.press("Enter")
    _wait(page, lambda: _metric(page) not in ("", before) and _drawn(page) > 0
          and _layer_signature(page) not in ("", layer_before), 120)
    return time.perf_counter() - t0


def _settled(page: object) -> bool:
    """No part of the page still announced as coming once the map is drawn."""
    try:
        return int(page.get_by_text("once the map is drawn").count()) == 0  # type: ignore[attr-defined]
    except Exception:
        return False


def _metric(page: object) -> str:
    try:
        return str(page.get_by_test_id("stMetricValue").first.inner_text(  # type: ignore[attr-defined]
            timeout=200))
    except Exception:
        return ""


def _layer_signature(page: object) -> str:
    """A checksum of the layer script the map is showing (changes when it redraws)."""
    for frame in page.frames:  # type: ignore[attr-defined]
        if "streamlit_folium" in frame.url:
            try:
                return str(frame.evaluate(
                    "() => { const s = (window.__GLOBAL_DATA__ || {}).last_feature_group || '';"
                    " let h = 0; for (let i = 0; i < s.length; i++) { h = (h * 31 + "
                    "s.charCodeAt(i)) | 0; } return s.length + ':' + h; }"))
            except Exception:
                return ""
    return ""


def _drawn(page: object) -> int:
    for frame in page.frames:  # type: ignore[attr-defined]
        if "streamlit_folium" in frame.url:
            try:
                return int(frame.locator(DRAWN).count())
            except Exception:
                return 0
    return 0


def _wait(page: object, done: object, timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if done():  # type: ignore[operator]
            return
        page.wait_for_timeout(50)  # type: ignore[attr-defined]
    raise TimeoutError("the map did not draw in time")


def floor_side(loads: int = 4) -> tuple[float, float]:
    """The floor page: seconds to its first load after a start, and the median of the next."""
    from playwright.sync_api import sync_playwright

    with floor_script() as script, sync_playwright() as p:
        browser = launch_browser(p)
        server = start_server(script)
        try:
            first = time_load(browser, server.url)
            rest = [time_load(browser, server.url) for _ in range(loads)]
        finally:
            stop_server(server)
            browser.close()
    return first, statistics.median(rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--stores", type=Path, help="folder of reusable <size>.sqlite stores")
    parser.add_argument("--actor", default="Kataib Hezbollah", help="actor picked for redraw")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--checkout", type=Path, default=ROOT,
                        help="serve the app of this checkout (default: this one)")
    args = parser.parse_args(argv)
    from geo.map.assets import STATIC_DIR
    from geo.map.basemap import BASEMAP_FILE
    from geo.map.labels import LABEL_FILE, write_label_file

    basemap = (STATIC_DIR / BASEMAP_FILE).stat().st_size
    labels = STATIC_DIR / LABEL_FILE
    if not labels.exists():  # as `incidentmap setup` leaves it
        write_label_file(load_gazetteer(), STATIC_DIR)
    print(f"basemap and label files fetched once and cached by the browser: "
          f"{basemap / 1e6:.2f} MB + {labels.stat().st_size / 1e6:.2f} MB")
    floor = None
    if not args.no_browser:
        load = os.getloadavg()
        floor = floor_side()
        print(f"floor (one st_folium map, 16 markers): first load {floor[0]:.2f} s, "
              f"median of the next 4 {floor[1]:.2f} s; load average {load[0]:.2f}/"
              f"{load[1]:.2f}/{load[2]:.2f} on {os.cpu_count()} cores")
        print("ratios: first map / floor's first load; new session and redraw / floor's "
              "median")
    print(f"{'incidents':>10}  {'build map':>9}  {'sent':>9}  {'file once':>9}  {'first map':>15}  "
          f"{'new session':>15}  {'first filter':>15}  {'filter→redraw':>15}  drawn as")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.stores or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            path = folder / f"{n}.sqlite"
            build_store(path, n)
            build_s, size, file_size, how = script_side(IncidentStore(path))
            shown = {k: "-" for k in ("first map", "new session", "first filter", "redraw")}
            if floor is not None:
                got = browser_side(path, args.actor, args.checkout.resolve())
                for key, seconds in got.items():
                    base = floor[0] if key == "first map" else floor[1]
                    shown[key] = f"{seconds:.2f} s {seconds / base:.2f}x"
            once = f"{file_size / 1e6:>6.2f} MB" if file_size else f"{'-':>9}"
            print(f"{n:>10,}  {build_s:>7.2f} s  {size / 1e6:>6.2f} MB  {once}  "
                  f"{shown['first map']:>15}  {shown['new session']:>15}  "
                  f"{shown['first filter']:>15}  {shown['redraw']:>15}  {how}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
