"""Actor recognition through data/actors.csv (sentences written for these tests)."""

from __future__ import annotations

import pytest

from geo.actors import load_actor_table
from geo.build import read_table
from geo.paths import data_dir


def names(text: str) -> list[str]:
    return [a.actor for a in load_actor_table().find(text)]


@pytest.mark.parametrize(("text", "actor"), [
    ("Russian troops shelled the village.", "Russian forces"),
    ("A Russian missile strike hit the station.", "Russian forces"),
    ("Russia launched dozens of drones overnight.", "Russian forces"),
    ("Ukrainian air defence units were busy.", "Ukrainian forces"),
    ("Houthi rebels fired at a tanker.", "Houthis"),
    ("Ansar Allah said it fired a missile.", "Houthis"),
    ("The paramilitary RSF shelled the camp.", "Rapid Support Forces"),
    ("Al-Shabab fighters stormed the hotel.", "al-Shabaab"),
    ("Hizbollah fired rockets at a base.", "Hezbollah"),
    ("The Israeli military said its jets struck.", "IDF"),
    ("Israeli strikes hit two buildings.", "IDF"),
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
