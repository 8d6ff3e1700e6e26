"""Offline gazetteer: loads the tables built by :mod:`geo.gazetteer.build` and finds candidates.

Look-ups are exact on the strict transliteration key
(:func:`geo.gazetteer.names.name_key`), then on the loose consonant key, then fuzzy with
rapidfuzz over the key vocabulary (only for free-text geocoding, never on the
recogniser's hot path).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from rapidfuzz import fuzz, process

from geo.core.errors import DataNotBuiltError
from geo.core.paths import build_dir
from geo.core.records import GeoPrecision, Place
from geo.gazetteer.names import consonant_key, name_key

#: Penalty applied to a loose (consonant-key) match relative to a strict one.
LOOSE_MATCH_FACTOR = 0.8
FUZZY_CUTOFF = 90.0
FUZZY_MIN_KEY = 5
#: Shortest consonant key in the loose index (shorter ones match too much).
MIN_LOOSE_KEY = 4
#: The loose index's own table in the build folder (``ckey``, ``row``, ``quality``).
LOOSE_NAMES_FILE = "loose-names.parquet"
#: Names whose candidates are kept in memory (cleared when full).
CANDIDATE_CACHE_SIZE = 50_000


class _KeyIndex:
    """Rows and name qualities sorted by key, looked up by binary search."""

    def __init__(self, keys: pa.Array, rows: pa.Array, quality: pa.Array) -> None:
        self.keys: np.ndarray = keys.to_numpy(zero_copy_only=False)
        self.rows: np.ndarray = rows.to_numpy()
        self.quality: np.ndarray = quality.to_numpy()
        if len(self.keys) > 1 and not bool(np.all(self.keys[:-1] <= self.keys[1:])):
            # Tables built before they were written sorted (see ``build_all``).
            order = pc.sort_indices(keys).to_numpy()
            self.keys, self.rows, self.quality = (self.keys[order], self.rows[order],
                                                  self.quality[order])
        self.distinct: frozenset[str] = frozenset(self.keys.tolist())

    def __contains__(self, key: str) -> bool:
        return key in self.distinct

    def get(self, key: str) -> list[tuple[int, float]]:
        """Return ``(row, quality)`` of every name with this key."""
        if key not in self.distinct:
            return []
        a = int(self.keys.searchsorted(key, "left"))
        b = int(self.keys.searchsorted(key, "right"))
        return list(zip(self.rows[a:b].tolist(), self.quality[a:b].tolist(), strict=True))

    def vocabulary(self) -> list[str]:
        """Return the distinct keys."""
        return sorted(self.distinct)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer row that matches a queried name.

    Attributes
    ----------
    place
        The gazetteer entry.
    match
        How well the name matched, in ``[0, 1]`` (name quality times match kind).
    forces
        Forces the curated table says are present (for sites), ``|``-joined.
    region_codes
        ISO 3166-2 codes whose union is the place's polygon (regions, admin-1).
    capital
        Whether the place is its country's capital (GeoNames).
    """

    place: Place
    match: float
    forces: str = ""
    region_codes: str = ""
    capital: bool = False


class Gazetteer:
    """Name index over GeoNames, Natural Earth, airports and the curated tables.

    GeoNames cities500 and country points, Natural Earth admin-1 units, IATA
    airports and the curated tables of ``data/`` (see :mod:`geo.gazetteer.build`).

    Parameters
    ----------
    directory
        Directory holding ``gazetteer.parquet`` and ``names.parquet``.

    Raises
    ------
    DataNotBuiltError
        When the tables have not been built (run ``incidentmap setup``).
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or build_dir()
        places_path = self.directory / "gazetteer.parquet"
        names_path = self.directory / "names.parquet"
        if not places_path.exists() or not names_path.exists():
            raise DataNotBuiltError(
                f"Gazetteer tables not found in {self.directory}. "
                "Run `incidentmap setup` once to build them from the installed packages."
            )
        self.places = pd.read_parquet(places_path)
        names = pq.read_table(names_path, columns=["key", "row", "quality"])
        self._strict = _KeyIndex(names["key"].combine_chunks(), names["row"].combine_chunks(),
                                 names["quality"].combine_chunks())
        loose_path = self.directory / LOOSE_NAMES_FILE
        if loose_path.exists():
            loose = pq.read_table(loose_path)
        else:  # built before the loose index had a file of its own
            every = pq.read_table(names_path, columns=["ckey", "row", "quality"])
            loose = every.filter(pc.greater_equal(pc.utf8_length(every["ckey"]),
                                                  MIN_LOOSE_KEY))
        self._loose = _KeyIndex(loose["ckey"].combine_chunks(), loose["row"].combine_chunks(),
                                loose["quality"].combine_chunks())
        self._place_cache: dict[int, Place] = {}
        self._candidate_cache: dict[tuple[str, bool], tuple[Candidate, ...]] = {}
        cols = self.places
        self._col_id = cols["place_id"].tolist()
        self._col_name = cols["name"].tolist()
        self._col_lon = cols["lon"].astype(float).tolist()
        self._col_lat = cols["lat"].astype(float).tolist()
        self._col_kind = cols["kind"].tolist()
        self._col_country = cols["country"].tolist()
        self._col_admin1 = cols["admin1"].tolist()
        self._col_pop = cols["population"].astype(int).tolist()
        self._col_radius = cols["radius_km"].astype(float).tolist()
        self._col_precision = cols["precision"].astype(int).tolist()
        self._col_forces = cols["forces"].tolist()
        self._col_codes = cols["region_codes"].tolist()
        self._col_capital = (cols["capital"].astype(bool).tolist() if "capital" in cols
                             else [False] * len(cols))
        self._capitals: dict[str, int] | None = None

    def has_key(self, key: str) -> bool:
        """Return whether a strict key names any place.

        Parameters
        ----------
        key
            A key from :func:`geo.gazetteer.names.name_key`.

        Returns
        -------
        bool
            True when the key is in the index.
        """
        return key in self._strict

    def clear_cache(self) -> None:
        """Forget the candidates found so far (for timing a cold run)."""
        self._candidate_cache.clear()

    def has_loose_key(self, name: str) -> bool:
        """Return whether the loose (consonant) key of a name names any place.

        Parameters
        ----------
        name
            The name as written.

        Returns
        -------
        bool
            True when :func:`geo.gazetteer.names.consonant_key` of the name is indexed.
        """
        return consonant_key(name) in self._loose

    def place(self, row: int) -> Place:
        """Return the :class:`~geo.core.records.Place` of a gazetteer row.

        Parameters
        ----------
        row
            Row number in the places table.

        Returns
        -------
        Place
            The entry as a frozen record.
        """
        cached = self._place_cache.get(row)
        if cached is None:
            precision: GeoPrecision = 3 if self._col_precision[row] == 3 else 1
            cached = Place(
                place_id=self._col_id[row], name=self._col_name[row],
                lon=self._col_lon[row], lat=self._col_lat[row], kind=self._col_kind[row],
                country=self._col_country[row], admin1=self._col_admin1[row],
                population=self._col_pop[row], radius_km=self._col_radius[row],
                precision=precision,
            )
            self._place_cache[row] = cached
        return cached

    def capital(self, country: str) -> Place | None:
        """Return a country's capital: its most populous place flagged as one.

        Parameters
        ----------
        country
            ISO 3166-1 alpha-2 code.

        Returns
        -------
        Place or None
            ``None`` when the gazetteer knows no capital for the country.
        """
        if self._capitals is None:
            best: dict[str, int] = {}
            for i, (c, cap, kind) in enumerate(zip(self._col_country, self._col_capital,
                                                   self._col_kind, strict=True)):
                if cap and kind == "city" and (c not in best
                                               or self._col_pop[i] > self._col_pop[best[c]]):
                    best[c] = i
            self._capitals = best
        row = self._capitals.get(country)
        return None if row is None else self.place(row)

    def by_id(self, place_id: str) -> Candidate | None:
        """Return the entry with a given ``place_id``, or ``None``.

        Parameters
        ----------
        place_id
            Gazetteer id such as ``cc:IQ`` or ``cur:al-asad-air-base``.

        Returns
        -------
        Candidate or None
            The entry with match 1.0.
        """
        row = self._row_by_id.get(place_id)
        return None if row is None else self._candidate(row, 1.0)

    def _candidate(self, row: int, match: float) -> Candidate:
        return Candidate(self.place(row), match, self._col_forces[row], self._col_codes[row],
                         self._col_capital[row])

    def candidates(self, name: str, *, fuzzy: bool = False) -> list[Candidate]:
        """Return every place the name may refer to, best name match first.

        Parameters
        ----------
        name
            The name as written (any transliteration).
        fuzzy
            Also try rapidfuzz over the key vocabulary when nothing matches.

        Returns
        -------
        list of Candidate
            One per place (the best-matching of its names), unranked by context.
        """
        cached = self._candidate_cache.get((name, fuzzy))
        if cached is not None:
            return list(cached)
        found = self._find(name, fuzzy)
        if len(self._candidate_cache) >= CANDIDATE_CACHE_SIZE:
            self._candidate_cache.clear()
        self._candidate_cache[(name, fuzzy)] = tuple(found)
        return found

    def _find(self, name: str, fuzzy: bool) -> list[Candidate]:
        key = name_key(name)
        if not key:
            return []
        best: dict[int, float] = {}
        for row, quality in self._strict.get(key):
            best[row] = max(best.get(row, 0.0), quality)
        if not best:
            for row, quality in self._loose.get(consonant_key(name)):
                best[row] = max(best.get(row, 0.0), quality * LOOSE_MATCH_FACTOR)
        if not best and fuzzy and len(key) >= FUZZY_MIN_KEY:
            for match_key, score, _ in process.extract(
                key, self._keys, scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_CUTOFF
            ):
                if len(match_key) < FUZZY_MIN_KEY:
                    continue
                for row, quality in self._strict.get(match_key):
                    best[row] = max(best.get(row, 0.0), quality * score / 100.0 * 0.9)
        return sorted((self._candidate(r, m) for r, m in best.items()),
                      key=lambda c: -c.match)

    @cached_property
    def _row_by_id(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self._col_id)}

    @cached_property
    def _keys(self) -> list[str]:
        return self._strict.vocabulary()

    def country_points(self) -> dict[str, tuple[float, float]]:
        """Return the representative point of every country, ``iso2 -> (lon, lat)``.

        Returns
        -------
        dict
            The gazetteer's country points (where country-level figures are drawn).
        """
        return {self._col_country[i]: (self._col_lon[i], self._col_lat[i])
                for i, kind in enumerate(self._col_kind) if kind == "country"}

    @lru_cache(maxsize=4)  # noqa: B019 - one gazetteer per process
    def large_countries(self, radius_km: float) -> frozenset[str]:
        """Return the ISO codes of countries whose equal-area radius exceeds ``radius_km``.

        Parameters
        ----------
        radius_km
            Threshold on the country's equal-area radius.

        Returns
        -------
        frozenset of str
            Codes such as ``US``, ``RU``, ``CN``.
        """
        return frozenset(self._col_country[i] for i, kind in enumerate(self._col_kind)
                         if kind == "country" and self._col_radius[i] > radius_km)

    @cached_property
    def admin1(self) -> gpd.GeoDataFrame:
        """Natural Earth admin-1 polygons (EPSG:4326), loaded on first use."""
        return gpd.read_parquet(self.directory / "admin1.parquet")

    @cached_property
    def countries(self) -> gpd.GeoDataFrame:
        """Natural Earth country polygons (EPSG:4326), loaded on first use."""
        return gpd.read_parquet(self.directory / "countries.parquet")


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    """Return the gazetteer, loaded once per process.

    Parameters
    ----------
    directory
        Where the built tables are; :func:`geo.core.paths.build_dir` by default.

    Returns
    -------
    Gazetteer
        The shared instance.
    """
    return Gazetteer(directory)
