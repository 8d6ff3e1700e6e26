from __future__ import annotations

from datetime import date

from geo.filters import IncidentFilter, from_query, to_query


def test_filter_round_trips_through_the_url() -> None:
    flt = IncidentFilter(start=date(2023, 10, 20), end=date(2023, 11, 5),
                         actors=("US forces", "Kataib Hezbollah"), event_types=("airstrike",),
                         countries=("IQ",), admin1=("Al Anbar",), precisions=(1, 2))
    assert from_query(to_query(flt)) == flt


def test_empty_and_garbage_parameters() -> None:
    assert to_query(IncidentFilter()) == {}
    flt = from_query({"from": ["not-a-date"], "precision": ["7", "2"], "actor": [""]})
    assert flt == IncidentFilter(precisions=(2,))
