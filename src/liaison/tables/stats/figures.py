"""Statistics of Figures 1 and 2 rebuilt: countries under the main and the department-only rule, the window's
two ends, and the formulations (the Belt and Road first) the window's exchanges carry."""

from __future__ import annotations

import pandas as pd

from liaison.book import figure_prose
from liaison.book.prose import Plain, names_list
from liaison.codebook import MENTION_KEYS
from liaison.tables import counting, countries, formulations
from liaison.tables.claims import FOREIGN_POLICY_KEYS
from liaison.tables.frames import flag, split_cell
from liaison.tables.stats import Data, family, statistic

WINDOW = "exchanges that took place in the window (notices left out)"
WINDOW_DEPARTMENT = "window exchanges the department reported on its own site (the department-only rule)"
EARLY = "exchanges that took place from the window's start to the beginning of October 2018"
SENSITIVITY = "the rows of the sensitivity table (counting rule x window end)"
ARTICLE_FIVE = [iso3.lower() for iso3 in countries.ARTICLE_RANKING]


def _counts(d: Data) -> pd.DataFrame:
    return d.memo("_figure1", lambda: countries.figure1_table(d.exchanges).set_index("iso3"))


def _department(d: Data) -> pd.DataFrame:
    return counting.DEPARTMENT_RULE.apply(d.window)


def _sensitivity(d: Data) -> pd.DataFrame:
    return d.memo("_sensitivity", lambda: countries.sensitivity(d.exchanges))


# ---------------------------------------------------------------- what counts


@statistic("n_window_multi_country", WINDOW, "window exchanges naming more than one counterpart country")
def n_window_multi_country(d: Data) -> int:
    return int(d.window["countries"].map(lambda cell: len(split_cell(cell)) > 1).sum())


@statistic("n_window_no_country", WINDOW, "window exchanges naming no counterpart country")
def n_window_no_country(d: Data) -> int:
    return int((d.window["countries"] == "").sum())


@statistic("share_window_department", WINDOW, "share of window exchanges the department reported on its own site")
def share_window_department(d: Data) -> float:
    return len(_department(d)) / len(d.window)


@statistic("n_window_department_countries", WINDOW_DEPARTMENT, "counterpart countries the department's own reports of the window name")
def n_window_department_countries(d: Data) -> int:
    return len(countries.country_counts(_department(d)))


@statistic("n_window_early", EARLY, "exchanges that took place up to the early end of the window")
def n_window_early(d: Data) -> int:
    return len(counting.window_exchanges(d.exchanges, window=counting.EARLY_WINDOW))


@statistic("n_window_department_early", "exchanges the department reported on its own site up to the early end",
           "department-reported exchanges up to the early end of the window")
def n_window_department_early(d: Data) -> int:
    return len(counting.window_exchanges(d.exchanges, counting.DEPARTMENT_RULE, counting.EARLY_WINDOW))


# ---------------------------------------------------------------- Figure 1: the countries


@family("n_window_country_{key}", ARTICLE_FIVE, WINDOW, "window exchanges with a counterpart from the country {key}")
def n_window_country(d: Data, key: str) -> int:
    table = _counts(d)
    return int(table.loc[key.upper(), "exchanges"]) if key.upper() in table.index else 0


@family("n_window_department_country_{key}", ARTICLE_FIVE, WINDOW_DEPARTMENT,
        "department-reported window exchanges with a counterpart from the country {key}")
def n_window_department_country(d: Data, key: str) -> int:
    table = _counts(d)
    return int(table.loc[key.upper(), "department"]) if key.upper() in table.index else 0


@family("rank_window_country_{key}", ARTICLE_FIVE, WINDOW,
        "the rank of the country {key} by window exchanges (main rule; 'joint' when shared)")
def rank_window_country(d: Data, key: str) -> Plain:
    table = _counts(d)
    if key.upper() not in table.index:
        return figure_prose.country_rank(None, False)
    return figure_prose.country_rank(table.loc[key.upper(), "rank"], bool(table.loc[key.upper(), "tied"]))


@family("rank_window_department_country_{key}", ARTICLE_FIVE, WINDOW_DEPARTMENT,
        "the rank of the country {key} by department-reported window exchanges ('joint' when shared)")
def rank_window_department_country(d: Data, key: str) -> Plain:
    table = _counts(d)
    if key.upper() not in table.index:
        return figure_prose.country_rank(None, False)
    return figure_prose.country_rank(table.loc[key.upper(), "department_rank"], bool(table.loc[key.upper(), "department_tied"]))


@statistic("n_window_department_top_five", WINDOW_DEPARTMENT,
           "how many of the article's five countries rank in the top five by department-reported window exchanges")
def n_window_department_top_five(d: Data) -> int:
    table = _counts(d)
    ranks = table["department_rank"].reindex(list(countries.ARTICLE_RANKING))
    return int((ranks.fillna(99) <= 5).sum())


@statistic("n_window_top_five", WINDOW, "how many of the article's five countries rank in the top five by window exchanges")
def n_window_top_five(d: Data) -> int:
    ranks = _counts(d)["rank"].reindex(list(countries.ARTICLE_RANKING))
    return int((ranks.fillna(99) <= 5).sum())


# ---------------------------------------------------------------- the sensitivity table


@statistic("n_sensitivity_rows", SENSITIVITY, "counting rule and window end combinations the sensitivity table compares")
def n_sensitivity_rows(d: Data) -> int:
    return len(_sensitivity(d))


@statistic("rank_shift_early_end", SENSITIVITY,
           "the largest change in rank of one of the article's five countries when the window closes early (main rule)")
def rank_shift_early_end(d: Data) -> int:
    table = _sensitivity(d)
    return countries.rank_shift(table, countries.row_of(table, counting.MAIN_RULE, "end of October 2018"),
                                countries.row_of(table, counting.MAIN_RULE, "beginning of October 2018"))


@statistic("rank_shift_department", SENSITIVITY,
           "the largest change in rank of one of the article's five countries between the main and the department-only rule")
def rank_shift_department(d: Data) -> int:
    table = _sensitivity(d)
    return countries.rank_shift(table, countries.row_of(table, counting.MAIN_RULE, "end of October 2018"),
                                countries.row_of(table, counting.DEPARTMENT_RULE, "end of October 2018"))


@family("rank_range_{key}", ARTICLE_FIVE, SENSITIVITY, "best and worst rank of the country {key} across the sensitivity table")
def rank_range(d: Data, key: str) -> Plain:
    ranges = countries.rank_ranges(_sensitivity(d))[key.upper()]
    return figure_prose.rank_range(*(ranges or (None, None)))


@statistic("sensitivity_leaders", SENSITIVITY, "the countries ranked first under some row of the sensitivity table")
def sensitivity_leaders(d: Data) -> Plain:
    return figure_prose.always(countries.leaders(_sensitivity(d)))


# ---------------------------------------------------------------- Figure 2: formulations in the window


@family("n_window_mentions_{key}", MENTION_KEYS, WINDOW, "window exchanges whose pages mention the formulation {key}")
def n_window_mentions(d: Data, key: str) -> int:
    return int(flag(d.window, key).sum())


@family("share_window_mentions_{key}", MENTION_KEYS, WINDOW, "share of window exchanges whose pages mention the formulation {key}")
def share_window_mentions(d: Data, key: str) -> float:
    return n_window_mentions(d, key) / len(d.window)


@family("n_window_endorses_{key}", MENTION_KEYS, WINDOW,
        "window exchanges with a page reporting the foreign side endorsing the formulation {key}")
def n_window_endorses(d: Data, key: str) -> int:
    return int(flag(d.window, key, "foreign_side_endorses").sum())


def _bri(d: Data) -> pd.DataFrame:
    return formulations.key_by_country(d.window, "belt_and_road")


@statistic("n_window_bri_countries", WINDOW, "countries with a single-country window exchange mentioning the Belt and Road")
def n_window_bri_countries(d: Data) -> int:
    return int((_bri(d)["iso3"] != "").sum())


@statistic("n_window_bri_endorsing_countries", WINDOW,
           "countries with a single-country window exchange whose foreign side is reported endorsing the Belt and Road")
def n_window_bri_endorsing_countries(d: Data) -> int:
    table = _bri(d)
    return int(((table["iso3"] != "") & (table["endorsed"] > 0)).sum())


@statistic("n_window_bri_credited", WINDOW,
           "single-country window exchanges whose foreign side is reported endorsing the Belt and Road (credited to a country)")
def n_window_bri_credited(d: Data) -> int:
    table = _bri(d)
    return int(table.loc[table["iso3"] != "", "endorsed"].sum())


@statistic("n_window_bri_multi_party", WINDOW, "multi-party window events whose pages mention the Belt and Road")
def n_window_bri_multi_party(d: Data) -> int:
    table = _bri(d)
    return int(table.loc[table["iso3"] == "", "mentioned"].sum())


@statistic("n_window_bri_multi_party_endorsing", WINDOW,
           "multi-party window events with a page reporting some participants endorsing the Belt and Road")
def n_window_bri_multi_party_endorsing(d: Data) -> int:
    table = _bri(d)
    return int(table.loc[table["iso3"] == "", "endorsed"].sum())


def _objectives(d: Data) -> pd.DataFrame:
    return formulations.formulation_totals(d.window, FOREIGN_POLICY_KEYS)


@statistic("n_objectives", "the codebook's foreign-policy objectives (liaison.tables.claims.FOREIGN_POLICY_KEYS)",
           "foreign-policy objectives the codebook tracks")
def n_objectives(d: Data) -> int:
    return len(FOREIGN_POLICY_KEYS)


def _objective_rank(d: Data, column: str) -> Plain:
    table = _objectives(d).set_index("key")
    ranks = table[column].rank(method="min", ascending=False)
    shared = int((table[column] == table.loc["belt_and_road", column]).sum()) > 1
    return figure_prose.country_rank(ranks["belt_and_road"], shared)


@statistic("rank_window_bri_mentions", WINDOW,
           "the Belt and Road's rank among the foreign-policy objectives by window exchanges mentioning it")
def rank_window_bri_mentions(d: Data) -> Plain:
    return _objective_rank(d, "mentioned")


@statistic("rank_window_bri_endorsed", WINDOW,
           "the Belt and Road's rank among the foreign-policy objectives by window exchanges reporting a foreign endorsement")
def rank_window_bri_endorsed(d: Data) -> Plain:
    return _objective_rank(d, "endorsed")


@statistic("window_top_objectives", WINDOW, "the foreign-policy objectives the most window exchanges mention")
def window_top_objectives(d: Data) -> Plain:
    table = _objectives(d)
    return names_list([figure_prose.formulation(k) for k in table.loc[table["mentioned"] == table["mentioned"].max(), "key"]])


@statistic("n_window_top_objective", WINDOW, "window exchanges mentioning the most-mentioned foreign-policy objective")
def n_window_top_objective(d: Data) -> int:
    return int(_objectives(d)["mentioned"].max())
