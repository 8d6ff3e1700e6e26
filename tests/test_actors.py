"""Actor recognition through data/actors.csv (sentences written for these tests)."""

from __future__ import annotations

import pytest

from geo.core.paths import data_dir
from geo.gazetteer.build import read_table
from geo.reading.actors import load_actor_table


def names(text: str) -> list[str]:
    return [a.actor for a in load_actor_table().find(text)]


@pytest.mark.parametrize(("text", "actor"), [
    ("Russian troops shelled the village.", "Russian forces"),
    ("A Russian missile strike hit the station.", "Russian forces"),
    ("Russia launched dozens of drones overnight.", "Russian forces"),
    ("Ukrainian air defence units were busy.", "Ukrainian air defense"),
    ("Houthi rebels fired at a tanker.", "Houthis"),
    ("Ansar Allah said it fired a missile.", "Houthis"),
    ("The paramilitary RSF shelled the camp.", "Rapid Support Forces"),
    ("Al-Shabab fighters stormed the hotel.", "al-Shabaab"),
    ("Hizbollah fired rockets at a base.", "Hezbollah"),
    ("The Israeli military said its jets struck.", "Israeli forces"),
    ("The IDF said its jets struck.", "IDF"),
    ("Israeli strikes hit two buildings.", "Israeli forces"),
    ("FAMa soldiers repelled the assault.", "Malian Armed Forces"),
    ("The Tatmadaw bombed a school.", "Myanmar military"),
])
def test_aliases_and_state_phrasings_map_to_canonical_names(text: str, actor: str) -> None:
    assert actor in names(text)


def test_short_capital_aliases_are_case_sensitive() -> None:
    assert "Rapid Support Forces" not in names("the rsf said nothing")
    assert "Rapid Support Forces" in names("the RSF said nothing")


def test_every_row_has_a_source_and_aliases() -> None:
    for row in read_table(data_dir() / "actors.csv"):
        assert row["source"].strip(), row["actor"]
        assert row["aliases"].strip(), row["actor"]


def test_a_source_of_a_statement_is_not_an_actor() -> None:
    assert "US forces" not in names("A Pentagon spokesman described the damage.")


def test_a_unit_names_its_force_too() -> None:
    table = load_actor_table()
    assert table.parents("Israeli Air Force") == ["IDF", "Israeli forces"]
    assert table.parents("US Central Command") == ["US forces"]
    assert table.parents("Hezbollah") == []


def test_groups_described_by_their_sponsor_are_named_as_written() -> None:
    assert "Iran-backed militias" in names("Iran-backed militias fired two rockets at the base.")
    assert "Russia-backed fighters" in names("Russian-backed fighters shelled the town.")


def test_unnamed_attacker_is_unknown() -> None:
    from datetime import UTC, datetime

    from geo.extract.incidents import extract_incidents
    from geo.extract.loaders import article_from_text
    text = "Rockets hit Kirkuk\n\nTwo rockets hit the city of Kirkuk on Monday, police said."
    [inc] = extract_incidents(article_from_text(text, now=datetime(2023, 12, 1, tzinfo=UTC)))
    assert inc.actor1 == "unknown"


def test_described_groups_are_named_in_the_plural() -> None:
    assert "Iran-backed militias" in names("Iran-backed militiamen fired rockets at the base.")


def test_the_international_coalition_is_also_the_us_led_coalition() -> None:
    assert load_actor_table().parents("international coalition") == ["US-led coalition"]


def test_supporters_of_a_person_are_named_after_him() -> None:
    assert "Sadr supporters" in names("Hundreds of supporters of cleric Muqtada al-Sadr marched.")


def test_a_sponsor_is_named_by_its_country() -> None:
    assert "Iran-backed militias" in names("Iranian-backed militiamen fired rockets.")


def test_groups_described_sponsor_last_are_named_sponsor_first() -> None:
    assert "Iran-backed militias" in names("Militias backed by Iran fired rockets at the base.")
    assert "IRGC-affiliated groups" in names(
        "Jets struck depots used by groups affiliated with Iran's Islamic Revolutionary Guard "
        "Corps (IRGC).")
    assert "Islamic Revolutionary Guard Corps" not in names(
        "Jets struck depots used by groups affiliated with Iran's Islamic Revolutionary Guard "
        "Corps.")


def test_a_sponsor_of_several_words_is_not_taken_for_a_state() -> None:
    assert "Syria-aligned fighters" not in names(
        "Fighters aligned with the Syrian Democratic Forces held the bridge.")


def test_the_united_states_acting_is_us_forces() -> None:
    assert "US forces" in names("The US responded by striking two depots.")
    assert "US forces" in names("Four American servicemen were hurt.")
    assert "US forces" not in names("The US embassy issued a warning.")


def test_unidentified_attackers_are_unknown_but_the_word_alone_is_not_an_actor() -> None:
    assert "unknown" in names("A strike by unidentified drones hit the convoy.")
    assert "unknown" in names("Unknown gunmen opened fire on the checkpoint.")
    assert names("The cause of the blast remains unknown.") == []


def test_iranian_kurdish_opposition_parties() -> None:
    found = names("Missiles hit offices of the Kurdistan Democratic Party of Iran and Komala.")
    assert "KDPI" in found and "Komala" in found


def test_the_iraqi_army_is_a_unit_of_the_iraqi_security_forces() -> None:
    assert "Iraqi army" in names("Two Iraqi soldiers were wounded at the checkpoint.")
    assert load_actor_table().parents("Iraqi army") == ["Iraqi security forces"]


@pytest.mark.parametrize(("text", "actor"), [
    ("Blasts hit a depot where Iranian forces and their proxy militias are stationed.",
     "Iran-backed militias"),
    ("Iran's proxy militias fired drones at the base.", "Iran-backed militias"),
    ("Russian proxy forces shelled the town.", "Russia-backed groups"),
])
def test_a_states_proxies_are_the_groups_it_backs(text: str, actor: str) -> None:
    assert actor in names(text)


def test_the_state_beside_its_proxies_stays_an_actor() -> None:
    found = names("Blasts hit a depot where Iranian forces and their proxy militias are based.")
    assert "Iranian forces" in found


def test_a_proxy_war_is_no_group() -> None:
    assert not any("backed" in n for n in names("The proxy war dragged on for years."))



def test_the_group_holding_a_place_is_named_by_the_compound() -> None:
    assert "Rapid Support Forces" in names("Shells fell on an RSF-held district of the city.")
    assert "Houthis" in names("Jets struck a Houthi-controlled port.")
    assert "Rapid Support Forces" not in names("The RSF-style checkpoints were removed.")


@pytest.mark.parametrize(("text", "actor"), [
    ("Turkey strikes militant hideouts in the mountains", "Turkish forces"),
    ("Iran targets opposition camps with drones", "Iranian forces"),
    ("Russia pounds the eastern front overnight", "Russian forces"),
])
def test_a_state_acting_in_a_present_tense_headline_is_its_forces(text: str, actor: str) -> None:
    assert actor in names(text)


def test_the_revolutionary_guards_are_a_branch_of_irans_forces() -> None:
    assert load_actor_table().parents("Islamic Revolutionary Guard Corps") == ["Iranian forces"]
