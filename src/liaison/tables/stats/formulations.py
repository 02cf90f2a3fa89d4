"""Statistics of the formulations the readouts carry and the endorsements they report (party_diplomacy,
global_consensus): over the exchanges that took place, over the article's window, and page by page."""

from __future__ import annotations

import pandas as pd

from liaison.codebook import MENTION_KEYS
from liaison.tables import formulations, trends
from liaison.tables.frames import flag
from liaison.tables.stats import Data, family, statistic
from liaison.tables.stats.corpus import PAGES, TOOK_PLACE

WINDOW = "exchanges that took place in the window (notices left out)"
DATED = "dated exchanges that took place, by year (sparse early years pooled)"
#: The formulations whose peak year the party_diplomacy chapter names.
PEAK_KEYS: tuple[str, ...] = ("19th_congress", "xi_thought", "shared_future")
#: The formulations whose page rates by kind of source the chapter compares.
PAGE_KEYS: tuple[str, ...] = ("governance_experience", "shared_future", "belt_and_road")
#: The kinds of source the chapters compare page by page, by the name their statistics carry.
KINDS: dict[str, str] = {"department": "idcpc", "counterpart": "counterpart"}


def _totals(d: Data) -> pd.DataFrame:
    return d.memo("_totals", lambda: formulations.formulation_totals(d.took_place).set_index("key"))


def formulation_shares(d: Data) -> pd.DataFrame:
    """Each formulation's share of the exchanges by year, computed once per data (``beyond`` uses it too)."""
    return d.memo("_shares", lambda: trends.formulation_shares(d.took_place))


def _kind_pages(d: Data, name: str) -> pd.DataFrame:
    return d.pages[d.pages["source_kind"] == KINDS[name]]


# ---------------------------------------------------------------- exchanges that took place


@statistic("n_took_place_pages", TOOK_PLACE, "source pages behind the exchanges that took place")
def n_took_place_pages(d: Data) -> int:
    return int(d.took_place["n_sources"].sum())


@statistic("n_mentioning_any", TOOK_PLACE, "exchanges whose pages mention at least one formulation")
def n_mentioning_any(d: Data) -> int:
    return int(d.took_place["mentions"].ne("").sum())


@statistic("share_mentioning_any", TOOK_PLACE, "share of exchanges whose pages mention at least one formulation")
def share_mentioning_any(d: Data) -> float:
    return n_mentioning_any(d) / len(d.took_place)


@family("n_mentions_{key}", MENTION_KEYS, TOOK_PLACE, "exchanges whose pages mention the formulation {key}")
def n_mentions(d: Data, key: str) -> int:
    return int(_totals(d).loc[key, "mentioned"])


@family("share_mentions_{key}", MENTION_KEYS, TOOK_PLACE, "share of exchanges whose pages mention the formulation {key}")
def share_mentions(d: Data, key: str) -> float:
    return float(_totals(d).loc[key, "share_mentioned"])


@family("share_endorsed_of_mentions_{key}", MENTION_KEYS, TOOK_PLACE,
        "share of the exchanges mentioning {key} with a page reporting the foreign side endorsing it")
def share_endorsed_of_mentions(d: Data, key: str) -> float:
    return float(_totals(d).loc[key, "endorsed_of_mentioned"])


@family("n_endorsed_{key}", MENTION_KEYS, TOOK_PLACE, "exchanges with a page reporting the foreign side endorsing {key}")
def n_endorsed(d: Data, key: str) -> int:
    return int(_totals(d).loc[key, "endorsed"])


@statistic("n_endorsing_single_country", TOOK_PLACE,
           "exchanges with the parties of one country and a reported foreign endorsement (creditable to that country)")
def n_endorsing_single_country(d: Data) -> int:
    endorsing = d.took_place[d.took_place["foreign_side_endorses"] != ""]
    return int(formulations.single_country(endorsing).sum())


@statistic("n_endorsing_not_credited", TOOK_PLACE,
           "exchanges with a reported foreign endorsement whose pages name several counterpart countries or none")
def n_endorsing_not_credited(d: Data) -> int:
    endorsing = d.took_place[d.took_place["foreign_side_endorses"] != ""]
    return int((~formulations.single_country(endorsing)).sum())


#: The ranks the chapters name (the three most mentioned or most endorsed formulations).
RANKS: tuple[str, ...] = ("1", "2", "3")


def _ranked(d: Data, by: str) -> pd.DataFrame:
    return d.memo(f"_ranked:{by}", lambda: trends.ranked(_totals(d).reset_index(), by))


@family("share_mentions_rank_{key}", RANKS, TOOK_PLACE, "share of exchanges mentioning the formulation ranked {key} by mentions")
def share_mentions_rank(d: Data, key: str) -> float:
    table = _ranked(d, "mentioned")
    return float(table["share_mentioned"].iloc[int(key) - 1]) if int(key) <= len(table) else float("nan")


@family("n_endorsed_rank_{key}", RANKS, TOOK_PLACE,
        "exchanges reporting the foreign side endorsing the formulation ranked {key} by endorsements")
def n_endorsed_rank(d: Data, key: str) -> int:
    table = _ranked(d, "endorsed")
    return int(table["endorsed"].iloc[int(key) - 1]) if int(key) <= len(table) else 0


# ---------------------------------------------------------------- the article's window


@statistic("share_window_mentioning_any", WINDOW, "share of window exchanges whose pages mention at least one formulation")
def share_window_mentioning_any(d: Data) -> float:
    return float(d.window["mentions"].ne("").mean())


# share_window_mentions_{key}: defined in stats/figures.py (the same statistic)


# ---------------------------------------------------------------- year by year


# min_period_n: defined in stats/beyond.py (the same statistic)


@family("peak_year_{key}", PEAK_KEYS, DATED, "the year whose exchanges mention {key} most often (years with enough exchanges)")
def peak_year(d: Data, key: str) -> int:
    return int(trends.peak_period(formulation_shares(d), key)["period"])


@family("share_peak_year_{key}", PEAK_KEYS, DATED, "the share of exchanges mentioning {key} in its peak year")
def share_peak_year(d: Data, key: str) -> float:
    return float(trends.peak_period(formulation_shares(d), key)["share"])


@family("n_peak_year_{key}", PEAK_KEYS, DATED, "dated exchanges of the year in which {key} peaks")
def n_peak_year(d: Data, key: str) -> int:
    return int(trends.peak_period(formulation_shares(d), key)["n_exchanges"])


@statistic("n_dated_endorsing", "dated exchanges that took place", "dated exchanges with a reported foreign endorsement")
def n_dated_endorsing(d: Data) -> int:
    return int(trends.endorsement_points(d.took_place)["exchange_id"].nunique())


@statistic("n_dated_endorsement_pairs", "dated exchanges that took place",
           "exchange and formulation pairs with a reported foreign endorsement (dated exchanges)")
def n_dated_endorsement_pairs(d: Data) -> int:
    return len(trends.endorsement_points(d.took_place))


# ---------------------------------------------------------------- page by page, by kind of source


@statistic("n_counterpart_pages", PAGES, "pages on the counterparts' own websites")
def n_counterpart_pages(d: Data) -> int:
    return len(_kind_pages(d, "counterpart"))


for _name in KINDS:
    statistic(f"share_{_name}_pages_mentioning", PAGES, f"share of the {_name} pages mentioning at least one formulation")(
        lambda d, name=_name: float(_kind_pages(d, name)["mentions"].ne("").mean()))
    statistic(f"share_{_name}_pages_endorsing", PAGES, f"share of the {_name} pages reporting a foreign endorsement")(
        lambda d, name=_name: float(_kind_pages(d, name)["foreign_side_endorses"].ne("").mean()))
    for _key in PAGE_KEYS:
        statistic(f"share_{_name}_pages_mentions_{_key}", PAGES, f"share of the {_name} pages mentioning {_key}")(
            lambda d, name=_name, key=_key: float(flag(_kind_pages(d, name), key).mean()))


@statistic("n_department_and_counterpart", "all exchanges",
           "exchanges reported both on the department's site and on the counterpart's own")
def n_department_and_counterpart(d: Data) -> int:
    kinds = d.pages.groupby("exchange_id")["source_kind"].agg(set)
    return int(kinds.map(lambda s: {"idcpc", "counterpart"} <= s).sum())


@statistic("share_counterpart_pages_2017_2018", PAGES, "share of the dated counterpart pages dated 2017 or 2018")
def share_counterpart_pages_2017_2018(d: Data) -> float:
    years = _kind_pages(d, "counterpart")["year"].dropna()
    return float(years.isin([2017, 2018]).mean())


@statistic("share_one_counterpart_page", PAGES, "the share one counterpart page makes of all counterpart pages")
def share_one_counterpart_page(d: Data) -> float:
    return 1 / n_counterpart_pages(d)


# ---------------------------------------------------------------- pages archived in part


@statistic("share_truncated_counterpart_pages", PAGES, "share of the counterpart pages whose archived copy is cut short")
def share_truncated_counterpart_pages(d: Data) -> float:
    return float(_kind_pages(d, "counterpart")["truncated"].eq("yes").mean())


@statistic("share_complete_pages_mentioning", PAGES, "share of the complete pages mentioning at least one formulation")
def share_complete_pages_mentioning(d: Data) -> float:
    complete = d.pages[d.pages["truncated"] != "yes"]
    return float(complete["mentions"].ne("").mean())


@statistic("share_truncated_pages_mentioning", PAGES, "share of the cut-short pages mentioning at least one formulation")
def share_truncated_pages_mentioning(d: Data) -> float:
    cut = d.pages[d.pages["truncated"] == "yes"]
    return float(cut["mentions"].ne("").mean())


@statistic("n_took_place_all_truncated", TOOK_PLACE, "exchanges every page of which is a cut-short copy")
def n_took_place_all_truncated(d: Data) -> int:
    return trends.exchanges_only_cut(d.records, d.took_place)


@statistic("share_took_place_all_truncated", TOOK_PLACE, "share of exchanges every page of which is a cut-short copy")
def share_took_place_all_truncated(d: Data) -> float:
    return n_took_place_all_truncated(d) / len(d.took_place)

