"""Geocoder contract tests, run against every geocoder implementation (as geopy does)."""

from __future__ import annotations

from typing import Any

import pytest
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.core.errors import GeocodingError, InputError
from geo.core.geodesy import distance_km
from geo.gazetteer.geocoders import GeocoderChain, OfflineGazetteer


class FakeOnline(Geocoder):
    """Stands in for Nominatim: knows one place, counts calls, no network."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__(user_agent="test")
        self.calls = 0
        self.fail = fail

    def geocode(self, query: str, *, exactly_one: bool = True, **_: Any) -> Any:
        self.calls += 1
        if self.fail:
            raise GeocoderServiceError("service down")
        if query == "Camp Nowhere Special":
            loc = Location("Camp Nowhere Special", (10.0, 20.0), {"source": "fake"})
            return loc if exactly_one else [loc]
        return None


class GeocoderContract:
    """Every geocoder of the project must pass these."""

    geocoder: Geocoder

    def locate(self, query: str) -> Location:
        loc = self.geocoder.geocode(query, exactly_one=True)
        assert isinstance(loc, Location), f"{query!r} did not resolve"
        return loc

    def test_returns_geopy_location_with_lat_lon_order(self) -> None:
        loc = self.locate("Baghdad")
        # geopy's boundary is (lat, lon): Baghdad is at lat 33.3, lon 44.4
        assert loc.latitude == pytest.approx(33.34, abs=0.1)
        assert loc.longitude == pytest.approx(44.40, abs=0.1)
        assert loc.raw["country"] == "IQ"

    def test_raw_carries_gazetteer_row_and_precision(self) -> None:
        raw = self.locate("Ain al-Asad").raw
        assert raw["kind"] == "site"
        assert raw["precision"] == 1
        assert raw["uncertainty_km"] > 0
        assert raw["place_id"] == "cur:al-asad-air-base"

    @pytest.mark.parametrize(
        "query", ["Ain al-Asad", "Al-Assad Air Base", "al-Asad Air Base", "AL ASAD AIRBASE"]
    )
    def test_transliterations_of_one_site(self, query: str) -> None:
        loc = self.locate(query)
        assert distance_km(loc.longitude, loc.latitude, 42.44, 33.79) < 15

    @pytest.mark.parametrize("query", ["Albu Kamal", "Abu Kamal", "Al Bukamal", "Ālbū Kamāl"])
    def test_transliterations_of_one_town(self, query: str) -> None:
        loc = self.locate(query)
        assert loc.raw["country"] == "SY"
        assert distance_km(loc.longitude, loc.latitude, 40.92, 34.45) < 10

    def test_exactly_one_false_returns_ranked_list(self) -> None:
        locs = self.geocoder.geocode("Tripoli", exactly_one=False)
        assert isinstance(locs, list) and len(locs) >= 2
        assert {loc.raw["country"] for loc in locs} >= {"LY", "LB"}

    def test_unknown_name_returns_none(self) -> None:
        assert self.geocoder.geocode("Qwxzzy Vrrpt", exactly_one=True) is None

    @pytest.mark.parametrize("query", ["", "   "])
    def test_empty_query_is_a_clear_input_error(self, query: str) -> None:
        with pytest.raises(InputError, match="Empty place name"):
            self.geocoder.geocode(query)


class TestOfflineGazetteer(GeocoderContract):
    geocoder = OfflineGazetteer()

    def test_precision_levels(self) -> None:
        assert self.locate("Baghdad").raw["precision"] == 1
        assert self.locate("Syria").raw["precision"] == 3
        assert self.locate("Kurdistan Region").raw["precision"] == 3
        assert self.locate("Al Anbar").raw["kind"] == "admin1"

    def test_feature_type_asked_for_wins_over_population(self) -> None:
        assert self.locate("Erbil").raw["kind"] == "city"
        assert self.locate("Erbil Air Base").raw["kind"] == "site"

    def test_country_context_reranks(self) -> None:
        default = self.geocoder.geocode("Tripoli")
        in_lebanon = self.geocoder.geocode("Tripoli", country_codes=["LB"])
        assert isinstance(default, Location) and isinstance(in_lebanon, Location)
        assert default.raw["country"] == "LY"
        assert in_lebanon.raw["country"] == "LB"

    def test_region_has_large_uncertainty(self) -> None:
        raw = self.locate("Kurdistan Region").raw
        assert raw["uncertainty_km"] > 50

    def test_reverse_is_refused_clearly(self) -> None:
        with pytest.raises(GeocodingError):
            self.geocoder.reverse((33.3, 44.4))


class TestChainOfflineOnly(GeocoderContract):
    geocoder = GeocoderChain([OfflineGazetteer()])


class TestChainWithOnlineFallback(GeocoderContract):
    geocoder = GeocoderChain([OfflineGazetteer(), FakeOnline()])

    def test_online_answers_what_offline_cannot(self) -> None:
        assert self.locate("Camp Nowhere Special").raw == {"source": "fake"}

    def test_offline_answer_does_not_call_online(self) -> None:
        online = FakeOnline()
        chain = GeocoderChain([OfflineGazetteer(), online])
        chain.geocode("Baghdad")
        assert online.calls == 0

    def test_answers_are_cached(self) -> None:
        online = FakeOnline()
        chain = GeocoderChain([OfflineGazetteer(), online])
        chain.geocode("Camp Nowhere Special")
        chain.geocode("Camp Nowhere Special")
        assert online.calls == 1


def test_all_geocoders_failing_is_a_geocoding_error() -> None:
    chain = GeocoderChain([FakeOnline(fail=True)])
    with pytest.raises(GeocodingError, match="Every geocoder failed"):
        chain.geocode("Baghdad")


def test_empty_chain_is_refused() -> None:
    with pytest.raises(InputError):
        GeocoderChain([])
