"""The counterpart parties, counted by their reviewed id (``party_ids``: one id per party, however its
pages spell its name; ``data/processed/parties.csv``), year by year and over the whole archive."""

from __future__ import annotations

import pandas as pd

from liaison.tables.frames import country_name, split_cell
from liaison.tables.trends import coverage_by_year, dated


def party_years(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per (dated exchange, counterpart party): exchange_id, year, party_id."""
    frame = dated(exchanges)
    rows = [(eid, int(year), pid) for eid, year, cell in zip(frame["exchange_id"], frame["year"], frame["party_ids"])
            for pid in dict.fromkeys(split_cell(cell))]
    return pd.DataFrame(rows, columns=["exchange_id", "year", "party_id"])


def parties_by_year(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Per year with a dated exchange: the year's exchanges and pages, those with a party counterpart, the
    distinct parties met, and the parties met that year for the first time in the archive.

    Columns: year, exchanges, pages, with_party, share_with_party, parties, new_parties. A party met twice
    in a year counts once; "new" is new to the archive's dated exchanges (an earlier meeting the archive
    does not hold would make it older).
    """
    years = coverage_by_year(exchanges)
    pairs = party_years(exchanges)
    frame = dated(exchanges)
    with_party = frame[frame["party_ids"] != ""].groupby(frame["year"].astype(int)).size()
    distinct = pairs.groupby("year")["party_id"].nunique()
    first = pairs.groupby("party_id")["year"].min().value_counts()
    out = years.assign(
        with_party=years["year"].map(with_party).fillna(0).astype(int),
        parties=years["year"].map(distinct).fillna(0).astype(int),
        new_parties=years["year"].map(first).fillna(0).astype(int),
    )
    out["share_with_party"] = (out["with_party"] / out["exchanges"]).astype(float)
    return out[["year", "exchanges", "pages", "with_party", "share_with_party", "parties", "new_parties"]]


def party_totals(exchanges: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """Per counterpart party of the given exchanges: its name (``parties.csv``'s English name), country,
    exchanges, and the first and last year of a dated one; most exchanges first, ties by name."""
    rows = [(pid, eid, year) for eid, year, cell in zip(exchanges["exchange_id"], exchanges["year"], exchanges["party_ids"])
            for pid in dict.fromkeys(split_cell(cell))]
    pairs = pd.DataFrame(rows, columns=["party_id", "exchange_id", "year"])
    table = pairs.groupby("party_id").agg(exchanges=("exchange_id", "nunique"), first=("year", "min"), last=("year", "max"))
    names = parties.set_index("party_id")
    table["party"] = table.index.map(names["name_english"])
    table["country"] = table.index.map(names["iso3"]).map(country_name)
    table = table.reset_index().sort_values(["exchanges", "party"], ascending=[False, True])
    return table[["party_id", "party", "country", "exchanges", "first", "last"]].reset_index(drop=True)


def years_span(first: object, last: object) -> str:
    """'2016–2025', '2018', or 'undated only'."""
    if pd.isna(first):
        return "undated only"
    return str(int(first)) if first == last else f"{int(first)}–{int(last)}"


def most_met(totals: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The parties met most often, for readers: the first ``n`` and every party tied with the last of them."""
    if totals.empty:
        return pd.DataFrame(columns=["Party", "Country", "Exchanges", "Years"])
    cut = totals["exchanges"].iloc[min(n, len(totals)) - 1]
    top = totals[totals["exchanges"] >= cut]
    return pd.DataFrame({
        "Party": top["party"],
        "Country": top["country"],
        "Exchanges": top["exchanges"],
        "Years": [years_span(f, la) for f, la in zip(top["first"], top["last"])],
    }).reset_index(drop=True)
