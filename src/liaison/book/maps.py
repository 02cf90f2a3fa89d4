"""Country shapes for the world map, from the Natural Earth low-resolution layer that geopandas ships.

No download at build time: geopandas 0.14 carries ``naturalearth_lowres`` inside its wheel. The shapes
are simplified and rounded so the map stays light in the page, and kept ready in
``data/reference/world_countries.json``: reading that file takes milliseconds, where importing
geopandas, reading the shapefile and simplifying it took longer than the rest of the map's chapter.
``python tools/world_shapes.py`` rewrites the file; a test checks that it is what geopandas gives.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from pathlib import Path

from liaison.paths import SHAPES_FILE

SIMPLIFY_DEGREES = 0.25
DECIMALS = 2


def _round(coords: float | list) -> float | list:
    if isinstance(coords, (int, float)):
        return round(coords, DECIMALS)
    return [_round(c) for c in coords]


def shapes_from_natural_earth() -> list[dict]:
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
    return features


def shapes_text(features: list[dict]) -> str:
    """The shapes file: a JSON array, one feature per line (readable diffs when geopandas changes)."""
    lines = [json.dumps(f, sort_keys=True, separators=(",", ":"), ensure_ascii=False) for f in features]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def write_shapes(path: Path = SHAPES_FILE) -> Path:
    path.write_text(shapes_text(shapes_from_natural_earth()), encoding="utf-8", newline="\n")
    return path


@lru_cache(maxsize=1)
def world_features(path: Path = SHAPES_FILE) -> tuple[dict, ...]:
    """The map's country shapes (see :func:`shapes_from_natural_earth`), read from the shapes file."""
    return tuple(json.loads(path.read_text(encoding="utf-8")))
