"""Place labels, legends, stacked incidents and slide captions (no browser)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from geo.extract.loaders import article_from_text
from geo.extract.pipeline import extract_all
from geo.gazetteer.index import Gazetteer
from geo.map.basemap import base_map
from geo.map.labels import KINDS, LABEL_FILE, label_records, label_table, write_label_file
from geo.map.layers import assemble
from geo.map.legend import legend_html, legend_of
from geo.map.popups import stack_popup_html
from geo.map.render import incident_layer
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def labels(gazetteer: Gazetteer) -> pd.DataFrame:
    return label_table(gazetteer)


def _row(labels: pd.DataFrame, name: str) -> pd.Series:
    found = labels[labels["name"] == name]
    assert len(found), name
    return found.iloc[0]


def test_the_newsroom_names_are_labelled_by_zoom_6(labels: pd.DataFrame) -> None:
    for name, kind in (("Iraq", "country"), ("Syria", "country"), ("Baghdad", "city"),
                       ("Al Asad Air Base", "site"), ("Al Anbar", "admin1")):
        row = _row(labels, name)
        assert row["kind"] == kind and row["min_zoom"] <= 6, name
    # Priority: countries, then capitals, before sites and provinces.
    order = list(labels["name"])
    assert order.index("Iraq") < order.index("Baghdad") < order.index("Al Asad Air Base") \
        < order.index("Al Anbar")


def test_a_city_is_labelled_by_its_own_name_not_a_section(labels: pd.DataFrame) -> None:
    names = set(labels["name"])
    assert "Mosul" in names and "Al Mawşil al Jadīdah" not in names
    assert _row(labels, "Mosul")["min_zoom"] <= 5


def test_label_records_are_compact_and_cut_to_an_extent(labels: pd.DataFrame,
                                                        tmp_path: Path,
                                                        gazetteer: Gazetteer) -> None:
    near = label_records(labels, (38.0, 30.0, 48.0, 38.0))
    assert near and all(38.0 <= r[2] <= 48.0 and 30.0 <= r[1] <= 38.0 for r in near)
    assert {KINDS[r[3]] for r in near} >= {"country", "city", "site", "admin1"}
    path = write_label_file(gazetteer, tmp_path)
    assert path.name == LABEL_FILE and path.stat().st_size < 1_500_000


def test_a_standalone_map_embeds_the_labels_of_its_view(gazetteer: Gazetteer) -> None:
    page = base_map(gazetteer, center=(33.8, 42.4), zoom=7, embed_basemap=True)
    html = page.get_root().render()
    assert "Al Asad Air Base" in html and "map-label" in html
    assert "Buenos Aires" not in html  # only the view's surroundings are embedded


def test_legend_follows_colouring_and_lists_overlays() -> None:
    legend = legend_of({"US forces": "#1f77b4"}, "actor", ["deployments", "troop_figures"])
    html = legend_html(legend)
    assert legend.title.startswith("Actor") and "other actors" in html
    assert "base with foreign forces" in html and "troop figure" in html
    assert "Event type" not in html
    with pytest.raises(KeyError):
        legend_of({}, "event_type", ["nonsense"])


def test_same_point_incidents_share_one_marker_with_a_list(gazetteer: Gazetteer) -> None:
    frame = extract_all([article_from_text(articles.NEAR_SITE, now=NOW)]).incident_frame()
    four = pd.concat([frame] * 4, ignore_index=True)
    four["incident_id"] = [f"id-{i}" for i in range(4)]
    four.loc[0, "quote"] = "<script>alert(1)</script>"
    layer, how = incident_layer(four, gazetteer)
    html = assemble(base_map(gazetteer), [layer]).get_root().render()
    assert how == "showing 4 incidents as markers"
    assert html.count("incident-stack stack-4") == 1 and "4 incidents here" in html
    assert "<script>alert(1)" not in html
    assert all(f'data-incident=\\"id-{i}\\"' in html or f'data-incident="id-{i}"' in html
               for i in range(4))
    assert "incident-list" in html  # the list of incidents in view
    popup = stack_popup_html([r for _, r in four.iterrows()], open_id="id-2")
    assert popup.count("<details") == 4 and 'data-incident="id-2" open' in popup


def test_areas_lie_beneath_points_and_take_no_clicks(gazetteer: Gazetteer) -> None:
    frame = extract_all([article_from_text(articles.REGION, now=NOW)]).incident_frame()
    html = assemble(base_map(gazetteer), [incident_layer(frame, gazetteer)[0]]
                    ).get_root().render()
    assert '"pane": "areas"' in html and '"interactive": false' in html


def test_timeline_ticks_whole_days() -> None:
    from geo.map.timeline import timeline_spec

    spec = timeline_spec({"airstrike": "#1f77b4"}, date(2023, 10, 19), date(2023, 10, 19))
    x = spec["encoding"]["x"]
    assert x["axis"]["tickCount"] == {"interval": "day", "step": 1}
    assert [d["date"] for d in x["scale"]["domain"]] == [18, 21]  # a day either side
    assert x["scale"]["type"] == "utc" and x["timeUnit"].startswith("utc")
    year = timeline_spec({"airstrike": "#1f77b4"}, date(2023, 1, 1), date(2023, 12, 31))
    assert year["encoding"]["x"]["axis"]["tickCount"] == {"interval": "day", "step": 30}


def test_timeline_spec_follows_the_window_not_the_counts() -> None:
    from geo.map.timeline import timeline_spec

    palette = {"airstrike": "#1f77b4", "drone attack": "#ff7f0e"}
    window = (date(2023, 10, 1), date(2023, 10, 31))
    # No data in the spec: a filter that keeps the window keeps the chart, new rows only.
    assert "data" not in timeline_spec(palette, *window)
    assert timeline_spec(palette, *window) == timeline_spec(palette, *window)
    assert timeline_spec(palette, *window) != timeline_spec(palette, window[0], date(2023, 11, 5))
    colour = timeline_spec(palette, *window)["encoding"]["color"]["scale"]
    assert colour == {"domain": list(palette), "range": list(palette.values())}


def test_timeline_bars_carry_their_own_words() -> None:
    from geo.map.timeline import timeline_rows, timeline_spec

    counts = pd.DataFrame({"day": [pd.Timestamp("2023-10-19"), pd.Timestamp("2023-10-20")],
                           "category": ["airstrike", "drone attack"], "incidents": [1, 3]})
    rows = timeline_rows(counts)
    assert rows["label"].tolist() == ["event date: 19 Oct 2023; airstrike: 1 incident",
                                      "event date: 20 Oct 2023; drone attack: 3 incidents"]
    encoding = timeline_spec({"airstrike": "#1f77b4"}, date(2023, 10, 19),
                             date(2023, 10, 20))["encoding"]
    # Rows are per day and category already: no aggregate for the browser to run.
    assert "aggregate" not in encoding["y"]
    assert encoding["tooltip"]["field"] == encoding["description"]["field"] == "label"


def test_filters_are_described_in_words() -> None:
    from geo.map.briefing import describe_filter
    from geo.query.filters import IncidentFilter

    assert describe_filter(IncidentFilter()) == "all dates"
    one_day = IncidentFilter(start=date(2023, 10, 18), end=date(2023, 10, 18),
                             actors=("US forces",), countries=("IQ",))
    assert describe_filter(one_day) == "18 Oct 2023 · actors: US forces · countries: IQ"
