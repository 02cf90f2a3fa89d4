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


def tied(counts: pd.DataFrame) -> pd.Series:
    """True for a country whose number of exchanges another country of the count shares (its rank is joint)."""
    return counts["exchanges"].duplicated(keep=False)


def figure1_table(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Figure 1 under the main rule and under the department-only rule, side by side, per country.

    ``department`` is how many of the country's exchanges the department itself reported on its
    website; ``department_rank`` the country's rank when only those count (the article's basis; empty
    for a country the department's own pages never name); ``tied`` and ``department_tied`` say whether
    the rank is shared.
    """
    main = country_counts(window_exchanges(exchanges, MAIN_RULE))
    dept = country_counts(window_exchanges(exchanges, DEPARTMENT_RULE))
    dept = dept.assign(tied=tied(dept)).set_index("iso3")
    out = main.assign(tied=tied(main), department_rank=main["iso3"].map(dept["rank"]).astype("Int64"),
                      department_tied=main["iso3"].map(lambda iso3: bool(dept["tied"].get(iso3, False))))
    return out[["iso3", "country", "region", "exchanges", "rank", "tied", "department", "department_rank",
                "department_tied", "pages"]].reset_index(drop=True)


def rank_cell(rank: object, is_tied: bool) -> str:
    """A rank for a table cell: '6', '=6' when shared with another country, '-' for none."""
    if rank is None or pd.isna(rank):
        return "-"
    return f"={int(rank)}" if is_tied else str(int(rank))


def figure1_readable(table: pd.DataFrame) -> pd.DataFrame:
    """Every row of ``figure1_table`` with readable headers (the figure's data table and CSV)."""
    return pd.DataFrame({
        "Country": table["country"],
        "Region": table["region"],
        "Exchanges": table["exchanges"],
        "Rank": [rank_cell(r, t) for r, t in zip(table["rank"], table["tied"])],
        "Reported on the department's site": table["department"],
        "Rank by those": [rank_cell(r, t) for r, t in zip(table["department_rank"], table["department_tied"])],
        "Source pages": table["pages"],
    }).reset_index(drop=True)


def figure1_highlights(table: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The rows of ``figure1_table`` worth reading side by side: the article's five countries (marked '*') and every
    country ranked in the top ``top`` under either rule; exchanges and rank under the main rule, then under the
    department-only rule (ranks as ``rank_cell`` writes them)."""
    keep = (table["rank"] <= top) | (table["department_rank"].fillna(top + 1) <= top) | table["iso3"].isin(ARTICLE_RANKING)
    rows = table[keep]
    return pd.DataFrame({
        "Country": [f"{name} *" if iso3 in ARTICLE_RANKING else name for iso3, name in zip(rows["iso3"], rows["country"])],
        "Exchanges": rows["exchanges"],
        "Rank": [rank_cell(r, t) for r, t in zip(rows["rank"], rows["tied"])],
        "Exchanges ": rows["department"],
        "Rank ": [rank_cell(r, t) for r, t in zip(rows["department_rank"], rows["department_tied"])],
    }).reset_index(drop=True)


#: Columns a per-exchange chart mark needs for its tooltip and link.
MARK_COLUMNS: tuple[str, ...] = ("exchange_id", "event_date", "event_type", "counterpart_orgs", "title", "primary_url")


def country_rows(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per (exchange, counterpart country), with the country's name and region, for charts;
    ``department`` says whether the department reported the exchange on its own site."""
    rows = explode(exchanges, "countries", "iso3")
    rows = rows[["iso3", *MARK_COLUMNS, "source_kinds"]].copy()
    rows["department"] = rows.pop("source_kinds").map(reported_by_department)
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


def rule_name(rule: CountingRule) -> str:
    """A short name for a counting rule, from its flags (for a narrow table's first column)."""
    if rule.department_only:
        return "Reported on the department's site"
    named = [text for flag, text in ((rule.require_official, "official named"), (rule.parties_only, "party counterpart"),
                                     (rule.include_notices, "notices counted too")) if flag]
    return "Main rule" if not named else named[0].capitalize() + "".join(f", {t}" for t in named[1:])


def top_countries(counts: pd.DataFrame, top: int = 5) -> list[tuple[list[str], int]]:
    """The leading countries of a count, grouped by their number of exchanges: the first ``top`` and every
    country tied with the last of them (a cut in the middle of a tie would pick among equals by name)."""
    if counts.empty:
        return []
    cut = counts["exchanges"].iloc[min(top, len(counts)) - 1]
    lead = counts[counts["exchanges"] >= cut]
    groups = lead.groupby("exchanges", sort=False)["country"].apply(list)
    return [(sorted(names), int(n)) for n, names in sorted(groups.items(), key=lambda kv: -kv[0])]


def top_text(groups: list[tuple[list[str], int]]) -> str:
    """'Japan 15; South Africa 8; North Korea and Pakistan 6 each; Vietnam 5' (exchanges per country)."""
    if not groups:
        return "no country"
    parts = []
    for names, n in groups:
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"{listed} {n:,}" + (" each" if len(names) > 1 else ""))
    return "; ".join(parts)


def sensitivity(exchanges: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """How Figure 1 changes with the counting rule and the window's end: totals, leaders, the article's five.

    One row per rule to the end of October, then the main and department-only rules to the beginning
    of October (the end the article's text gives). Columns: rule (its label), name (``rule_name``),
    window_end, exchanges, countries, top (``top_text`` of ``top_countries``), first (the countries
    ranked first, ';'-joined), and for each of the
    article's countries ``rank_ISO3`` (empty when absent) and ``tied_ISO3``.
    """
    combos: list[tuple[CountingRule, str]] = [(rule, "end of October 2018") for rule in (MAIN_RULE, *ALTERNATIVE_RULES)]
    combos += [(MAIN_RULE, "beginning of October 2018"), (DEPARTMENT_RULE, "beginning of October 2018")]
    rows = []
    for rule, end in combos:
        kept = window_exchanges(exchanges, rule, WINDOW_ENDS[end])
        counts = country_counts(kept)
        ranked = counts.assign(tied=tied(counts)).set_index("iso3")
        row = {"rule": rule.label, "name": rule_name(rule), "window_end": end, "exchanges": len(kept),
               "countries": len(counts), "top": top_text(top_countries(counts, top)),
               "first": ";".join(top_countries(counts, 1)[0][0]) if len(counts) else ""}
        for iso3 in ARTICLE_RANKING:
            present = iso3 in ranked.index
            row[f"rank_{iso3}"] = int(ranked.loc[iso3, "rank"]) if present else None
            row[f"tied_{iso3}"] = bool(ranked.loc[iso3, "tied"]) if present else False
        rows.append(row)
    return pd.DataFrame(rows).astype({f"rank_{iso3}": "Int64" for iso3 in ARTICLE_RANKING})


def end_day(window_end: str, short: bool = True) -> str:
    """The last day of a window end of ``WINDOW_ENDS``: '31 Oct', or '31 October 2018'."""
    day = pd.Timestamp(WINDOW_ENDS[window_end][1])
    return f"{day.day} {day:%b}" if short else f"{day.day} {day:%B %Y}"


def sensitivity_ranks(table: pd.DataFrame) -> pd.DataFrame:
    """The sensitivity table for readers: one row per rule and window end (the end as a day and month) with the
    exchanges it counts, and the ranks of the article's five countries ('=6' for a shared rank, '-' when absent)."""
    out = pd.DataFrame({"Counting rule": [f"{name}, to {end_day(end)}: {n:,} exchanges"
                                          for name, end, n in zip(table["name"], table["window_end"], table["exchanges"])]})
    for iso3 in ARTICLE_RANKING:
        out[country_name(iso3)] = [rank_cell(r, t) for r, t in zip(table[f"rank_{iso3}"], table[f"tied_{iso3}"])]
    return out


def rank_shift(table: pd.DataFrame, a: int, b: int) -> int:
    """The largest change in rank of one of the article's countries between two rows of a sensitivity table
    (countries absent from either row left out; 0 when none is in both)."""
    shifts = [abs(int(table[f"rank_{iso3}"].iloc[a]) - int(table[f"rank_{iso3}"].iloc[b])) for iso3 in ARTICLE_RANKING
              if pd.notna(table[f"rank_{iso3}"].iloc[a]) and pd.notna(table[f"rank_{iso3}"].iloc[b])]
    return max(shifts, default=0)


def row_of(table: pd.DataFrame, rule: CountingRule, window_end: str) -> int:
    """The position of a rule and window end in a sensitivity table."""
    hits = [i for i, (label, end) in enumerate(zip(table["rule"], table["window_end"])) if label == rule.label and end == window_end]
    return hits[0]


def rank_ranges(table: pd.DataFrame) -> dict[str, tuple[tuple[int, bool], tuple[int, bool]] | None]:
    """Best and worst rank of each of the article's countries across the rows of a sensitivity table, each as
    (rank, shared with another country); None for a country absent under every rule. A rank seen both alone and
    shared counts as alone at the best end and shared at the worst."""
    out: dict[str, tuple[tuple[int, bool], tuple[int, bool]] | None] = {}
    for iso3 in ARTICLE_RANKING:
        seen = [(int(r), bool(t)) for r, t in zip(table[f"rank_{iso3}"], table[f"tied_{iso3}"]) if pd.notna(r)]
        out[iso3] = (min(seen), max(seen)) if seen else None
    return out


def leaders(table: pd.DataFrame) -> list[str]:
    """The countries first under some rule of a sensitivity table (alone or tied), unique, in rule order."""
    return list(dict.fromkeys(name for cell in table["first"] for name in cell.split(";") if name))


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
