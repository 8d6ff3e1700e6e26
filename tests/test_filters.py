from __future__ import annotations

from datetime import date

from geo.query.filters import IncidentFilter, from_query, to_query


def test_filter_round_trips_through_the_url() -> None:
    flt = IncidentFilter(start=date(2023, 10, 20), end=date(2023, 11, 5),
                         actors=("US forces", "Kataib Hezbollah"), event_types=("airstrike",),
                         countries=("IQ",), admin1=("Al Anbar",), precisions=(1, 2))
    assert from_query(to_query(flt)) == flt


def test_empty_and_garbage_parameters() -> None:
    assert to_query(IncidentFilter()) == {}
    flt = from_query({"from": ["not-a-date"], "precision": ["7", "2"], "actor": [""]})
    assert flt == IncidentFilter(precisions=(2,))


# Links that say what they dropped (geo.map.links.parse_link).
from geo.map.links import LinkOptions, parse_link  # noqa: E402

OPTIONS = LinkOptions(first_day=date(2023, 10, 17), last_day=date(2023, 11, 20),
                      actors={"US forces", "Kataib Hezbollah"},
                      event_types={"airstrike", "drone attack"}, countries={"IQ", "SY"},
                      admin1={"Al Anbar"})


def test_a_good_link_has_no_warnings() -> None:
    flt, warnings = parse_link({"from": ["2023-10-20"], "to": ["2023-11-05"],
                                "actor": ["US forces"], "type": ["airstrike"],
                                "country": ["iq"], "precision": ["1"], "focus": ["abc"]},
                               OPTIONS)
    assert warnings == []
    assert flt == IncidentFilter(start=date(2023, 10, 20), end=date(2023, 11, 5),
                                 actors=("US forces",), event_types=("airstrike",),
                                 countries=("IQ",), precisions=(1,))


def test_an_unknown_actor_is_dropped_and_said() -> None:
    flt, warnings = parse_link({"actor": ["Nobody", "US forces"]}, OPTIONS)
    assert flt.actors == ("US forces",)
    assert warnings == ["actor=Nobody: no stored incident has this actor; ignored."]


def test_an_impossible_date_is_dropped_and_said() -> None:
    flt, warnings = parse_link({"from": ["2023-02-30"]}, OPTIONS)
    assert flt.start is None
    assert warnings == ["from=2023-02-30: not a calendar date (use YYYY-MM-DD); ignored."]


def test_a_window_outside_the_data_is_dropped_and_said() -> None:
    flt, warnings = parse_link({"from": ["2020-01-01"], "to": ["2020-02-01"]}, OPTIONS)
    assert (flt.start, flt.end) == (None, None)
    assert len(warnings) == 1 and "lies outside the stored incidents" in warnings[0]


def test_a_window_partly_outside_is_clamped_and_said() -> None:
    flt, warnings = parse_link({"from": ["2023-01-01"], "to": ["2024-01-01"]}, OPTIONS)
    assert (flt.start, flt.end) == (date(2023, 10, 17), date(2023, 11, 20))
    assert warnings == [
        "from=2023-01-01 is before the first incident: the window starts at 2023-10-17.",
        "to=2024-01-01 is after the last incident: the window ends at 2023-11-20."]


def test_reversed_window_unknown_parameter_bad_precision_and_country() -> None:
    flt, warnings = parse_link({"from": ["2023-11-10"], "to": ["2023-11-01"],
                                "colour": ["red"], "precision": ["7"], "country": ["XX"],
                                "type": ["picnic"], "admin1": ["Nowhere"]}, OPTIONS)
    assert flt == IncidentFilter()
    text = "\n".join(warnings)
    for expected in ("colour=red: not a filter", "from=2023-11-10 is after to=2023-11-01",
                     "precision=7: precision is 1, 2 or 3", "country=XX: no stored incident",
                     "type=picnic: no stored incident has this event type",
                     "admin1=Nowhere: no stored incident has this admin-1 unit"):
        assert expected in text
    assert len(warnings) == 6


def test_an_empty_store_ignores_dates_and_says_so() -> None:
    empty = LinkOptions(None, None, set(), set(), set(), set())
    flt, warnings = parse_link({"from": ["2023-11-01"]}, empty)
    assert flt.start is None and "no incidents yet" in warnings[0]
