"""The processed tables as pandas frames, and the small helpers every table module shares.

``load_exchanges`` / ``load_records`` read ``data/processed``; list cells stay ``;``-joined strings
(``split_cell``, ``explode`` and ``flag`` read them); country names and continents come from the
build's ``countries.csv``.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from liaison.codebook import LIST_SEP, REGION_NAMES, SOURCE_KIND_LABELS
from liaison.paths import PROCESSED_DIR
from liaison.pipeline.normalize import CountryTable


def load_exchanges(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """``exchanges.csv`` with dates parsed and list cells kept as ';'-joined strings."""
    df = pd.read_csv(processed_dir / "exchanges.csv", dtype=str, keep_default_na=False)
    df["n_sources"] = df["n_sources"].astype(int)
    df["date"] = pd.to_datetime(df["event_date"].replace("", None), format="%Y-%m-%d")
    df["year"] = df["date"].dt.year.astype("Int64")
    return df


def load_records(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """``records.csv``: every raw record with its fate, source kind and own date."""
    df = pd.read_csv(processed_dir / "records.csv", dtype=str, keep_default_na=False)
    df["year"] = pd.to_numeric(df["date"].str[:4], errors="coerce").astype("Int64")
    return df


def split_cell(value: str) -> list[str]:
    return [v for v in value.split(LIST_SEP) if v] if value else []


def explode(df: pd.DataFrame, column: str, name: str | None = None) -> pd.DataFrame:
    """One row per item of a ';'-list column (rows with an empty list are dropped)."""
    out = df.assign(**{name or column: df[column].map(split_cell)}).explode(name or column)
    return out[out[name or column].notna()]


def fates(records: pd.DataFrame) -> pd.Series:
    """Records by fate, in a fixed order."""
    return records["fate"].value_counts().reindex(["kept", "duplicate", "excluded"], fill_value=0)


def year_label(year: object) -> str:
    return "undated" if pd.isna(year) else str(int(year))


def by_year_and_kind(records: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """Records by year and source kind, with the exchanges of each year (by exchange date)."""
    recs = records[records["fate"] != "excluded"].copy()
    recs["year"] = recs["year"].map(year_label)
    table = recs.pivot_table(index="year", columns="source_kind", values="doc_id", aggfunc="count", fill_value=0)
    table = table.reindex(columns=list(SOURCE_KIND_LABELS), fill_value=0)
    table["records"] = table.sum(axis=1)
    ex = exchanges.assign(year=exchanges["year"].map(year_label)).groupby("year").size()
    table["exchanges"] = ex.reindex(table.index, fill_value=0)
    table = table.rename(columns=SOURCE_KIND_LABELS)
    table.columns.name = None
    return table.sort_index(key=lambda idx: idx.map(lambda y: (y == "undated", y)))


def records_long(records: pd.DataFrame) -> pd.DataFrame:
    """Kept or merged records, one row each, with readable labels (for charts)."""
    recs = records[records["fate"] != "excluded"].copy()
    recs["year"] = recs["year"].map(year_label)
    recs["source"] = recs["source_kind"].map(SOURCE_KIND_LABELS)
    return recs[["doc_id", "year", "source", "fate", "exchange_id", "date", "url"]]


def pages_by_year_and_source(long: pd.DataFrame) -> pd.DataFrame:
    """Pages per year and kind of source, from :func:`records_long` (the data of the pages chart)."""
    return long.groupby(["year", "source"]).size().reset_index(name="pages")


def by_year_table(records: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """:func:`by_year_and_kind` for the page: the year as a column, pages and exchanges named as such."""
    table = by_year_and_kind(records, exchanges).rename(columns={"records": "pages"})
    return table.rename_axis("year").reset_index()


def flag(exchanges: pd.DataFrame, key: str, column: str = "mentions") -> pd.Series:
    """True where the ';'-list column holds ``key``."""
    return exchanges[column].map(lambda cell: key in split_cell(cell))


@lru_cache(maxsize=1)
def _country_table() -> CountryTable:
    return CountryTable.from_reference()


@lru_cache(maxsize=1)
def _known_countries(processed_dir: Path = PROCESSED_DIR) -> dict[str, tuple[str, str]]:
    """ISO3 -> (name, continent) for every code of the processed data (``countries.csv``)."""
    path = processed_dir / "countries.csv"
    if not path.exists():
        return {}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {iso: (name, continent) for iso, name, continent in zip(table["iso3"], table["name"], table["continent"])}


@cache
def _name_and_continent(iso3: str) -> tuple[str, str]:
    """From the build's ``countries.csv``; a code the data does not use (tests) is looked up in
    country_converter."""
    known = _known_countries().get(iso3)
    return known if known else (_country_table().name(iso3), _country_table().region(iso3))


def country_name(iso3: str) -> str:
    """Short English name of an ISO3 code, 'European Union' for EUU."""
    return _name_and_continent(iso3)[0]


def region_of(iso3: str) -> str:
    """The continent of an ISO3 code, North and South America together."""
    region = _name_and_continent(iso3)[1]
    return REGION_NAMES.get(region, region)


def n_pages(exchanges: pd.DataFrame) -> int:
    """Source pages behind a set of exchanges."""
    return int(exchanges["n_sources"].sum())
