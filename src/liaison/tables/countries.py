"""Exchanges by counterpart country (the article's Figure 1) and how robust its ranking is."""

from __future__ import annotations

import pandas as pd

from liaison.codebook import NO_COUNTRY
from liaison.tables.counting import (
    ALTERNATIVE_RULES,
    ARTICLE_WINDOW,
    DEPARTMENT_RULE,
    EARLY_WINDOW,
    MAIN_RULE,
    CountingRule,
    reported_by_department,
    window_exchanges,
)
from liaison.tables.frames import country_name, explode, region_of

#: The five countries the article names, in its order (C12, C13).
ARTICLE_RANKING: tuple[str, ...] = ("VNM", "JPN", "RUS", "USA", "IND")


COUNT_COLUMNS: tuple[str, ...] = ("iso3", "country", "region", "exchanges", "department", "pages", "rank")


def country_counts(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Exchanges per counterpart country: an exchange with parties of several countries counts once for each.

    Columns: iso3, country, region, exchanges, department (those the department reported on its own
    site), pages (source pages behind them), rank (1 = most; ties share the best rank).
    """
    rows = explode(exchanges, "countries", "iso3")
    if rows.empty:
        return pd.DataFrame(columns=list(COUNT_COLUMNS))
    rows = rows.assign(department=rows["source_kinds"].map(reported_by_department))
    out = rows.groupby("iso3").agg(exchanges=("exchange_id", "nunique"), department=("department", "sum"),
                                   pages=("n_sources", "sum")).reset_index()
    out["department"] = out["department"].astype(int)
    out["country"] = out["iso3"].map(country_name)
    out["region"] = out["iso3"].map(region_of)
    out = out.sort_values(["exchanges", "pages", "country"], ascending=[False, False, True]).reset_index(drop=True)
    out["rank"] = out["exchanges"].rank(method="min", ascending=False).astype(int)
    return out[list(COUNT_COLUMNS)]


def figure1_table(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Figure 1 under the main rule and under the department-only rule, side by side, per country.

    ``department`` is how many of the country's exchanges the department itself reported on its
    website; ``department_rank`` the country's rank when only those count (the article's basis).
    """
    main = country_counts(window_exchanges(exchanges, MAIN_RULE))
    dept = country_counts(window_exchanges(exchanges, DEPARTMENT_RULE)).set_index("iso3")["rank"]
    out = main.assign(department_rank=main["iso3"].map(dept).astype("Int64"))
    return out[["iso3", "country", "region", "exchanges", "rank", "department", "department_rank", "pages"]]


#: Columns a per-exchange chart mark needs for its tooltip and link.
MARK_COLUMNS: tuple[str, ...] = ("exchange_id", "event_date", "event_type", "counterpart_orgs", "title", "primary_url")


def country_rows(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per (exchange, counterpart country), with the country's name and region, for charts."""
    rows = explode(exchanges, "countries", "iso3")
    rows = rows[["iso3", *MARK_COLUMNS]].copy()
    rows["country"] = rows["iso3"].map(country_name)
    rows["region"] = rows["iso3"].map(region_of)
    rows["title"] = rows["title"].where(rows["title"] != "", "(no headline on the archived page)")
    return rows.sort_values(["country", "event_date", "exchange_id"]).reset_index(drop=True)


def article_ranking(counts: pd.DataFrame) -> pd.DataFrame:
    """Where the article's five countries stand in a country count (rank 1 = most exchanges)."""
    table = counts.set_index("iso3")
    rows = []
    for position, iso3 in enumerate(ARTICLE_RANKING, start=1):
        present = iso3 in table.index
        rows.append(
            {
                "country": country_name(iso3),
                "article_order": position,
                "rank_in_data": int(table.loc[iso3, "rank"]) if present else None,
                "exchanges": int(table.loc[iso3, "exchanges"]) if present else 0,
            }
        )
    return pd.DataFrame(rows).astype({"rank_in_data": "Int64"})


#: The window ends a reader can compare (``liaison.tables.counting``).
WINDOW_ENDS: dict[str, tuple[str, str]] = {"end of October 2018": ARTICLE_WINDOW, "beginning of October 2018": EARLY_WINDOW}


def sensitivity(exchanges: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """How Figure 1 changes with the counting rule and the window's end: totals, leaders, the article's five.

    One row per rule to the end of October, then the main and department-only rules to the beginning
    of October (the end the article's text gives).
    """
    combos: list[tuple[CountingRule, str]] = [(rule, "end of October 2018") for rule in (MAIN_RULE, *ALTERNATIVE_RULES)]
    combos += [(MAIN_RULE, "beginning of October 2018"), (DEPARTMENT_RULE, "beginning of October 2018")]
    rows = []
    for rule, end in combos:
        kept = window_exchanges(exchanges, rule, WINDOW_ENDS[end])
        counts = country_counts(kept)
        ranks = article_ranking(counts).set_index("country")["rank_in_data"]
        row = {
            "rule": rule.label,
            "window_end": end,
            "exchanges": len(kept),
            "countries": len(counts),
            f"top {top}": ", ".join(f"{c} ({n})" for c, n in counts.head(top)[["country", "exchanges"]].values),
        }
        row.update({f"rank of {c}": ("-" if pd.isna(r) else int(r)) for c, r in ranks.items()})
        rows.append(row)
    return pd.DataFrame(rows)


def rank_ranges(table: pd.DataFrame) -> dict[str, tuple[int | None, int | None]]:
    """Best and worst rank of each of the article's countries across the rows of a sensitivity table."""
    out = {}
    for iso3 in ARTICLE_RANKING:
        column = f"rank of {country_name(iso3)}"
        ranks = [r for r in table[column] if r != "-"]
        out[iso3] = (min(ranks), max(ranks)) if ranks else (None, None)
    return out


def leaders(table: pd.DataFrame, top: int = 5) -> list[str]:
    """The country first in the top list under each rule (unique, in rule order)."""
    firsts = [cell.split(" (")[0] for cell in table[f"top {top}"] if cell]
    return list(dict.fromkeys(firsts))


def exchanges_by_region(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Exchanges per region of the counterpart countries: each exchange counts once per region.

    Summing ``country_counts`` by region would count an exchange with several countries of
    one region several times; here it counts once. Exchanges naming no country get their own row.
    """
    countries = country_counts(exchanges)
    per_country = countries.groupby("region").size()
    rows = explode(exchanges, "countries", "iso3")
    rows = rows.assign(region=rows["iso3"].map(region_of))
    per_region = rows.groupby("region")["exchange_id"].nunique()
    table = pd.DataFrame({"exchanges": per_region, "countries": per_country.reindex(per_region.index, fill_value=0)})
    table = table.reset_index().sort_values(["exchanges", "region"], ascending=[False, True])
    without = int((exchanges["countries"] == "").sum())
    if without:
        table = pd.concat(
            [table, pd.DataFrame([{"region": NO_COUNTRY, "exchanges": without, "countries": 0}])], ignore_index=True
        )
    table["share_of_window_pct"] = (100 * table["exchanges"] / len(exchanges)).round(1)
    return table.reset_index(drop=True)
