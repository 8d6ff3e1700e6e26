"""Streamlit AppTest: every page runs headless; filters change the count and the map's data."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.fixtures import articles

TIMEOUT = 90
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", autouse=True)
def temp_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("store") / "incidents.sqlite"
    old = {k: os.environ.get(k) for k in ("INCIDENTMAP_STORE", "INCIDENTMAP_DEMO")}
    os.environ["INCIDENTMAP_STORE"] = str(path)
    os.environ["INCIDENTMAP_DEMO"] = "1"  # a named store gets the demo only when asked
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def page(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def count(at: AppTest) -> tuple[int, int]:
    shown, total = at.metric[0].value.replace(",", "").split(" of ")
    return int(shown), int(total)


def test_map_page_shows_the_demo_data() -> None:
    at = page("pages/map.py")
    shown, total = count(at)
    assert shown == total > 10
    assert f"showing {total} incidents as markers" in at.caption[0].value


def test_event_type_filter_changes_count_and_map_data() -> None:
    at = page("pages/map.py")
    _, total = count(at)
    at.multiselect(key="f_types").set_value(["airstrike"]).run()
    shown, _ = count(at)
    assert 0 < shown < total
    assert f"showing {shown} incidents as markers" in at.caption[0].value


def test_actor_filter_and_date_window() -> None:
    at = page("pages/map.py")
    _, total = count(at)
    at.multiselect(key="f_actors").set_value(["Islamic Resistance in Iraq"]).run()
    by_actor, _ = count(at)
    assert 0 < by_actor < total
    at.multiselect(key="f_actors").set_value([]).run()
    lo, _ = at.slider(key="f_dates").value
    at.slider(key="f_dates").set_value((lo, lo)).run()
    first_day, _ = count(at)
    assert 0 < first_day < total


def test_overlays_render_without_error() -> None:
    at = page("pages/map.py")
    for key in ("layer_deploy", "layer_admin1", "layer_heat"):
        at.toggle(key=key).set_value(True).run()
        assert not at.exception
    at.radio(key="colour_by").set_value("actor").run()
    assert not at.exception


def test_incidents_page_lists_the_filtered_rows() -> None:
    at = page("pages/incidents.py")
    frame = at.dataframe[0].value
    assert len(frame) == count(page("pages/map.py"))[1]
    assert frame["map"].str.startswith("/?focus=").all()
    at.multiselect(key="f_types").set_value(["airstrike"]).run()
    assert 0 < len(at.dataframe[0].value) < len(frame)


def test_export_page_offers_three_formats() -> None:
    at = page("pages/export.py")
    assert "incidents. The files record the filters" in at.caption[0].value
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["GeoJSON snapshot (RFC 7946)", "CSV", "GeoPackage",
                      "Standalone map (HTML, works offline)"]


def test_ingest_bad_input_shows_error_and_loses_nothing() -> None:
    before = count(page("pages/map.py"))[1]
    at = page("pages/ingest.py")
    at.text_area(key="ingest_text_0").set_value("too short").run()
    at.button(key="ingest_extract_0").click().run()
    assert any("no article text" in e.value for e in at.error)
    assert not any(e.value.startswith("pasted text: pasted text") for e in at.error)
    assert not [b for b in at.button if b.key == "ingest_save_0"]  # nothing to save
    assert count(page("pages/map.py"))[1] == before


def test_ingest_preview_then_save() -> None:
    before = count(page("pages/map.py"))[1]
    at = page("pages/ingest.py")
    at.text_area(key="ingest_text_0").set_value(articles.NEAR_SITE).run()
    at.button(key="ingest_extract_0").click().run()
    assert at.subheader[0].value == "1 incident and 0 troop figures from 1 article"
    table = at.dataframe[0].value
    assert len(table) == 1
    assert list(table.columns[:4]) == ["event_date", "event_type", "location", "actors"]
    assert count(page("pages/map.py"))[1] == before  # not saved yet
    at.button(key="ingest_save_0").click().run()
    assert any("Saved 1 article and 1 incident" in s.value for s in at.success)
    # a clean form after saving: no preview, no Save button, an empty text box
    assert not at.dataframe and not [b for b in at.button if b.key.startswith("ingest_save")]
    assert at.text_area(key="ingest_text_1").value == ""
    at.text_area(key="ingest_text_1").set_value(articles.NEAR_SITE).run()
    at.button(key="ingest_extract_1").click().run()  # same article again
    at.button(key="ingest_save_1").click().run()
    assert count(page("pages/map.py"))[1] == before + 1  # idempotent


def test_ingest_undated_text_uses_the_date_field_with_a_notice() -> None:
    at = page("pages/ingest.py")
    text = ("Gunmen clashed with soldiers in Tripoli, Lebanon on Friday, a security "
            "source said.")
    at.text_area(key="ingest_text_0").set_value(text).run()
    assert any("no publication date" in i.value for i in at.info)
    at.date_input(key="ingest_published_0").set_value(date(2023, 11, 18)).run()
    assert not at.info
    at.button(key="ingest_extract_0").click().run()
    table = at.dataframe[0].value
    assert str(table["event_date"].iloc[0]) == "2023-11-17"  # the Friday before Sat 18 Nov
    at.date_input(key="ingest_published_0").set_value(date(2023, 10, 28)).run()
    at.button(key="ingest_extract_0").click().run()
    assert str(at.dataframe[0].value["event_date"].iloc[0]) == "2023-10-27"
    assert not any("T" in w.value and "assumed" in w.value for w in at.warning)


def test_review_page_edits_with_history_and_refuses_anonymous_edits() -> None:
    at = page("pages/review.py")
    first = at.selectbox(key="review_id").value
    at.button(key="verify").click().run()  # Verify without a name
    assert any("Type your name" in e.value for e in at.error)
    at.text_input(key="editor").set_value("Rana").run()
    at.button(key="verify").click().run()
    assert any("Verify: saved" in s.value for s in at.success)
    assert at.selectbox(key="review_id").value != first  # on to the next in the queue
    at.radio(key="review_mode").set_value("All incidents").run()
    at.selectbox(key="review_id").set_value(first).run()
    hist = at.dataframe[0].value
    assert list(hist["editor"]) == ["Rana"] and list(hist["field"]) == ["status"]
    at.button(key="undo").click().run()
    assert any("Undid the status change of 1 incident" in s.value for s in at.success)


def test_a_shared_link_reproduces_the_filters() -> None:
    at = AppTest.from_file(str(ROOT / "pages/map.py"), default_timeout=TIMEOUT)
    at.query_params["type"] = ["airstrike"]
    at.run()
    assert not at.exception
    at.run()  # the map's first report reruns the page; the share expander comes then
    assert at.multiselect(key="f_types").value == ["airstrike"]
    shown, total = count(at)
    assert 0 < shown < total
    assert "type=airstrike" in at.code[0].value


def test_briefing_steps_through_three_saved_views() -> None:
    at = page("pages/map.py")
    _, total = count(at)
    for types, caption in ((["airstrike"], "Strikes"), (["drone attack"], "Drones"),
                           ([], "All incidents")):
        at.multiselect(key="f_types").set_value(types).run()
        at.text_input(key="b_name").set_value("Three slides").run()
        at.text_input(key="b_caption").set_value(caption).run()
        at.button(key="b_add").click().run()
        assert any("Added as slide" in s.value for s in at.success)
    brief = AppTest.from_file(str(ROOT / "pages/briefing.py"), default_timeout=TIMEOUT)
    brief.run()
    assert not brief.exception
    brief.selectbox(key="briefing_name").set_value("Three slides").run()
    seen = []
    for step in range(3):
        text = " ".join(m.value for m in brief.markdown)
        seen.append(text)
        if step < 2:
            brief.button(key="next_slide").click().run()
    assert "Strikes" in seen[0] and "Slide 1 of 3" in seen[0]
    assert "Drones" in seen[1] and "Slide 2 of 3" in seen[1]
    assert "All incidents" in seen[2] and f"{total} incidents" in seen[2]


def test_every_file_streamlit_would_list_as_a_page_is_a_routed_page() -> None:
    # Until st.navigation runs, Streamlit lists every *.py directly in pages/ in the sidebar.
    root = Path(__file__).resolve().parents[1]
    routed = set(re.findall(r'st\.Page\("(pages/[^"]+\.py)"', (root / "app.py").read_text()))
    listed = {f"pages/{p.name}" for p in (root / "pages").glob("*.py")}
    assert routed and listed == routed
