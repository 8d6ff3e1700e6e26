from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from geo.core.geodesy import distance_km
from geo.core.records import EVENT_TYPES, Incident
from geo.extract.incidents import extract_deployments, extract_incidents
from geo.extract.loaders import article_from_text
from tests.fixtures import articles

NOW = datetime(2023, 12, 1, tzinfo=UTC)


def incidents_of(text: str) -> list[Incident]:
    return extract_incidents(article_from_text(text, now=NOW))


def test_near_a_site_is_precision_2_with_stated_distance() -> None:
    [inc] = incidents_of(articles.NEAR_SITE)
    assert inc.event_type == "rocket attack"
    assert inc.geo_precision == 2
    assert inc.location.startswith("near Erbil Air Base")
    assert distance_km(inc.lon, inc.lat, 43.96, 36.24) < 5
    assert inc.uncertainty_km >= 5
    assert inc.event_date == date(2023, 11, 6)  # Monday before Tuesday 7 November
    assert inc.claimed_by == "Kataib Hezbollah"
    assert inc.injuries == 0


def test_region_is_precision_3_at_the_region_point() -> None:
    [inc] = incidents_of(articles.REGION)
    assert inc.event_type == "drone attack"
    assert inc.geo_precision == 3
    assert inc.location == "northern Iraq"
    assert inc.country == "IQ"
    assert inc.lat > 35.0  # in the northern part of Iraq
    assert inc.fatalities == 3
    assert "Turkish forces" in inc.actors
    assert inc.event_date == date(2023, 11, 8)


def test_country_only_is_the_country() -> None:
    [inc] = incidents_of(articles.COUNTRY_ONLY)
    assert inc.location == "Syria"
    assert inc.geo_precision == 3
    assert inc.uncertainty_km > 100
    assert inc.fatalities == 0
    assert "international coalition" in inc.actors
    assert "US forces" not in inc.actors  # the Pentagon is the source here, not an actor


def test_metonymic_capital_is_not_the_place() -> None:
    [inc] = incidents_of(articles.METONYMIC_CAPITAL)
    assert inc.event_type == "airstrike"
    assert inc.location != "Baghdad"
    assert distance_km(inc.lon, inc.lat, 44.17, 32.87) < 20  # Jurf al-Sakhar
    assert inc.fatalities == 8
    assert inc.actor1 == "US forces"
    assert "Kataib Hezbollah" in inc.actors
    assert inc.event_date == date(2023, 11, 21)


def test_relative_dates_and_time_precision() -> None:
    found = {i.event_type: i for i in incidents_of(articles.RELATIVE_DATES)}
    arrest = found["arrest/raid"]
    assert arrest.event_date == date(2023, 11, 2)
    assert arrest.time_precision == "day"
    protest = found["protest"]
    assert protest.time_precision == "week"
    assert protest.location.startswith("near Green Zone") or protest.location == "Green Zone"


def test_aliases_merge_into_one_actor() -> None:
    [inc] = incidents_of(articles.ALIASES)
    assert inc.location == "Al-Tanf garrison"
    assert inc.geo_precision == 1
    assert inc.claimed_by == "Islamic Revolutionary Guard Corps"
    assert inc.actors.count("Islamic Revolutionary Guard Corps") == 1


def test_summary_article_has_no_incident_but_a_deployment() -> None:
    article = article_from_text(articles.NO_INCIDENT, now=NOW)
    assert extract_incidents(article) == []
    [dep] = extract_deployments(article)
    assert (dep.force, dep.country, dep.troops, dep.qualifier) == ("US forces", "SY", 900, "about")
    assert dep.as_of == date(2023, 11, 20)


def test_non_english_is_kept_flagged_and_not_parsed() -> None:
    article = article_from_text(articles.ARABIC, now=NOW)
    assert article.language == "ar"
    assert any("not English" in n for n in article.notes)
    assert extract_incidents(article) == []


def test_incident_ids_are_stable_across_runs() -> None:
    first = [i.incident_id for i in incidents_of(articles.NEAR_SITE + "\n")]
    second = [i.incident_id for i in incidents_of(articles.NEAR_SITE + "\n")]
    assert first == second
    assert len(set(first)) == len(first)


@pytest.mark.parametrize("text", [articles.NEAR_SITE, articles.REGION, articles.ALIASES])
def test_incidents_follow_the_schema(text: str) -> None:
    for inc in incidents_of(text):
        assert inc.event_type in EVENT_TYPES
        assert inc.geo_precision in (1, 2, 3)
        assert -180 <= inc.lon <= 180 and -90 <= inc.lat <= 90
        assert inc.quote and inc.quote in " … ".join([inc.quote])
        assert len(inc.country) == 2


# --- failure classes of real reporting (sentences written for these tests) --------------------

def extract(body: str, published: str = "2023-11-15T10:00:00Z",
            title: str = "Strikes reported") -> list[Incident]:
    return incidents_of(f"Title: {title}\nPublished: {published}\n\n{body}\n")


def test_several_places_give_one_incident_each() -> None:
    found = extract("Turkish warplanes struck suspected militant hideouts in Sinjar, Zakho and "
                    "Amadiya on Tuesday, the ministry said.")
    places = {i.location for i in found}
    assert len(found) == 3, places
    assert all(i.event_type == "airstrike" for i in found)


def test_a_named_site_beats_the_country() -> None:
    found = extract("Three rockets hit Camp Taji in Iraq on Monday, security sources said. "
                    "The attack on the base in Iraq caused no casualties.")
    assert [i.location for i in found] == ["Camp Taji"]
    assert found[0].geo_precision == 1


@pytest.mark.parametrize(("phrase", "day"), [
    ("late Tuesday", date(2023, 11, 14)), ("on Saturday", date(2023, 11, 11)),
    ("overnight", date(2023, 11, 15)), ("yesterday", date(2023, 11, 14)),
])
def test_relative_dates_resolve_against_publication(phrase: str, day: date) -> None:
    [inc] = extract(f"Artillery shells hit Kherson {phrase}, regional officials said.")
    assert inc.event_date == day
    assert inc.event_type == "shelling"


def test_background_is_not_news() -> None:
    found = extract(
        "A drone struck a checkpoint near Kirkuk on Tuesday, police said.\n\n"
        "Militias have claimed more than 40 attacks on bases in Syria since October.\n\n"
        "The strike was in retaliation for an attack on Erbil last week.\n\n"
        "In 2020, a US strike killed a commander at Baghdad airport.")
    assert [i.location for i in found] == ["near Kirkuk"]


def test_a_statement_in_washington_is_not_an_event_there() -> None:
    found = extract("US forces struck two weapons depots in eastern Syria on Sunday, the "
                    "defense secretary told reporters in Washington on Monday.",
                    published="2023-11-14T10:00:00Z")
    assert all(i.country != "US" for i in found)
    assert [i.event_type for i in found] == ["airstrike"]


def test_interception_and_drone_strike_types() -> None:
    [shot] = extract("Air defences shot down two drones approaching Erbil Air Base on Monday.")
    assert shot.event_type == "interception"
    [strike] = extract("A US drone strike killed two al-Shabaab militants near Jilib on Monday.")
    assert strike.event_type == "airstrike"
    assert strike.actor1 == "US forces"
    assert strike.actor2 == "al-Shabaab"
    assert strike.fatalities == 2


def test_actors_acted_and_targeted_are_kept_apart() -> None:
    [inc] = extract("Houthi forces fired a ballistic missile at a tanker off Hodeidah on Monday.")
    assert inc.actor1 == "Houthis"
    assert inc.event_type == "missile attack"


def test_a_force_that_did_such_strikes_in_the_past_is_no_actor_of_this_one() -> None:
    [inc] = incidents_of("Convoy hit in Anbar\n\nAir strikes hit a fuel convoy near the town of "
                         "Rutba late on Monday. It was not clear who carried out the raid, but "
                         "Israeli warplanes have conducted such strikes in the past.")
    assert inc.actor1 == "unknown"
    assert "Israeli forces" not in inc.actors
    [recent] = incidents_of("Convoy hit in Anbar\n\nIsraeli warplanes have struck a fuel convoy "
                            "near the town of Rutba in the past 24 hours.")
    assert recent.actor1 == "Israeli forces"


def test_the_subject_of_a_passive_harm_verb_is_the_target() -> None:
    [inc] = incidents_of("Drone strike near Sinjar\n\nTwo civilians were killed and one wounded.\n"
                         "Turkish drones on Sunday struck a farm outside the town of Sinjar, a "
                         "local official said.")
    assert inc.actor1 == "Turkish forces"
    assert inc.actor2 == "civilians"


def test_a_state_force_is_the_one_unit_the_article_names_for_the_attack() -> None:
    [inc] = incidents_of("Iran strikes Kurdish camps\n\nIranian drones struck opposition camps "
                         "in Koya on Monday. The Revolutionary Guards said missiles were used in "
                         "the attacks.")
    assert inc.actor1 == "Islamic Revolutionary Guard Corps"
    assert "Iranian forces" in inc.actors
    [two] = incidents_of("Israel strikes Gaza\n\nIsraeli strikes hit a house in Khan Younis on "
                         "Monday. The Israeli Air Force and the Israeli Navy took part in the "
                         "attacks, the IDF said.")
    assert two.actor1 == "Israeli forces"


def test_a_protest_is_by_the_crowd_a_sentence_about_it_names() -> None:
    [inc] = incidents_of("Crowd storms consulate\n\nHundreds of protesters stormed the French "
                         "consulate in Basra on Monday.\nSupporters of cleric Muqtada al-Sadr had "
                         "called for a demonstration outside the building.")
    assert inc.event_type == "protest"
    assert inc.actor1 == "Sadr supporters"


def test_a_side_that_suffered_casualties_is_the_target() -> None:
    [inc] = incidents_of("Strikes on Kurdish camps\n\nIranian drones struck opposition camps in "
                         "Koya on Monday. The KDPI suffered \"heavy\" casualties in the shelling "
                         "of its base near Koya, a party official said.")
    assert inc.actor1 == "Iranian forces"
    assert inc.actor2 == "KDPI"


def test_an_attack_told_as_aimed_at_a_place_whose_munition_was_intercepted() -> None:
    [inc] = incidents_of("Army says it intercepted a missile\n\nThe army said it intercepted a "
                         "missile fired from the south on Monday evening. The rebels said they "
                         "launched a ballistic missile attack toward Eilat on Monday.")
    assert inc.event_type == "interception"
    [hit] = incidents_of("Missile hits port\n\nA ballistic missile hit the port of Eilat on "
                         "Monday, wounding two workers. A second missile was intercepted over the "
                         "sea.")
    assert hit.event_type == "missile attack"
    [rockets] = incidents_of("Rockets fired\n\nThe group said it fired dozens of rockets at "
                             "the town of Safed on Monday and shot down a drone.")
    assert rockets.event_type == "rocket attack"


def test_shelling_in_an_article_naming_only_missiles_is_the_missile_attack() -> None:
    [inc] = incidents_of("Missiles and drones hit rebel camps\n\nMissiles struck rebel camps "
                         "on Monday, officials said. The group said the shelling of its base near "
                         "the town of Koya killed two fighters.")
    assert inc.event_type == "missile attack"
    [guns] = incidents_of("Missiles and drones hit rebel camps\n\nMissiles struck rebel camps "
                          "on Monday. Artillery also shelled the town of Koya, killing two.")
    assert guns.event_type == "shelling"
    [downed] = incidents_of("Air defence downs six drones\n\nAir defence shot down six drones "
                            "overnight. Troops shelled the village of Khotin on Monday.")
    assert downed.event_type == "shelling"


def test_killed_in_an_attack_named_by_its_actor_is_that_actors_attack() -> None:
    [inc] = incidents_of("Two killed in strike\n\nTwo men were killed in an Israeli drone strike "
                         "on a car near the town of Tubas on Monday.")
    assert inc.actor1 == "Israeli forces"


def test_confidence_and_evidence_spans_point_into_the_text() -> None:
    article = article_from_text("Title: Shelling\nPublished: 2023-11-15T10:00:00Z\n\n"
                                "Russian troops shelled Kupiansk on Tuesday, officials said.\n",
                                now=NOW)
    [inc] = extract_incidents(article)
    assert 0.5 <= inc.confidence <= 1.0
    roles = {e.role: e for e in inc.evidence}
    assert set(roles) == {"trigger", "place", "date"}
    for e in inc.evidence:
        assert article.full_text[e.start:e.end] == e.text
    assert roles["date"].text == "Tuesday"
    assert inc.actor1 == "Russian forces"


def test_a_dateline_place_is_where_the_story_was_filed() -> None:
    found = extract("ERBIL, Iraq — A drone struck a camp in Makhmour on Monday, officials said.")
    assert [i.location for i in found] == ["Makhmour"]


def test_country_and_province_fold_into_the_town_of_the_same_strike() -> None:
    found = extract("US jets struck targets in Syria on Monday. The strikes in Deir ez-Zor "
                    "province hit a depot near Mayadin on Monday, the military said.")
    assert len(found) == 1, [i.location for i in found]
    assert found[0].geo_precision < 3


def test_the_day_of_a_statement_is_not_the_day_of_the_event() -> None:
    [inc] = extract("A drone strike on Tuesday killed two fighters in Kirkuk, the army said "
                    "on Wednesday.", published="2023-11-15T10:00:00Z")
    assert inc.event_date == date(2023, 11, 14)


def test_an_event_days_before_publication_is_background() -> None:
    found = extract("Rockets hit Kirkuk on Monday, police said. A week earlier, on 6 November, "
                    "a drone had struck a base near Erbil.", published="2023-11-14T10:00:00Z")
    assert [i.location for i in found] == ["Kirkuk"]


def test_a_later_mention_of_the_place_dates_the_incident() -> None:
    found = extract("An air strike on the port city of Tyre killed seven people, officials said. "
                    "Doctors said the strikes on Tyre on Monday night also wounded 40 people.",
                    published="2023-11-15T10:00:00Z")
    assert [(i.location, i.event_date) for i in found] == [("Tyre", date(2023, 11, 13))]


def test_reported_speech_in_the_pluperfect_is_news() -> None:
    found = extract("The group said it had fired rockets at military positions in Kiryat Shmona "
                    "on Tuesday.", published="2023-11-15T10:00:00Z")
    assert len(found) == 1


def test_a_part_of_a_city_named_by_possessive_is_the_place() -> None:
    found = extract("Jets pounded Beirut's southern suburbs on Tuesday, destroying buildings.")
    assert len(found) == 1 and found[0].geo_precision == 2


def test_a_war_toll_is_not_an_incident() -> None:
    found = extract("More than 3,000 people were killed in Lebanon during the 13 months of the "
                    "war, the ministry said.")
    assert found == []


def test_a_later_conjunct_takes_the_preposition_of_the_list() -> None:
    found = extract("He said further strikes hit Kunar and Paktika provinces on Monday.",
                    title="Strikes in Afghanistan")
    assert {i.location for i in found} == {"Kunar", "Paktika"}


def test_a_city_merges_into_the_site_inside_it_on_the_same_day() -> None:
    found = extract("Two rockets fell inside the Green Zone on Monday, police said. Loud blasts "
                    "were heard in Baghdad on Monday.")
    assert [i.location for i in found] == ["Green Zone"]


def test_a_time_zone_is_not_a_place() -> None:
    found = extract("US forces destroyed a missile launcher at 4 a.m. (Sanaa time) on Monday "
                    "in Hodeidah.")
    assert all(i.location != "Sanaa" for i in found)


def test_an_attack_on_communities_with_no_weapon_named_is_shelling() -> None:
    [inc] = extract("Russian troops attacked the communities of Vovchansk on Tuesday, damaging "
                    "homes, the governor said.", title="Russian attacks in Kharkiv Oblast")
    assert inc.event_type == "shelling"


def test_a_one_way_drone_is_a_drone_attack_and_a_us_drone_strike_an_airstrike() -> None:
    [ua] = extract("A Ukrainian drone strike on Tuesday killed three people in Belgorod, "
                   "the governor said.")
    assert ua.event_type == "drone attack"
    [us] = extract("A US drone strike on Tuesday killed two militants near Jilib, the US military "
                   "said.")
    assert us.event_type == "airstrike"


def test_each_clause_of_a_coordination_keeps_its_own_type() -> None:
    found = extract("Hezbollah said it fired dozens of rockets on Kiryat Shmona and shot down a "
                    "drone over Nabatieh on Tuesday.")
    types = {i.location: i.event_type for i in found}
    assert "rocket attack" in types.values() and "interception" in types.values()


def test_car_bombings_are_explosions() -> None:
    [inc] = extract("Twin car bombings rocked the education ministry in Mogadishu on Tuesday, "
                    "police said.")
    assert inc.event_type == "explosion/IED"


def test_casualties_stated_in_a_following_sentence() -> None:
    [inc] = extract("Three rockets hit Ain al-Asad airbase on Monday, officials said. Sirens "
                    "sounded as the rockets came in. No casualties were reported.")
    assert inc.fatalities == 0


def test_casualties_of_a_following_sentence_about_another_place_are_not_taken() -> None:
    found = extract("Three rockets hit Ain al-Asad airbase on Monday, officials said. In Kirkuk, "
                    "a roadside bomb killed four soldiers on Monday.")
    asad = next(i for i in found if "Asad" in i.location)
    assert asad.fatalities is None


def test_the_seat_of_an_office_yields_to_the_named_site() -> None:
    found = extract("The governor of the Odesa region said drones attacked the port of Izmail "
                    "on Tuesday.")
    assert [i.location for i in found] != [] and all("Odesa" not in i.location for i in found)


def test_a_toll_of_the_war_so_far_is_a_running_count() -> None:
    found = extract("The warring parties resumed talks in Jeddah on the war that has killed "
                    "more than 9,000 people since April.")
    assert found == []


def test_a_stated_distance_and_bearing_move_the_point() -> None:
    [inc] = extract("A missile hit a cargo ship 35 nautical miles south of Hodeidah on Monday, "
                    "the maritime agency said.")
    assert inc.geo_precision == 2
    assert 55 < distance_km(inc.lon, inc.lat, 42.95, 14.80) < 75  # 65 km south of the port
    assert inc.lat < 14.80


def test_where_the_incident_took_place_is_its_place() -> None:
    found = extract("A merchant ship was struck in the Red Sea on Monday. The incident took "
                    "place 60 nautical miles west of Hodeidah, the agency said.")
    assert any(i.geo_precision == 2 for i in found)


def test_a_date_opening_an_announcement_is_the_day_it_was_said() -> None:
    found = extract("On Wednesday, the command announced an airstrike in Deir ez-Zor province. "
                    "On Tuesday, its forces conducted a precision airstrike in Syria, killing "
                    "two operatives.", published="2023-11-15T10:00:00Z")
    assert [i.event_date for i in found] == [date(2023, 11, 14)]


def test_habitual_raids_are_not_an_incident() -> None:
    found = extract("Every now and then, the forces conduct raids on homes in the countryside "
                    "of Raqqa.")
    assert found == []


def test_front_sectors_summed_up_together_are_not_incidents() -> None:
    found = extract("The army said it repelled 24 assaults on the Kupiansk, Bakhmut, Marinka and "
                    "Zaporizhzhia axes on Tuesday.", title="Front-line update")
    assert found == []


def test_regions_listed_under_one_generic_attack_are_not_incidents() -> None:
    found = extract("Kharkiv, Donetsk, Luhansk and Kherson oblasts came under attack on Tuesday.",
                    title="Front-line update")
    assert found == []


def test_a_river_is_not_the_city_of_the_same_name() -> None:
    found = extract("Troops repelled 23 attacks on the Dnipro River's east bank on Tuesday.")
    assert all(i.location != "Dnipro" for i in found)


def test_the_most_directly_stated_date_dates_the_incident() -> None:
    found = extract("On Sunday, warplanes struck two ports in Hodeidah. The airstrikes targeted "
                    "the port of Hodeidah, officials said. Residents of Hodeidah said fires "
                    "burned at the port after the strikes hit it.",
                    published="2023-11-15T10:00:00Z")  # a Wednesday
    assert [i.event_date for i in found] == [date(2023, 11, 12)]


def test_a_claim_of_responsibility_is_news_not_background() -> None:
    [inc] = extract("The Guard has claimed responsibility for a missile barrage that early "
                    "yesterday struck near the consulate in Erbil.",
                    published="2023-11-15T10:00:00Z")
    assert inc.event_date == date(2023, 11, 14)
    assert inc.location == "Erbil"


def test_a_date_ending_the_event_clause_is_the_event_day() -> None:
    [inc] = extract("Two rockets hit the town of Kifri on Sunday, the town's mayor has said.",
                    published="2023-11-15T10:00:00Z")
    assert inc.event_date == date(2023, 11, 12)


def test_a_region_naming_a_town_is_not_a_place_of_its_own() -> None:
    found = extract("Rockets hit the Kurdistan Region town of Kifri on Sunday, officials said.")
    assert [i.location for i in found] == ["Kifrī"] or len(found) == 1


def test_attacks_in_recent_days_are_a_running_count() -> None:
    found = extract("Other areas of Nineveh have suffered air attacks in recent days.")
    assert found == []


def test_a_dateline_with_agency_and_colon_is_where_the_story_was_filed() -> None:
    found = extract("KYIV (Reuters): Russia launched drones at Odesa on Friday, killing one "
                    "civilian, officials said.")
    assert all(i.location != "Kyiv" for i in found) and found


def test_an_attack_with_no_weapon_named_takes_the_articles_usual_type() -> None:
    found = extract("Russian artillery shelled Kupiansk on Tuesday. Russian troops shelled "
                    "Vovchansk on Tuesday. Russian forces injured three civilians in Bakhmut "
                    "on Tuesday, the governor said.", title="Russian attacks on three towns")
    assert {i.event_type for i in found} == {"shelling"}


def test_strikes_on_communities_with_no_aircraft_named_are_shelling() -> None:
    found = extract("The attacks struck the communities of Bilopillia and Yunakivka on Tuesday.")
    assert found and all(i.event_type == "shelling" for i in found)


def test_an_israeli_drone_raid_is_an_airstrike() -> None:
    [inc] = extract("Four people were killed in an Israeli drone raid on the Nur Shams camp "
                    "near Tulkarm late Tuesday.")
    assert inc.event_type == "airstrike"


def test_one_person_named_by_role_is_one_fatality() -> None:
    from geo.reading.numbers import casualty_counts
    assert casualty_counts("The attacks killed a 15-year-old boy and damaged a hospital.")[0] == 1
    assert casualty_counts("An American contractor was killed on Friday.")[0] == 1
    assert casualty_counts("Airstrikes kill 10 in the north")[0] == 10


def test_officials_reporting_an_attack_there_place_it_in_their_region() -> None:
    found = extract("Meanwhile, officials in the Sumy region said earlier on Tuesday that a "
                    "drone attack had killed a civilian there.", published="2023-11-15T10:00:00Z")
    assert len(found) == 1 and found[0].event_date == date(2023, 11, 14)


def test_parts_of_a_small_territory_stay_apart_from_a_town_in_another_part() -> None:
    found = extract("In Khan Yunis, troops killed 20 militants on Tuesday. In the northern Gaza "
                    "Strip, troops killed ten militants in encounters on Tuesday.")
    assert len(found) == 2, [i.location for i in found]


def test_a_conditional_threat_scores_below_a_report() -> None:
    threat = extract("Militants could attack the base in Kirkuk on Tuesday if talks fail.")
    report = extract("Militants attacked the base in Kirkuk on Tuesday.")
    assert report and (not threat or threat[0].confidence < report[0].confidence)


def test_the_city_of_a_province_name_is_the_city() -> None:
    found = extract("Israeli airstrikes on buildings in the city of Nabatieh killed 16 people on "
                    "Tuesday.")
    assert found and found[0].geo_precision == 1


def test_a_lead_that_names_no_place_is_placed_in_the_storys_country() -> None:
    found = extract("Air defences shot down six drones overnight, the air force said. Drone "
                    "debris fell in Kharkiv and Sumy in Ukraine on Monday, damaging homes.",
                    title="Ukraine downs six drones")
    assert any(i.event_type == "interception" and i.geo_precision == 3 and i.country == "UA"
               for i in found), [(i.location, i.event_type) for i in found]


def test_a_pasted_one_liner_is_body_text_not_a_headline() -> None:
    # The loader takes a paste's first line as its title; a one-line paste has no body
    # after it, so its country must fold into the town it qualifies, as in any body.
    art = article_from_text("Militiamen clashed with police in Homs, Syria on Friday, "
                            "a local official said.", published="2024-03-02T09:00:00+00:00")
    incidents = extract_incidents(art)
    assert [(i.location, i.country, i.event_date) for i in incidents] == [
        ("Homs", "SY", date(2024, 3, 1))]


def test_a_town_takes_its_own_toll_not_the_toll_of_the_region_folded_into_it() -> None:
    raw = ("Title: Strikes hit a border province\nPublished: 2024-05-01\n\n"
           "Strikes across Kunar province killed 47 people on Tuesday. A strike on a house "
           "in Asadabad, in Kunar province, killed six on Tuesday.")
    assert [(i.location, i.fatalities) for i in incidents_of(raw)] == [("Asadābād", 6)]


def test_a_claim_of_the_attack_just_reported_is_no_incident_of_its_own() -> None:
    raw = ("Title: Drones downed near an air base\nPublished: 2023-10-24T09:00:00Z\n\n"
           "Two drones were shot down near Harir Air Base on Tuesday, officials said. "
           "The Islamic Resistance in Iraq said it carried out the attack.")
    found = incidents_of(raw)
    assert [(i.event_type, i.geo_precision) for i in found] == [("interception", 2)]
    assert "Islamic Resistance in Iraq" in found[0].actors
