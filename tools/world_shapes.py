"""Rewrite data/reference/world_countries.json from the Natural Earth layer shipped with geopandas."""

from liaison.book.maps import write_shapes

if __name__ == "__main__":
    print(f"wrote {write_shapes()}")
