"""Incidents the extractor must not miss (issue 17): places, sites, regions and days.

Every text here is written for the test; none is taken from an article.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from geo.core.geodesy import distance_km
from geo.core.records import Incident
from geo.extract.incidents import extract_incidents
from geo.extract.loaders import article_from_text
from geo.extract.pairing import is_attributive
from geo.gazetteer.index import Gazetteer
from geo.reading.dates import find_dates
from geo.reading.placeuse import preposition
from geo.reading.resolution import geoparse

#: A Thursday.
NOW = datetime(2024, 3, 14, 9, 0, tzinfo=UTC)


def incidents_of(text: str, title: str = "") -> list[Incident]:
    article = article_from_text(text, title=title, published=NOW.isoformat(), now=NOW)
    return extract_incidents(article)


def places_of(text: str, gazetteer: Gazetteer) -> list[tuple[str, str, str]]:
    return [(t.mention.text, t.mention.place.kind, t.mention.place.country)
            for t in geoparse(text, gazetteer) if t.mention.place is not None]


# --- geoparsing: the place the words name --------------------------------------------------


def test_lower_case_airport_after_a_town_is_the_airport(gazetteer: Gazetteer) -> None:
    found = places_of("Two drones struck Port Sudan airport before dawn.", gazetteer)
    assert found[0][0] == "Port Sudan airport"
    assert found[0][1] in ("airport", "site")
    assert found[0][2] == "SD"


def test_possessive_airport_is_the_airport(gazetteer: Gazetteer) -> None:
    [t] = [t for t in geoparse("Shells landed inside Baghdad's airport at night.", gazetteer)
           if t.mention.place is not None]
    assert t.mention.place.kind in ("airport", "landmark", "site")
    assert t.mention.place.name != "Baghdad"


def test_the_region_after_a_name_is_the_province(gazetteer: Gazetteer) -> None:
    found = places_of("Debris fell on houses in the Kyiv region and the Kharkiv oblast.",
                      gazetteer)
    assert [(name, kind) for name, kind, _ in found] == [("Kyiv", "admin1"),
                                                        ("Kharkiv", "admin1")]


def test_the_bare_capital_is_still_the_city(gazetteer: Gazetteer) -> None:
    found = places_of("Explosions were heard in Kyiv on Monday.", gazetteer)
    assert found == [("Kyiv", "city", "UA")]


def test_arabic_article_written_apart_joins_the_name(gazetteer: Gazetteer) -> None:
    found = places_of("Gunmen attacked a checkpoint in Dayr az Zawr Province.", gazetteer)
    assert found[0][0] == "Dayr az Zawr"
    assert found[0][2] == "SY"


def test_news_outlet_named_after_a_town_is_no_location() -> None:
    incs = incidents_of("A drone struck a car in southern Lebanon on Wednesday, killing two "
                        "people, the Lebanese news channel Al Mayadeen reported.",
                        title="News")
    assert incs
    assert all(i.country == "LB" for i in incs)


# --- candidates: the place and the day of the event ----------------------------------------


def test_yesterday_beats_the_date_of_the_attack_being_answered() -> None:
    [inc] = incidents_of("US jets carried out airstrikes in Deir ez-Zor yesterday in response "
                         "to the March 2 attacks on American troops.")
    assert inc.event_date == date(2024, 3, 13)
    assert inc.country == "SY"


def test_attributive_date_names_another_event() -> None:
    text = "Strikes hit Raqqa in response to the March 2 attacks and Friday's raid."
    dates = find_dates(text, NOW.date())
    assert [is_attributive(text, d) for d in dates] == [True, True]
    plain = "Strikes hit Raqqa on March 2."
    assert not is_attributive(plain, find_dates(plain, NOW.date())[0])


def test_place_attacked_after_a_speech_verb_is_the_event_place() -> None:
    [inc] = incidents_of("The governor said Kherson was shelled on the morning of March 13, "
                         "cutting power across the city.")
    assert inc.location == "Kherson"
    assert inc.event_date == date(2024, 3, 13)


def test_area_surrounding_a_besieged_town_is_a_location() -> None:
    incs = incidents_of("Troops repelled 20 assaults on Wednesday in the area surrounding "
                        "the embattled Avdiivka.", title="News")
    assert any(distance_km(i.lon, i.lat, 37.75, 48.14) < 25 for i in incs)


def test_an_area_of_a_country_is_in_the_country() -> None:
    incs = incidents_of("U.S. forces successfully destroyed a Houthi missile system in a "
                        "Houthi-controlled area of Yemen.", title="News")
    assert [i.country for i in incs] == ["YE"]
    assert incs[0].geo_precision == 3


def test_near_a_province_seat_is_the_town() -> None:
    [inc] = incidents_of("An Israeli drone strike hit a car near Nabatieh on Wednesday, "
                         "killing two men.")
    assert inc.geo_precision == 2
    assert inc.country == "LB"
    assert distance_km(inc.lon, inc.lat, 35.48, 33.38) < 15  # the town, not the province


def test_town_after_a_site_is_no_second_incident() -> None:
    incs = incidents_of("Air defences shot down two drones approaching Victory Base at "
                        "Baghdad airport on Wednesday.")
    assert [i.location for i in incs] == ["Victory Base Complex"]


def test_concurrent_event_after_came_as_is_news() -> None:
    incs = incidents_of("The death toll in Tyre rose to seven on Wednesday. The rise came as "
                        "Israeli jets carried out air strikes on eastern Lebanon, hours after "
                        "Beirut's southern suburbs were pounded, state media said.",
                        title="News")
    assert any(distance_km(i.lon, i.lat, 35.50, 33.89) < 15 for i in incs)


def test_the_city_refers_back_to_the_town_just_named() -> None:
    incs = incidents_of("Three men were killed in a drone strike in Jenin, West Bank, on "
                        "Wednesday. Medics said the toll in Jenin had risen.\n\n"
                        "On Monday, two people were killed during a raid by Israeli forces "
                        "into the city.", title="Raids in the West Bank")
    days = {i.event_date for i in incs if distance_km(i.lon, i.lat, 35.30, 32.46) < 15}
    assert date(2024, 3, 11) in days


def test_unnamed_base_near_a_city_is_the_base_named_next() -> None:
    [inc] = incidents_of("Rockets hit a base housing foreign troops north of Baghdad on "
                         "Wednesday, officials said. There was no word on casualties at "
                         "Camp Taji.")
    assert inc.location == "Camp Taji"
    assert inc.geo_precision == 1


def test_town_abroad_is_not_taken_inside_a_named_region(gazetteer: Gazetteer) -> None:
    found = places_of("Troops advanced in the vicinity of Zeitoun in the northern Gaza Strip.",
                      gazetteer)
    assert all(country == "PS" for name, _, country in found if name != "Israeli")
    assert ("northern Gaza Strip", "region", "PS") in found


def test_district_adjective_is_its_seat_in_the_named_province() -> None:
    incs = incidents_of("Overnight, Russian forces struck the Nikopolskyi district in "
                        "Dnipropetrovsk Oblast eight times, damaging houses.", title="News")
    assert any(distance_km(i.lon, i.lat, 34.39, 47.57) < 20 for i in incs)  # Nikopol


def test_district_adjective_without_its_seat_is_no_village() -> None:
    incs = incidents_of("Glide bombs hit Kharkiv on Wednesday. The first strike hit the "
                        "Kyivskyi district, destroying garages.", title="News")
    assert incs
    assert all(distance_km(i.lon, i.lat, 36.25, 49.99) < 20 for i in incs)  # all in Kharkiv


def test_appositive_before_the_passive_keeps_the_place_the_subject() -> None:
    [inc] = incidents_of("Port Sudan, the seat of the government and the main port, was "
                         "attacked on Wednesday by drones.", title="News")
    assert inc.location == "Port Sudan"
    assert inc.event_date == date(2024, 3, 13)


def test_announced_day_bounds_the_event_day() -> None:
    incs = incidents_of("On March 13, a drone was shot down over the Red Sea.\n\n"
                        "The minister announced on Tuesday the launch of air strikes on "
                        "Houthi targets in Yemen.", title="News")
    yemen = [i for i in incs if i.country == "YE"]
    assert yemen
    assert all(i.event_date <= date(2024, 3, 12) for i in yemen)


def test_region_after_a_named_base_is_no_second_incident() -> None:
    incs = incidents_of("Rockets struck Ain al-Asad air base in western Anbar province on "
                        "Wednesday.", title="News")
    assert [i.location for i in incs] == ["Al Asad Air Base"]


def test_small_town_in_a_list_after_a_locative_is_a_place(gazetteer: Gazetteer) -> None:
    found = places_of("Rebels attacked troops in Al-Zurqiya, Bayhan, and Ouselan in Yemen.",
                      gazetteer)
    assert ("Bayhan", "city", "YE") in found


def test_weekday_in_a_list_makes_no_place_of_a_month(gazetteer: Gazetteer) -> None:
    found = places_of("The class met at the market on Wednesday, Nov. 2, in Fresno.",
                      gazetteer)
    assert "Nov" not in [name for name, _, _ in found]


def test_pluperfect_about_the_reported_strikes_is_no_background() -> None:
    incs = incidents_of("Three US airstrikes hit militia sites in Iraq on Wednesday, killing "
                        "25 fighters. One of the strikes had targeted the group's headquarters "
                        "near Qaim on the border with Syria, officials added.", title="News")
    assert any(distance_km(i.lon, i.lat, 41.08, 34.37) < 30 and i.geo_precision < 3
               for i in incs)


def test_recent_attack_given_as_the_reason_is_reported_too() -> None:
    incs = incidents_of("US helicopters struck militants in eastern Syria on Wednesday. This "
                        "was in response to yesterday's rocket attacks against Mission Support "
                        "Site Conoco, a spokesman said.", title="News")
    conoco = [i for i in incs if i.location == "Mission Support Site Conoco"]
    assert conoco
    assert conoco[0].event_date == date(2024, 3, 13)


def test_namesake_village_in_another_province_is_not_taken(gazetteer: Gazetteer) -> None:
    found = places_of("A jet dropped bombs on Nyaung Kone village in the northern Sagaing "
                      "region on Tuesday.", gazetteer)
    assert [name for name, _, _ in found] == ["northern Sagaing"]


def test_weak_namesake_abroad_listed_with_a_home_town_is_dropped(gazetteer: Gazetteer) -> None:
    # Qantara: the gazetteer knows only an Egyptian town of that name, not the Lebanese village.
    found = places_of("Jets struck targets in southern Lebanon, including two sites in the "
                      "areas of Khiam and Qantara.", gazetteer)
    assert [country for _, kind, country in found if kind != "country"] == ["LB", "LB"]


def test_conjunct_after_and_the_takes_the_list_preposition(gazetteer: Gazetteer) -> None:
    text = ("Houses were damaged in the Donetsk region in the east and the Chernihiv region "
            "in the north.")
    [_, chernihiv] = geoparse(text, gazetteer)
    assert preposition(text, chernihiv) == "in"


def test_bearing_stated_elsewhere_places_the_same_distance() -> None:
    [inc] = incidents_of("A drone hit a merchant ship 50 nautical miles off Aden on Wednesday, "
                         "the agency said.\n\n\"We received a report of an incident 50NM East of "
                         "Aden, Yemen,\" the notice read.", title="News")
    assert inc.country == "YE"
    assert 85 < distance_km(inc.lon, inc.lat, 45.04, 12.78) < 100  # 50 nm from Aden
    assert inc.lon > 45.04 + 0.7  # to the east


def test_facility_in_a_region_is_the_town_named_with_it_next() -> None:
    incs = incidents_of("A drone hit a major oil refinery in Russia's Krasnodar region on "
                        "Wednesday, causing a fire. Footage showed the drone over the Tuapse "
                        "oil refinery, where smoke rose.", title="News")
    assert [i.geo_precision for i in incs] == [1]
    assert distance_km(incs[0].lon, incs[0].lat, 39.07, 44.10) < 15  # Tuapse


def test_distance_in_words_is_a_near_phrase() -> None:
    [inc] = incidents_of("A drone struck a convoy ten kilometres south of Kirkuk on Wednesday.",
                         title="News")
    assert inc.geo_precision == 2
    assert 8 < distance_km(inc.lon, inc.lat, 44.39, 35.47) < 12


def test_demonym_of_a_named_place_is_no_other_town() -> None:
    incs = incidents_of("Troops clashed with gunmen on the Gazan side of the Rafah crossing in "
                        "the Gaza Strip on Wednesday.", title="News")
    assert incs
    assert all(i.country == "PS" for i in incs)


# --- reference points, organisations named after places, explicit days ----------------------


def test_bearing_appositive_is_only_a_reference_point() -> None:
    for text in ("Gunmen ambushed a police patrol near Abu Ghraib, west of Baghdad, on Monday.",
                 "Troops clashed with insurgents in Jurf al-Sakhar, 50 km south of Baghdad, "
                 "on Monday.",
                 "Two drones were downed near Harir Air Base, north-east of Erbil, on Monday."):
        found = incidents_of(text)
        assert len(found) == 1, (text, [i.location for i in found])
        assert "Baghdad" not in found[0].location and "Erbil" not in found[0].location


def test_distant_place_after_a_bearing_is_still_its_own_place() -> None:
    found = incidents_of("Rockets hit Kharkiv, west of Moscow, on Monday.")
    assert {i.country for i in found} == {"UA", "RU"}


def test_calendar_date_beats_overnight() -> None:
    article = article_from_text(
        "Jets struck two depots in eastern Syria overnight on Tuesday, 12 March, officials said.",
        title="", published=NOW.isoformat(), now=NOW)
    [found] = extract_incidents(article)
    assert found.event_date == date(2024, 3, 12)


def test_hamlet_abroad_is_no_facility_inside_a_named_region(gazetteer: Gazetteer) -> None:
    found = places_of("Rockets fell on the Al-Ward oil field in eastern Syria on Monday, "
                      "the second attack in Syria this week.", gazetteer)
    assert all(country == "SY" for _, _, country in found), found


def test_namesake_abroad_named_thrice_is_still_foreign() -> None:
    incs = incidents_of("Israeli jets struck the port of Hodeidah in western Yemen and the "
                        "Al-Ward power plant on Wednesday. The strikes reportedly put the Al-Ward "
                        "power plant out of service. Rescue teams from Hodeidah and Sanaa "
                        "searched the Al-Ward plant for workers, officials in Yemen said.")
    assert {i.country for i in incs} == {"YE"}


def test_place_in_an_unlisted_groups_name_is_no_location() -> None:
    for text in ("The Islamic Resistance in Bahrain claimed a drone attack on Tuesday.",
                 "The Popular Front in Sudan claimed the drone attack on Tuesday."):
        assert incidents_of(text) == [], text


def test_place_after_a_lower_case_group_noun_is_still_a_location() -> None:
    [inc] = incidents_of("Armed groups in Sudan attacked a market in Omdurman on Tuesday.")
    assert inc.country == "SD"


def test_pronoun_subject_takes_the_place_of_the_sentence_before() -> None:
    incs = incidents_of("The army said on Wednesday that about 30 projectiles were detected "
                        "in the skies around Kiryat Shmona. Most were "
                        "intercepted, and the rest fell in open areas, the army added.")
    [inc] = incs
    assert inc.country == "IL"
    assert distance_km(inc.lon, inc.lat, 35.57, 33.21) < 15  # the town, not the country
    assert inc.event_type == "interception"



def test_region_named_again_by_its_kind_is_the_event_place() -> None:
    incs = incidents_of("Chernihiv Oblast Governor Viacheslav Chaus said Russian troops shelled "
                        "the region 40 times along the border.")
    assert [(i.country, i.geo_precision) for i in incs] == [("UA", 3)]
    assert distance_km(incs[0].lon, incs[0].lat, 32.0, 51.3) < 120


def test_the_province_of_a_name_is_the_province() -> None:
    [inc] = incidents_of("A missile strike killed five people at a market in the northern "
                         "province of Hajjah on Wednesday.")
    assert (inc.country, inc.geo_precision) == ("YE", 3)


def test_backdrop_clause_after_amid_makes_no_history() -> None:
    [inc] = incidents_of("Kassala, a city near the Eritrean border, was attacked by drones on "
                         "Tuesday, amid a growing escalation of the war that has ravaged the "
                         "country since April 2023.")
    assert inc.event_date == date(2024, 3, 12)


def test_the_city_refers_back_even_without_a_stated_day() -> None:
    incs = incidents_of("Mali's army said on Monday it had repelled militants near Timbuktu. "
                        "A car bomb exploded in the city centre, followed by gunfire, the army "
                        "said.")
    assert [i.country for i in incs] == ["ML"]
    assert incs[0].geo_precision < 3


def test_near_a_named_oblast_border_is_the_oblast() -> None:
    [inc] = incidents_of("Russian forces shelled three settlements near the Chernihiv Oblast "
                         "border on Wednesday, firing 30 times.")
    assert (inc.country, inc.geo_precision) == ("UA", 3)


def test_the_commanders_operations_command_is_no_location() -> None:
    incs = incidents_of("Major General Ali Hassan, commander of Baghdad Operations, said a drone "
                        "targeted a site in Camp Taji on Wednesday.")
    assert [i.location for i in incs] == ["Camp Taji"]


def test_bases_near_a_city_are_the_base_named_next() -> None:
    incs = incidents_of("Drone strikes targeted radar systems at two military bases near "
                        "Baghdad early on Wednesday. The first attack hit Camp Taji, officials "
                        "said.")
    assert [i.location for i in incs] == ["Camp Taji"]


def test_assimilated_arabic_article_written_joined_is_the_place(gazetteer: Gazetteer) -> None:
    found = places_of("Loud explosions were heard in Deir Ezzor area on Monday.", gazetteer)
    assert [(country, name) for name, _, country in found] == [("SY", "Deir Ezzor")]


def test_a_day_earlier_counts_back_from_the_day_just_stated() -> None:
    incs = incidents_of("Explosions rocked a depot in Homs on Wednesday, residents said. A day "
                        "earlier, explosions were heard in Aleppo.")
    aleppo = [i for i in incs if i.location == "Aleppo"]
    assert aleppo and aleppo[0].event_date == date(2024, 3, 12)


def test_area_of_a_town_is_no_namesake_abroad(gazetteer: Gazetteer) -> None:
    found = places_of("The explosions hit the Al-Abbas area of Al-Bokamal on Monday.", gazetteer)
    assert {country for _, _, country in found} == {"SY"}


def test_loose_namesake_far_from_its_reference_point_is_dropped() -> None:
    incs = incidents_of("Militiamen detonated old shells near al-Rawad area to the west of "
                        "Deir Ezzor city on Tuesday, causing explosions.")
    assert len(incs) == 1
    assert distance_km(incs[0].lon, incs[0].lat, 40.14, 35.33) < 50


def test_larger_area_after_a_district_in_is_no_second_incident() -> None:
    incs = incidents_of("Jets carried out four airstrikes on Al Luhayyah governorate in Al "
                        "Hudaydah on Saturday, the channel reported.")
    assert len(incs) == 1
    assert distance_km(incs[0].lon, incs[0].lat, 42.69, 15.70) < 20


def test_a_village_in_a_named_region_is_no_city_abroad(gazetteer: Gazetteer) -> None:
    found = places_of("A jet dropped three bombs on Kani village in the northern Sagaing region "
                      "on Tuesday, a resident of Sagaing said, and troops in Myanmar fled.",
                      gazetteer)
    assert {country for _, _, country in found} == {"MM"}


def test_the_strikes_sentence_takes_the_date_of_the_sentence_before() -> None:
    incs = incidents_of("Officials said talks would resume in Geneva next week.\n\n"
                        "Jets bombed a market in Maarat al-Numan on Monday.\n\n"
                        "The strikes also destroyed a bakery in Kafranbel.")
    kafr = [i for i in incs if i.location == "Kafranbel"]
    assert kafr and kafr[0].event_date == date(2024, 3, 11)


def test_the_attack_sentence_after_history_is_history() -> None:
    incs = incidents_of("Rebels shelled Idlib on Tuesday.\n\n"
                        "In 2019, jets bombed a market in Maarat al-Numan.\n\n"
                        "The attack also destroyed a bakery in Kafranbel.")
    assert "Kafranbel" not in [i.location for i in incs]


def test_the_story_country_is_a_mention_used_as_a_location() -> None:
    incs = incidents_of("Sudanese officials said fighters shelled a market overnight, killing 12 "
                        "people. The paramilitary force has fought the army in Sudan since "
                        "April 2023.")
    assert [(i.country, i.geo_precision) for i in incs] == [("SD", 3)]
    [place] = [e for e in incs[0].evidence if e.role == "place"]
    assert place.text == "Sudan"


def test_a_placeless_lead_after_a_dateline_is_the_story_country() -> None:
    incs = incidents_of("KYIV (Reuters) - Air defences downed 60 of 93 drones overnight, the "
                        "air force said. Russia has attacked Ukraine with drones nearly every "
                        "night this winter.")
    assert [(i.country, i.geo_precision, i.event_type) for i in incs] == [
        ("UA", 3, "interception")]


def test_an_airport_named_without_international_is_the_airport(gazetteer: Gazetteer) -> None:
    found = places_of("A missile was fired toward Queen Alia Airport on Monday.", gazetteer)
    assert [(kind, country) for _, kind, country in found] == [("airport", "JO")]


def test_a_town_countryside_is_the_province(gazetteer: Gazetteer) -> None:
    found = places_of("Jets bombed villages in Idlib's southern countryside and in the Aleppo "
                      "western countryside on Monday.", gazetteer)
    assert [(name, kind) for name, kind, _ in found] == [("Idlib", "admin1"),
                                                        ("Aleppo", "admin1")]




def test_on_the_same_night_takes_the_day_of_the_sentence_before() -> None:
    incs = incidents_of("Attacks in Iraq\n\nRockets struck a base in Basra on Tuesday, officials "
                        "said.\n\nThe base hosts foreign advisers.\n\nA drone strike hit a depot "
                        "near Erbil on Wednesday.\n\nOn the same night, three rockets were fired "
                        "at a military base near the town of Tal Afar.")
    tal = [i for i in incs if distance_km(i.lon, i.lat, 42.45, 36.37) < 30]
    assert tal and tal[0].event_date == date(2024, 3, 13)



def test_a_possessive_of_the_town_just_named_is_that_town(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.extract.incidents as module
    from geo.extract.candidates import Candidate
    from geo.extract.scoring import Group

    seen: list[str] = []
    select = module.select

    def spy(candidates: list[Candidate]) -> list[Group]:
        seen.extend(c.place.name for c in candidates if "landed" in c.trigger.text)
        return select(candidates)

    monkeypatch.setattr(module, "select", spy)
    incidents_of("Rockets hit Iraqi town\n\nERBIL, Kurdistan Region — Two rockets hit the town of "
                 "Tuz Khurmatu on Wednesday, the mayor said.\nOne rocket landed in Tuz "
                 "Khurmatu's old quarter, the mayor told reporters.")
    assert seen and "Erbil" not in seen
