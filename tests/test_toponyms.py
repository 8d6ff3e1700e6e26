from __future__ import annotations

from geo.core.geodesy import distance_km
from geo.gazetteer.index import Gazetteer
from geo.reading.recognition import recognise
from geo.reading.resolution import geoparse

TEXT = (
    "Militants fired rockets at Ain al-Asad in western Anbar on Monday. "
    "President Jordan Smith said nothing. Later, drones struck near Albu Kamal "
    "in eastern Syria, and the Washington Post reported clashes in Deir ez-Zor."
)


def by_text(gazetteer: Gazetteer, text: str = TEXT) -> dict[str, object]:
    return {r.mention.text: r for r in geoparse(text, gazetteer)}


def test_recognises_places_with_articles_and_directions(gazetteer: Gazetteer) -> None:
    found = by_text(gazetteer)
    assert "Ain al-Asad" in found
    assert "western Anbar" in found
    assert "Albu Kamal" in found
    assert "eastern Syria" in found
    assert "Deir ez-Zor" in found


def test_people_and_organisations_are_not_places(gazetteer: Gazetteer) -> None:
    found = by_text(gazetteer)
    assert "Jordan" not in found  # a person after a title
    assert "Washington" not in found  # part of "Washington Post"
    assert "Monday" not in found


def test_directional_region_is_part_of_the_parent(gazetteer: Gazetteer) -> None:
    east = by_text(gazetteer)["eastern Syria"].mention.place  # type: ignore[attr-defined]
    syria = gazetteer.candidates("Syria")[0].place
    assert east.precision == 3
    assert east.country == "SY"
    assert east.lon > syria.lon + 1.0  # east of the country's centre
    assert 50 < east.radius_km < syria.radius_km


def test_site_resolves_to_the_base_not_a_town(gazetteer: Gazetteer) -> None:
    place = by_text(gazetteer)["Ain al-Asad"].mention.place  # type: ignore[attr-defined]
    assert place.kind == "site"
    assert distance_km(place.lon, place.lat, 42.44, 33.79) < 5


def test_context_picks_the_right_homonym(gazetteer: Gazetteer) -> None:
    text = "Shelling hit Tripoli in northern Lebanon, near Beirut and Byblos."
    tripoli = by_text(gazetteer, text)["Tripoli"].mention.place  # type: ignore[attr-defined]
    assert tripoli.country == "LB"


def test_spans_point_into_the_text(gazetteer: Gazetteer) -> None:
    for span in recognise(TEXT, gazetteer):
        assert TEXT[span.start:span.end] == span.text


def test_empty_text_has_no_toponyms(gazetteer: Gazetteer) -> None:
    assert geoparse("", gazetteer) == []
    assert geoparse("nothing capitalised here at all", gazetteer) == []


def test_a_loose_spelling_match_counts_only_in_a_country_the_text_names(
        gazetteer: Gazetteer) -> None:
    def places(text: str) -> list[tuple[str, str]]:
        return [(t.mention.text, t.mention.place.country) for t in geoparse(text, gazetteer)
                if t.mention.place is not None]

    # "al-Qamishlo" meets Al Qamishli only by its consonants: kept where Syria is named ...
    assert ("al-Qamishlo", "SY") in places(
        "Drones struck a car near al-Qamishlo in Syria on Monday.")
    # ... and a group's name that meets a village abroad by its consonants is no place.
    assert places("Fighters of Jama'a Nusrat al-Islam wa al-Muslimin attacked an army "
                  "post near Mopti in Mali.") == [("Mopti", "ML"), ("Mali", "ML")]
