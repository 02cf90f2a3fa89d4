"""Tables the chapters need, computed from ``data/processed`` (never from hand-typed numbers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from liaison.build import LIST_SEP, PROCESSED_DIR

SOURCE_KIND_LABELS = {
    "idcpc": "Department's own site",
    "chinese_official": "Other Chinese official media",
    "counterpart": "Counterpart's own site",
    "foreign_media": "Foreign media",
}


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


def year_label(year) -> str:
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
