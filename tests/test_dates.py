"""Relative and explicit dates resolved against the publication date (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.reading.dates import find_dates

# Monday 13 November 2023
MONDAY = date(2023, 11, 13)


def first(text: str, published: date = MONDAY) -> date:
    found = find_dates(text, published)
    assert found, text
    return found[0].value


@pytest.mark.parametrize(("text", "expected"), [
    ("Shells fell on the market yesterday.", date(2023, 11, 12)),
    ("A depot was hit on Saturday.", date(2023, 11, 11)),
    ("The convoy was ambushed late Tuesday.", date(2023, 11, 7)),
    ("Drones struck the port on Sunday night.", date(2023, 11, 12)),
    ("Blasts were heard overnight in the city.", date(2023, 11, 13)),
    ("Gunmen opened fire last night.", date(2023, 11, 12)),
    ("Troops raided the village early on Monday.", date(2023, 11, 13)),
    ("A strike hit the bridge on 9 November.", date(2023, 11, 9)),
    ("A strike hit the bridge on Nov. 9.", date(2023, 11, 9)),
    ("A strike hit the bridge in the early hours of Friday.", date(2023, 11, 10)),
])
def test_relative_days_resolve_against_publication(text: str, expected: date) -> None:
    assert first(text) == expected


def test_a_date_after_publication_in_the_same_month_is_last_year_only_when_far() -> None:
    # 30 December named in an article of 2 January is last year's.
    assert first("Rockets fell on 30 December.", date(2024, 1, 2)) == date(2023, 12, 30)


def test_vague_spans_are_coarser() -> None:
    [d] = find_dates("Protests spread last week.", MONDAY)
    assert d.precision == "week"
    assert not d.explicit


def test_last_week_is_the_calendar_week_before_publication() -> None:
    # Saturday 18 November 2023: last week ran from 6 to 12 November.
    [d] = find_dates("The group raided a hotel in the port last week.", date(2023, 11, 18))
    assert d.precision == "week"
    assert date(2023, 11, 6) <= d.value <= date(2023, 11, 12)
    [d] = find_dates("The group raided a hotel in the port last week.", MONDAY)
    assert date(2023, 11, 6) <= d.value <= date(2023, 11, 12)


def test_offsets_point_at_the_expression() -> None:
    text = "Officials said the attack came late Tuesday."
    [d] = find_dates(text, MONDAY)
    assert "Tuesday" in text[d.start:d.end]


@pytest.mark.parametrize("text", [
    "Jets hit the depot overnight on Tuesday, 7 November.",
    "Jets hit the depot on 7 November overnight.",
    "Jets hit the depot overnight on Tuesday.",
])
def test_overnight_qualifies_the_explicit_day_beside_it(text: str) -> None:
    assert [d.value for d in find_dates(text, MONDAY)] == [date(2023, 11, 7)]


def test_overnight_apart_from_a_weekday_stays() -> None:
    found = find_dates("Blasts shook the city overnight, a week after Tuesday's raid.", MONDAY)
    assert [d.value for d in found] == [MONDAY, date(2023, 11, 7)]


@pytest.mark.parametrize("text", [
    "Over the past day, troops destroyed several launchers.",
    "Jets struck 40 targets in the past 24 hours, the army said.",
    "Troops repelled 12 assaults over the last 24 hours.",
])
def test_a_daily_report_window_is_the_day_before_publication(text: str) -> None:
    [d] = find_dates(text, MONDAY)
    assert d.value == date(2023, 11, 12)
    assert d.precision == "day"


def test_the_weekend_is_the_sunday_before_publication() -> None:
    # a Wednesday: the weekend just past ended on Sunday 12 November
    [d] = find_dates("Jets struck depots over the weekend.", date(2023, 11, 15))
    assert d.value == date(2023, 11, 12)
    assert not d.explicit
