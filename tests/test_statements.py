"""Political statements the headline is about (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.incidents import extract_incidents
from geo.extract.loaders import article_from_text
from geo.extract.statements import headline_speaker
from geo.gazetteer.index import Gazetteer
from geo.reading.actors import ActorTable, load_actor_table


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_actor_table()


def _article(title: str, body: str, published: str = "2024-03-09") -> str:
    return f"Title: {title}\nPublished: {published}\n\n{body}"


def _statements(raw: str) -> list:
    return [i for i in extract_incidents(article_from_text(raw))
            if i.event_type == "political statement"]


@pytest.mark.parametrize("headline, country", [
    ("Jordan warns Israel after shelling of border post", "JO"),
    ("We will not accept foreign troops on our soil: Lebanese president", "LB"),
    ("France condemns rocket fire on peacekeepers in Lebanon", "FR"),
])
def test_a_statement_headline_names_its_speaker(gazetteer: Gazetteer, table: ActorTable,
                                                 headline: str, country: str) -> None:
    speaker = headline_speaker(headline, gazetteer, table)
    assert speaker is not None and speaker.country == country


@pytest.mark.parametrize("headline", [
    "Militants blamed for attack that killed three soldiers, military official says",
    "Wheat exports almost back to pre-war level, says ministry",
    "Drone strike kills one at a camp: police",
    "Foreign ministers gather in Cairo for urgent talks on a ceasefire",
    "Parliament elects a new president: lawmakers",
    "Army says it intercepted a missile launched at the coast",
])
def test_event_reports_and_non_security_remarks_are_no_statement(
        gazetteer: Gazetteer, table: ActorTable, headline: str) -> None:
    assert headline_speaker(headline, gazetteer, table) is None


def test_a_warning_is_placed_at_the_speakers_capital_on_its_day() -> None:
    raw = _article("Jordan warns Israel after shelling of border post",
                   "Jordan's foreign ministry on Friday warned Israel of consequences after "
                   "artillery shells hit a border post near Irbid. The ministry demanded an "
                   "apology.")
    found = _statements(raw)
    assert [(i.location, i.country, i.event_date) for i in found] == [
        ("Amman", "JO", date(2024, 3, 8))]
    roles = {e.role for e in found[0].evidence}
    assert roles == {"trigger", "place", "date"}
    # the shelling the warning is about stays an incident of its own
    others = [i for i in extract_incidents(article_from_text(raw))
              if i.event_type != "political statement"]
    assert any("Irbid" in i.location for i in others)


def test_a_city_the_body_gives_for_the_speaker_wins_over_the_capital() -> None:
    raw = _article("France condemns rocket fire on peacekeepers in Lebanon",
                   "The French embassy in Beirut condemned the rocket fire on Saturday and "
                   "called for restraint.")
    found = _statements(raw)
    assert [(i.location, i.country) for i in found] == [("Beirut", "LB")]


def test_a_statement_in_the_body_only_is_no_incident() -> None:
    raw = _article("Rockets hit a base near Irbid",
                   "Two rockets hit a base near Irbid on Friday. Jordan's government warned "
                   "that it would respond.")
    assert _statements(raw) == []


def test_the_official_who_spoke_is_among_the_actors() -> None:
    raw = _article("We will not accept foreign troops on our soil: Lebanese president",
                   "Lebanese President Michel Haddad said on Friday that the country would not "
                   "accept foreign troops on its territory.")
    found = _statements(raw)
    assert [(i.location, i.event_date) for i in found] == [("Beirut", date(2024, 3, 8))]
    assert "Michel Haddad" in found[0].actors


def test_a_day_given_for_the_event_does_not_date_the_statement() -> None:
    raw = _article("Jordan warns Israel after shelling of border post",
                   "Jordan has demanded an apology from Israel after artillery shells hit a "
                   "border post near Irbid on Thursday.")
    found = _statements(raw)
    assert [i.event_date for i in found] == [date(2024, 3, 9)]
    assert "publication date assumed" in " ".join(found[0].notes)


def test_a_capital_named_for_its_government_speaks_from_that_capital() -> None:
    raw = _article("Amman condemns strike near the border",
                   "Amman condemned an airstrike near Irbid on Thursday that killed two "
                   "shepherds.")
    found = extract_incidents(article_from_text(raw))
    assert sorted((i.event_type, i.location) for i in found) == [
        ("airstrike", "near Irbid"), ("political statement", "Amman")]


def test_a_states_statement_is_by_its_national_government_not_a_regional_one() -> None:
    raw = _article("Iraq warns its neighbour after drone strike on a border town",
                   "Iraq's government on Friday said a drone strike hit a farm near Zakho and "
                   "demanded an end to such attacks.")
    [statement] = _statements(raw)
    assert statement.actor1 == "Iraqi government"


@pytest.mark.parametrize("headline, addressee", [
    ("Jordan warns Israel after shelling of border post", "Israel"),
    ("Britain urges the Houthis to stop attacks on shipping", "Houthis"),
    ("France condemns rocket fire on peacekeepers in Lebanon", ""),
])
def test_a_statement_is_addressed_to_the_object_of_its_verb(
        gazetteer: Gazetteer, table: ActorTable, headline: str, addressee: str) -> None:
    speaker = headline_speaker(headline, gazetteer, table)
    assert speaker is not None and speaker.addressee == addressee


def test_the_addressee_is_the_statements_second_actor() -> None:
    raw = _article("Jordan warns Israel after shelling of border post",
                   "Jordan's foreign ministry on Friday warned Israel of consequences after "
                   "artillery shells hit a border post near Irbid.")
    [statement] = _statements(raw)
    assert statement.actor2 == "Israel"
    assert "Israel" in statement.actors


def test_a_headline_not_shaped_as_a_statement_is_not_geoparsed_for_one(
        gazetteer: Gazetteer, table: ActorTable, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.extract.statements as statements

    calls: list[str] = []
    real = statements.geoparse
    monkeypatch.setattr(statements, "geoparse",
                        lambda text, gaz: calls.append(text) or real(text, gaz))
    assert headline_speaker("Drone strike hits a base near Erbil", gazetteer, table) is None
    assert calls == []
    speaker = headline_speaker("Iraqi PM condemns strike on Baghdad", gazetteer, table)
    assert speaker is not None and speaker.country == "IQ"
    assert calls == ["Iraqi PM condemns strike on Baghdad"]
