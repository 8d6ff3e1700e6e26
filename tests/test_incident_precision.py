"""Precision of incidents: background, summaries, event types and casualty figures.

Sentences are written for these tests; none is taken from an article.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from geo.core.records import Incident
from geo.extract.incidents import extract_incidents
from geo.extract.loaders import article_from_text
from geo.reading.cues import old_year
from geo.reading.numbers import casualty_counts
from geo.reading.triggers import event_type, find_triggers

NOW = datetime(2024, 7, 1, tzinfo=UTC)
LEAD = "Drones were shot down over Kyiv on Monday. "


def extract(body: str, published: str = "2024-06-12T10:00:00Z") -> list[Incident]:
    text = f"Title: Strikes reported\nPublished: {published}\n\n{body}\n"
    return extract_incidents(article_from_text(text, now=NOW))


def places(found: list[Incident]) -> set[str]:
    return {i.location for i in found}


def test_a_running_count_of_airstrikes_is_background() -> None:
    found = extract("Rebels fired on a ferry near Hodeidah on Tuesday. The coalition has "
                    "conducted dozens of airstrikes against rebel targets in northern Yemen "
                    "since January.")
    assert "northern Yemen" not in places(found)
    assert len(found) == 1


def test_a_cause_and_its_death_toll_are_background() -> None:
    found = extract("Rebels fired on a ferry near Hodeidah on Tuesday. The rebels say they act "
                    "in solidarity with the people of Gaza, where more than 37,000 people have "
                    "been killed.")
    assert [i.location for i in found] == ["near Al Ḩudaydah"]
    assert found[0].fatalities is None


def test_a_long_list_of_regions_is_a_summary_not_an_incident_each() -> None:
    found = extract(LEAD + "The Kharkiv, Sumy, Poltava and Kherson oblasts came under attack.")
    assert places(found) == {"Kyiv"}


def test_two_listed_towns_are_still_two_incidents() -> None:
    found = extract("Turkish warplanes struck militant hideouts in Sinjar and Zakho on Tuesday.")
    assert len(found) == 2


def test_a_macro_region_is_not_an_incident_place() -> None:
    found = extract(LEAD + "The strikes were announced by Central Command, which oversees "
                    "military operations in the Middle East.")
    assert "Middle East" not in places(found)


def test_an_event_of_an_earlier_month_is_not_dated_from_context() -> None:
    found = extract(LEAD + "Also in March, the army bombed a market in Kharkiv.")
    assert places(found) == {"Kyiv"}


@pytest.mark.parametrize(("sentence", "published", "old"), [
    ("In April, the army said attacks had fallen.", date(2024, 6, 10), True),
    ("Late May saw heavy fighting.", date(2024, 6, 10), True),
    ("In November the town was shelled.", date(2024, 2, 10), True),  # the previous year
    ("In May the town was shelled.", date(2024, 6, 2), False),  # a few days ago at most
    ("The town was shelled on June 8.", date(2024, 6, 10), False),
    ("In June 2024 the town was shelled.", date(2024, 6, 10), False),
])
def test_a_month_named_as_a_period_before_publication_is_old(sentence: str, published: date,
                                                            old: bool) -> None:
    assert old_year(sentence, published) is old


@pytest.mark.parametrize(("window", "kind"), [
    ("US forces conducted a strike against a rebel cruise missile prepared to launch", "airstrike"),
    ("troops killed ten gunmen in close encounters after anti-tank missile fire at a tank",
     "armed clash"),
    ("a merchant ship was struck by a small vessel", "explosion/IED"),
    ("the drone attack damaged power lines as kamikaze drones hit the city in an air attack",
     "drone attack"),
    ("Russian rockets hit the port", "rocket attack"),
    ("air defences shot down two drones", "interception"),
])
def test_event_types(window: str, kind: str) -> None:
    assert event_type(window) == kind


@pytest.mark.parametrize(("sentence", "killed"), [
    ("The drone hit a flat, killing a militia commander and three members of his family.", 4),
    ("Jets bombed a farmhouse, killing a woman and nine children.", 10),
    ("The raid killed the group's finance chief and another operative.", 2),
    ("Shelling killed five soldiers and two civilians on the road.", 7),
    ("The bombing claimed the lives of 12 people, the ministry said.", 12),
    ("The blast claimed at least 8 civilian lives.", 8),
    ("Strikes killed six people and left 40 residents injured.", 6),
    ("The car bomb left 15 people dead.", 15),
    ("Soldiers killed more than 30 fighters in the battle.", 30),
    ("No injuries were reported after the rockets landed.", 0),
    ("The attack did not cause any casualty.", 0),
    ("At least 9 people, most of them guards, were killed.", 9),
])
def test_fatalities_as_written(sentence: str, killed: int) -> None:
    assert casualty_counts(sentence)[0] == killed


def test_injuries_left_behind_are_not_deaths() -> None:
    assert casualty_counts("The strike left 23 people wounded.") == (None, 23)


def test_the_toll_of_the_event_given_as_a_reason_is_not_this_ones() -> None:
    sentence = ("The militia fired rockets at the base, saying it was retaliation for a strike "
                "that killed four of its fighters.")
    assert casualty_counts(sentence)[0] is None


def test_a_count_of_one_day_at_one_place_is_not_a_running_count() -> None:
    from geo.reading.cues import AGGREGATE
    assert AGGREGATE.search("Troops repelled 25 attacks near the town over the past day.") is None
    assert AGGREGATE.search("Troops repelled 25 attacks near the town since October.")
    assert AGGREGATE.search("The coalition has conducted dozens of airstrikes in the north.")


def test_a_listed_subject_of_were_killed_is_summed() -> None:
    assert casualty_counts("On Sunday, a farmer and a child were killed in the raid.")[0] == 2
    assert casualty_counts("Two guards and a driver have been killed, police said.")[0] == 3


@pytest.mark.parametrize("window", [
    "U.S. Central Command (USCENTCOM) forces destroyed a rebel missile system in the north",
    "a U.S. drone strike killed two militants near the town",
])
def test_a_us_strike_written_with_periods_is_an_airstrike(window: str) -> None:
    assert event_type(window) == "airstrike"


def test_a_region_that_says_where_a_town_lies_is_not_a_second_incident() -> None:
    found = extract("Missiles struck the town of Kramatorsk in the eastern Donetsk province on "
                    "Monday, officials said.")
    assert [i.location for i in found] == ["Kramatorsk"]


def test_an_attack_days_before_the_one_reported_is_background() -> None:
    found = extract("Rebels fired on a ferry near Hodeidah on Tuesday, just two days after "
                    "drones attacked a tanker near Mocha.")
    assert len(found) == 1 and "Mocha" not in found[0].location


def test_a_part_of_a_toll_is_not_a_toll_and_a_quoted_toll_is_read() -> None:
    assert casualty_counts("Police said one of the dead was a guard.")[0] is None
    assert casualty_counts("The blast killed “four people, among them a boy”, police said.")[0] == 4


def test_a_state_air_force_strike_on_a_village_stays_an_airstrike() -> None:
    assert event_type("an Israeli strike hit the village near the border") == "airstrike"
    assert event_type("Russian forces struck the village overnight") == "shelling"


def test_a_district_struck_again_and_again_is_shelled() -> None:
    assert event_type("Overnight, enemy forces struck the river district six times, damaging "
                      "houses") == "shelling"


def test_a_province_is_not_folded_into_a_town_of_the_next_province() -> None:
    found = extract("Russian artillery hit Nikopol on Tuesday, damaging a school. On Tuesday, "
                    "enemy fire also hit five villages in Zaporizhzhia Oblast.")
    assert len(found) == 2
    assert {i.admin1 for i in found} == {"Dnipropetrovsk", "Zaporizhzhia"}


def test_a_province_still_holds_its_own_town() -> None:
    found = extract("Russian artillery hit Nikopol on Tuesday, damaging a school. On Tuesday, "
                    "enemy fire also hit five villages in Dnipropetrovsk Oblast.")
    assert [i.location for i in found] == ["Nikopol"]


def test_one_place_on_two_stated_days_is_two_incidents() -> None:
    found = extract("Russian drones struck Kharkiv on Monday night, damaging a school. On "
                    "Tuesday afternoon, a missile hit Kharkiv again, killing two people.")
    assert sorted(i.event_date for i in found) == [date(2024, 6, 10), date(2024, 6, 11)]


def test_one_place_with_an_assumed_day_is_still_one_incident() -> None:
    found = extract("Russian drones struck Kharkiv on Monday night, damaging a school. The "
                    "attack on Kharkiv also cut power to a hospital.")
    assert len(found) == 1


@pytest.mark.parametrize(("body", "kind"), [
    ("A drone crashed in Sinjar on Monday, setting a wheat field on fire.", "drone attack"),
    ("Two drones had fallen in farmland in Sinjar on Monday, police said.", "drone attack"),
    ("On Tuesday about 15 rockets were seen crossing from Lebanon into Israel near Kiryat "
     "Shmona, the army said.", "rocket attack"),
    ("Troops continued operations in Jenin in the West Bank on Tuesday.", "armed clash"),
    ("A militant group overruns a police post in Bannu on Tuesday.", "armed clash"),
    ("The army said on Tuesday that a patrol came under an exchange of fire near Bannu.",
     "armed clash"),
])
def test_a_munition_that_comes_down_an_army_operation_and_an_overrun_are_events(
        body: str, kind: str) -> None:
    found = extract(body)
    assert [i.event_type for i in found] == [kind]


@pytest.mark.parametrize("body", [
    "A small plane crashed in Sinjar on Monday, the airline said.",
    "Aid agencies suspended humanitarian operations in Jenin in the West Bank on Tuesday.",
    "Moscow calls the war in Ukraine a special military operation in Donbas.",
])
def test_a_crash_or_an_operation_without_a_munition_or_an_army_is_not_an_event(
        body: str) -> None:
    assert extract(body) == []


def test_an_event_at_the_start_of_an_earlier_month_is_background() -> None:
    found = extract("Tanks pounded Rafah at the start of May. On Tuesday, a drone strike hit "
                    "Khan Younis.",
                    published="2024-06-12T10:00:00Z")
    assert [i.location for i in found] == ["Khān Yūnis"]


def test_a_region_reported_in_a_sentence_of_its_own_is_not_folded_into_a_listed_town() -> None:
    found = extract("On Tuesday the army kept up ground operations in Rafah and in the central "
                    "Gaza Strip. On Tuesday, jets targeted a launch post in the central Gaza "
                    "Strip.")
    assert len(found) == 2


def test_a_region_named_in_an_office_is_where_the_region_was_shelled() -> None:
    found = extract("Sumy Oblast Governor Ivan Petrenko reported on Monday that Russian troops "
                    "shelled and mined the region 40 times.")
    assert [(i.admin1, i.geo_precision) for i in found] == [("Sumy", 3)]


def test_a_place_named_in_an_office_alone_is_not_an_event_place() -> None:
    found = extract("Sumy Oblast Governor Ivan Petrenko said on Monday that Russian troops "
                    "shelled Okhtyrka.")
    assert "Sumy" not in places(found)


def test_a_toll_following_an_attack_is_that_attacks_toll_not_background() -> None:
    found = extract("At least nine people were confirmed dead following an attack on a market "
                    "in Goma, medics said on Tuesday.")
    assert [(i.location, i.fatalities) for i in found] == [("Goma", 9)]


def test_an_event_after_an_attack_is_still_a_reason() -> None:
    from geo.reading.cues import BACKGROUND
    assert BACKGROUND.search("Police closed the road after an attack on a convoy.")
    assert not BACKGROUND.search("Nine people were killed after an attack on a convoy.")


@pytest.mark.parametrize("window", [
    "a suicide bomber blew himself up at the gate of the police station",
    "witnesses said the bomber detonated his explosive vest at the hotel gate",
])
def test_a_bomber_who_is_a_person_is_not_an_aircraft(window: str) -> None:
    assert event_type(window) == "explosion/IED"


def test_a_town_named_near_a_base_in_its_sentence_is_the_bases_town() -> None:
    found = extract("A source said on Tuesday that “a drone hit the radar of Imam Ali Air Base” "
                    "near the city of Nasiriyah.")
    assert [i.location for i in found] == ["Imam Ali Air Base"]


@pytest.mark.parametrize(("sentence", "killed"), [
    ("Forty-one villagers were killed when the bombs fell.", 41),
    ("The shelling killed twenty five people in the market.", 25),
    ("Sixty people died in the blast.", 60),
])
def test_a_toll_written_out_in_tens_and_units_is_read_whole(sentence: str, killed: int) -> None:
    assert casualty_counts(sentence)[0] == killed


def test_an_event_days_old_told_in_passing_is_background() -> None:
    found = extract("Rebels fired rockets at a ferry near Hodeidah on Tuesday.\n\n"
                    "The ferry was carrying food aid, its owner said.\n\n"
                    "The rebels have not commented.\n\n"
                    "On June 8, a drone strike hit a fuel depot in Mocha, killing two guards."
                    "\n\nShipping firms have raised insurance rates.")
    assert len(found) == 1 and "Mocha" not in found[0].location


def test_denouncing_is_a_statement_verb() -> None:
    from geo.reading.triggers import POLITICAL, find_triggers
    text = "The embassy denounced the attacks."
    assert POLITICAL.search(text)
    assert any(t.political for t in find_triggers(text, 0, len(text)))


def test_strikes_across_a_region_are_not_folded_into_ground_fighting_in_a_town() -> None:
    found = extract("On Tuesday, Israeli jets struck militant sites across the Gaza Strip. "
                    "On Tuesday, troops also fought gunmen in close combat in Rafah.")
    assert sorted(i.event_type for i in found) == ["airstrike", "armed clash"]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Security forces neutralized four militants in the mountains on Monday.", "armed clash"),
    ("Troops eliminated three insurgents near the border post.", "armed clash"),
    ("Gunmen murdered a shopkeeper in his home.", "armed clash"),
    ("The defenders repelled 25 enemy attacks near the town.", "armed clash"),
])
def test_kills_and_repelled_assaults_are_clashes(sentence: str, kind: str) -> None:
    assert event_type(sentence) == kind


@pytest.mark.parametrize("word", ["neutralized", "eliminated", "murdered", "repelled"])
def test_kill_and_repel_verbs_are_triggers(word: str) -> None:
    text = f"Soldiers {word} them in the village."
    assert word in [t.text for t in find_triggers(text, 0, len(text))]


def test_damage_after_a_weapon_is_reported_as_an_attack() -> None:
    text = "Russian drones targeted the east overnight. Houses were damaged in the region."
    plain = "The storm passed overnight. Houses were damaged in the region."
    armed = next(t for t in find_triggers(text, 44, len(text)) if t.text == "damaged")
    calm = next(t for t in find_triggers(plain, 28, len(plain)) if t.text == "damaged")
    assert armed.strength > calm.strength


def test_a_town_is_folded_into_a_nearby_site_only_for_the_same_kind_of_attack() -> None:
    apart = extract("Three rockets landed inside the Green Zone on Tuesday. Separately, Iraqi "
                    "helicopters bombed a hideout on the outskirts of Baghdad on Tuesday.")
    assert len(apart) == 2
    one = extract("Three rockets landed inside the Green Zone on Tuesday. Loud blasts were "
                  "heard across Baghdad.")
    assert len(one) == 1


def test_a_count_of_attacks_on_one_named_day_is_that_days_incident() -> None:
    found = extract("Hezbollah said it carried out a number of attacks on army positions in "
                    "northern Israel on Tuesday.")
    assert places(found) == {"northern Israel"}


def test_a_count_of_attacks_since_a_month_stays_a_running_count() -> None:
    assert not extract("Hezbollah has carried out a number of attacks on army positions in "
                       "northern Israel since October.")


def test_a_town_told_with_another_projectile_is_still_the_sites_attack() -> None:
    found = extract("Three drones hit the Green Zone on Tuesday. Police first said rockets had "
                    "hit Baghdad.")
    assert len(found) == 1


def test_an_event_of_last_week_in_a_weekend_article_is_background() -> None:
    found = extract("Drones struck Kharkiv on Friday, damaging a school.\n\nThe mayor said "
                    "repairs would take a month.\n\nPower was restored by the evening.\n\n"
                    "Last week a missile hit a hotel in Odesa, killing two guests.",
                    published="2024-06-15T10:00:00Z")
    assert [i.location for i in found] == ["Kharkiv"]


def test_an_event_followed_by_its_reason_is_news_and_the_reason_background() -> None:
    found = extract("Two drones struck a depot near Kharkiv on Tuesday, officials said.\n\n"
                    "No one was hurt.\n\nFirefighters put out the blaze within hours.\n\n"
                    "Russia fired missiles at Odesa overnight in retaliation for an attack on "
                    "its fleet.")
    assert "Odesa" in places(found)


def test_damage_with_no_weapon_takes_the_attack_type_not_an_interception() -> None:
    found = extract("Air defences shot down six drones over Kyiv on Tuesday.\n\nOn Tuesday, "
                    "Russian drones hit Kharkiv, officials said.\n\nOn Tuesday, houses were "
                    "damaged in Sumy, the governor said.")
    assert {i.location: i.event_type for i in found}["Sumy"] == "drone attack"


def test_a_country_told_on_the_towns_day_folds_into_the_town_whatever_its_best_day() -> None:
    found = extract("The command is looking into claims that ten civilians were killed in an "
                    "operation against militants in Somalia.\n\nUS forces carried out an "
                    "airstrike on militants about 30 kilometers west of Baidoa, Somalia, on "
                    "Monday, killing three.")
    assert [i.location for i in found] == ["near Baidoa"]


def test_a_town_at_the_far_end_of_a_directional_part_of_a_region_lies_in_it() -> None:
    found = extract("Jets carried out four air strikes on Saturday, targeting the southern "
                    "Kherson region, local media reported.\n\n\"Four air strikes hit the town "
                    "of Skadovsk,\" the channel said.")
    assert [i.location for i in found] == ["Skadovsk"]


def test_a_region_told_in_a_later_paragraph_of_its_own_is_not_folded_into_a_town() -> None:
    body = ("Soldiers killed 20 gunmen in close combat in Rafah over the past day, the army "
            "said.\n\nTroops also found rifles hidden in a school there.\n\n{}")
    found = extract(body.format("In the southern Gaza Strip, troops killed two more gunmen in "
                                "a firefight over the past day."))
    assert len(found) == 2
    # named in the lead, the region says where the town is
    found = extract("Fighting went on in the southern Gaza Strip over the past day. " +
                    body.format("No one else was hurt."))
    assert len(found) == 1


def test_actions_on_a_front_of_a_region_are_a_front_summary() -> None:
    found = extract("Ukrainian troops repelled 12 assaults near Bakhmut on Thursday, the army "
                    "said.\n\nThe army said the enemy lost two tanks.\n\nCommanders said the "
                    "defences held.\n\nUkrainian units also pressed offensive actions on the "
                    "eastern front of the Donetsk region, the army said.",
                    published="2024-06-14T10:00:00Z")
    assert [i.geo_precision for i in found] == [2]


def test_an_old_event_at_the_headline_place_told_later_is_background() -> None:
    # published Wednesday 12 June 2024: Tuesday is news, Sunday (3 days) is history
    text = ("Title: Three killed in drone strike on Jenin camp\nPublished: 2024-06-12T10:00:00Z\n\n"
            "Three men were killed in a drone strike on the Jenin refugee camp late on Tuesday.\n\n"
            "Medics said the men died of their wounds in hospital.\n\n"
            "The city's hospitals were overwhelmed, officials said.\n\n"
            "In another incident on Sunday, a man was killed when a drone strike hit a house in "
            "the Jenin refugee camp.\n")
    found = extract_incidents(article_from_text(text, now=NOW))
    assert [i.event_date for i in found] == [date(2024, 6, 11)]
