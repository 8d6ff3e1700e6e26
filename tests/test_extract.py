from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from geo.extract import extract_deployments, extract_incidents
from geo.geodesy import distance_km
from geo.loaders import article_from_text
from geo.records import EVENT_TYPES, Incident
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
