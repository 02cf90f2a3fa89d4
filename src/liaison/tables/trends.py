"""Year-by-year tables for the chapters on party diplomacy's formulations and on every year the archive covers.

Every function takes the frames of :mod:`liaison.tables.frames` (``load_exchanges`` / ``load_records``) and
returns a tidy table that carries, next to each share, the counts it rests on: the archive is a
query-driven sample whose coverage differs by year, so no share is shown without its N.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from liaison.book.prose import Plain
from liaison.codebook import (
    COUNTRY_GROUPS,
    EVENT_TYPE_LABELS,
    MENTION_KEYS,
    NO_COUNTRY,
    RANK_GROUP_OF,
    RANK_GROUPS,
    SOURCE_KIND_LABELS,
    THE_MINISTER,
    UNNAMED,
    formulation_label,
)
from liaison.pipeline.normalize import Roster
from liaison.tables.counting import in_window
from liaison.tables.frames import country_name, explode, flag, region_of, split_cell

#: Years before the first year with at least this many dated exchanges are pooled into one period,
#: so that no share in a by-year table rests on a handful of exchanges.
MIN_PERIOD_N = 10



def _keys(cell: str) -> set[str]:
    return set(split_cell(cell))


# ---------------------------------------------------------------- periods and coverage


def dated(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Exchanges that carry a date (undated ones cannot be placed in a year)."""
    return exchanges[exchanges["year"].notna()]


def period_labels(years: pd.Series, min_n: int = MIN_PERIOD_N) -> pd.Series:
    """Year -> period label, pooling the sparse leading years ("2001–2015") so no early share rests on 1-7 exchanges.

    The pool is every year before the first year with at least ``min_n`` exchanges; later years stay
    on their own whatever their N (their N is always shown next to the share).
    """
    years = years.dropna().astype(int)
    if years.empty:
        return pd.Series(dtype=str, index=years.index)
    counts = years.value_counts().sort_index()
    full = counts[counts >= min_n]
    first_full = int(full.index[0]) if len(full) else int(counts.index[-1]) + 1
    sparse = counts[counts.index < first_full]
    pooled = ""
    if len(sparse) > 1:
        pooled = f"{int(sparse.index[0])}–{int(sparse.index[-1])}"
    return years.map(lambda y: pooled if pooled and y < first_full else str(y))


def _period_start(label: str) -> int:
    return int(label[:4])


def _with_period(exchanges: pd.DataFrame, min_n: int) -> pd.DataFrame:
    out = dated(exchanges).copy()
    out["period"] = period_labels(out["year"], min_n)
    return out


def _period_sizes(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    sizes = frame.groupby(key).agg(n_exchanges=("exchange_id", "size"), n_pages=("n_sources", "sum")).reset_index()
    return sizes


def coverage_by_year(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Dated exchanges and the source pages behind them, per year: the denominator of every by-year share."""
    table = _period_sizes(dated(exchanges).assign(year=lambda d: d["year"].astype(int)), "year")
    return table.rename(columns={"n_exchanges": "exchanges", "n_pages": "pages"}).sort_values("year").reset_index(drop=True)


# ---------------------------------------------------------------- formulations


def formulation_shares(
    exchanges: pd.DataFrame,
    column: str = "mentions",
    keys: Sequence[str] = MENTION_KEYS,
    min_n: int = MIN_PERIOD_N,
) -> pd.DataFrame:
    """Share of the dated exchanges of each period whose pages carry each key (an exchange counts once).

    ``column`` is ``mentions`` (either side mentions it) or ``foreign_side_endorses``. Columns: period,
    key, formulation, exchanges (with the key), n_exchanges and n_pages (all of the period), share.
    """
    frame = _with_period(exchanges, min_n)
    sizes = _period_sizes(frame, "period")
    rows = []
    for _, size in sizes.iterrows():
        cells = frame.loc[frame["period"] == size["period"], column].map(_keys)
        for key in keys:
            hits = int(cells.map(lambda s, k=key: k in s).sum())
            rows.append({
                "period": size["period"],
                "key": key,
                "formulation": formulation_label(key),
                "exchanges": hits,
                "n_exchanges": int(size["n_exchanges"]),
                "n_pages": int(size["n_pages"]),
            })
    out = pd.DataFrame(rows, columns=["period", "key", "formulation", "exchanges", "n_exchanges", "n_pages"])
    out["share"] = (out["exchanges"] / out["n_exchanges"]).astype(float)
    order = {k: i for i, k in enumerate(keys)}
    out = out.sort_values(["period", "key"], key=lambda s: s.map(_period_start) if s.name == "period" else s.map(order))
    return out.reset_index(drop=True)


def any_key_share(exchanges: pd.DataFrame, column: str = "mentions") -> tuple[int, int]:
    """(exchanges with at least one key in ``column``, all exchanges)."""
    return int(exchanges[column].ne("").sum()), len(exchanges)


def counterpart_label(row: pd.Series, max_orgs: int = 2) -> str:
    """Who the department met, for a tooltip: the first organizations as printed, else the countries."""
    orgs = split_cell(row["counterpart_orgs"])
    if orgs:
        more = f" (+{len(orgs) - max_orgs} more)" if len(orgs) > max_orgs else ""
        return "; ".join(orgs[:max_orgs]) + more
    countries = [country_name(c) for c in split_cell(row["countries"])]
    return "; ".join(countries) if countries else "not named"


def endorsement_points(exchanges: pd.DataFrame, keys: Sequence[str] = MENTION_KEYS) -> pd.DataFrame:
    """One row per dated exchange and key its foreign side is reported endorsing (for a per-exchange chart)."""
    frame = explode(dated(exchanges), "foreign_side_endorses", "key")
    frame = frame[frame["key"].isin(keys)]
    out = pd.DataFrame({
        "date": frame["event_date"],
        "formulation": frame["key"].map(formulation_label),
        "counterpart": frame.apply(counterpart_label, axis=1) if len(frame) else pd.Series(dtype=str),
        "headline": frame["title"].where(frame["title"].ne(""), "(no headline printed)"),
        "url": frame["primary_url"],
        "exchange_id": frame["exchange_id"],
    })
    return out.sort_values(["date", "exchange_id", "formulation"]).reset_index(drop=True)


# ---------------------------------------------------------------- pages by kind of source, truncation


def pages_of(records: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """The source pages (not excluded) that report the given exchanges."""
    keep = records["fate"].ne("excluded") & records["exchange_id"].isin(set(exchanges["exchange_id"]))
    return records[keep]


def page_rates_by_kind(records: pd.DataFrame, exchanges: pd.DataFrame, keys: Sequence[str] = MENTION_KEYS) -> pd.DataFrame:
    """Share of each kind of source's pages that mention each key (the page as coded, not the exchange).

    Columns: source (readable kind), key, formulation, pages (mentioning), n_pages (of that kind),
    share. Kinds in the order of ``SOURCE_KIND_LABELS``.
    """
    pages = pages_of(records, exchanges)
    rows = []
    for kind, label in SOURCE_KIND_LABELS.items():
        cells = pages.loc[pages["source_kind"] == kind, "mentions"].map(_keys)
        for key in keys:
            hits = int(cells.map(lambda s, k=key: k in s).sum())
            rows.append({"source": label, "key": key, "formulation": formulation_label(key),
                         "pages": hits, "n_pages": len(cells)})
    out = pd.DataFrame(rows, columns=["source", "key", "formulation", "pages", "n_pages"])
    out["share"] = (out["pages"] / out["n_pages"].where(out["n_pages"] > 0)).astype(float)
    return out


def any_key_by_kind(records: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """Per kind of source: pages, pages carrying any formulation, pages recording any foreign endorsement."""
    pages = pages_of(records, exchanges)
    rows = []
    for kind, label in SOURCE_KIND_LABELS.items():
        sub = pages[pages["source_kind"] == kind]
        n = len(sub)
        mention, endorse = int(sub["mentions"].ne("").sum()), int(sub["foreign_side_endorses"].ne("").sum())
        rows.append({"source": label, "n_pages": n, "with_mention": mention, "with_endorsement": endorse,
                     "share_mention": mention / n if n else float("nan"),
                     "share_endorsement": endorse / n if n else float("nan")})
    return pd.DataFrame(rows)


def share_in(exchanges: pd.DataFrame, key: str, window: tuple[str, str], column: str = "mentions") -> tuple[int, int]:
    """(exchanges in the date window carrying the key, exchanges in the window): a share with its N."""
    inside = in_window(exchanges, window)
    return int(flag(inside, key, column).sum()), len(inside)


def peak_period(shares: pd.DataFrame, key: str, min_n: int = MIN_PERIOD_N) -> pd.Series:
    """The period with the key's highest share among periods of at least ``min_n`` exchanges (earliest on ties).

    Small periods are skipped so that a peak is not one or two pages in a thinly covered year.
    """
    rows = shares[(shares["key"] == key) & (shares["n_exchanges"] >= min_n)]
    if rows.empty:
        raise ValueError(f"no period has {min_n} or more exchanges")
    return rows.loc[rows["share"].idxmax()]


def display_table(table: pd.DataFrame, columns: dict[str, str], digits: int = 3) -> pd.DataFrame:
    """The columns a figure's data table shows, renamed for readers, shares rounded (CSV and HTML stay small)."""
    out = table[list(columns)].rename(columns=columns)
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(digits)
    return out.reset_index(drop=True)


def truncation_by_kind(records: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """Per kind of source: pages, how many archived copies stop before the page's end, and the mention rate of each.

    A cut copy can only miss mentions, never add them, so every mention count is a lower bound.
    """
    pages = pages_of(records, exchanges).assign(any_mention=lambda d: d["mentions"].ne(""),
                                                cut=lambda d: d["truncated"].eq("yes"))
    rows = []
    for kind, label in SOURCE_KIND_LABELS.items():
        sub = pages[pages["source_kind"] == kind]
        cut, whole = sub[sub["cut"]], sub[~sub["cut"]]
        rows.append({
            "Source": label,
            "Pages": len(sub),
            "Cut short": len(cut),
            "Share cut short": len(cut) / len(sub) if len(sub) else float("nan"),
            "Complete pages with a mention": whole["any_mention"].mean() if len(whole) else float("nan"),
            "Cut pages with a mention": cut["any_mention"].mean() if len(cut) else float("nan"),
        })
    total = pages
    rows.append({
        "Source": "All pages",
        "Pages": len(total),
        "Cut short": int(total["cut"].sum()),
        "Share cut short": total["cut"].mean() if len(total) else float("nan"),
        "Complete pages with a mention": total.loc[~total["cut"], "any_mention"].mean(),
        "Cut pages with a mention": total.loc[total["cut"], "any_mention"].mean(),
    })
    return pd.DataFrame(rows)


def exchanges_only_cut(records: pd.DataFrame, exchanges: pd.DataFrame) -> int:
    """Exchanges every one of whose pages is a cut-short copy: their mentions are certainly a partial list."""
    pages = pages_of(records, exchanges)
    all_cut = pages.groupby("exchange_id")["truncated"].agg(lambda s: bool((s == "yes").all()))
    return int(all_cut.sum())


# ---------------------------------------------------------------- exchanges by region, type, size, official


def regions_of(countries: str) -> set[str]:
    """The counterpart regions of a ';'-list of ISO3 codes (continents, the Americas together)."""
    return {region_of(code) for code in split_cell(countries)}


def category_order(table: pd.DataFrame, column: str, last: str | None = None) -> list[str]:
    """Categories of a by-year table, largest total first (ties by name), ``last`` kept at the end: a stable legend order."""
    totals = table.groupby(column)["exchanges"].sum()
    return sorted(totals.index, key=lambda c: (c == last, -int(totals[c]), str(c)))


def _counted_by_year(pairs: pd.DataFrame, column: str, order: Iterable[str], exchanges: pd.DataFrame) -> pd.DataFrame:
    """Count (exchange, category) pairs per year, with the year's exchanges and pages; every year x category row."""
    coverage = coverage_by_year(exchanges).rename(columns={"exchanges": "year_exchanges", "pages": "year_pages"})
    pairs = pairs.drop_duplicates(["exchange_id", column])
    counts = pairs.groupby(["year", column]).size().rename("exchanges")
    order = list(order)
    grid = pd.MultiIndex.from_product([coverage["year"].tolist(), order], names=["year", column])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out = out.merge(coverage, on="year", how="left")
    out["share"] = (out["exchanges"] / out["year_exchanges"]).astype(float)
    return out


def by_year_region(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Dated exchanges per year and counterpart region; an exchange with partners in several regions counts once in each.

    Regions come from ``region_of`` (continents; the Americas together); exchanges naming no
    country form their own row. ``share`` is of the year's exchanges, so shares can sum past 100%.
    """
    frame = dated(exchanges)
    rows = explode(frame, "countries", "iso3")
    pairs = pd.DataFrame({"exchange_id": rows["exchange_id"], "year": rows["year"].astype(int),
                          "region": rows["iso3"].map(region_of)})
    none = frame[frame["countries"].eq("")]
    pairs = pd.concat([pairs, pd.DataFrame({"exchange_id": none["exchange_id"], "year": none["year"].astype(int),
                                            "region": NO_COUNTRY})], ignore_index=True)
    totals = pairs.drop_duplicates(["exchange_id", "region"])["region"].value_counts()
    order = sorted(totals.index, key=lambda r: (r == NO_COUNTRY, -int(totals[r]), r))
    return _counted_by_year(pairs, "region", order, exchanges)


def by_year_event_type(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Dated exchanges per year and coded event type (the majority of the exchange's pages), with readable labels.

    ``event_type`` holds the book's label (``codebook.EVENT_TYPE_LABELS``); the codebook's code stays in ``code``.
    """
    frame = dated(exchanges)
    pairs = pd.DataFrame({"exchange_id": frame["exchange_id"], "year": frame["year"].astype(int),
                          "event_type": frame["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t))})
    totals = pairs["event_type"].value_counts()
    order = sorted(totals.index, key=lambda t: (-totals[t], t))
    out = _counted_by_year(pairs, "event_type", order, exchanges)
    codes = {label: code for code, label in EVENT_TYPE_LABELS.items()}
    out.insert(2, "code", out["event_type"].map(lambda label: codes.get(label, label)))
    return out


def country_group(countries: str) -> str:
    """'1 country', '2 countries', '3 or more countries' or 'No country named': a label-free measure of size."""
    n = len(split_cell(countries))
    return NO_COUNTRY if n == 0 else COUNTRY_GROUPS[min(n, 3) - 1]


def by_year_country_count(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Dated exchanges per year by number of counterpart countries: unlike the coded type, coders agree on this."""
    frame = dated(exchanges)
    pairs = pd.DataFrame({"exchange_id": frame["exchange_id"], "year": frame["year"].astype(int),
                          "countries": frame["countries"].map(country_group)})
    return _counted_by_year(pairs, "countries", COUNTRY_GROUPS, exchanges)


def rank_group(rank: str) -> str:
    """The lead official's rank folded into five groups (bureau-level titles together)."""
    return RANK_GROUP_OF.get(rank, "Other official")


def by_year_lead_rank(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Dated exchanges per year by the rank of the department official who led them (roster rank for the date)."""
    frame = dated(exchanges)
    pairs = pd.DataFrame({"exchange_id": frame["exchange_id"], "year": frame["year"].astype(int),
                          "lead_rank": frame["lead_rank"].map(rank_group)})
    return _counted_by_year(pairs, "lead_rank", RANK_GROUPS, exchanges)


def minister_terms(roster: Roster | None = None) -> pd.DataFrame:
    """The department's ministers and their terms, from ``data/reference/officials.csv`` (the roster)."""
    roster = roster or Roster.from_csv()
    rows = [(r.name, r.valid_from, r.valid_to) for r in roster.rows if r.rank == "Minister" and r.valid_from]
    out = pd.DataFrame(rows, columns=["minister", "start", "end"]).sort_values("start").reset_index(drop=True)
    out["term"] = [
        f"{m} ({pd.Timestamp(s):%b %Y} – {pd.Timestamp(e):%b %Y})" if e else f"{m} (from {pd.Timestamp(s):%b %Y})"
        for m, s, e in zip(out["minister"], out["start"], out["end"])
    ]
    return out


def term_of(day: str, terms: pd.DataFrame) -> str:
    """The minister's term a date falls in, or '' when none does (before the roster's first term)."""
    for _, t in terms.iterrows():
        if t["start"] <= day and (not t["end"] or day <= t["end"]):
            return t["term"]
    return ""


def lead_by_term(exchanges: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """Per minister's term: who led the dated exchanges of the term, by the lead official's rank group.

    Ranks are the roster's for the date, so a minister-rank lead is the minister in office (or a page
    that names the minister by title only). Columns: term, minister, lead, exchanges, term_exchanges,
    term_pages, share. Exchanges dated before the first term are left out (count them with ``term_of``).
    """
    frame = dated(exchanges).copy()
    frame["term"] = frame["event_date"].map(lambda d: term_of(d, terms))
    frame = frame[frame["term"] != ""]
    frame["lead"] = frame["lead_rank"].map(rank_group).replace({"Minister": THE_MINISTER})
    groups = (THE_MINISTER, *(g for g in RANK_GROUPS if g != "Minister"))
    sizes = frame.groupby("term").agg(term_exchanges=("exchange_id", "size"), term_pages=("n_sources", "sum"))
    counts = frame.groupby(["term", "lead"]).size()
    rows = []
    for _, t in terms.iterrows():
        if t["term"] not in sizes.index:
            continue
        for group in groups:
            rows.append({"term": t["term"], "minister": t["minister"], "lead": group,
                         "exchanges": int(counts.get((t["term"], group), 0)),
                         "term_exchanges": int(sizes.loc[t["term"], "term_exchanges"]),
                         "term_pages": int(sizes.loc[t["term"], "term_pages"])})
    out = pd.DataFrame(rows, columns=["term", "minister", "lead", "exchanges", "term_exchanges", "term_pages"])
    out["share"] = (out["exchanges"] / out["term_exchanges"]).astype(float)
    return out


def top_leads(exchanges: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The department officials who led the most exchanges, with the years they did so (unnamed leads left out)."""
    frame = exchanges[exchanges["lead_official"].ne("") & exchanges["lead_official"].ne(UNNAMED)]
    grouped = frame.groupby("lead_official").agg(
        exchanges=("exchange_id", "size"),
        first=("year", "min"),
        last=("year", "max"),
    ).reset_index()
    grouped = grouped.sort_values(["exchanges", "lead_official"], ascending=[False, True]).head(n)
    grouped["years"] = [
        "undated only" if pd.isna(first) else (str(int(first)) if first == last else f"{int(first)}–{int(last)}")
        for first, last in zip(grouped["first"], grouped["last"])
    ]
    return grouped[["lead_official", "exchanges", "years"]].rename(
        columns={"lead_official": "Lead official", "exchanges": "Exchanges led", "years": "Dated between"}
    ).reset_index(drop=True)


def first_year_with(exchanges: pd.DataFrame, key: str, column: str = "mentions") -> int | None:
    """First year in which a dated exchange carries the key (None if none does)."""
    frame = dated(exchanges)
    years = frame.loc[flag(frame, key, column), "year"]
    return int(years.min()) if len(years) else None


# ---------------------------------------------------------------- sentences the chapters glue


def _percent(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


def ranked(totals: pd.DataFrame, by: str = "mentioned") -> pd.DataFrame:
    """The formulations of a ``formulation_totals`` table that some exchange carries, most first by ``by``
    (``mentioned`` or ``endorsed``), ties in the table's order; row ``k - 1`` is rank ``k``."""
    return totals[totals[by] > 0].sort_values(by, ascending=False, kind="stable").reset_index(drop=True)


def ranked_label(totals: pd.DataFrame, rank: int, by: str = "mentioned") -> Plain:
    """The readable name of the formulation ranked ``rank`` (1 = most) by ``by``; '' when fewer are carried."""
    table = ranked(totals, by)
    return Plain(table["formulation"].iloc[rank - 1] if rank <= len(table) else "")


def how_many(n: int) -> Plain:
    """A count said as a word where small: 'none', 'one' ... 'nine', then '10', '1,200'."""
    words = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return Plain(words[n] if 0 <= n < len(words) else f"{n:,}")


def truncation_readable(table: pd.DataFrame) -> pd.DataFrame:
    """``truncation_by_kind`` for readers: shares as percentages (one decimal), empty where a kind has no pages."""
    out = table.copy()
    for col in ("Share cut short", "Complete pages with a mention", "Cut pages with a mention"):
        out[col] = out[col].map(lambda v: "" if pd.isna(v) else _percent(v))
    return out
