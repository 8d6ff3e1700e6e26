"""Geoparser on the sentences every conflict article has (issue 11).

The sentences are written for these tests; none is taken from a corpus.
"""

from __future__ import annotations

import math

import pytest

from geo.core.geodesy import distance_km
from geo.core.records import Place
from geo.gazetteer.build import CITIES_MIN_POPULATION
from geo.gazetteer.index import Gazetteer
from geo.reading.newswire import abbreviation_spans, datelines
from geo.reading.resolution import geoparse


def places(gazetteer: Gazetteer, text: str) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for r in geoparse(text, gazetteer):
        assert r.mention.place is not None
        out.setdefault(r.mention.text, r.mention.place)
    return out


def near(place: Place, lon: float, lat: float, km: float = 30.0) -> bool:
    return distance_km(place.lon, place.lat, lon, lat) <= km


# -- recognition -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name", "country", "lon", "lat"), [
    ("In Fallujah, a car bomb killed three people on Monday.", "Fallujah", "IQ", 43.78, 33.35),
    ("In Qamishli, the market stayed closed after the blast.", "Qamishli", "SY", 41.23, 37.05),
    ("In Tikrit, a curfew was imposed after the shooting.", "Tikrit", "IQ", 43.68, 34.60),
])
def test_sentence_initial_in_x(
    gazetteer: Gazetteer, text: str, name: str, country: str, lon: float, lat: float
) -> None:
    found = places(gazetteer, text)
    assert name in found
    assert found[name].country == country
    assert near(found[name], lon, lat)


def test_wire_dateline_with_country(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "TIKRIT, Iraq (AP) — Gunmen attacked a checkpoint overnight.")
    assert found["TIKRIT"].country == "IQ"
    assert found["TIKRIT"].kind == "city"
    assert found["Iraq"].kind == "country"


def test_wire_dateline_without_country(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "BEIRUT (Reuters) - Jets flew low over the southern suburbs.")
    assert found["BEIRUT"].country == "LB"


def test_dateline_parts() -> None:
    parts = datelines("MOSUL, Iraq (AFP) -- Engineers rebuilt the bridge.")
    assert [p.name for p in parts] == ["MOSUL", "Iraq"]
    assert datelines("In Mosul - a city of bridges - engineers worked.") == []


def test_dateline_decides_an_ambiguous_town(gazetteer: Gazetteer) -> None:
    # "Tripoli" alone is Libya's capital; a Lebanese dateline puts it in Lebanon.
    text = "BEIRUT (Reuters) - Protesters gathered again in Tripoli on Friday."
    assert places(gazetteer, text)["Tripoli"].country == "LB"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Baghdad police said two rockets landed near the airport.", "Baghdad", "IQ"),
    ("Mosul University reopened its central library on Sunday.", "Mosul", "IQ"),
    ("A Damascus-based monitor reported the strike.", "Damascus", "SY"),
])
def test_names_used_as_modifiers(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    found = places(gazetteer, text)
    assert found[name].country == country
    assert found[name].kind == "city"


def test_hyphenated_pair_of_countries(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Smugglers crossed the Iraq-Syria border at night.")
    assert found["Iraq"].country == "IQ"
    assert found["Syria"].country == "SY"


def test_state_abbreviations_after_a_comma(gazetteer: Gazetteer) -> None:
    text = "The plant in Louisville, Ky., supplies a depot in Fresno, Calif., every week."
    found = places(gazetteer, text)
    assert found["Ky."].name == "Kentucky"
    assert found["Calif."].name == "California"
    assert found["Louisville"].admin1 == "Kentucky"
    assert found["Fresno"].admin1 == "California"


def test_abbreviation_needs_a_comma() -> None:
    assert [t[2] for t in abbreviation_spans("Salem, Mass. and Boston, Mass.")] == \
        ["ne1:US-MA", "ne1:US-MA"]
    assert abbreviation_spans("Mass. graves were found.") == []


@pytest.mark.parametrize("text", [
    "Cassandra Rivera told reporters she was tired of waiting.",
    "Hail Trump, a man in the crowd shouted.",
    "Some residents left before dawn.",
    "The Centre reopened on Monday.",
    "And I said no. So we left.",
])
def test_people_organisations_and_words_are_not_places(gazetteer: Gazetteer, text: str) -> None:
    assert geoparse(text, gazetteer) == []


def test_surname_after_a_full_name_is_a_person(gazetteer: Gazetteer) -> None:
    text = "Analyst Maria Allen said the talks failed. Allen added that no date was set."
    assert "Allen" not in places(gazetteer, text)


def test_acronym_is_not_a_small_town(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "The EU and the US condemned the attack.")
    assert found["EU"].kind == "continent"
    assert found["US"].place_id == "cc:US"


# -- resolution -----------------------------------------------------------------------------

def test_country_wins_over_a_namesake_town(gazetteer: Gazetteer) -> None:
    text = ("Fighters recruited from Lebanon, Iraq and Afghanistan were sent to Syria, "
            "an official in Washington said.")
    found = places(gazetteer, text)
    assert found["Lebanon"].place_id == "cc:LB"


def test_famous_namesake_abroad_loses_to_the_regional_place(gazetteer: Gazetteer) -> None:
    text = "The Syrian government in Damascus denied that its troops had left Aleppo and Homs."
    assert places(gazetteer, text)["Damascus"].country == "SY"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Militias clashed in Al-Bokamal, on the Syrian side of the border with Iraq.",
     "Al-Bokamal", "SY"),
    ("Turkish shelling hit Ras al-Ain in northern Syria, Kurdish officials said.",
     "Ras al-Ain", "SY"),
    ("SDF fighters entered Al-Shaddadah in Hasakah province, Syria.", "Al-Shaddadah", "SY"),
])
def test_transliterated_names_resolve_in_the_article_region(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    assert places(gazetteer, text)[name].country == country


def test_unknown_wadi_is_not_sent_abroad(gazetteer: Gazetteer) -> None:
    text = "Iraqi troops swept Wadi al-Naft, west of the town of Rutba in Anbar province."
    for place in places(gazetteer, text).values():
        assert place.country in ("IQ", "")


def test_town_state_pattern(gazetteer: Gazetteer) -> None:
    text = "A fire closed a warehouse in Lebanon, Pennsylvania, on Tuesday."
    found = places(gazetteer, text)
    assert found["Lebanon"].country == "US"
    assert found["Lebanon"].admin1 == "Pennsylvania"


def test_namesake_province_seat_is_the_city(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Rockets fell on Baghdad and Basra overnight.")
    assert found["Baghdad"].kind == "city"
    assert found["Basra"].kind == "city"


def test_country_points_are_geonames_reference_points(gazetteer: Gazetteer) -> None:
    us = gazetteer.by_id("cc:US")
    assert us is not None
    assert math.isclose(us.place.lat, 39.76, abs_tol=0.01)
    assert math.isclose(us.place.lon, -98.5, abs_tol=0.01)


# -- coverage -------------------------------------------------------------------------------

def test_cities500_is_loaded() -> None:
    assert CITIES_MIN_POPULATION == 500


@pytest.mark.parametrize(("text", "name", "lon", "lat"), [
    ("Coalition trainers left Camp Taji north of Baghdad, Iraq.", "Camp Taji", 44.26, 33.52),
    ("Shells fell near Makhmour and Koya in Iraq's Kurdistan Region.", "Makhmour", 43.58, 35.78),
    ("Shells fell near Makhmour and Koya in Iraq's Kurdistan Region.", "Koya", 44.63, 36.08),
])
def test_curated_sites_and_towns(
    gazetteer: Gazetteer, text: str, name: str, lon: float, lat: float
) -> None:
    found = places(gazetteer, text)
    assert near(found[name], lon, lat, km=10)


def test_small_town_with_context(gazetteer: Gazetteer) -> None:
    # Ash Shaddadah (population under 15,000) is only in GeoNames cities500.
    text = "Kurdish-led forces moved from Hasakah to Al-Shaddadah in Syria."
    place = places(gazetteer, text)["Al-Shaddadah"]
    assert place.country == "SY"
    assert near(place, 40.73, 36.06, km=10)


def test_bare_capitalised_dateline(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "LONDON The Latest on the talks between the two governments.")
    assert found["LONDON"].country == "GB"
    assert geoparse("BREAKING NEWS Officials met today.", gazetteer) == []


def test_province_and_large_city_as_modifiers(gazetteer: Gazetteer) -> None:
    text = "Officials at the Kirkuk Oil Company and the Anbar Operations Command said so."
    found = places(gazetteer, text)
    assert found["Kirkuk"].country == "IQ"
    assert found["Anbar"].kind == "admin1"


def test_demonym_before_backed_or_led(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "It was a Turkish-led and Iranian-backed operation.")
    assert found["Turkish"].place_id == "cc:TR"
    assert found["Iranian"].place_id == "cc:IR"


def test_regional_demonym(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Thousands of Central American migrants walked north.")
    assert found["Central American"].kind == "region"


def test_airports_from_the_registry_package(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Flights were diverted to Dulles International Airport.")
    place = found["Dulles International Airport"]
    assert place.kind == "airport"
    assert near(place, -77.46, 38.95, km=10)


def test_curated_site_beats_the_airport_of_the_same_name(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Rockets fell near Erbil International Airport on Tuesday.")
    assert found["Erbil International Airport"].place_id == "cur:erbil-air-base"


def test_disease_names_are_not_places(gazetteer: Gazetteer) -> None:
    found = places(gazetteer, "Cases of West Nile virus and Marburg fever rose in Texas.")
    assert set(found) == {"Texas"}
