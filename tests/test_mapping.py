from __future__ import annotations

import re
from datetime import UTC, datetime

import folium
import pandas as pd

from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.gazetteer.index import Gazetteer
from geo.map.basemap import base_map
from geo.map.layers import assemble, deployment_layer, heat_layer
from geo.map.legend import legend_for
from geo.map.popups import popup_html
from geo.map.render import MAX_CLUSTERED, MAX_MARKERS, incident_layer
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)


def frame_of(*texts: str):  # type: ignore[no-untyped-def]
    return extract_all([article_from_text(t, now=NOW) for t in texts]).incident_frame()


def external_urls(fmap: folium.Map) -> list[str]:
    html = fmap.get_root().render()
    return re.findall(r'(?:src|href)="(https?://[^"]+)"', html)


def test_every_asset_is_local(gazetteer: Gazetteer) -> None:
    frame = frame_of(articles.NEAR_SITE, articles.REGION)
    big = pd.concat([frame] * (MAX_MARKERS // len(frame) + 1), ignore_index=True)
    layers = [incident_layer(big, gazetteer)[0], heat_layer(frame),
              deployment_layer(gazetteer, frame.iloc[0:0])]
    fmap = assemble(base_map(gazetteer, legend=legend_for(frame, "event_type")), layers)
    assert external_urls(fmap) == []
    html = fmap.get_root().render()
    assert "/app/static/vendor/leaflet.js" in html
    assert "/app/static/vendor/leaflet.markercluster.js" in html


def test_drawing_mode_switches_with_size(gazetteer: Gazetteer) -> None:
    frame = frame_of(articles.NEAR_SITE)
    assert incident_layer(frame, gazetteer)[1] == "showing 1 incidents as markers"
    clustered = pd.concat([frame] * (MAX_MARKERS + 1), ignore_index=True)
    assert "in clusters" in incident_layer(clustered, gazetteer)[1]
    many = pd.concat([frame] * (MAX_CLUSTERED + 1), ignore_index=True)
    layer, how = incident_layer(many, gazetteer)
    assert how.startswith(f"showing {len(many):,} incidents as 1 hexagons (H3 resolution")
    html = assemble(base_map(gazetteer), [layer]).get_root().render()
    assert "incident-hexagon" in html and f'"incidents": "{len(many):,}"' in html


def test_precision_is_drawn_honestly(gazetteer: Gazetteer) -> None:
    near = frame_of(articles.NEAR_SITE)
    html = assemble(base_map(gazetteer), [incident_layer(near, gazetteer)[0]]).get_root().render()
    assert '"dashArray": "5 5"' in html  # uncertainty circle around a precision-2 point
    region = frame_of(articles.REGION)
    html = assemble(base_map(gazetteer),
                    [incident_layer(region, gazetteer)[0]]).get_root().render()
    assert '"fillOpacity": 0.12' in html  # the region's shape, not a pin
    assert "precision-3" in html


def test_popup_escapes_article_text() -> None:
    row = frame_of(articles.NEAR_SITE).iloc[0].copy()
    row["quote"] = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    row["url"] = "javascript:alert(3)"
    html = popup_html(row)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "href=\"javascript" not in html  # only http(s) links become links


def test_legend_lists_the_categories_present() -> None:
    frame = frame_of(articles.NEAR_SITE, articles.METONYMIC_CAPITAL)
    legend = legend_for(frame, "event_type")
    assert [label for label, _ in legend.entries] == ["rocket attack", "airstrike"]
    by_actor = legend_for(frame, "actor")
    assert "Kataib Hezbollah" in [label for label, _ in by_actor.entries]


def test_daily_counts_add_up() -> None:
    from geo.map.timeline import daily_counts

    frame = frame_of(articles.NEAR_SITE, articles.METONYMIC_CAPITAL, articles.RELATIVE_DATES)
    counts = daily_counts(frame)
    assert int(counts["incidents"].sum()) == len(frame)
    assert set(counts["category"]) == set(frame["event_type"].astype(str))
    assert daily_counts(frame.iloc[0:0]).empty


def test_high_contrast_theme_draws_black_outlines_and_a_white_sea(gazetteer: Gazetteer) -> None:
    from geo.map.theme import HIGH_CONTRAST, STANDARD

    frame = frame_of(articles.NEAR_SITE)
    legend = legend_for(frame, "event_type")
    pages = {}
    for theme in (STANDARD, HIGH_CONTRAST):
        layer, _ = incident_layer(frame, gazetteer, theme=theme)
        pages[theme.name] = assemble(base_map(gazetteer, legend=legend, theme=theme),
                                     [layer]).get_root().render()
    bold = pages["high contrast"]
    assert "background: #ffffff;" in bold and "border:3px solid #000000" in bold
    assert '"weight": 3' in bold and '"radius": 10' in bold
    assert "background: #dbe7f0;" in pages["standard"] and "3px solid" not in pages["standard"]


def test_the_same_data_gives_the_same_layer_script(gazetteer: Gazetteer) -> None:
    from streamlit_folium import _get_feature_group_string

    from geo.map.layers import stable_ids

    frame = frame_of(articles.NEAR_SITE, articles.REGION, articles.COUNTRY_ONLY)
    scripts = []
    for _ in range(2):
        layer, _ = incident_layer(frame, gazetteer)
        scripts.append(_get_feature_group_string(stable_ids(layer, "incidents"),
                                                 base_map(None)))
    assert scripts[0] == scripts[1] and "bindPopup" in scripts[0]
