"""Tables the chapters need, computed from ``data/processed`` (never from hand-typed numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from liaison.build import LIST_SEP, PROCESSED_DIR
from liaison.normalize import UNNAMED, CountryTable

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


# ---------------------------------------------------------------- the article's window and counting rules

#: From the close of the 19th Party Congress's opening day (18 Oct 2017) to the end of October 2018.
ARTICLE_WINDOW: tuple[str, str] = ("2017-10-18", "2018-10-31")
#: The five countries the article names, in its order (C12, C13).
ARTICLE_RANKING: tuple[str, ...] = ("VNM", "JPN", "RUS", "USA", "IND")

_PARTY_WORDS = re.compile(
    r"part(y|ies|ido|i\b|ei|ij)|\bfront\b|frente|congress|league|movement|movimiento|union\b|unión|"
    r"\bfatah\b|komeito|\bccm\b|chama cha|united russia|\bswapo\b|\bfrelimo\b|\bmpla\b|\bzanu|\bpsuv\b|\bpcc\b|"
    r"\banc\b|\bsnp\b|\bfln\b|\bnld\b|baath|\bamal\b|\bkmt\b|kuomintang|nation's future",
    re.IGNORECASE,
)


def in_window(exchanges: pd.DataFrame, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Exchanges whose first day falls in the window (undated ones cannot be placed and are left out)."""
    dates = exchanges["event_date"]
    return exchanges[(dates >= window[0]) & (dates <= window[1])]


def has_party_counterpart(orgs: str) -> bool:
    """True when any counterpart organization reads as a political party (name-based rule)."""
    return any(_PARTY_WORDS.search(org) for org in split_cell(orgs))


@dataclass(frozen=True)
class CountingRule:
    """Which exchanges count in the country figures; the default is the book's main rule.

    The default counts every exchange that took place (notices of future visits do not), whether or
    not a department official is named, and whoever the counterpart is. Each flag is one of the
    judgment calls the sensitivity table varies.
    """

    label: str = "Main rule: every exchange that took place"
    require_official: bool = False
    include_notices: bool = False
    parties_only: bool = False

    def apply(self, exchanges: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=exchanges.index)
        if not self.include_notices:
            keep &= exchanges["event_type"] != "notice"
        if self.require_official:
            keep &= exchanges["lead_official"].ne("") & exchanges["lead_official"].ne(UNNAMED)
        if self.parties_only:
            keep &= exchanges["counterpart_orgs"].map(has_party_counterpart)
        return exchanges[keep]


MAIN_RULE = CountingRule()
ALTERNATIVE_RULES: tuple[CountingRule, ...] = (
    CountingRule("Only exchanges naming a department official", require_official=True),
    CountingRule("Notices of future visits counted too", include_notices=True),
    CountingRule("Only exchanges with a political party", parties_only=True),
    CountingRule("All three restrictions: official named, party counterpart, no notices",
                 require_official=True, parties_only=True),
)


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


@lru_cache(maxsize=None)
def _name_and_continent(iso3: str) -> tuple[str, str]:
    """From the build's ``countries.csv``; a code the data does not use (tests) is looked up in
    country_converter."""
    known = _known_countries().get(iso3)
    return known if known else (_country_table().name(iso3), _country_table().region(iso3))


def country_name(iso3: str) -> str:
    """Short English name of an ISO3 code, 'European Union' for EUU."""
    return _name_and_continent(iso3)[0]


#: country_converter's continent names, as the book shows them.
REGION_NAMES = {"America": "Americas"}
#: The row for exchanges whose pages name no counterpart country.
NO_COUNTRY = "No country named"


def region_of(iso3: str) -> str:
    """The continent of an ISO3 code, North and South America together."""
    region = _name_and_continent(iso3)[1]
    return REGION_NAMES.get(region, region)


def country_counts(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Exchanges per counterpart country: an exchange with parties of several countries counts once for each.

    Columns: iso3, country, region, exchanges, pages (source pages behind them), rank (1 = most;
    ties share the best rank).
    """
    rows = explode(exchanges, "countries", "iso3")
    if rows.empty:
        return pd.DataFrame(columns=["iso3", "country", "region", "exchanges", "pages", "rank"])
    out = rows.groupby("iso3").agg(exchanges=("exchange_id", "nunique"), pages=("n_sources", "sum")).reset_index()
    out["country"] = out["iso3"].map(country_name)
    out["region"] = out["iso3"].map(region_of)
    out = out.sort_values(["exchanges", "pages", "country"], ascending=[False, False, True]).reset_index(drop=True)
    out["rank"] = out["exchanges"].rank(method="min", ascending=False).astype(int)
    return out[["iso3", "country", "region", "exchanges", "pages", "rank"]]


def n_pages(exchanges: pd.DataFrame) -> int:
    """Source pages behind a set of exchanges."""
    return int(exchanges["n_sources"].sum())


# ---------------------------------------------------------------- country figures (Figure 1)

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


def sensitivity(window_exchanges: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """How Figure 1 changes under each counting rule: totals, leaders, and the article's five."""
    rows = []
    for rule in (MAIN_RULE, *ALTERNATIVE_RULES):
        kept = rule.apply(window_exchanges)
        counts = country_counts(kept)
        ranks = article_ranking(counts).set_index("country")["rank_in_data"]
        row = {
            "rule": rule.label,
            "exchanges": len(kept),
            "countries": len(counts),
            f"top {top}": ", ".join(f"{c} ({n})" for c, n in counts.head(top)[["country", "exchanges"]].values),
        }
        row.update({f"rank of {c}": ("-" if pd.isna(r) else int(r)) for c, r in ranks.items()})
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- formulations and endorsements (Figure 2)


def flag(exchanges: pd.DataFrame, key: str, column: str = "mentions") -> pd.Series:
    """True where the ';'-list column holds ``key``."""
    return exchanges[column].map(lambda cell: key in split_cell(cell))


def key_by_country(exchanges: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per country: exchanges that mention ``key`` and those where the foreign side endorses it."""
    marked = exchanges.assign(mentions_key=flag(exchanges, key), endorses_key=flag(exchanges, key, "foreign_side_endorses"))
    rows = explode(marked[marked["mentions_key"]], "countries", "iso3")
    if rows.empty:
        return pd.DataFrame(columns=["iso3", "country", "mentioned", "endorsed"])
    out = rows.groupby("iso3").agg(mentioned=("exchange_id", "nunique"), endorsed=("endorses_key", "sum")).reset_index()
    out["endorsed"] = out["endorsed"].astype(int)
    out["country"] = out["iso3"].map(country_name)
    return out.sort_values(["mentioned", "endorsed", "country"], ascending=[False, False, True]).reset_index(drop=True)[
        ["iso3", "country", "mentioned", "endorsed"]
    ]


def key_rows(exchanges: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per (exchange mentioning ``key``, counterpart country), with ``endorsed`` (the foreign side
    is reported endorsing it), for per-exchange charts."""
    mentioning = exchanges[flag(exchanges, key)]
    rows = country_rows(mentioning)
    endorsed = set(mentioning.loc[flag(mentioning, key, "foreign_side_endorses"), "exchange_id"])
    return rows.assign(endorsed=rows["exchange_id"].isin(endorsed))


def key_by_month(exchanges: pd.DataFrame, key: str, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Per month of the window: exchanges, those mentioning ``key``, and those with the foreign side endorsing it."""
    months = pd.period_range(window[0], window[1], freq="M")
    dated = exchanges[exchanges["event_date"] != ""]
    month = pd.PeriodIndex(pd.to_datetime(dated["event_date"]), freq="M")
    frame = pd.DataFrame(
        {
            "month": month.astype(str),
            "mentioned": flag(dated, key).to_numpy(),
            "endorsed": flag(dated, key, "foreign_side_endorses").to_numpy(),
        }
    )
    out = frame.groupby("month").agg(exchanges=("month", "size"), mentioned=("mentioned", "sum"), endorsed=("endorsed", "sum"))
    out = out.reindex(months.astype(str), fill_value=0).reset_index().rename(columns={"index": "month"})
    return out.astype({"exchanges": int, "mentioned": int, "endorsed": int})


#: Mention keys that name a policy or idea (the others name an event or a topic of the day).
POLICY_KEYS: tuple[str, ...] = (
    "belt_and_road",
    "shared_future",
    "xi_thought",
    "governance_experience",
    "reform_opening",
    "new_party_relations",
    "one_china",
    "south_china_sea",
    "global_initiatives",
)


def key_shares(exchanges: pd.DataFrame, keys: tuple[str, ...] = POLICY_KEYS) -> pd.DataFrame:
    """For each key: exchanges mentioning it, with the foreign side endorsing it, and shares of all."""
    n = len(exchanges)
    rows = []
    for key in keys:
        mentioned = int(flag(exchanges, key).sum())
        endorsed = int(flag(exchanges, key, "foreign_side_endorses").sum())
        rows.append({"key": key, "mentioned": mentioned, "endorsed": endorsed,
                     "share_mentioned": mentioned / n if n else 0.0, "share_endorsed": endorsed / n if n else 0.0})
    out = pd.DataFrame(rows).sort_values(["mentioned", "endorsed", "key"], ascending=[False, False, True])
    out["rank"] = out["mentioned"].rank(method="min", ascending=False).astype(int)
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- events (Dec 2017 Beijing, May 2018 Shenzhen)

HLM_DATES: tuple[str, str] = ("2017-11-30", "2017-12-03")
SHENZHEN_MONTH = "2018-05"


def high_level_meeting(exchanges: pd.DataFrame) -> pd.Series:
    """The Beijing High-Level Meeting: the multilateral exchange that opens on its first day and mentions it."""
    hits = exchanges[
        (exchanges["event_date"] == HLM_DATES[0])
        & (exchanges["event_type"] == "multilateral")
        & flag(exchanges, "high_level_meeting")
    ]
    if len(hits) != 1:
        raise ValueError(f"expected one High-Level Meeting exchange, found {len(hits)}")
    return hits.iloc[0]


def shenzhen_event(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Multilateral exchanges held in Shenzhen in May 2018 (the 'Story of the CPC' week)."""
    mask = (
        exchanges["event_date"].str.startswith(SHENZHEN_MONTH)
        & exchanges["place"].str.contains("Shenzhen", case=False)
        & (exchanges["event_type"] == "multilateral")
    )
    return exchanges[mask]


def side_meetings(exchanges: pd.DataFrame, start: str, end: str, margin_days: int = 2) -> pd.DataFrame:
    """Bilateral exchanges held in China around an event (from ``margin_days`` before to after)."""
    lo = (pd.Timestamp(start) - pd.Timedelta(days=margin_days)).strftime("%Y-%m-%d")
    hi = (pd.Timestamp(end) + pd.Timedelta(days=margin_days)).strftime("%Y-%m-%d")
    mask = (
        (exchanges["event_date"] >= lo)
        & (exchanges["event_date"] <= hi)
        & exchanges["event_type"].isin(["meeting", "video_call", "other"])
        & exchanges["place_country"].isin(["CHN", ""])
    )
    return exchanges[mask]


def weekly(exchanges: pd.DataFrame, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Exchanges per week (weeks starting Monday) across the window, empty weeks included."""
    dated = in_window(exchanges, window)
    weeks = pd.to_datetime(dated["event_date"]).dt.to_period("W-SUN").dt.start_time
    counts = weeks.value_counts()
    grid = pd.period_range(window[0], window[1], freq="W-SUN").start_time
    out = counts.reindex(grid, fill_value=0).rename_axis("week").reset_index(name="exchanges")
    out["week"] = out["week"].dt.strftime("%Y-%m-%d")
    return out


# ---------------------------------------------------------------- consensus: does the counterpart echo the readout?

CHINESE_KINDS = ("idcpc", "chinese_official")


def echo_table(exchanges: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Exchanges reported both by a Chinese source and by the counterpart's own site: endorsements on each side.

    ``chinese`` holds the keys Chinese pages say the foreign side endorsed, ``counterpart`` those the
    counterpart's own page reports; ``echoed`` the keys in both.
    """
    recs = records[records["fate"] != "excluded"]
    rows = []
    for exchange_id, group in recs.groupby("exchange_id", sort=True):
        kinds = set(group["source_kind"])
        if "counterpart" not in kinds or not kinds & set(CHINESE_KINDS):
            continue
        chinese = {k for cell in group[group["source_kind"].isin(CHINESE_KINDS)]["foreign_side_endorses"] for k in split_cell(cell)}
        own = {k for cell in group[group["source_kind"] == "counterpart"]["foreign_side_endorses"] for k in split_cell(cell)}
        rows.append(
            {
                "exchange_id": exchange_id,
                "chinese": ";".join(sorted(chinese)),
                "counterpart": ";".join(sorted(own)),
                "echoed": ";".join(sorted(chinese & own)),
                "only_chinese": ";".join(sorted(chinese - own)),
                "only_counterpart": ";".join(sorted(own - chinese)),
            }
        )
    out = pd.DataFrame(rows, columns=["exchange_id", "chinese", "counterpart", "echoed", "only_chinese", "only_counterpart"])
    meta = exchanges.set_index("exchange_id")[["event_date", "countries", "title"]]
    return out.join(meta, on="exchange_id")


# ---------------------------------------------------------------- values pasted into prose


class Plain(str):
    """A string whose repr is itself, so myst-nb's {glue:text} pastes it without quotes."""

    def __repr__(self) -> str:
        return str(self)


def human_date(iso: str) -> Plain:
    """'2017-10-18' -> '18 October 2017'."""
    day = pd.Timestamp(iso)
    return Plain(f"{day.day} {day:%B %Y}")


def names_list(names: list[str]) -> Plain:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    if len(names) <= 1:
        return Plain("".join(names))
    return Plain(", ".join(names[:-1]) + " and " + names[-1])


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
