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

from geo.core.errors import DataNotBuiltError
from geo.gazetteer.index import Gazetteer
from geo.map.assets import STATIC_DIR, STATIC_URL
from geo.map.basemap import base_map
from geo.map.layers import assemble
from geo.map.legend import legend_for, legend_of
from geo.map.render import incident_layer, view_of
from geo.map.theme import STANDARD, MapTheme

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
                   created: datetime | None = None,
                   center: tuple[float, float] | None = None, zoom: int | None = None,
                   colours: dict[str, str] | None = None, theme: MapTheme = STANDARD,
                   font_px: int = 12) -> str:
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
        A line under the title in words (time window, filters, count; see
        :func:`geo.map.briefing.describe_filter`), never raw JSON.
    colour_by
        ``"event_type"`` or ``"actor"``.
    created
        Time stamp shown on the map; now by default.
    center, zoom
        The view (a slide's stored view); fitted to the incidents when omitted.
    colours
        Category colours (the app's palette); from ``frame`` when omitted.
    theme
        Map theme (:data:`geo.map.theme.HIGH_CONTRAST` for a projector).
    font_px
        Legend and caption font size.

    Returns
    -------
    str
        The complete HTML document.
    """
    fitted_center, fitted_zoom = view_of(frame)
    center = center or fitted_center
    zoom = zoom if zoom is not None else fitted_zoom
    legend = (legend_of(colours, colour_by) if colours is not None
              else legend_for(frame, colour_by))
    fmap = base_map(gazetteer, center=center, zoom=zoom, legend=legend, embed_basemap=True,
                    theme=theme, font_px=font_px)
    layer, how = incident_layer(frame, gazetteer, colour_by, colours=colours, theme=theme,
                                incident_list=False)
    stamp = (created or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    header = (f'<div class="standalone-caption" style="position:absolute;top:10px;left:60px;'
              f"z-index:9999;max-width:70%;background:{theme.legend_background};"
              f"padding:8px 12px;border:{theme.legend_border};border-radius:4px;"
              f'color:{theme.legend_text};font:{font_px + 2}px/1.35 system-ui,sans-serif;">'
              f'<div style="font-size:1.35em;font-weight:700;">{html.escape(title)}</div>'
              f"<div>{html.escape(caption)}</div>"
              f'<div style="font-size:0.8em;">{html.escape(how)} · made {stamp}</div></div>')
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
