"""Country shapes for the world map, from the Natural Earth low-resolution layer that geopandas ships.

No download at build time: geopandas 0.14 carries ``naturalearth_lowres`` inside its wheel. The shapes
are simplified and rounded so the map stays light in the page.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache

SIMPLIFY_DEGREES = 0.25
DECIMALS = 2


def _round(coords):
    if isinstance(coords, (int, float)):
        return round(coords, DECIMALS)
    return [_round(c) for c in coords]


@lru_cache(maxsize=1)
def world_features() -> tuple[dict, ...]:
    """GeoJSON features of the world's countries with ``iso3`` and ``name`` properties (Antarctica left out)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # geopandas.datasets is deprecated upstream but still shipped in 0.14
        import geopandas

        world = geopandas.read_file(geopandas.datasets.get_path("naturalearth_lowres"))
    world = world[world["name"] != "Antarctica"].copy()
    world.loc[world["name"] == "Kosovo", "iso_a3"] = "XKX"
    world["geometry"] = world.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    world = world.sort_values("iso_a3")
    features = []
    for iso3, name, geom in zip(world["iso_a3"], world["name"], world["geometry"]):
        shape = json.loads(json.dumps(geom.__geo_interface__))
        shape["coordinates"] = _round(shape["coordinates"])
        features.append({"type": "Feature", "properties": {"iso3": iso3, "name": name}, "geometry": shape})
    return tuple(features)
