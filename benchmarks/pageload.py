"""Page load of the Map page against the floor, measured side by side in one run.

Usage: ``python -m benchmarks.pageload [--rounds 1] [--loads 4] [--store FILE]``

The *floor* is :mod:`benchmarks.floor_page`: one ``st_folium`` map with 16
CircleMarkers and the project's local Leaflet assets, the least Streamlit and
folium need for that many markers. The *Map page* is the real app on a new
demo store (16 incidents; a copy of a seeded store per round, so no index
cache is left from an earlier run).

Per round both servers are started fresh; Debian's Chromium (Playwright,
network blocked, one browser, a new context per load, so nothing is cached)
loads each page once right after its server answers the health check (*first
load after a start*), then both alternately ``--loads`` times (*next loads*).
A load is timed from navigation until the first marker is drawn. Absolute
times depend on the machine's load, so the figures that matter are the ratios
to the floor of the same run; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOOR_PAGE = ROOT / "benchmarks" / "floor_page.py"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
DRAWN = "path.incident-marker, .marker-cluster, path.incident-hexagon"
VIEWPORT = {"width": 1400, "height": 1000}


@dataclass
class Server:
    """A running Streamlit server: its process, URL and seconds until it answered."""

    proc: subprocess.Popen[bytes]
    url: str
    health_s: float


@dataclass
class Loads:
    """Times of one page: first load after each start, and the loads after it."""

    first: list[float] = field(default_factory=list)
    next: list[float] = field(default_factory=list)
    health: list[float] = field(default_factory=list)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(script: Path, env: dict[str, str] | None = None,
                 log: Path | None = None) -> Server:
    """Start ``streamlit run script`` from the checkout; return once it is healthy."""
    port = free_port()
    out = log.open("wb") if log else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=dict(os.environ, **(env or {})), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as resp:
                if resp.status == 200:
                    return Server(proc, url, time.perf_counter() - t0)
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"streamlit did not start for {script}")


def stop_server(server: Server) -> None:
    """Stop a server started by :func:`start_server`."""
    server.proc.terminate()
    try:
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@contextmanager
def floor_script() -> Iterator[Path]:
    """The floor page as a main script beside a link to the checkout's ``static/``."""
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp:
        folder = Path(tmp)
        (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
        script = folder / "floor_app.py"
        shutil.copyfile(FLOOR_PAGE, script)
        yield script


def seeded_store(folder: Path) -> Path:
    """Write a demo store (the built-in demo articles) in ``folder``; return its file."""
    from geo.server.demo import load_demo
    from geo.store.sqlite import IncidentStore

    path = folder / "demo.sqlite"
    load_demo(IncidentStore(path))
    return path


def fresh_copy(store: Path, folder: Path) -> Path:
    """Copy a SQLite store into a new folder (no index cache beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / store.name
    shutil.copyfile(store, target)
    return target


def drawn(page: Any, selector: str = DRAWN) -> int:
    """Count drawn markers in the map's frame (0 before the frame exists)."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            try:
                return int(frame.locator(selector).count())
            except Exception:
                return 0
    return 0


def wait_until(page: Any, done: Callable[[], bool], timeout_s: float) -> None:
    """Poll ``done`` every 25 ms until it holds; raise on timeout."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if done():
            return
        page.wait_for_timeout(25)
    raise TimeoutError("the map did not draw in time")


def time_load(browser: Any, url: str, timeout_s: float = 120) -> float:
    """Seconds from navigation to the first drawn marker, in a new browser context."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        wait_until(page, lambda: drawn(page) > 0, timeout_s)
        return time.perf_counter() - t0
    finally:
        context.close()


def launch_browser(playwright: Any) -> Any:
    """Debian's Chromium, headless, with every host but loopback unresolvable."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)


def measure(rounds: int, loads: int, store: Path | None, log_dir: Path | None = None,
            app_script: Path = ROOT / "app.py") -> tuple[Loads, Loads]:
    """Measure the floor and the Map page; return their times (floor, map)."""
    from playwright.sync_api import sync_playwright

    floor, app = Loads(), Loads()
    with tempfile.TemporaryDirectory(prefix="pageload-") as tmp, floor_script() as script, \
            sync_playwright() as p:
        folder = Path(tmp)
        template = store or seeded_store(folder / "template")
        browser = launch_browser(p)
        try:
            for r in range(rounds):
                store_path = fresh_copy(template, folder / f"round{r}")
                env = {"INCIDENTMAP_STORE": str(store_path), "INCIDENTMAP_DEMO": "0"}
                log = (log_dir / f"floor{r}.log") if log_dir else None
                fs = start_server(script, log=log)
                try:
                    floor.health.append(fs.health_s)
                    floor.first.append(time_load(browser, fs.url))
                    log = (log_dir / f"app{r}.log") if log_dir else None
                    aps = start_server(app_script, env=env, log=log)
                    try:
                        app.health.append(aps.health_s)
                        app.first.append(time_load(browser, aps.url))
                        for _ in range(loads):
                            floor.next.append(time_load(browser, fs.url))
                            app.next.append(time_load(browser, aps.url))
                    finally:
                        stop_server(aps)
                finally:
                    stop_server(fs)
        finally:
            browser.close()
    return floor, app


def _fmt(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def report(floor: Loads, app: Loads) -> str:
    """The figures as a table with ratios to the floor."""
    f_first, a_first = statistics.median(floor.first), statistics.median(app.first)
    f_next, a_next = statistics.median(floor.next), statistics.median(app.next)
    lines = [
        f"{'page':<10} {'health':>7} {'first load':>10} {'next (median)':>13}  next loads",
        f"{'floor':<10} {statistics.median(floor.health):>5.2f} s {f_first:>8.2f} s "
        f"{f_next:>11.2f} s  {_fmt(floor.next)}",
        f"{'Map page':<10} {statistics.median(app.health):>5.2f} s {a_first:>8.2f} s "
        f"{a_next:>11.2f} s  {_fmt(app.next)}",
        f"ratio Map/floor: first load {a_first / f_first:.2f}x (target <= 1.5x), "
        f"median {a_next / f_next:.2f}x (target <= 1.3x)",
    ]
    if len(floor.first) > 1:
        lines.append(f"first loads: floor {_fmt(floor.first)}; Map page {_fmt(app.first)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="server starts per page")
    parser.add_argument("--loads", type=int, default=4, help="loads after the first, per round")
    parser.add_argument("--store", type=Path, help="a seeded store to copy (default: demo)")
    parser.add_argument("--logs", type=Path, help="folder for the servers' logs")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py",
                        help="the app's main script (a variant to compare)")
    args = parser.parse_args(argv)
    if args.logs:
        args.logs.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    floor, app = measure(args.rounds, args.loads, args.store, args.logs, args.app)
    load_after = os.getloadavg()
    print(report(floor, app))
    print(f"load average (1/5/15 min) before {load_before[0]:.2f}/{load_before[1]:.2f}/"
          f"{load_before[2]:.2f}, after {load_after[0]:.2f}/{load_after[1]:.2f}/"
          f"{load_after[2]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
