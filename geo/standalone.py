"""A self-contained HTML file of a map view: opens from disk with no server and no internet.

Every script and stylesheet the map uses is read from ``static/vendor`` and
written into the page, and the basemap outlines are embedded, so the file
needs nothing else. A caption and the creation time are shown on the map.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import folium
import geopandas as gpd

from geo.assets import STATIC_DIR, STATIC_URL
from geo.errors import DataNotBuiltError
from geo.gazetteer import Gazetteer
from geo.mapping import assemble, base_map, incident_layer, legend_for, view_of

_SCRIPT = re.compile(r'<script src="' + re.escape(STATIC_URL) + r'/([^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="' + re.escape(STATIC_URL) + r'/([^"]+)"/>')


def _asset(name: str, static_dir: Path) -> str:
    path = static_dir / name
    if not path.is_file():
        raise DataNotBuiltError(f"Map asset {path} is missing; run `incidentmap setup`.")
    # "</script" inside an inlined file would end the element early.
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def inline_assets(page: str, static_dir: Path = STATIC_DIR) -> str:
    """Replace links to the served assets by the assets' content.

    Parameters
    ----------
    page
        HTML rendered by folium with local asset URLs.
    static_dir
        Where the asset files are.

    Returns
    -------
    str
        The page with every local script and stylesheet inlined.
    """
    page = _SCRIPT.sub(lambda m: f"<script>{_asset(m.group(1), static_dir)}</script>", page)
    return _STYLE.sub(lambda m: f"<style>{_asset(m.group(1), static_dir)}</style>", page)


def standalone_map(frame: gpd.GeoDataFrame, gazetteer: Gazetteer, *, title: str,
                   caption: str = "", colour_by: str = "event_type",
                   created: datetime | None = None) -> str:
    """Return a standalone HTML page of the incidents in ``frame``.

    Parameters
    ----------
    frame
        The (filtered) incidents to show.
    gazetteer
        For the basemap and region shapes.
    title
        Shown above the map and as the page title.
    caption
        A line under the title (filters, time window).
    colour_by
        ``"event_type"`` or ``"actor"``.
    created
        Time stamp shown on the map; now by default.

    Returns
    -------
    str
        The complete HTML document.
    """
    center, zoom = view_of(frame)
    fmap = base_map(gazetteer, center=center, zoom=zoom, legend=legend_for(frame, colour_by),
                    embed_basemap=True)
    layer, how = incident_layer(frame, gazetteer, colour_by)
    stamp = (created or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    header = (f'<div style="position:absolute;top:10px;left:60px;z-index:9999;'
              f'background:rgba(255,255,255,.93);padding:6px 10px;border:1px solid #9ca3af;'
              f'border-radius:4px;font:14px system-ui,sans-serif;">'
              f"<b>{html.escape(title)}</b><br>{html.escape(caption)}<br>"
              f"<small>{html.escape(how)} · made {stamp}</small></div>")
    fmap.get_root().html.add_child(folium.Element(header))  # type: ignore[attr-defined]
    page = assemble(fmap, [layer]).get_root().render()
    page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    return inline_assets(page)


CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run")


def render_png(page_html: str, width: int = 1600, height: int = 900) -> bytes:
    """Render a standalone map page to PNG with headless Chromium (for slides).

    Parameters
    ----------
    page_html
        Output of :func:`standalone_map`.
    width, height
        Image size in pixels.

    Returns
    -------
    bytes
        The PNG image.

    Raises
    ------
    DataNotBuiltError
        When no Chromium is installed (``apt-get install chromium``) or the
        Playwright package is missing.
    """
    import tempfile

    chromium = next((p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        raise DataNotBuiltError("A PNG needs headless Chromium and Playwright: install them "
                                "with `apt-get install -y chromium` and "
                                "`pip install playwright`, or use the HTML export.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS))
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(path.as_uri())
                page.wait_for_timeout(1500)  # basemap and markers draw
                image: bytes = page.screenshot(type="png")
            finally:
                browser.close()
    return image
