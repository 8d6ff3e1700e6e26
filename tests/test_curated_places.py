"""The curated table ``data/places.csv``: every row sourced, well-formed, in its country,
and the conflict-area localities it adds resolve where they should.

The sentences below are written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from shapely.geometry import Point

from geo.core.geodesy import distance_km
from geo.core.paths import data_dir
from geo.gazetteer.index import Gazetteer
from geo.reading.resolution import geoparse

KINDS = {"site", "crossing", "landmark", "region", "city"}
#: One degree of latitude in km; a planar distance in degrees times this bounds the true distance.
KM_PER_DEGREE = 111.32
#: Slack for coarse Natural Earth outlines along borders (border villages sit on the line).
BORDER_SLACK_KM = 3.0
#: Rows whose administrative unit differs from Natural Earth's outline on purpose: the
#: Kremlin (Natural Earth's RU-MOW polygon is Moscow Oblast, the city is its RU-MOS), Camp
#: Taji (Baghdad Governorate; the coarse outline puts the point in Saladin) and Makhmour
#: (Nineveh Governorate, administered from Erbil; the outline puts it in Erbil).
NE_CODE_MISMATCH = frozenset({"kremlin", "camp-taji", "makhmour"})


def _rows() -> list[dict[str, str]]:
    with (data_dir() / "places.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


ROWS = _rows()
POINT_ROWS = [r for r in ROWS if r["lat"]]


def test_every_row_names_its_source() -> None:
    missing = [r["place_id"] for r in ROWS if len(r["source"]) < 8]
    assert not missing, f"rows without a source: {missing}"


def test_place_ids_are_unique_and_kinds_known() -> None:
    dupes = [pid for pid, n in Counter(r["place_id"] for r in ROWS).items() if n > 1]
    assert not dupes
    assert {r["kind"] for r in ROWS} <= KINDS
    assert all(r["name"] for r in ROWS)


def test_coordinates_and_radius_are_in_range() -> None:
    for r in POINT_ROWS:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["place_id"]
        assert float(r["radius_km"]) > 0, r["place_id"]


def test_approximate_points_carry_a_wider_radius() -> None:
    for r in POINT_ROWS:
        if "approximate" in r["source"].lower():
            assert float(r["radius_km"]) >= 2, r["place_id"]


def test_admin1_codes_exist(gazetteer: Gazetteer) -> None:
    codes = set(gazetteer.admin1.code)
    for r in ROWS:
        for code in filter(None, r["admin1_codes"].split("|")):
            assert code in codes, (r["place_id"], code)


def test_points_lie_in_their_country(gazetteer: Gazetteer) -> None:
    outlines = dict(zip(gazetteer.countries.iso2, gazetteer.countries.geometry, strict=True))
    for r in POINT_ROWS:
        if not r["country"] or r["kind"] == "region":
            continue
        shape = outlines[r["country"]]
        pt = Point(float(r["lon"]), float(r["lat"]))
        gap_km = shape.distance(pt) * KM_PER_DEGREE
        assert gap_km <= float(r["radius_km"]) + BORDER_SLACK_KM, (r["place_id"], gap_km)


def test_site_and_city_rows_name_the_admin1_unit_that_contains_them(gazetteer: Gazetteer) -> None:
    admin1 = gazetteer.admin1
    shapes = dict(zip(admin1.code, admin1.geometry, strict=True))
    for r in POINT_ROWS:
        codes = [c for c in r["admin1_codes"].split("|") if c]
        if r["kind"] == "region" or len(codes) != 1 or r["place_id"] in NE_CODE_MISMATCH:
            continue
        pt = Point(float(r["lon"]), float(r["lat"]))
        gap_km = shapes[codes[0]].distance(pt) * KM_PER_DEGREE
        assert gap_km <= float(r["radius_km"]) + BORDER_SLACK_KM, (r["place_id"], gap_km)


def _resolved(text: str, gazetteer: Gazetteer) -> dict[str, tuple[str, float, float]]:
    return {r.mention.text: (r.mention.place.place_id, r.mention.place.lat, r.mention.place.lon)
            for r in geoparse(text, gazetteer)}


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Israeli drones struck the outskirts of Ayta ash-Shab and Ramyeh in southern Lebanon "
         "on Tuesday.", "Ayta ash-Shab", 33.097, 35.334),
        ("Israeli drones struck the outskirts of Ayta ash-Shab and Ramyeh in southern Lebanon "
         "on Tuesday.", "Ramyeh", 33.111, 35.311),
        ("Artillery fire hit Odaisseh and Kfar Kila, two villages on the Lebanese side of the "
         "border.", "Odaisseh", 33.254, 35.543),
        ("A roadside bomb went off near Maroun al-Ras and Yaroun, residents said.",
         "Maroun al-Ras", 33.081, 35.422),
        ("A drone strike hit a car in Haret Hreik, in the southern suburbs of Beirut.",
         "Haret Hreik", 33.85, 35.517),
        ("Ukrainian troops pushed south of Robotyne in the Zaporizhzhia region overnight.",
         "Robotyne", 47.443, 35.826),
        ("Fighting continued around Klishchiivka, a village south of Bakhmut in Donetsk Oblast.",
         "Klishchiivka", 48.528, 37.958),
        ("Iraqi security forces searched farmland near Hawija in Kirkuk province after an "
         "ambush.", "Hawija", 35.326, 43.773),
        ("Families fled the Zamzam camp near El Fasher in North Darfur as shelling intensified.",
         "Zamzam", 13.489, 25.311),
        ("Soldiers raided the Nur Shams refugee camp east of Tulkarm before dawn.",
         "Nur Shams", 32.319, 35.059),
        ("Al-Shabaab fighters attacked a base in El Bur in central Somalia.",
         "El Bur", 4.685, 46.618),
        ("Tents went up on the sand dunes of al-Mawasi after another evacuation order.",
         "al-Mawasi", 31.329, 34.230),
        ("Rescuers searched the rubble of a house in Tal al-Sultan overnight.",
         "Tal al-Sultan", 31.309, 34.243),
        ("Troops pulled back from the Netzarim Corridor and families walked north.",
         "Netzarim Corridor", 31.470, 34.432),
        ("Israeli army bulldozers entered the Jalazone camp before dawn.",
         "Jalazone", 31.952, 35.212),
        ("A drone was intercepted over Misgav Am and sirens sounded in Margaliot.",
         "Misgav Am", 33.248, 35.548),
        ("Residents of Rmeish said they wanted no fighters inside their village.",
         "Rmeish", 33.079, 35.369),
        ("Shelling was reported in Sheikh Maqsoud, a Kurdish district of Aleppo.",
         "Sheikh Maqsoud", 36.236, 37.152),
        ("Pilgrims returned to the shrine at Sayyida Zeinab for the first time in months.",
         "Sayyida Zeinab", 33.447, 36.336),
        ("Peshmerga units dug in on the hills above Bashiqa.",
         "Bashiqa", 36.450, 43.350),
        ("Workers began another season of grouting at the Mosul Dam.",
         "Mosul Dam", 36.628, 42.824),
        ("Turkish jets struck ridges on Gara Mountain, villagers near Sarsing said.",
         "Gara Mountain", 37.033, 43.333),
        ("Turkish jets struck ridges on Gara Mountain, villagers near Sarsing said.",
         "Sarsing", 37.033, 43.333),
        ("Insurers raised premiums for ships passing through the Bab al-Mandab.",
         "Bab al-Mandab", 12.583, 43.333),
        ("Kenyan troops patrolled the road from Afmadow towards Kismayo.",
         "Afmadow", 0.516, 42.073),
        ("The army withdrew from its camp at Boulkessi, near the border with Burkina Faso.",
         "Boulkessi", 15.136, -1.080),
        ("Jihadists attacked the army post at Mondoro in central Mali.",
         "Mondoro", 14.676, -1.951),
        ("Russian assault groups tried again to enter Synkivka, north-east of Kupiansk.",
         "Synkivka", 49.763, 37.706),
        ("Defenders held the ruins of Novomykhailivka, south of Kurakhove, for another week.",
         "Novomykhailivka", 47.853, 37.483),
    ],
)
def test_conflict_localities_resolve(gazetteer: Gazetteer, text: str, name: str,
                                     lat: float, lon: float) -> None:
    found = _resolved(text, gazetteer)
    assert name in found, found
    place_id, plat, plon = found[name]
    assert distance_km(plon, plat, lon, lat) < 5, (name, place_id, plat, plon)


def test_border_villages_leave_the_coastal_cities_alone(gazetteer: Gazetteer) -> None:
    found = _resolved("Officials in Tyre and Sidon reported power cuts on Monday.", gazetteer)
    assert found["Tyre"][1:] == pytest.approx((33.27, 35.19), abs=0.05)
    assert found["Sidon"][1:] == pytest.approx((33.56, 35.37), abs=0.05)


def test_gara_mountain_leaves_the_bare_word_alone(gazetteer: Gazetteer) -> None:
    found = _resolved("Farmers in Gara, a village in southern Hungary, harvested early.", gazetteer)
    assert found["Gara"][1:] == pytest.approx((46.03, 19.04), abs=0.05)


def test_gaza_namesakes_leave_the_polish_and_libyan_places_alone(gazetteer: Gazetteer) -> None:
    found = _resolved("Morag, a town in northern Poland, reopened its museum.", gazetteer)
    assert found["Morag"][1:] == pytest.approx((53.92, 19.93), abs=0.05)
    found = _resolved("Floods cut roads in the Wadi al Shati district of Libya.", gazetteer)
    assert found["Wadi al Shati"][0].startswith("ne1:LY")
