"""Statistics of every year the archive covers: its coverage, the partners' regions and parties, the kinds of
contact, who leads, and how the formulations shift (the chapter "Beyond the article")."""

from __future__ import annotations

from functools import cache

import pandas as pd

from liaison import codebook
from liaison.book import figure_prose
from liaison.book.prose import Plain, names_list
from liaison.codebook import MENTION_KEYS
from liaison.tables import counting, partners, trends
from liaison.tables.frames import flag
from liaison.tables.stats import Data, family, statistic
from liaison.tables.stats.formulations import formulation_shares

DATED = "dated exchanges that took place, every year (notices and undated exchanges left out)"
TOOK_PLACE = "exchanges that took place, every year (notices left out)"
PARTY_IDS = "counterpart parties of the exchanges that took place (one id per party, data/processed/parties.csv)"
#: The recent period the chapter compares with the article's window: from this year to the archive's last day.
RECENT_START = 2023
RECENT = f"exchanges that took place from 1 January {RECENT_START} to the archive's last day"
#: The year the pandemic stopped travel (COVID-19 mentions before it are another epidemic or a coding slip).
PANDEMIC_YEAR = 2020


def _dated(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_dated", lambda: trends.dated(d.took_place))


def _coverage(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_coverage", lambda: trends.coverage_by_year(d.took_place))


# ---------------------------------------------------------------- coverage


@statistic("n_took_place_dated", DATED, "dated exchanges that took place")
def n_took_place_dated(d: Data) -> int:
    return len(_dated(d))


@statistic("n_took_place_dated_pages", DATED, "source pages behind the dated exchanges that took place")
def n_took_place_dated_pages(d: Data) -> int:
    return int(_dated(d)["n_sources"].sum())


@statistic("n_took_place_undated", TOOK_PLACE, "exchanges that took place that neither their pages nor the date review date")
def n_took_place_undated(d: Data) -> int:
    return len(d.took_place) - len(_dated(d))


@statistic("n_took_place_reviewed_dates", TOOK_PLACE, "exchanges that took place dated by the review (data/reference/dates.csv)")
def n_took_place_reviewed_dates(d: Data) -> int:
    return int((d.took_place["date_basis"] == "reviewed").sum())


@statistic("years_without_exchange", DATED, "the years between the first and the last with no dated exchange")
def years_without_exchange(d: Data) -> Plain:
    years = _coverage(d)["year"].tolist()
    return figure_prose.year_list([y for y in range(years[0], years[-1] + 1) if y not in years])


def _busiest(d: Data) -> pd.DataFrame:
    return _coverage(d).sort_values(["exchanges", "year"], ascending=[False, True]).head(2)


@statistic("busiest_years", DATED, "the two years with the most dated exchanges")
def busiest_years(d: Data) -> Plain:
    return names_list([str(y) for y in sorted(_busiest(d)["year"])])


@statistic("share_dated_busiest_years", DATED, "share of dated exchanges in the two busiest years")
def share_dated_busiest_years(d: Data) -> float:
    return int(_busiest(d)["exchanges"].sum()) / len(_dated(d))


@statistic("share_dated_pages_busiest_years", DATED, "share of the dated exchanges' source pages in the two busiest years")
def share_dated_pages_busiest_years(d: Data) -> float:
    return int(_busiest(d)["pages"].sum()) / n_took_place_dated_pages(d)


# ---------------------------------------------------------------- regions


def _regions(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_regions", lambda: trends.by_year_region(d.took_place))


def _top_region(d: Data) -> str:
    return trends.category_order(_regions(d), "region", last=codebook.NO_COUNTRY)[0]


@statistic("min_period_n", "the by-year tables (liaison.tables.trends.MIN_PERIOD_N)",
           "the fewest exchanges a year needs for its shares to be compared")
def min_period_n(d: Data) -> int:
    return trends.MIN_PERIOD_N


@statistic("n_dated_multi_region", DATED, "dated exchanges with partners from more than one region")
def n_dated_multi_region(d: Data) -> int:
    return int(_dated(d)["countries"].map(lambda c: len(trends.regions_of(c)) > 1).sum())


@statistic("n_dated_no_country", DATED, "dated exchanges naming no counterpart country")
def n_dated_no_country(d: Data) -> int:
    return int((_dated(d)["countries"] == "").sum())


@statistic("top_region", DATED, "the region whose partners take part in the most dated exchanges")
def top_region(d: Data) -> Plain:
    return Plain(_top_region(d))


@statistic("share_dated_top_region", DATED, "share of dated exchanges with a partner from the largest region")
def share_dated_top_region(d: Data) -> float:
    regions = _regions(d)
    return int(regions.loc[regions["region"] == _top_region(d), "exchanges"].sum()) / len(_dated(d))


def _top_region_years(d: Data) -> pd.DataFrame:
    regions = _regions(d)
    return regions[(regions["region"] == _top_region(d)) & (regions["year_exchanges"] >= trends.MIN_PERIOD_N)]


@statistic("share_top_region_lowest_year", DATED, "the largest region's lowest share of a year's exchanges (years with enough exchanges)")
def share_top_region_lowest_year(d: Data) -> float:
    return float(_top_region_years(d)["share"].min())


@statistic("share_top_region_highest_year", DATED, "the largest region's highest share of a year's exchanges (years with enough exchanges)")
def share_top_region_highest_year(d: Data) -> float:
    return float(_top_region_years(d)["share"].max())


# ---------------------------------------------------------------- parties


def _party_totals(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_party_totals", lambda: partners.party_totals(d.took_place, d.parties))


@statistic("n_took_place_with_party", TOOK_PLACE, "exchanges that took place with at least one counterpart party")
def n_took_place_with_party(d: Data) -> int:
    return int((d.took_place["party_ids"] != "").sum())


@statistic("share_took_place_with_party", TOOK_PLACE, "share of exchanges that took place with at least one counterpart party")
def share_took_place_with_party(d: Data) -> float:
    return n_took_place_with_party(d) / len(d.took_place)


@statistic("n_parties_took_place", PARTY_IDS, "distinct parties met in the exchanges that took place")
def n_parties_took_place(d: Data) -> int:
    return len(_party_totals(d))


@statistic("n_parties_once", PARTY_IDS, "parties met in only one exchange that took place")
def n_parties_once(d: Data) -> int:
    return int((_party_totals(d)["exchanges"] == 1).sum())


@statistic("share_parties_once", PARTY_IDS, "share of the parties met that appear in only one exchange")
def share_parties_once(d: Data) -> float:
    return n_parties_once(d) / n_parties_took_place(d)


def _party_years(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_party_years", lambda: partners.parties_by_year(d.took_place))


@statistic("party_peak_year", DATED, "the year with the most distinct parties met (the earliest on a tie)")
def party_peak_year(d: Data) -> int:
    years = _party_years(d)
    return int(years.loc[years["parties"].idxmax(), "year"])


@statistic("n_parties_peak_year", DATED, "distinct parties met in the year with the most")
def n_parties_peak_year(d: Data) -> int:
    return int(_party_years(d)["parties"].max())


# ---------------------------------------------------------------- kinds of contact


def _types_by_year(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_types", lambda: trends.by_year_event_type(d.took_place))


def _types(d: Data) -> pd.Series:
    return _types_by_year(d).groupby("code")["exchanges"].sum()


@statistic("n_dated_video", DATED, "dated exchanges held as video calls")
def n_dated_video(d: Data) -> int:
    return int(_types(d).get("video_call", 0))


def _video_years(d: Data) -> pd.Series:
    types = _types_by_year(d)
    return types.loc[(types["code"] == "video_call") & (types["exchanges"] > 0), "year"]


@statistic("years_video", DATED, "the years with a video call")
def years_video(d: Data) -> Plain:
    return figure_prose.year_list(sorted(int(y) for y in _video_years(d)))


@statistic("n_dated_multilateral", DATED, "dated exchanges coded multilateral")
def n_dated_multilateral(d: Data) -> int:
    return int(_types(d).get("multilateral", 0))


@statistic("share_dated_meeting_visit", DATED, "share of dated exchanges that are meetings in China or visits abroad")
def share_dated_meeting_visit(d: Data) -> float:
    types = _types(d)
    return int(types.get("meeting", 0) + types.get("visit_abroad", 0)) / len(_dated(d))


def _sizes(d: Data) -> pd.Series:
    return d.memo("_beyond_sizes", lambda: trends.by_year_country_count(d.took_place)).groupby("countries")["exchanges"].sum()


@statistic("share_dated_one_country", DATED, "share of dated exchanges with partners from a single country")
def share_dated_one_country(d: Data) -> float:
    return int(_sizes(d).get(codebook.COUNTRY_GROUPS[0], 0)) / len(_dated(d))


@statistic("n_dated_three_plus", DATED, "dated exchanges naming three or more counterpart countries")
def n_dated_three_plus(d: Data) -> int:
    return int(_sizes(d).get(codebook.COUNTRY_GROUPS[2], 0))


@statistic("n_dated_multilateral_one_or_two", DATED, "dated exchanges coded multilateral that name one or two countries")
def n_dated_multilateral_one_or_two(d: Data) -> int:
    multi = _dated(d)[_dated(d)["event_type"] == "multilateral"]
    return int(multi["countries"].map(trends.country_group).isin(codebook.COUNTRY_GROUPS[:2]).sum())


# ---------------------------------------------------------------- who leads


@cache
def _terms() -> pd.DataFrame:
    return trends.minister_terms()


MINISTERS = [m.lower().replace(" ", "_") for m in _terms()["minister"]]


@statistic("n_ministers", "the roster (data/reference/officials.csv)", "the department's ministers in the roster")
def n_ministers(d: Data) -> int:
    return len(_terms())


@statistic("n_dated_before_first_term", DATED, "dated exchanges before the roster's first minister's term")
def n_dated_before_first_term(d: Data) -> int:
    return int((_dated(d)["event_date"] < _terms()["start"].iloc[0]).sum())


def _lead(d: Data, key: str) -> pd.Series:
    by_term = d.memo("_beyond_by_term", lambda: trends.lead_by_term(d.took_place, _terms()))
    rows = by_term[(by_term["minister"].str.lower().str.replace(" ", "_") == key) & (by_term["lead"] == codebook.THE_MINISTER)]
    return rows.iloc[0]


@family("n_term_{key}", MINISTERS, DATED, "dated exchanges in the term of the minister {key}")
def n_term(d: Data, key: str) -> int:
    return int(_lead(d, key)["term_exchanges"])


@family("n_term_{key}_minister_led", MINISTERS, DATED, "dated exchanges of the term of {key} that the minister led")
def n_term_minister_led(d: Data, key: str) -> int:
    return int(_lead(d, key)["exchanges"])


@family("share_term_{key}_minister_led", MINISTERS, DATED, "share of the dated exchanges of the term of {key} that the minister led")
def share_term_minister_led(d: Data, key: str) -> float:
    return float(_lead(d, key)["share"])


@statistic("n_dated_no_official", DATED, "dated exchanges naming no department official")
def n_dated_no_official(d: Data) -> int:
    return int((_dated(d)["lead_rank"].map(trends.rank_group) == codebook.NO_OFFICIAL).sum())


@statistic("share_dated_no_official", DATED, "share of dated exchanges naming no department official")
def share_dated_no_official(d: Data) -> float:
    return n_dated_no_official(d) / len(_dated(d))


# ---------------------------------------------------------------- formulations


def _recent(d: Data) -> pd.DataFrame:
    return d.memo("_beyond_recent", lambda: _recent_exchanges(d))


def _recent_exchanges(d: Data) -> pd.DataFrame:
    return counting.in_window(d.took_place, (f"{RECENT_START}-01-01", _dated(d)["event_date"].max()))


@statistic("recent_start", "the chapter's recent period", "the first year of the recent period set against the window")
def recent_start(d: Data) -> int:
    return RECENT_START


@statistic("pandemic_year", "the chapter's reading of COVID-19 mentions", "the year the pandemic stopped travel")
def pandemic_year(d: Data) -> int:
    return PANDEMIC_YEAR


@statistic("n_recent", RECENT, "exchanges that took place in the recent period")
def n_recent(d: Data) -> int:
    return len(_recent(d))


@family("share_recent_mentions_{key}", MENTION_KEYS, RECENT,
        "share of the recent period's exchanges whose pages mention the formulation {key}")
def share_recent_mentions(d: Data, key: str) -> float:
    recent = _recent(d)
    return int(flag(recent, key).sum()) / len(recent)


@statistic("first_year_global_initiatives", DATED, "the first year a dated exchange mentions the global initiatives")
def first_year_global_initiatives(d: Data) -> int:
    return trends.first_year_with(d.took_place, "global_initiatives")


@statistic("covid_peak_year", DATED, "the year with the highest share of exchanges mentioning COVID-19 (years with enough exchanges)")
def covid_peak_year(d: Data) -> Plain:
    return Plain(trends.peak_period(formulation_shares(d), "covid")["period"])


@statistic("share_covid_peak_year", DATED, "the share of exchanges mentioning COVID-19 in its peak year")
def share_covid_peak_year(d: Data) -> float:
    return float(trends.peak_period(formulation_shares(d), "covid")["share"])


@statistic("n_dated_covid_before_pandemic", DATED, "dated exchanges before 2020 whose pages mention COVID-19 (an epidemic)")
def n_dated_covid_before_pandemic(d: Data) -> int:
    dated = _dated(d)
    return int(flag(dated[dated["year"] < PANDEMIC_YEAR], "covid").sum())
