"""Statistics of the claims scorecard: its verdicts, and the archive's figures behind C13 and C15."""

from __future__ import annotations

import pandas as pd

from liaison.book.prose import Plain
from liaison.tables import claims, countries
from liaison.tables.stats import Data, family, statistic

CLAIMS = "the article's quantitative claims (data/reference/claims.csv)"
YEARS = "exchanges that took place, dated, by year"


def scorecard(d: Data) -> pd.DataFrame:
    """The scorecard, computed once per data."""
    return d.memo("_scorecard", lambda: claims.scorecard(d.exchanges, d.figures))


@statistic("n_claims", CLAIMS, "the article's quantitative claims")
def n_claims(d: Data) -> int:
    return len(scorecard(d))


@statistic("n_claims_sources", CLAIMS, "claims checked against the figures the archived pages report")
def n_claims_sources(d: Data) -> int:
    return len(claims.SOURCE_CLAIMS)


@family("n_claims_{key}", [v.replace(" ", "_") for v in claims.VERDICTS], CLAIMS, "claims with the verdict {key}")
def n_claims_verdict(d: Data, key: str) -> int:
    return int((scorecard(d)["verdict"] == key.replace("_", " ")).sum())


@family("verdict_{key}", [c.lower() for c in claims.load_claims()["claim_id"]], CLAIMS, "the scorecard's verdict on claim {key}")
def verdict(d: Data, key: str) -> Plain:
    return Plain(scorecard(d).set_index("claim_id").loc[key.upper(), "verdict"])


@statistic("own_coverage_days", "the scorecard's rules (liaison.tables.claims)",
           "days after an event's first report within which a report counts as its own coverage")
def own_coverage_days(d: Data) -> int:
    return claims.OWN_COVERAGE_DAYS


@statistic("n_window_top_quarter", "counterpart countries of the window's exchanges",
           "countries in the top quarter by window exchanges (C13's cut, rounded up)")
def n_window_top_quarter(d: Data) -> int:
    return claims.top_quarter(len(countries.country_counts(d.window)))


def _by_year(d: Data) -> pd.Series:
    dated = d.took_place[d.took_place["event_date"] != ""]
    return dated.groupby(dated["event_date"].str[:4].astype(int)).size()


@statistic("n_took_place_2007", YEARS, "exchanges that took place in 2007, the year of Shambaugh's study")
def n_took_place_2007(d: Data) -> int:
    return int(_by_year(d).get(2007, 0))


@statistic("n_busiest_year", YEARS, "exchanges that took place in the archive's busiest year")
def n_busiest_year(d: Data) -> int:
    return int(_by_year(d).max())


@statistic("busiest_year", YEARS, "the year with the most exchanges in the archive (the earliest on a tie)")
def busiest_year(d: Data) -> int:
    years = _by_year(d)
    return int(years[years == years.max()].index.min())


@statistic("share_busiest_year_of_claim", YEARS,
           "the busiest year's exchanges as a share of Shambaugh's ~300 a year (C15)")
def share_busiest_year_of_claim(d: Data) -> float:
    return n_busiest_year(d) / claims.article_value("C15")
