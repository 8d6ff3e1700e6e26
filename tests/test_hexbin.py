from __future__ import annotations

import random

import h3
import numpy as np
import pandas as pd
import pytest

from geo.core.hexbin import (
    STORE_RESOLUTION,
    cell_of,
    counts_by_cell,
    hexagon_frame,
    parent_of,
    resolution_for_zoom,
)


def test_parent_by_bit_arithmetic_matches_h3_for_ints_and_arrays() -> None:
    rng = random.Random(11)
    cells = []
    for _ in range(300):
        lon, lat = rng.uniform(-180, 180), rng.uniform(-89, 89)
        cell = cell_of(lon, lat)
        assert h3.get_resolution(h3.int_to_str(cell)) == STORE_RESOLUTION
        for res in range(2, STORE_RESOLUTION + 1):
            expected = h3.str_to_int(h3.cell_to_parent(h3.int_to_str(cell), res))
            assert parent_of(cell, res) == expected
        cells.append(cell)
    array = np.array(cells, dtype=np.int64)
    for res in range(2, STORE_RESOLUTION + 1):
        assert parent_of(array, res).tolist() == [parent_of(c, res) for c in cells]


def test_parent_refuses_a_resolution_out_of_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        parent_of(cell_of(43.1, 36.3), 12)


def test_resolution_grows_with_zoom() -> None:
    zooms = [resolution_for_zoom(z) for z in range(2, 14)]
    assert zooms == sorted(zooms) and zooms[0] == 2 and zooms[-1] == 8


def test_counts_by_cell_sums_and_names_the_commonest_category() -> None:
    table = pd.DataFrame({"cell": [5, 5, 7], "category": ["a", "b", "a"],
                          "incidents": [1, 3, 2]})
    out = counts_by_cell(table)
    assert out.to_dict("records") == [{"cell": 5, "incidents": 4, "top": "b"},
                                      {"cell": 7, "incidents": 2, "top": "a"}]


def test_hexagon_polygons_are_lon_lat_and_contain_their_points() -> None:
    lon, lat = 43.1, 36.3  # Mosul: lon/lat order is easy to get wrong here
    cell = parent_of(cell_of(lon, lat), 5)
    hexes = hexagon_frame(pd.DataFrame({"cell": [cell], "incidents": [1], "top": ["a"]}))
    from shapely import Point

    assert hexes.crs.to_epsg() == 4326
    assert hexes.geometry.iloc[0].contains(Point(lon, lat))


def test_drawn_hexagons_keep_their_shape_with_fewer_digits() -> None:
    import json
    import re

    from geo.map.layers import HEXAGON_DECIMALS, hexagon_layer

    cells = [parent_of(cell_of(lon, lat), 4) for lon, lat in [(43.1, 36.3), (44.4, 33.3)]]
    hexes = hexagon_frame(pd.DataFrame({"cell": cells, "incidents": [3, 40],
                                        "top": ["airstrike", "drone attack"]}))
    layer = hexagon_layer(hexes, {"airstrike": "#d62728"})
    geojson = next(child for child in layer._children.values() if hasattr(child, "data"))
    drawn = geojson.data["features"]
    assert [f["properties"]["incidents"] for f in drawn] == ["3", "40"]
    for feature, exact in zip(drawn, hexes.geometry, strict=True):
        ring = np.array(feature["geometry"]["coordinates"][0])
        assert np.allclose(ring, np.array(exact.exterior.coords), atol=10 ** -HEXAGON_DECIMALS)
        digits = re.findall(r"\.(\d+)", json.dumps(feature["geometry"]["coordinates"]))
        assert max(len(d) for d in digits) <= HEXAGON_DECIMALS
