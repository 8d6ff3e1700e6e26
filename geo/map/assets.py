"""Serve Leaflet and its plugins locally instead of from CDNs.

folium points every script and stylesheet at a CDN, so offline the map is
silently blank. :func:`install_static_assets` copies the files npm installed
into ``static/vendor`` (Streamlit serves that folder at ``/app/static``), and
:func:`localize` rewrites the ``default_js``/``default_css`` of every element
of a folium map to those local URLs. :func:`inline_assets` would embed them
for a standalone HTML file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import folium
from branca.element import Element

from geo.core.paths import REPO_ROOT, vendor_dir

STATIC_DIR = REPO_ROOT / "static" / "vendor"
#: URL prefix under which Streamlit serves ``static/`` (``server.enableStaticServing``).
STATIC_URL = "/app/static/vendor"

#: asset name -> path under vendor/node_modules (or ``folium:`` for files folium ships).
_AWESOME = "drmonty-leaflet-awesome-markers"
ASSET_FILES: dict[str, str] = {
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "images/layers.png": "leaflet/dist/images/layers.png",
    "images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "jquery.min.js": "jquery/dist/jquery.min.js",
    "bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "fontawesome/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
    "leaflet.awesome-markers.js": f"{_AWESOME}/js/leaflet.awesome-markers.min.js",
    "leaflet.awesome-markers.css": f"{_AWESOME}/css/leaflet.awesome-markers.css",
    "leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet_heat.min.js": "folium:templates/leaflet_heat.min.js",
}
ASSET_DIRS: dict[str, str] = {
    "fontawesome/webfonts": "@fortawesome/fontawesome-free/webfonts",
    "images/awesome": "drmonty-leaflet-awesome-markers/css/images",
}
#: CDN URL fragment folium uses -> local asset name. ``None`` drops the asset.
URL_REWRITES: tuple[tuple[str, str | None], ...] = (
    ("leaflet.awesome-markers.js", "leaflet.awesome-markers.js"),
    ("leaflet.awesome-markers.css", "leaflet.awesome-markers.css"),
    ("leaflet.awesome.rotate", None),
    ("bootstrap-glyphicons", None),
    ("/leaflet.js", "leaflet.js"),
    ("/leaflet.css", "leaflet.css"),
    ("jquery", "jquery.min.js"),
    ("bootstrap.bundle.min.js", "bootstrap.bundle.min.js"),
    ("bootstrap.min.css", "bootstrap.min.css"),
    ("fontawesome", "fontawesome/css/all.min.css"),
    ("font-awesome", "fontawesome/css/all.min.css"),
    ("leaflet.markercluster.js", "leaflet.markercluster.js"),
    ("MarkerCluster.Default.css", "MarkerCluster.Default.css"),
    ("MarkerCluster.css", "MarkerCluster.css"),
    ("leaflet_heat.min.js", "leaflet_heat.min.js"),
)


def _source(rel: str) -> Path:
    if rel.startswith("folium:"):
        return Path(folium.__file__).parent / rel.removeprefix("folium:")
    return vendor_dir() / rel


def install_static_assets(target: Path = STATIC_DIR) -> int:
    """Copy the npm-installed assets into the folder the app serves.

    Parameters
    ----------
    target
        Destination; ``static/vendor`` by default.

    Returns
    -------
    int
        Number of files copied.
    """
    count = 0
    for name, rel in ASSET_FILES.items():
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_source(rel), dest)
        count += 1
    for name, rel in ASSET_DIRS.items():
        src = _source(rel)
        if src.exists():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
            count += sum(1 for p in src.rglob("*") if p.is_file())
    # awesome-markers' CSS refers to images/ next to itself.
    shutil.copytree(target / "images" / "awesome", target / "images", dirs_exist_ok=True)
    return count


def local_asset(url: str) -> str | None:
    """Return the local asset name for a CDN URL folium uses.

    Parameters
    ----------
    url
        A URL from a folium element's ``default_js``/``default_css``.

    Returns
    -------
    str or None
        Asset name in :data:`ASSET_FILES`, or ``None`` when the asset is dropped.

    Raises
    ------
    KeyError
        For a URL with no local copy (a plugin the project does not ship).
    """
    for fragment, name in URL_REWRITES:
        if fragment in url:
            return name
    raise KeyError(f"No local copy of browser asset {url}; add it to vendor/package.json.")


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


ElementT = TypeVar("ElementT", bound=Element)


def localize(fmap: ElementT, base_url: str = STATIC_URL) -> ElementT:
    """Point every script and stylesheet of a folium map (or layer) at local copies.

    Parameters
    ----------
    fmap
        The map or a feature group (modified in place and returned).
    base_url
        URL prefix of the served assets.

    Returns
    -------
    folium.Map or Element
        The same object.
    """
    for element in _elements(fmap):
        for attr in ("default_js", "default_css"):
            assets = getattr(element, attr, None)
            if not assets:
                continue
            rewritten = []
            for name, url in assets:
                local = url if url.startswith(base_url) else local_asset(url)
                if local is None:
                    continue
                rewritten.append((name, local if local.startswith(base_url)
                                  else f"{base_url}/{local}"))
            setattr(element, attr, rewritten)
    return fmap
